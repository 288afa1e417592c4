import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { docsOnlyResourceTypes, exportedOrgLines } from "../../bench/exported-org";
import { schemaSourceOf } from "../../policies/provider-schema";
import { run, tempDir } from "../helpers";

/**
 * An org exported the way the provider's exporter writes it: one file, 300 resources of 40 types, most of them types
 * outside the Go-derived schema, valid (`bench/exported-org.ts`) but for two planted mistakes: the scan must find only
 * those.
 */
const TYPES = docsOnlyResourceTypes(40);

let dir: string;
let lines: string[];
beforeAll(() => {
  lines = exportedOrgLines(300, TYPES);
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
