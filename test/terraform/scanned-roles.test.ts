import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { run, tempDir } from "../helpers";

/** A prod org's Terraform: a conversation export granted `role`, which the same folder creates as written in `roleHcl`. */
function folderWith(roleHcl: string, extra = ""): string {
  const dir = tempDir();
  fs.writeFileSync(
    path.join(dir, "main.tf"),
    `# scopegate: tier=prod
provider "genesyscloud" {
  aws_region = "eu-west-1"
}
${extra}
${roleHcl}

data "genesyscloud_auth_division_home" "home" {}

# scopegate: capabilities=conversation-export
resource "genesyscloud_oauth_client" "export" {
  name                  = "conversation-export"
  authorized_grant_type = "CLIENT-CREDENTIALS"
  roles {
    role_id     = genesyscloud_auth_role.export.id
    division_id = data.genesyscloud_auth_division_home.home.id
  }
}
`,
  );
  return dir;
}

async function requiredScopes(dir: string) {
  const { code, stdout } = await run(["scan", dir, "--format", "json"]);
  const report = JSON.parse(stdout) as { findings: { ruleId: string; message: string }[]; skipped: { ruleId: string; reason: string }[] };
  return {
    code,
    findings: report.findings.filter((finding) => finding.ruleId === "required-scopes").map((finding) => (/it gets a 403/.test(finding.message) ? "403" : finding.message)),
    skipped: report.skipped.filter((note) => note.ruleId === "required-scopes").map((note) => note.reason),
  };
}

describe("scan: roles the scanned Terraform creates", () => {
  it("a literal role lacking the permission: the 403 is reported", async () => {
    const role = `resource "genesyscloud_auth_role" "export" {
  name = "Conversation Export"
  permission_policies {
    domain      = "analytics"
    entity_name = "userAggregate"
    action_set  = ["view"]
  }
}`;
    expect(await requiredScopes(folderWith(role))).toMatchObject({ code: 1, findings: ["403"], skipped: [] });
  });

  it("a role whose actions come from a variable's default is read through it", async () => {
    const role = `resource "genesyscloud_auth_role" "export" {
  name = var.role_name
  permission_policies {
    domain      = "analytics"
    entity_name = "conversationDetail"
    action_set  = var.actions
  }
}`;
    const variables = `variable "actions" {\n  default = ["view"]\n}\nvariable "role_name" {\n  default = "Conversation Export"\n}`;
    expect(await requiredScopes(folderWith(role, variables))).toMatchObject({ code: 0, findings: [], skipped: [] });
  });

  it("a role built with a dynamic block, or from a variable without a default, holds something unknown: a skip note, never a 403", async () => {
    const dynamic = `locals {
  policies = { conversationDetail = ["view"] }
}
resource "genesyscloud_auth_role" "export" {
  name = "Conversation Export"
  dynamic "permission_policies" {
    for_each = local.policies
    content {
      domain      = "analytics"
      entity_name = permission_policies.key
      action_set  = permission_policies.value
    }
  }
}`;
    const fromVariable = `variable "actions" {}
resource "genesyscloud_auth_role" "export" {
  name = "Conversation Export"
  permission_policies {
    domain      = "analytics"
    entity_name = "conversationDetail"
    action_set  = var.actions
  }
}`;
    for (const role of [dynamic, fromVariable]) {
      const result = await requiredScopes(folderWith(role));
      expect(result.findings).toEqual([]);
      expect(result.skipped).toEqual([expect.stringMatching(/holding roles whose permissions scopegate does not know/)]);
    }
  });
});

describe("scan: one role defined differently in two orgs", () => {
  it("counts only what every definition grants, and says it could not check the rest, whatever the order the folders are given in", async () => {
    const parent = tempDir();
    const role = (actions: string) => `resource "genesyscloud_auth_role" "export" {
  name = "Conversation Export"
  permission_policies {
    domain      = "analytics"
    entity_name = "conversationDetail"
    action_set  = ${actions}
  }
}`;
    for (const [name, actions] of [["dev", '["view"]'], ["prod", '["edit"]']] as const) {
      const dir = folderWith(role(actions));
      fs.renameSync(dir, path.join(parent, name));
    }
    for (const order of [["dev", "prod"], ["prod", "dev"]]) {
      const { code, stdout } = await run(["scan", ...order.map((name) => path.join(parent, name)), "--format", "json"]);
      const report = JSON.parse(stdout) as { findings: { ruleId: string }[]; skipped: { ruleId: string; reason: string }[] };
      expect(report.findings.filter((finding) => finding.ruleId === "required-scopes"), order.join(" ")).toEqual([]);
      expect(report.skipped.filter((note) => note.ruleId === "required-scopes").map((note) => note.reason), order.join(" ")).toEqual([expect.stringMatching(/whose permissions scopegate does not know/)]);
      expect(code).toBe(0);
    }
  });
});
