import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CtyType, SchemaBlock } from "../../policies/provider-schema";
import { blockSchemaOf, schemaSourceOf } from "../../policies/provider-schema";
import { ROOT, run, tempDir } from "../helpers";

/**
 * An org exported the way the provider's exporter writes it: one file, 300 resources of 40 types, most of them types
 * outside the Go-derived schema. Each block sets what its type requires (from the docs-derived schema), with values
 * the docs list where they list some, so the file is valid: the scan must find only the two mistakes planted in it.
 */
const docs = JSON.parse(fs.readFileSync(path.join(ROOT, "provider-schema", "genesyscloud-docs.json"), "utf8")) as {
  provider_schemas: Record<string, { resource_schemas: Record<string, { block: SchemaBlock }> }>;
};
const TYPES = Object.keys(Object.values(docs.provider_schemas)[0].resource_schemas)
  .filter((type) => schemaSourceOf("resource", type) === "docs")
  .sort()
  .slice(0, 40);

/** A literal of a type, in HCL. */
function valueOf(type: CtyType | undefined, allowed: readonly string[] | undefined): string {
  if (allowed !== undefined && allowed.length > 0) return JSON.stringify(allowed[0]);
  if (type === undefined || type === "string" || type === "dynamic") return '"exported"';
  if (type === "number") return "1";
  if (type === "bool") return "true";
  if (type[0] === "list" || type[0] === "set") return `[${valueOf(type[1], undefined)}]`;
  if (type[0] === "map") return "{}";
  if (type[0] === "object") return `{ ${Object.entries(type[1]).map(([name, inner]) => `${name} = ${valueOf(inner, undefined)}`).join(", ")} }`;
  const elements = type[1] as readonly CtyType[];
  return `[${elements.map((inner) => valueOf(inner, undefined)).join(", ")}]`;
}

/** The body of a block setting every required attribute and writing every required nested block. */
function bodyOf(schema: SchemaBlock, indent: string): string[] {
  const lines: string[] = [];
  for (const [name, attribute] of Object.entries(schema.attributes ?? {})) {
    if (attribute.required === true) lines.push(`${indent}${name} = ${valueOf(attribute.type, attribute["x-allowed-values"])}`);
  }
  for (const [name, nested] of Object.entries(schema.block_types ?? {})) {
    for (let count = 0; count < (nested.min_items ?? 0); count++) lines.push(`${indent}${name} {`, ...bodyOf(nested.block, `${indent}  `), `${indent}}`);
  }
  return lines;
}

let dir: string;
let lines: string[];
beforeAll(() => {
  lines = ['provider "genesyscloud" {', '  aws_region = "eu-west-1"', "}", ""];
  for (let index = 0; index < 300; index++) {
    const type = TYPES[index % TYPES.length];
    lines.push(`resource "${type}" "r${index}" {`, ...bodyOf(blockSchemaOf("resource", type)!, "  "), "}", "");
  }
  lines.push('resource "genesyscloud_routing_queue" "support" {', '  name             = "Support"', '  acw_wrapup_promt = "MANDATORY_TIMEOUT"', "}", "");
  lines.push('resource "genesyscloud_user" "agent" {', '  email = "agent@example.com"', '  name  = "Agent"', '  state = "sleeping"', "}", "");
  dir = tempDir();
  fs.mkdirSync(path.join(dir, "export"));
  fs.writeFileSync(path.join(dir, "export", "genesyscloud.tf"), lines.join("\n"));
});

describe("scan of an exported org against the whole provider schema", () => {
  it("covers the types of the export: 40 types outside the Go-derived schema", () => {
    expect(TYPES).toHaveLength(40);
    expect(new Set(TYPES.map((type) => schemaSourceOf("resource", type)))).toEqual(new Set(["docs"]));
  });

  it("finds the misspelled argument (an error) and a value outside the docs' list (a warning), and nothing else", async () => {
    const { code, stdout } = await run(["scan", "export", "--format", "json"], { cwd: dir });
    const report = JSON.parse(stdout) as { findings: { ruleId: string; severity: string; line: number; message: string }[]; skipped: { ruleId: string; reason: string }[] };
    const schemaFindings = report.findings.filter((finding) => finding.ruleId === "provider-schema");
    expect(schemaFindings.map((finding) => [finding.severity, lines[finding.line - 1].trim(), finding.message])).toEqual([
      ["error", 'acw_wrapup_promt = "MANDATORY_TIMEOUT"', "'acw_wrapup_promt' is not an argument or block of resource 'genesyscloud_routing_queue.support'; expected 'acw_wrapup_prompt'."],
      [
        "warning",
        'state = "sleeping"',
        "'state' of resource 'genesyscloud_user.agent' is 'sleeping', which is not among the values the provider's docs list for it ('active' or 'inactive'); expected one of those, unless the provider accepts more than its docs say (the list comes from the docs' text).",
      ],
    ]);
    expect(report.skipped.filter((note) => note.ruleId === "provider-schema")).toEqual([]);
    expect(code).toBe(1);
  });
});
