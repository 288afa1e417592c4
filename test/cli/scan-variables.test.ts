import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, run, tempDir } from "../helpers";

/**
 * Variables take their values as Terraform gives them: default, terraform.tfvars, terraform.tfvars.json,
 * *.auto.tfvars[.json] by name, then --var-file and --var in the order given. The region variable of the valid
 * fixture (default 'eu-west-1', the region of the API host it outputs) shows which value won: a value that is not a region is
 * reported where it was set.
 */
function rootWith(files: Record<string, string>): string {
  const dir = tempDir();
  fs.cpSync(path.join(ROOT, "test", "fixtures", "scan", "hcl", "valid"), path.join(dir, "org"), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** The region findings of a JSON scan of `org`, as `file:line region`. */
async function regionFindings(dir: string, ...args: string[]): Promise<{ code: number; found: string[] }> {
  const { code, stdout } = await run(["scan", "org", "--format", "json", ...args], { cwd: dir });
  const report = JSON.parse(stdout) as { findings: { ruleId: string; file: string; line: number; message: string }[] };
  const found = report.findings.filter((finding) => finding.ruleId === "region-consistency").map((finding) => `${finding.file}:${finding.line} ${/^Region '(.*?)'/.exec(finding.message)?.[1]}`);
  return { code, found };
}

describe("scan reads variable values as Terraform does", () => {
  it("takes a value from terraform.tfvars over the default, reported at the tfvars line", async () => {
    const dir = rootWith({ "org/terraform.tfvars": '# the Dublin org\n\nregion = "EMEA (Dublin)"\n' });
    expect(await regionFindings(dir)).toEqual({ code: 1, found: [`${path.join("org", "terraform.tfvars")}:3 EMEA (Dublin)`] });
  });

  it("is quiet when the tfvars value is a region", async () => {
    const dir = rootWith({ "org/terraform.tfvars": 'region = "eu-west-1"\n' });
    expect(await regionFindings(dir)).toEqual({ code: 0, found: [] });
  });

  it("reads terraform.tfvars.json after terraform.tfvars, and *.auto.tfvars[.json] after both, by name", async () => {
    const dir = rootWith({
      "org/terraform.tfvars": 'region = "one"\n',
      "org/terraform.tfvars.json": '{\n  "region": "two"\n}\n',
      "org/b.auto.tfvars": 'region = "four"\n',
      "org/a.auto.tfvars.json": '{ "region": "three" }\n',
    });
    expect((await regionFindings(dir)).found).toEqual([`${path.join("org", "b.auto.tfvars")}:1 four`]);
  });

  it("takes --var-file and --var after the folder's files, in the order given", async () => {
    const dir = rootWith({ "org/terraform.tfvars": 'region = "folder"\n', "prod.tfvars": 'region = "from-file"\n' });
    expect((await regionFindings(dir, "--var", "region=from-option", "--var-file", "prod.tfvars")).found).toEqual(["prod.tfvars:1 from-file"]);
    expect((await regionFindings(dir, "--var-file", "prod.tfvars", "--var", "region=from-option")).found).toEqual(["--var region:1 from-option"]);
  });

  it("applies a folder's tfvars to that folder only", async () => {
    const dir = rootWith({ "org/terraform.tfvars": 'region = "eu-west-1"\n' });
    fs.cpSync(path.join(dir, "org"), path.join(dir, "other-org"), { recursive: true });
    fs.writeFileSync(path.join(dir, "org", "terraform.tfvars"), 'region = "nowhere"\n');
    const { stdout } = await run(["scan", "org", "other-org", "--format", "json"], { cwd: dir });
    const findings = (JSON.parse(stdout) as { findings: { file: string }[] }).findings;
    expect(findings.map((finding) => finding.file)).toEqual([path.join("org", "terraform.tfvars")]);
  });

  it("ignores a value for a variable the module does not declare, as Terraform warns and goes on", async () => {
    const dir = rootWith({ "org/terraform.tfvars": 'regoin = "nowhere"\n' });
    expect(await regionFindings(dir)).toEqual({ code: 0, found: [] });
  });

  it("reports a tfvars file that does not parse as a problem of the report, exit 2", async () => {
    const dir = rootWith({ "org/terraform.tfvars": 'region = "us-east-1\n' });
    const { code, stdout } = await run(["scan", "org", "--format", "json"], { cwd: dir });
    expect(code).toBe(2);
    // The folder is left out whole (no rule judges it with half its values); HCL reports two diagnostics here.
    expect(JSON.parse(stdout).problems).toEqual(expect.arrayContaining([expect.objectContaining({ file: path.join("org", "terraform.tfvars"), line: 1, column: 20 })]));
  });

  it("refuses a --var that is not NAME=VALUE without repeating what follows '='", async () => {
    const dir = rootWith({});
    const bare = await run(["scan", "org", "--var", "region"], { cwd: dir });
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain("--var 'region' is not NAME=VALUE");
    const spaced = await run(["scan", "org", "--var", "client secret=s3cr3t-value"], { cwd: dir });
    expect(spaced.code).toBe(2);
    expect(spaced.stderr).toContain("--var 'client secret=…' is not NAME=VALUE");
    expect(spaced.stderr + spaced.stdout).not.toContain("s3cr3t-value");
  });

  it("reports a --var-file that cannot be read, and still scans", async () => {
    const dir = rootWith({});
    const { code, stdout } = await run(["scan", "org", "--var-file", "missing.tfvars", "--format", "json"], { cwd: dir });
    expect(code).toBe(2);
    expect(JSON.parse(stdout).findings).toEqual([expect.objectContaining({ ruleId: "configuration-problem", file: "missing.tfvars" })]);
  });
});
