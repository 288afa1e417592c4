import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { FORMATS } from "../../formatters";
import { run, tempDir } from "../helpers";

/** Values that must never appear in any report, whatever the format. */
const SECRETS = ["Zk3-very-secret-value-1", "tok-AbCdEf0123456789", "hunter2-hunter2", "5d7c1b2e-0000-4000-8000-123456789abc", "from-command-line-42"];

/** A root folder holding credentials committed every way the provider and an integration take them. */
function committedCredentials(): string {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, "org"));
  fs.writeFileSync(
    path.join(dir, "org", "main.tf"),
    `variable "client_secret" {
  type      = string
  sensitive = true
  default   = "${SECRETS[0]}"
}

variable "client_id" {
  type = string
}

provider "genesyscloud" {
  aws_region         = "eu-west-1"
  oauthclient_id     = var.client_id
  oauthclient_secret = var.client_secret
  access_token       = "${SECRETS[1]}"
}

resource "genesyscloud_integration_credential" "crm" {
  name                 = "CRM"
  credential_type_name = "basicAuth"
  fields = {
    userName = "crm-sync"
    password = "${SECRETS[2]}"
    loginUrl = "https://crm.example.com"
  }
}
`,
  );
  fs.writeFileSync(path.join(dir, "org", "terraform.tfvars"), `# the org's client\nclient_id = "${SECRETS[3]}"\n`);
  return dir;
}

/** A root folder taking every credential from outside the code, as it should. */
function credentialsFromOutside(files: Record<string, string> = {}): string {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, "org"));
  fs.writeFileSync(
    path.join(dir, "org", "main.tf"),
    `variable "client_secret" {
  type      = string
  sensitive = true
}

variable "crm_password" {
  type      = string
  sensitive = true
  default   = ""
}

# The id and secret come from GENESYSCLOUD_OAUTHCLIENT_ID / _SECRET, or the variable.
provider "genesyscloud" {
  aws_region         = "eu-west-1"
  oauthclient_secret = var.client_secret
}

resource "genesyscloud_integration_credential" "crm" {
  name                 = "CRM"
  credential_type_name = "basicAuth"
  fields = {
    userName = "crm-sync"
    password = var.crm_password
    loginUrl = "https://crm.example.com"
  }
}

resource "genesyscloud_user" "agent" {
  name     = "Agent"
  email    = "agent@example.com"
  password = "<set-in-the-ui>"
}

# Fields about a secret are not secrets; CI pipelines replace tokens like these before Terraform runs.
resource "genesyscloud_integration_credential" "oauth" {
  name                 = "CRM OAuth"
  credential_type_name = "userDefinedOAuth"
  fields = {
    tokenUrl          = "https://login.crm.example.com/oauth/token"
    tokenType         = "Bearer"
    apiKeyHeader      = "X-API-Key"
    passwordGrantUser = "crm-sync"
    clientSecret      = "__CrmClientSecret__"
    apiKey            = "#{CrmApiKey}#"
    token             = "%CRM_TOKEN%"
    password          = "$\${CRM_PASSWORD}"
    secret            = "<<REPLACE_ME>>"
  }
}
`,
  );
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

type JsonFinding = { ruleId: string; file: string; line: number; message: string };

async function secretFindings(dir: string, ...args: string[]): Promise<JsonFinding[]> {
  const { stdout } = await run(["scan", "org", "--format", "json", ...args], { cwd: dir });
  return (JSON.parse(stdout) as { findings: JsonFinding[] }).findings.filter((finding) => finding.ruleId === "secret-exposure");
}

describe("secret-exposure on credentials committed in Terraform", () => {
  it("reports each literal credential at its line: provider attributes, variable defaults, tfvars values, secret fields", async () => {
    const findings = await secretFindings(committedCredentials());
    expect(findings.map((finding) => `${finding.file}:${finding.line}`)).toEqual([
      `${path.join("org", "main.tf")}:4`,
      `${path.join("org", "main.tf")}:15`,
      `${path.join("org", "main.tf")}:23`,
      `${path.join("org", "terraform.tfvars")}:2`,
    ]);
    expect(findings.map((finding) => finding.message)).toEqual([
      "A credential is committed as the value of variable 'client_secret' (its default), which sets 'oauthclient_secret' of provider 'genesyscloud': it is in every clone, fork and CI log of the repository; expected the variable sensitive and without a default, its value from a secret store or the environment (TF_VAR_client_secret), and the committed one revoked.",
      "A credential is written as a literal for 'access_token' of provider 'genesyscloud': it is in every clone, fork and CI log of the repository; expected it from the environment variable GENESYSCLOUD_ACCESS_TOKEN, and the committed one revoked.",
      "A credential is written as a literal for 'fields.password' of genesyscloud_integration_credential.crm: it is in every clone, fork and CI log of the repository; expected it from a sensitive variable without a default, set from a secret store, and the committed one revoked.",
      `A credential is committed as the value of variable 'client_id' (${path.join("org", "terraform.tfvars")}), which sets 'oauthclient_id' of provider 'genesyscloud': it is in every clone, fork and CI log of the repository; expected the variable sensitive and without a default, its value from a secret store or the environment (TF_VAR_client_id), and the committed one revoked.`,
    ]);
  });

  it.each(FORMATS)("never prints a committed value in its %s report, and fails the scan", async (format) => {
    const { code, stdout, stderr } = await run(["scan", "org", "--format", format, "--var", `client_secret=${SECRETS[4]}`], { cwd: committedCredentials() });
    expect(code).toBe(1);
    expect(stdout).toContain("secret-exposure");
    for (const secret of SECRETS) expect(stdout + stderr).not.toContain(secret);
  });

  it("is quiet on credentials taken from the environment, sensitive variables without defaults, and placeholders", async () => {
    expect(await secretFindings(credentialsFromOutside())).toEqual([]);
  });

  it("does not take a value given with --var for a committed one", async () => {
    expect(await secretFindings(credentialsFromOutside(), "--var", `client_secret=${SECRETS[4]}`)).toEqual([]);
  });

  it("reports a value a --var-file commits, at its line", async () => {
    const dir = credentialsFromOutside({ "prod.tfvars": `client_secret = "${SECRETS[0]}"\n` });
    expect((await secretFindings(dir, "--var-file", "prod.tfvars")).map((finding) => `${finding.file}:${finding.line}`)).toEqual(["prod.tfvars:1"]);
  });
});
