import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../config/load";
import type { ScopegateModel } from "../../config/model";
import { evaluate } from "../../policies/engine";
import { RULE_IDS } from "../../policies/registry";
import { exampleMarkers, ROOT } from "../helpers";

const EXAMPLES = path.join(ROOT, "examples");
const TODAY = "2026-11-21";

/** Every `examples/*.yaml`; a file shows the rules its `# expect: <rule id>` markers name. */
const exampleFiles = fs
  .readdirSync(EXAMPLES)
  .filter((name) => name.endsWith(".yaml"))
  .sort();

/** The file's model; a file that does not load fails the test with its problems. */
function load(file: string): ScopegateModel {
  const result = loadConfig(file);
  if (!result.ok) throw new Error(`${file} does not load:\n${result.problems.map((p) => `${p.line}:${p.column}: ${p.message}`).join("\n")}`);
  return result.model;
}

describe("examples/", () => {
  it("shows every rule firing in some example, and marks only rules that exist", () => {
    const shown = new Set(exampleFiles.flatMap((name) => [...exampleMarkers(fs.readFileSync(path.join(EXAMPLES, name), "utf8")).keys()]));
    expect([...shown].sort()).toEqual([...RULE_IDS].sort());
  });

  it.each(exampleFiles)("%s loads and each marked rule reports exactly on its marked lines", (name) => {
    const file = path.join(EXAMPLES, name);
    const marked = exampleMarkers(fs.readFileSync(file, "utf8"));
    expect(marked.size, `${name} has no '# expect: <rule id>' marker`).toBeGreaterThan(0);

    const findings = evaluate(load(file), { today: TODAY });
    for (const [ruleId, expected] of marked) {
      const reported = [...new Set(findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.line))].sort((a, b) => a - b);
      expect(reported, `${name}: ${ruleId}`).toEqual(expected);
    }
  });
});

describe("scopegate.yaml", () => {
  it("yields no error-level findings", () => {
    const findings = evaluate(load(path.join(ROOT, "scopegate.yaml")), { today: TODAY });
    const errors = findings.filter((finding) => finding.severity === "error" && !finding.waived);
    expect(errors.map((finding) => `${finding.line}: ${finding.ruleId}: ${finding.message}`)).toEqual([]);
  });
});
