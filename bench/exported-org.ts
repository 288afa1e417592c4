/**
 * An org exported the way the provider's exporter writes it: one HCL file of many resources of many types, each
 * setting what its type requires (from the docs-derived schema) with values the docs list where they list some, so
 * the file is valid. Used by the exported-org scan test and by the bench's memory figure.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { CtyType, SchemaBlock } from "../policies/provider-schema";
import { blockSchemaOf, schemaSourceOf } from "../policies/provider-schema";

const ROOT = path.resolve(__dirname, "..");

/** The first `count` resource types (sorted) that only the docs-derived schema covers. */
export function docsOnlyResourceTypes(count: number): string[] {
  const docs = JSON.parse(fs.readFileSync(path.join(ROOT, "provider-schema", "genesyscloud-docs.json"), "utf8")) as {
    provider_schemas: Record<string, { resource_schemas: Record<string, { block: SchemaBlock }> }>;
  };
  return Object.keys(Object.values(docs.provider_schemas)[0].resource_schemas)
    .filter((type) => schemaSourceOf("resource", type) === "docs")
    .sort()
    .slice(0, count);
}

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

/** The lines of an exported org: a provider block, then `resources` resources cycling through `types`. */
export function exportedOrgLines(resources: number, types: readonly string[]): string[] {
  const lines = ['provider "genesyscloud" {', '  aws_region = "eu-west-1"', "}", ""];
  for (let index = 0; index < resources; index++) {
    const type = types[index % types.length];
    lines.push(`resource "${type}" "r${index}" {`, ...bodyOf(blockSchemaOf("resource", type)!, "  "), "}", "");
  }
  return lines;
}
