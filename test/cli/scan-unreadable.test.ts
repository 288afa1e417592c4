import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FORMATS } from "../../formatters";
import { ROOT, run, tempDir } from "../helpers";
import { sarifErrors } from "../sarif-schema";

/**
 * A folder with a merge-conflict marker committed next to folders that read fine: the marker is a problem entry of the
 * report, the other folders are still checked and reported, in every format, and the scan exits 2 so CI fails.
 */
let dir: string;
beforeAll(() => {
  dir = tempDir();
  fs.cpSync(path.join(ROOT, "test", "fixtures", "scan", "hcl", "literal-role-id"), path.join(dir, "literal-role-id"), { recursive: true });
  fs.mkdirSync(path.join(dir, "conflicted"));
  fs.writeFileSync(path.join(dir, "conflicted", "main.tf"), 'resource "genesyscloud_oauth_client" "x" {\n<<<<<<< HEAD\n  name = "a"\n=======\n  name = "b"\n>>>>>>> feature\n}\n');
  fs.writeFileSync(path.join(dir, "conflicted", "other.tf"), 'provider "genesyscloud" {\n  aws_region = "eu-west-1"\n}\n');
});

const scan = (...args: string[]) => run(["scan", "literal-role-id", "conflicted", ...args], { cwd: dir });

describe("scan with one file that cannot be read", () => {
  it("reports the file as a problem at the marker's line, still checks the other folder, and exits 2", async () => {
    const { code, stdout, stderr } = await scan("--format", "json");
    expect(code).toBe(2);
    const report = JSON.parse(stdout) as { findings: { ruleId: string; file: string; line: number; message: string }[] };
    const problems = report.findings.filter((finding) => finding.ruleId === "configuration-problem");
    expect(problems).toEqual([expect.objectContaining({ file: path.join("conflicted", "main.tf"), line: 2, message: expect.stringMatching(/^A merge-conflict marker is left in the file/) })]);
    // The readable folder's own finding (a literal role id) is there; the conflicted folder is left out whole.
    expect(report.findings.some((finding) => finding.ruleId === "org-id-wiring" && finding.file.startsWith("literal-role-id"))).toBe(true);
    expect(report.findings.filter((finding) => finding.file.startsWith("conflicted") && finding.ruleId !== "configuration-problem")).toEqual([]);
    expect(stderr).toContain("conflicted/main.tf:2:1: A merge-conflict marker");
    expect(stderr).toContain("1 file could not be read (above); the rest was checked.");
  });

  it.each(FORMATS)("prints its %s report on standard output, with the problem in it", async (format) => {
    const { code, stdout } = await scan("--format", format);
    expect(code).toBe(2);
    expect(stdout).toContain(format === "github" ? "title=configuration-problem" : "configuration-problem");
    if (format === "sarif") expect(sarifErrors(JSON.parse(stdout))).toBeUndefined();
    if (format === "json") expect(() => JSON.parse(stdout)).not.toThrow();
  });

  it("still reports problems alone, as before, when nothing can be read", async () => {
    const { code, stdout } = await run(["scan", "conflicted", "--format", "json"], { cwd: dir });
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toMatchObject({ problems: [expect.objectContaining({ line: 2 })], summary: { problems: 1 } });
  });
});
