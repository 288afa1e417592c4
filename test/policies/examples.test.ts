import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../config/load";
import type { ScopegateModel } from "../../model/model";
import { evaluate } from "../../policies/engine";
import { RULE_IDS } from "../../policies/registry";
import { exampleMarkers, ROOT, run } from "../helpers";

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

/** `examples/terraform/<rule id>/`: what `scopegate scan` shows for the rules of scanned Terraform. */
const terraformExamples = fs.readdirSync(path.join(EXAMPLES, "terraform")).sort();

describe("examples/", () => {
  it("shows every rule firing in some example, and marks only rules that exist", () => {
    const shown = new Set([...exampleFiles.flatMap((name) => [...exampleMarkers(fs.readFileSync(path.join(EXAMPLES, name), "utf8")).keys()]), ...terraformExamples]);
    expect([...shown].sort()).toEqual([...RULE_IDS].sort());
  });

  it.each(terraformExamples)("terraform/%s: scanning it reports the rule, on the marked lines of its .tf files", async (ruleId) => {
    const folder = path.join("examples", "terraform", ruleId);
    // A folder scan reads *.tf and *.tf.json; plans are scanned by name.
    const files = fs.readdirSync(path.join(ROOT, folder));
    const plans = files.filter((name) => name.endsWith(".json") && !name.endsWith(".tf.json")).map((name) => path.join(folder, name));
    const paths = files.some((name) => name.endsWith(".tf") || name.endsWith(".tf.json")) ? [folder, ...plans] : plans;
    const result = await run(["scan", ...paths, "--format", "json"], { cwd: ROOT, env: {}, today: TODAY });
    const findings = (JSON.parse(result.stdout) as { findings: { ruleId: string; file: string; line: number }[] }).findings.filter((finding) => finding.ruleId === ruleId);
    expect(findings.length).toBeGreaterThan(0);
    const marked = files
      .filter((name) => name.endsWith(".tf"))
      .flatMap((name) => (exampleMarkers(fs.readFileSync(path.join(ROOT, folder, name), "utf8")).get(ruleId) ?? []).map((line) => `${path.join(folder, name)}:${line}`));
    // A plan has no comments to mark lines with; its findings are asserted by the rule's tests.
    if (marked.length > 0) expect([...new Set(findings.map((finding) => `${finding.file}:${finding.line}`))].sort()).toEqual(marked.sort());
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
