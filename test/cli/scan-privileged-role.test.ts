import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run, tempDir } from "../helpers";

interface JsonReport {
  readonly findings: { ruleId: string; severity: string; message: string; file: string; line: number; target: string }[];
  readonly skipped: { ruleId: string; reason: string; count: number; file: string; line: number }[];
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A folder holding `main.tf`: a provider, the data sources and variables in `lookups`, and one client's `roles` blocks. */
function module(lookups: string, roles: string): string {
  const dir = tempDir("scopegate-privileged-role-");
  dirs.push(dir);
  fs.writeFileSync(
    path.join(dir, "main.tf"),
    `provider "genesyscloud" {
  aws_region = "eu-west-1"
}

${lookups}

# scopegate: capabilities=bot-session
resource "genesyscloud_oauth_client" "integration" {
  name                  = "CRM integration"
  authorized_grant_type = "CLIENT-CREDENTIALS"
${roles}
}
`,
  );
  return dir;
}

/** The line of `main.tf` in `dir` that contains `text`. */
function lineOf(dir: string, text: string): number {
  return fs.readFileSync(path.join(dir, "main.tf"), "utf8").split("\n").findIndex((line) => line.includes(text)) + 1;
}

async function scan(dir: string, ...args: string[]): Promise<{ code: number; report: JsonReport }> {
  const result = await run(["scan", dir, ...args, "--format", "json"], { env: {}, today: "2026-11-21" });
  expect(result.stderr).toBe("");
  return { code: result.code, report: JSON.parse(result.stdout) as JsonReport };
}

const ours = (report: JsonReport) => report.findings.filter((finding) => finding.ruleId === "privileged-role");
const notes = (report: JsonReport) => report.skipped.filter((note) => note.ruleId === "privileged-role");

const MASTER_ADMIN = `data "genesyscloud_auth_role" "admin" {
  name = "Master Admin"
}`;

describe("scopegate scan: privileged-role on Terraform it did not write", () => {
  it("reports 'Master Admin' read by name through a role data source: an error in a prod org (the default tier), failing the scan", async () => {
    const dir = module(MASTER_ADMIN, `  roles {\n    role_id = data.genesyscloud_auth_role.admin.id\n  }`);
    const { code, report } = await scan(dir);
    expect(ours(report)).toEqual([
      expect.objectContaining({
        severity: "error",
        file: path.join(dir, "main.tf"),
        line: lineOf(dir, "role_id"),
        target: "oauth-client/integration",
        message:
          "OAuth client 'integration' is granted the built-in role 'Master Admin' on the home division, which holds nearly every permission, so a leaked client secret controls the whole org; expected a custom role with only the permissions the integration's operations need, declared under 'roles:'.",
      }),
    ]);
    expect(notes(report)).toEqual([]);
    expect(code).toBe(1);
  });

  it("reports it as a warning in a nonprod org, on every division", async () => {
    const dir = module(`${MASTER_ADMIN}\n\ndata "genesyscloud_auth_role" "plain_admin" {\n  name = "admin"\n}`, `  roles {\n    role_id     = data.genesyscloud_auth_role.admin.id\n    division_id = "*"\n  }\n  roles {\n    role_id = data.genesyscloud_auth_role.plain_admin.id\n  }`);
    const { report } = await scan(dir, "--env-tier", "nonprod");
    expect(ours(report).map((finding) => `${finding.line} ${finding.severity} ${/built-in role '([^']+)' (on [^,]+),/.exec(finding.message)?.slice(1).join(" ")}`)).toEqual([
      `${lineOf(dir, "data.genesyscloud_auth_role.admin.id")} warning Master Admin on all divisions ('*')`,
      `${lineOf(dir, "data.genesyscloud_auth_role.plain_admin.id")} warning admin on the home division`,
    ]);
  });

  it("stays quiet on a custom role whose name contains 'Admin'", async () => {
    const dir = module(`data "genesyscloud_auth_role" "bot" {\n  name = "Bot Admin Integration"\n}`, `  roles {\n    role_id = data.genesyscloud_auth_role.bot.id\n  }`);
    const { report } = await scan(dir);
    expect(ours(report)).toEqual([]);
    expect(notes(report)).toEqual([]);
  });

  it.each([
    ["a literal role id", "", `"0b5f6a1c-3e2d-4f4a-9b8c-7d6e5f4a3b2c"`, "role_id ="],
    ["a variable without a default", `variable "role_id" {\n  type = string\n}`, "var.role_id", "role_id ="],
    // The note points where the scan read the id: the variable's default.
    ["a variable whose default is a literal id", `variable "role_id" {\n  type    = string\n  default = "0b5f6a1c-3e2d-4f4a-9b8c-7d6e5f4a3b2c"\n}`, "var.role_id", "default ="],
    ["a role data source whose name is not a literal", `variable "role_name" {\n  type = string\n}\n\ndata "genesyscloud_auth_role" "admin" {\n  name = var.role_name\n}`, "data.genesyscloud_auth_role.admin.id", "role_id ="],
  ])("does not guess a role it cannot name (%s): a skip note saying the grant was not checked", async (_, lookups, roleId, at) => {
    const dir = module(lookups, `  roles {\n    role_id = ${roleId}\n  }`);
    const { report } = await scan(dir);
    expect(ours(report)).toEqual([]);
    expect(notes(report)).toEqual([
      expect.objectContaining({ file: path.join(dir, "main.tf"), line: lineOf(dir, at), count: 1, reason: expect.stringMatching(/^Role grants whose role name the scan could not read .* were not checked for built-in roles;/) }),
    ]);
  });
});
