import * as fs from "node:fs";
import * as path from "node:path";
import { DOMParser } from "@xmldom/xmldom";
import type * as Sarif from "sarif";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, tempDir } from "../helpers";
import type { JsonProblem } from "../sarif-schema";
import { sarifErrors } from "../sarif-schema";

/** A configuration with a problem at line 5, column 37 (an unknown region), among others. */
const BAD_YAML = "version: 1\ntenants:\n  acme:\n    orgs:\n      dev: { tier: nonprod, region: mars-1 }\n";

describe("bad input in a machine-readable format: a report of the problems, exit 2", () => {
  let dir: string;
  const scopegate = (argv: string[]) => run(argv, { cwd: dir, env: {}, today: "2026-11-21" });
  beforeAll(() => {
    dir = tempDir();
    fs.writeFileSync(path.join(dir, "bad.yaml"), BAD_YAML);
    fs.mkdirSync(path.join(dir, "tf"));
    fs.writeFileSync(path.join(dir, "tf", "main.tf"), 'resource "genesyscloud_oauth_client" "bot" {\n  name = "bot"\n  authorized_grant_type = \n}\n');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("check --format json: every problem with file, line and column, and the count", async () => {
    const result = await scopegate(["check", "--config", "bad.yaml", "--format", "json"]);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as { problems: JsonProblem[]; summary: { problems: number } };
    expect(report.problems).toContainEqual({ file: "bad.yaml", line: 5, column: 37, message: expect.stringContaining("'mars-1'") });
    expect(report.summary.problems).toBe(report.problems.length);
    // The problems are on standard error as text too, for whoever reads the log.
    expect(result.stderr).toContain("bad.yaml:5:37: ");
    expect(result.stderr).toMatch(/scopegate: \d+ problems in bad\.yaml; nothing was checked\.\n$/);
  });

  it("check --format sarif: valid SARIF whose results are configuration-problem results on their lines", async () => {
    const result = await scopegate(["check", "--config", "bad.yaml", "--format", "sarif"]);
    expect(result.code).toBe(2);
    const log = JSON.parse(result.stdout) as Sarif.Log;
    expect(sarifErrors(log)).toBeUndefined();
    const run0 = log.runs[0];
    expect(run0.tool.driver.rules?.map((rule) => [rule.id, rule.defaultConfiguration?.level])).toEqual([["configuration-problem", "error"]]);
    const region = run0.results?.find((r) => r.message.text?.includes("'mars-1'"))?.locations?.[0].physicalLocation;
    expect(region).toEqual({ artifactLocation: { uri: "bad.yaml" }, region: { startLine: 5, startColumn: 37 } });
    expect(new Set(run0.results?.map((r) => [r.ruleId, r.ruleIndex, r.level].join(" ")))).toEqual(new Set(["configuration-problem 0 error"]));
  });

  it("check --format sarif on a file that cannot be read: a result on the file, still valid", async () => {
    const result = await scopegate(["check", "--config", "missing.yaml", "--format", "sarif"]);
    expect(result.code).toBe(2);
    const log = JSON.parse(result.stdout) as Sarif.Log;
    expect(sarifErrors(log)).toBeUndefined();
    expect(log.runs[0].results?.[0].locations?.[0].physicalLocation).toEqual({ artifactLocation: { uri: "missing.yaml" } });
    const json = JSON.parse((await scopegate(["check", "--config", "missing.yaml", "--format", "json"])).stdout) as { problems: JsonProblem[] };
    expect(json.problems).toEqual([{ file: "missing.yaml", line: null, column: null, message: expect.stringContaining("Cannot read") }]);
  });

  it("check --format junit: one failing test case per problem", async () => {
    const result = await scopegate(["check", "--config", "bad.yaml", "--format", "junit"]);
    expect(result.code).toBe(2);
    const document = new DOMParser().parseFromString(result.stdout, "text/xml");
    const cases = [...document.getElementsByTagName("testcase")];
    expect(cases.length).toBeGreaterThan(0);
    expect(cases.every((c) => c.getAttribute("classname") === "configuration-problem" && c.getElementsByTagName("failure").length === 1)).toBe(true);
    expect(cases.map((c) => c.getAttribute("name"))).toContain("bad.yaml:5:37");
    expect(document.documentElement?.getAttribute("failures")).toBe(String(cases.length));
  });

  it("check --format github: an error annotation on each problem's line", async () => {
    const result = await scopegate(["check", "--config", "bad.yaml", "--format", "github"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^::error file=bad\.yaml,line=5,col=37,title=configuration-problem::.*'mars-1'/m);
    expect(result.stdout).toMatch(/\nscopegate: \d+ problems in bad\.yaml; nothing was checked\.\n$/);
  });

  it("check --format markdown: the comment marker, the count and a table of locations", async () => {
    const result = await scopegate(["check", "--config", "bad.yaml", "--format", "markdown"]);
    expect(result.code).toBe(2);
    expect(result.stdout.startsWith("<!-- scopegate -->\n### scopegate\n\n")).toBe(true);
    expect(result.stdout).toMatch(/\d+ problems in bad\.yaml; nothing was checked\./);
    expect(result.stdout).toMatch(/^\| `bad\.yaml:5:37` \| .*'mars-1'/m);
  });

  it("check --format text keeps standard output empty: the problems are on standard error", async () => {
    const result = await scopegate(["check", "--config", "bad.yaml"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("bad.yaml:5:37: ");
  });

  it("--output gets the report, replacing an earlier one, and standard output says so", async () => {
    const output = path.join(dir, "scopegate.sarif");
    fs.writeFileSync(output, "an earlier, clean report\n");
    const result = await scopegate(["check", "--config", "bad.yaml", "--format", "sarif", "--output", output]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(new RegExp(`^scopegate: \\d+ problems; sarif report written to ${output.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\n$`));
    const log = JSON.parse(fs.readFileSync(output, "utf8")) as Sarif.Log;
    expect(sarifErrors(log)).toBeUndefined();
    expect(log.runs[0].results?.some((r) => r.locations?.[0].physicalLocation?.region?.startLine === 5)).toBe(true);
  });

  it("scan: a file that cannot be parsed, and a bad --config, in the format asked for", async () => {
    const unparsable = await scopegate(["scan", "tf", "--format", "json"]);
    expect(unparsable.code).toBe(2);
    const problems = (JSON.parse(unparsable.stdout) as { problems: JsonProblem[] }).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: path.join("tf", "main.tf"), line: expect.any(Number), column: expect.any(Number) });

    const badConfig = await scopegate(["scan", "tf", "--config", "bad.yaml", "--format", "sarif"]);
    expect(badConfig.code).toBe(2);
    const log = JSON.parse(badConfig.stdout) as Sarif.Log;
    expect(sarifErrors(log)).toBeUndefined();
    expect(log.runs[0].results?.every((r) => r.locations?.[0].physicalLocation?.artifactLocation?.uri === "bad.yaml")).toBe(true);
    expect(badConfig.stderr).toContain("nothing was scanned.");
  });

  it("promote: JSON, and Markdown under the promotion comment's marker so the workflow edits the same comment", async () => {
    const json = await scopegate(["promote", "--from", "dev", "--to", "prod", "--config", "bad.yaml", "--format", "json"]);
    expect(json.code).toBe(2);
    expect((JSON.parse(json.stdout) as { problems: JsonProblem[] }).problems).toContainEqual(expect.objectContaining({ file: "bad.yaml", line: 5, column: 37 }));

    const output = path.join(dir, "promote.md");
    const markdown = await scopegate(["promote", "--from", "dev", "--to", "prod", "--config", "bad.yaml", "--format", "markdown", "--output", output]);
    expect(markdown.code).toBe(2);
    const written = fs.readFileSync(output, "utf8");
    expect(written.startsWith("<!-- scopegate-promote -->\n### scopegate promote: dev → prod\n")).toBe(true);
    expect(written).toMatch(/\d+ problems in bad\.yaml; nothing was promoted\./);
    expect(written).toContain("| `bad.yaml:5:37` |");
  });

  it("deploy-client --format json", async () => {
    const result = await scopegate(["deploy-client", "--tenant", "acme", "--env", "dev", "--config", "bad.yaml", "--format", "json"]);
    expect(result.code).toBe(2);
    expect((JSON.parse(result.stdout) as { problems: JsonProblem[] }).problems).toContainEqual(expect.objectContaining({ file: "bad.yaml", line: 5, column: 37 }));
    expect(result.stderr).toContain("nothing was listed.");
  });

  it("usage errors stay one line of text on standard error", async () => {
    const result = await scopegate(["check", "--config", "bad.yaml", "--format", "json", "--max-warnings", "many"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("--max-warnings is 'many'");
  });
});
