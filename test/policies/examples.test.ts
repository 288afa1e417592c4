import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../config/load";
import type { ScopegateModel } from "../../config/model";
import { evaluate } from "../../policies/engine";
import { RULE_IDS } from "../../policies/registry";

const ROOT = path.resolve(__dirname, "../..");
const EXAMPLES = path.join(ROOT, "examples");
const TODAY = "2026-11-21";

/** `examples/<rule id>.yaml`: each makes its rule fire and marks the lines where it must report. */
const exampleFiles = fs
  .readdirSync(EXAMPLES)
  .filter((name) => name.endsWith(".yaml"))
  .sort();

/** Lines (1-based) carrying a trailing `# expect: <ruleId>` marker. */
function expectedLines(text: string, ruleId: string): number[] {
  const marker = new RegExp(`#\\s*expect:\\s*${ruleId}\\s*$`);
  return text.split(/\r?\n/).flatMap((line, i) => (marker.test(line) ? [i + 1] : []));
}

/** The file's model; a file that does not load fails the test with its problems. */
function load(file: string): ScopegateModel {
  const result = loadConfig(file);
  if (!result.ok) throw new Error(`${file} does not load:\n${result.problems.map((p) => `${p.line}:${p.column}: ${p.message}`).join("\n")}`);
  return result.model;
}

describe("examples/", () => {
  it("has one example per rule", () => {
    expect(exampleFiles.map((name) => path.basename(name, ".yaml"))).toEqual([...RULE_IDS].sort());
  });

  it.each(exampleFiles)("%s loads and its rule reports exactly on the lines marked '# expect'", (name) => {
    const file = path.join(EXAMPLES, name);
    const ruleId = path.basename(name, ".yaml");
    const expected = expectedLines(fs.readFileSync(file, "utf8"), ruleId);
    expect(expected.length, `${name} has no '# expect: ${ruleId}' marker`).toBeGreaterThan(0);

    const findings = evaluate(load(file), { today: TODAY });
    const reported = [...new Set(findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.line))].sort((a, b) => a - b);

    expect(reported).toEqual(expected);
  });
});

describe("scopegate.yaml", () => {
  it("yields no error-level findings", () => {
    const findings = evaluate(load(path.join(ROOT, "scopegate.yaml")), { today: TODAY });
    const errors = findings.filter((finding) => finding.severity === "error" && !finding.waived);
    expect(errors.map((finding) => `${finding.line}: ${finding.ruleId}: ${finding.message}`)).toEqual([]);
  });
});
