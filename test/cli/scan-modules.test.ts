import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, run, tempDir } from "../helpers";

/** See the fixture's README: a root calling local modules with copied `cloud {}` blocks, and two remote calls. */
const FIXTURE = path.join(ROOT, "test", "fixtures", "scan", "modules");
const MAIN = path.join("live", "prod", "main.tf");

type JsonReport = {
  findings: { ruleId: string; file: string; line: number; tenant: string; environment: string; target: string; message: string }[];
  skipped: { ruleId: string; reason: string; file: string; line: number; count: number }[];
};

async function scan(cwd: string, ...args: string[]): Promise<{ code: number; report: JsonReport; stdout: string }> {
  const { code, stdout } = await run(["scan", ...args, "--format", "json"], { cwd });
  return { code, report: JSON.parse(stdout) as JsonReport, stdout };
}

describe("scan follows local module calls", () => {
  it("checks a child module's clients in its caller's org, with the values the call passes, reported where they are written", async () => {
    const { code, report } = await scan(FIXTURE, "live", "modules");
    expect(code).toBe(1);
    expect(report.findings.map((finding) => [finding.ruleId, finding.file, finding.line, finding.tenant, finding.target])).toEqual([
      // Through a variable of the root: at the variable's default; written in the call: at the call's argument.
      ["org-id-wiring", MAIN, 10, path.join("live", "prod"), "oauth-client/module.bots.bot"],
      ["org-id-wiring", MAIN, 26, path.join("live", "prod"), "oauth-client/module.crm.bot"],
    ]);
    expect(report.findings[0].message).toContain("OAuth client 'module.bots.bot'");
  });

  it("does not take the modules for roots: their copied cloud blocks are not shared state, and a module without Genesys Cloud is no org", async () => {
    const { report } = await scan(FIXTURE, "live", "modules");
    expect(report.findings.filter((finding) => finding.ruleId === "env-isolation")).toEqual([]);
    expect(new Set([...report.findings.map((finding) => finding.tenant)])).toEqual(new Set([path.join("live", "prod")]));
    expect(report.skipped.some((note) => note.file.startsWith("modules") && note.reason.includes("backend"))).toBe(false);
  });

  it("reads a called folder that no path named", async () => {
    const { report } = await scan(FIXTURE, path.join("live", "prod"));
    expect(report.findings.map((finding) => finding.target)).toEqual(["oauth-client/module.bots.bot", "oauth-client/module.crm.bot"]);
  });

  it("scans a module named on its own, with no caller, as a root", async () => {
    const { report } = await scan(FIXTURE, path.join("modules", "bots"));
    // Its role id comes from a variable without a value: not checked, and no finding.
    expect(report.findings).toEqual([]);
    expect(report.skipped).toContainEqual(expect.objectContaining({ ruleId: "privileged-role", file: path.join("modules", "bots", "main.tf"), line: 20 }));
  });

  it("notes each remote module call, naming it and its source without credentials", async () => {
    const { report, stdout } = await scan(FIXTURE, "live", "modules");
    const notes = report.skipped.filter((note) => note.ruleId === "scan");
    expect(notes.map((note) => [note.file, note.line, note.count])).toEqual([
      [MAIN, 39, 1],
      [MAIN, 35, 1],
    ]);
    expect(notes.map((note) => note.reason)).toEqual([
      "Module 'registry' (source 'acme/genesys-roles/genesyscloud') was not followed: scopegate reads module folders on disk only, so its blocks were not checked; scan a checkout of its source as well.",
      "Module 'remote' (source 'git::https://…@github.com/acme/genesys-modules.git//roles?…') was not followed: scopegate reads module folders on disk only, so its blocks were not checked; scan a checkout of its source as well.",
    ]);
    expect(stdout).not.toContain("not-a-real-token");
    expect(stdout).not.toContain("not-a-real-key");
  });

  it("reports a call of a folder without Terraform files as a problem at the call's source, exit 2", async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, "root"));
    fs.mkdirSync(path.join(dir, "empty"));
    fs.writeFileSync(path.join(dir, "root", "main.tf"), 'provider "genesyscloud" {\n  aws_region = "eu-west-1"\n}\n\nmodule "x" {\n  source = "../empty"\n}\n');
    const { code, stdout } = await run(["scan", "root", "--format", "json"], { cwd: dir });
    expect(code).toBe(2);
    // The calling module is left out whole, as for any file with a problem: here nothing is left to check.
    expect(JSON.parse(stdout).problems).toEqual([
      { file: path.join("root", "main.tf"), line: 6, column: 3, message: "Module 'x' calls '../empty', which holds no Terraform files; expected a folder of '*.tf' or '*.tf.json' files." },
    ]);
  });

  it("says when modules call each other in a cycle, which leaves them unchecked, rather than passing silently", async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, "a"));
    fs.mkdirSync(path.join(dir, "b"));
    fs.writeFileSync(path.join(dir, "a", "main.tf"), 'module "b" {\n  source = "../b"\n}\n\nresource "genesyscloud_oauth_client" "x" {\n  name                  = "x"\n  authorized_grant_type = "CODE"\n}\n');
    fs.writeFileSync(path.join(dir, "b", "main.tf"), 'module "a" {\n  source = "../a"\n}\n');
    const { stdout } = await run(["scan", "a", "--format", "json"], { cwd: dir });
    const notes = (JSON.parse(stdout) as { skipped: { ruleId: string; reason: string; line: number }[] }).skipped;
    expect(notes.map((note) => [note.ruleId, note.reason])).toContainEqual([
      "scan",
      "Modules 'a' -> 'b' -> 'a' call each other in a cycle, which Terraform refuses; their blocks were not checked. Expected each module called from a root module and none calling back.",
    ]);
  });
});

describe("scan follows a plan's module calls", () => {
  it("checks a child module's clients with the values the call passes, at the call's expression in the plan", async () => {
    const plan = {
      format_version: "1.2",
      resource_changes: [],
      configuration: {
        provider_config: { genesyscloud: { name: "genesyscloud", expressions: { aws_region: { constant_value: "eu-west-1" } } } },
        root_module: {
          module_calls: {
            bots: {
              source: "./modules/bots",
              expressions: { role_id: { constant_value: "7a1b2c3d-1111-4222-8333-444455556666" } },
              module: {
                resources: [
                  {
                    address: "genesyscloud_oauth_client.bot",
                    mode: "managed",
                    type: "genesyscloud_oauth_client",
                    name: "bot",
                    expressions: { name: { constant_value: "Bot connector" }, authorized_grant_type: { constant_value: "CLIENT-CREDENTIALS" }, roles: [{ role_id: { references: ["var.role_id"] } }] },
                  },
                ],
                variables: { role_id: {} },
              },
            },
          },
        },
      },
    };
    const dir = tempDir();
    const text = JSON.stringify(plan, null, 2);
    fs.writeFileSync(path.join(dir, "plan.json"), text);
    const { report } = await scan(dir, "plan.json");
    // At the call's argument: the first 'role_id' of the file (the child's resource reads it later on).
    const line = text.split("\n").findIndex((candidate) => candidate.includes('"role_id": {')) + 1;
    expect(report.findings.map((finding) => [finding.ruleId, finding.file, finding.line, finding.target])).toEqual([["org-id-wiring", "plan.json", line, "oauth-client/module.bots.bot"]]);
  });
});

describe("scan and switched-off instances", () => {
  it("does not check a module call or client with count = 0 or for_each over nothing, and checks one whose count is computed", async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, "root"));
    fs.mkdirSync(path.join(dir, "debug"));
    fs.writeFileSync(
      path.join(dir, "debug", "main.tf"),
      'resource "genesyscloud_oauth_client" "dbg" {\n  name                  = "Debug"\n  authorized_grant_type = "CLIENT-CREDENTIALS"\n  roles {\n    role_id = "7a1b2c3d-1111-4222-8333-444455556666"\n  }\n}\n',
    );
    fs.writeFileSync(
      path.join(dir, "root", "main.tf"),
      [
        'provider "genesyscloud" {\n  aws_region = "eu-west-1"\n}',
        'variable "enable_debug" {\n  default = false\n}',
        'module "off" {\n  source = "../debug"\n  count  = 0\n}',
        'module "none" {\n  source   = "../debug"\n  for_each = {}\n}',
        'module "flagged" {\n  source = "../debug"\n  count  = var.enable_debug ? 1 : 0\n}',
        'resource "genesyscloud_oauth_client" "off" {\n  count                 = 0\n  name                  = "Off"\n  authorized_grant_type = "CLIENT-CREDENTIALS"\n}',
      ].join("\n\n"),
    );
    const { report } = await scan(dir, "root");
    expect(report.findings.map((finding) => [finding.ruleId, finding.target])).toEqual([["org-id-wiring", "oauth-client/module.flagged.dbg"]]);
  });
});
