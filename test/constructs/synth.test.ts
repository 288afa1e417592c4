import * as fs from "node:fs";
import * as path from "node:path";
import { Testing } from "cdktf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthRole } from "../../.gen/providers/genesyscloud/auth-role";
import { DataGenesyscloudAuthRole } from "../../.gen/providers/genesyscloud/data-genesyscloud-auth-role";
import { GenesyscloudProvider } from "../../.gen/providers/genesyscloud/provider";
import { OauthClient } from "../../.gen/providers/genesyscloud/oauth-client";
import { loadConfig, loadConfigText } from "../../config/load";
import type { ScopegateModel } from "../../model/model";
import { addStacks, synthesize } from "../../constructs/app";
import { config, ROOT, tempDir } from "../helpers";

type StackJson = Record<string, any>;

function loadExample(): ScopegateModel {
  const result = loadConfig("scopegate.yaml", path.join(ROOT, "scopegate.yaml"));
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
  return result.model;
}

/** Credential values planted in the environment: none of them may reach the output. */
const PLANTED_SECRETS: Record<string, string> = {
  ACME_DEV_CLIENT_ID: "11111111-2222-4333-8444-555555555555",
  ACME_DEV_CLIENT_SECRET: "planted-secret-acme-dev-Zq81Lm",
  ACME_PROD_CLIENT_ID: "66666666-7777-4888-8999-000000000000",
  ACME_PROD_CLIENT_SECRET: "planted-secret-acme-prod-Pw27Xc",
  GLOBEX_DEV_CLIENT_SECRET: "planted-secret-globex-dev-Hy55Rt",
  GLOBEX_PROD_CLIENT_SECRET: "planted-secret-globex-prod-Ko09Vb",
};

describe("synthesized example (scopegate.yaml)", () => {
  let dir: string;
  let stacks: Record<string, StackJson>;
  const saved: Record<string, string | undefined> = {};

  beforeAll(() => {
    for (const [name, value] of Object.entries(PLANTED_SECRETS)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    dir = tempDir();
    synthesize(loadExample(), { outdir: path.join(dir, "cdktf.out"), configDir: ROOT });
    stacks = {};
    for (const name of fs.readdirSync(path.join(dir, "cdktf.out", "stacks"))) {
      stacks[name] = JSON.parse(fs.readFileSync(path.join(dir, "cdktf.out", "stacks", name, "cdk.tf.json"), "utf8"));
    }
  });
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes one stack per tenant x environment", () => {
    expect(Object.keys(stacks).sort()).toEqual(["acme-dev", "acme-prod", "globex-dev", "globex-prod"]);
  });

  it("configures the provider with each org's region and credentials only as sensitive variables", () => {
    const regions = Object.fromEntries(Object.entries(stacks).map(([name, s]) => [name, s.provider.genesyscloud[0].aws_region]));
    expect(regions).toEqual({ "acme-dev": "eu-west-2", "acme-prod": "eu-west-1", "globex-dev": "us-west-2", "globex-prod": "us-east-1" });
    const acmeDev = stacks["acme-dev"];
    expect(acmeDev.provider.genesyscloud[0].oauthclient_id).toBe("${var.ACME_DEV_CLIENT_ID}");
    expect(acmeDev.provider.genesyscloud[0].oauthclient_secret).toBe("${var.ACME_DEV_CLIENT_SECRET}");
    expect(acmeDev.variable.ACME_DEV_CLIENT_SECRET).toMatchObject({ sensitive: true, type: "string" });
    expect(acmeDev.variable.ACME_DEV_CLIENT_SECRET.default).toBeUndefined();
  });

  it("writes no credential value anywhere in cdktf.out", () => {
    const everything = fs
      .readdirSync(path.join(dir, "cdktf.out"), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name), "utf8"))
      .join("\n");
    for (const value of Object.values(PLANTED_SECRETS)) expect(everything).not.toContain(value);
    expect(everything).not.toMatch(/"oauthclient_secret":\s*"(?!\$\{var\.)/);
    expect(everything).not.toMatch(/"client_secret"\s*:/);
  });

  it("takes the org id from data.genesyscloud_organizations_me, never from input", () => {
    for (const s of Object.values(stacks)) {
      expect(s.data.genesyscloud_organizations_me.org).toBeDefined();
      expect(s.output.org_id.value).toBe("${data.genesyscloud_organizations_me.org.id}");
      expect(s.output.org_name.value).toBe("${data.genesyscloud_organizations_me.org.name}");
    }
  });

  it("emits the environment bindings an application needs, and nothing secret", () => {
    const outputs = stacks["acme-prod"].output;
    expect(outputs.region.value).toBe("eu-west-1");
    expect(outputs.api_base_url.value).toBe("https://api.mypurecloud.ie");
    expect(outputs.login_base_url.value).toBe("https://login.mypurecloud.ie");
    expect(outputs.messaging_middleware_client_id.value).toBe("${genesyscloud_oauth_client.messaging-middleware.client_id}");
    expect(outputs.apiAudience.value).toBe("https://api.mypurecloud.ie");
    expect(outputs.webMessagingDeploymentId.value).toBe("9b1d7e2a-6c3f-4c3f-8e5a-7d2c9e0f1a3b");
    for (const output of Object.values(outputs) as { value: string }[]) expect(String(output.value)).not.toMatch(/client_secret/);
  });

  /** The roles the example declares, by the address scopegate gives each, with their permission policies. */
  const DECLARED_ROLES: Record<string, { name: string; description: string; permission_policies: { domain: string; entity_name: string; action_set: string[] }[] }> = {
    role_analytics_export: {
      name: "Analytics Export",
      description: "Reads conversation aggregates and details for reporting.",
      permission_policies: [
        { domain: "analytics", entity_name: "conversationAggregate", action_set: ["view"] },
        { domain: "analytics", entity_name: "conversationDetail", action_set: ["view"] },
      ],
    },
    role_bot_connector_integration: {
      name: "Bot Connector Integration",
      description: "Lets the bot platform keep its bots and versions up to date.",
      permission_policies: [{ domain: "integration", entity_name: "botconnector", action_set: ["view", "edit"] }],
    },
    role_bot_flow_sessions: {
      name: "Bot Flow Sessions",
      description: "Starts bot-flow sessions and sends their turns.",
      permission_policies: [{ domain: "textbots", entity_name: "botFlowSession", action_set: ["execute"] }],
    },
    role_crm_sync: {
      name: "CRM Sync",
      description: "Reads users for the CRM; presence needs no permission.",
      permission_policies: [{ domain: "directory", entity_name: "user", action_set: ["view"] }],
    },
    role_open_messaging_middleware: {
      name: "Open Messaging Middleware",
      description: "Lets the messaging middleware send customers' messages, receipts and events.",
      permission_policies: [{ domain: "conversation", entity_name: "message", action_set: ["receive"] }],
    },
  };

  /** The roles each tenant's clients are granted, in any of its environments (acme's crm-sync is in dev only). */
  const TENANT_ROLES: Record<string, string[]> = {
    acme: ["role_analytics_export", "role_bot_connector_integration", "role_crm_sync", "role_open_messaging_middleware"],
    globex: ["role_analytics_export", "role_bot_flow_sessions"],
  };

  it("creates in every org of a tenant the declared roles its clients are granted, the same everywhere, with their permission policies", () => {
    for (const [name, s] of Object.entries(stacks)) {
      const roles = s.resource.genesyscloud_auth_role;
      const tenant = name.split("-")[0];
      expect(Object.keys(roles).sort(), name).toEqual(TENANT_ROLES[tenant]);
      for (const address of TENANT_ROLES[tenant]) {
        const expected = DECLARED_ROLES[address];
        const { "//": _, lifecycle: _guard, ...role } = roles[address];
        expect(role, `${name} ${address}`).toEqual(expected);
      }
    }
  });

  it("grants declared roles by reference to the stack's own role, and looks divisions up by name, once per stack", () => {
    const acmeDev = stacks["acme-dev"];
    // Every role the example grants is declared: no role is looked up.
    for (const s of Object.values(stacks)) expect(s.data.genesyscloud_auth_role).toBeUndefined();
    expect(acmeDev.data.genesyscloud_auth_division.division_customer_care.name).toBe("Customer Care");
    expect(Object.keys(acmeDev.data.genesyscloud_auth_division)).toEqual(["division_customer_care"]);
    expect(Object.keys(acmeDev.data.genesyscloud_auth_division_home)).toEqual(["home"]);
    const clients = acmeDev.resource.genesyscloud_oauth_client;
    expect(clients["messaging-middleware"].roles).toEqual([
      { role_id: "${genesyscloud_auth_role.role_open_messaging_middleware.id}", division_id: "${data.genesyscloud_auth_division.division_customer_care.id}" },
    ]);
    expect(clients["bot-connector"].roles).toEqual([
      { role_id: "${genesyscloud_auth_role.role_bot_connector_integration.id}", division_id: "${data.genesyscloud_auth_division_home.home.id}" },
    ]);
    expect(stacks["globex-prod"].resource.genesyscloud_oauth_client["bot-session"].roles).toEqual([
      { role_id: "${genesyscloud_auth_role.role_bot_flow_sessions.id}", division_id: "${data.genesyscloud_auth_division_home.home.id}" },
    ]);
    for (const s of Object.values(stacks)) {
      for (const client of Object.values(s.resource.genesyscloud_oauth_client) as any[]) {
        for (const role of client.roles ?? []) {
          expect(Object.keys(DECLARED_ROLES).map((address) => `\${genesyscloud_auth_role.${address}.id}`)).toContain(role.role_id);
          expect(role.division_id).toMatch(/^(\*|\$\{data\.genesyscloud_auth_division(_home)?\.)/);
        }
      }
    }
  });

  it("creates `rotation` copies of a rotated client, copy 1 at the unrotated address", () => {
    const clients = stacks["acme-dev"].resource.genesyscloud_oauth_client;
    expect(clients["bot-connector"].name).toBe("bot-connector-1");
    expect(clients["bot-connector_2"].name).toBe("bot-connector-2");
    expect(clients["bot-connector_3"]).toBeUndefined();
    const { name: _1, "//": _2, ...first } = clients["bot-connector"];
    const { name: _3, "//": _4, ...second } = clients["bot-connector_2"];
    expect(second).toEqual(first);
    expect(stacks["acme-dev"].output.bot_connector_client_id.value).toBe("${genesyscloud_oauth_client.bot-connector.client_id}");
    expect(stacks["acme-dev"].output.bot_connector_2_client_id.value).toBe("${genesyscloud_oauth_client.bot-connector_2.client_id}");
    expect(stacks["acme-dev"].output.bot_connector_1_client_id).toBeUndefined();
    expect(stacks["globex-dev"].resource.genesyscloud_oauth_client["bot-session"].name).toBe("bot-session");
  });

  it("applies per-environment overrides and 'only'", () => {
    const devWidget = stacks["acme-dev"].resource.genesyscloud_oauth_client["web-widget"];
    const prodWidget = stacks["acme-prod"].resource.genesyscloud_oauth_client["web-widget"];
    expect(devWidget.registered_redirect_uris).toEqual(["http://localhost:3000/callback", "https://chat-dev.acme.example/callback"]);
    expect(prodWidget.registered_redirect_uris).toEqual(["https://chat.acme.example/callback"]);
    expect(devWidget.name).toBe("Acme web messaging widget");
    expect(stacks["globex-dev"].resource.genesyscloud_oauth_client["bot-session"].access_token_validity_seconds).toBe(3600);
    expect(stacks["globex-prod"].resource.genesyscloud_oauth_client["bot-session"].access_token_validity_seconds).toBe(1800);
    expect(stacks["acme-dev"].resource.genesyscloud_oauth_client["crm-sync"]).toBeDefined();
    expect(stacks["acme-prod"].resource.genesyscloud_oauth_client["crm-sync"]).toBeUndefined();
    expect(stacks["acme-prod"].output.crm_sync_client_id).toBeUndefined();
  });

  it("keeps expose_client_secret false unless a client asks for it", () => {
    for (const s of Object.values(stacks)) {
      for (const client of Object.values(s.resource.genesyscloud_oauth_client) as any[]) expect(client.expose_client_secret).toBe(false);
    }
  });

  it("guards every client and org_id with the org identity, and the org lookup itself", () => {
    const acmeProd = stacks["acme-prod"];
    const postcondition = acmeProd.data.genesyscloud_organizations_me.org.lifecycle.postcondition[0];
    expect(postcondition.condition).toBe('${contains([self.name, self.third_party_org_name], "acme")}');
    expect(postcondition.error_message).toContain("Stack acme-prod is declared for Genesys Cloud org acme, but the credentials in ACME_PROD_CLIENT_ID / ACME_PROD_CLIENT_SECRET belong to org ${self.name}");
    const guard =
      '${contains([data.genesyscloud_organizations_me.org.name, data.genesyscloud_organizations_me.org.third_party_org_name], "acme")}';
    for (const client of Object.values(acmeProd.resource.genesyscloud_oauth_client) as any[]) {
      expect(client.lifecycle.precondition[0].condition).toBe(guard);
      expect(client.lifecycle.precondition[0].error_message).toContain("Refusing to plan");
    }
    expect(acmeProd.output.org_id.precondition[0].condition).toBe(guard);
  });

  it("gives every stack its own backend: local path, s3 key, remote workspace", () => {
    // Local state lives beside the configuration, outside cdktf.out, so a clean synth never loses it.
    const localPath = stacks["acme-dev"].terraform.backend.local.path;
    expect(path.resolve(dir, "cdktf.out", "stacks", "acme-dev", localPath)).toBe(path.join(ROOT, "state", "acme-dev.tfstate"));
    expect(stacks["acme-prod"].terraform.backend).toEqual({
      s3: { bucket: "acme-terraform-state", key: "genesys/acme-prod.tfstate", region: "eu-west-1", encrypt: true, dynamodb_table: "terraform-locks" },
    });
    expect(stacks["globex-dev"].terraform.backend.remote.workspaces).toEqual({ name: "genesys-globex-dev" });
    expect(stacks["globex-prod"].terraform.backend.remote.workspaces).toEqual({ name: "genesys-globex-prod" });
    expect(stacks["globex-prod"].terraform.backend.remote.organization).toBe("globex-platform");
  });

  it("keeps Terraform addresses stable: renaming one would destroy and recreate a real client", () => {
    const acmeDev = stacks["acme-dev"];
    const addresses = [
      ...Object.entries(acmeDev.resource).flatMap(([type, byName]) => Object.keys(byName as object).map((name) => `${type}.${name}`)),
      ...Object.entries(acmeDev.data).flatMap(([type, byName]) => Object.keys(byName as object).map((name) => `data.${type}.${name}`)),
    ].sort();
    expect(addresses).toEqual([
      "data.genesyscloud_auth_division.division_customer_care",
      "data.genesyscloud_auth_division_home.home",
      "data.genesyscloud_organizations_me.org",
      "genesyscloud_auth_role.role_analytics_export",
      "genesyscloud_auth_role.role_bot_connector_integration",
      "genesyscloud_auth_role.role_crm_sync",
      "genesyscloud_auth_role.role_open_messaging_middleware",
      "genesyscloud_oauth_client.analytics-export",
      "genesyscloud_oauth_client.bot-connector",
      "genesyscloud_oauth_client.bot-connector_2",
      "genesyscloud_oauth_client.crm-sync",
      "genesyscloud_oauth_client.messaging-middleware",
      "genesyscloud_oauth_client.web-widget",
    ]);
  });

  it("pins the provider source and version", () => {
    expect(stacks["acme-dev"].terraform.required_providers.genesyscloud).toEqual({ source: "mypurecloud/genesyscloud", version: "1.84.1" });
  });
});

describe("synth with the cdktf matchers", () => {
  it("declares the OAuth clients, the roles and the provider", () => {
    const app = Testing.app();
    const [acmeDev] = addStacks(app, loadExample(), { outdir: app.outdir, configDir: ROOT });
    const synthesized = Testing.synth(acmeDev);
    expect(synthesized).toHaveProviderWithProperties(GenesyscloudProvider, { aws_region: "eu-west-2" });
    expect(synthesized).toHaveResourceWithProperties(OauthClient, {
      name: "analytics-export",
      authorized_grant_type: "CLIENT-CREDENTIALS",
      roles: [{ role_id: "${genesyscloud_auth_role.role_analytics_export.id}", division_id: "${data.genesyscloud_auth_division_home.home.id}" }],
      access_token_validity_seconds: 7200,
    });
    expect(synthesized).not.toHaveResourceWithProperties(OauthClient, { authorized_grant_type: "CLIENT-CREDENTIALS", scopes: expect.anything() });
    expect(synthesized).toHaveResourceWithProperties(OauthClient, { name: "Acme web messaging widget", authorized_grant_type: "CODE", scopes: ["messaging", "messaging:readonly"] });
    expect(synthesized).toHaveResourceWithProperties(AuthRole, {
      name: "Bot Connector Integration",
      permission_policies: [{ domain: "integration", entity_name: "botconnector", action_set: ["view", "edit"] }],
    });
    expect(synthesized).not.toHaveDataSourceWithProperties(DataGenesyscloudAuthRole, {});
    expect(synthesized).not.toHaveResourceWithProperties(OauthClient, { expose_client_secret: true });
  });
});

describe("determinism and the output directory", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("synthesizes byte-identical cdk.tf.json files from the same config", () => {
    const model = loadExample();
    const read = (out: string) =>
      Object.fromEntries(
        fs.readdirSync(path.join(out, "stacks")).map((name) => [name, fs.readFileSync(path.join(out, "stacks", name, "cdk.tf.json"))]),
      );
    synthesize(model, { outdir: path.join(dir, "first"), configDir: ROOT });
    synthesize(loadExample(), { outdir: path.join(dir, "second"), configDir: ROOT });
    const first = read(path.join(dir, "first"));
    const second = read(path.join(dir, "second"));
    expect(Object.keys(first)).toHaveLength(4);
    for (const name of Object.keys(first)) expect(Buffer.compare(first[name], second[name]), name).toBe(0);
  });

  it("replaces an earlier output whole, leaving no stale stacks or work directories", () => {
    const out = path.join(dir, "replace");
    fs.mkdirSync(path.join(out, "stacks", "removed-tenant-dev"), { recursive: true });
    fs.writeFileSync(path.join(out, "stacks", "removed-tenant-dev", "cdk.tf.json"), "{}");
    fs.writeFileSync(path.join(out, "manifest.json"), "{}");
    synthesize(loadExample(), { outdir: out, configDir: ROOT });
    expect(fs.readdirSync(path.join(out, "stacks")).sort()).toEqual(["acme-dev", "acme-prod", "globex-dev", "globex-prod"]);
    expect(fs.readdirSync(dir).filter((name) => name.includes(".partial-") || name.includes(".previous-"))).toEqual([]);
  });
});

describe("roles as code in a stack", () => {
  /** Declared managed roles (one by permission policies with conditions), an existing role, and roles not declared. */
  const yaml = config({
    clients: `bot-connector:
  grant: CLIENT-CREDENTIALS
  capabilities: [bot-connector]
  roles: [{ role: Bot Connector Integration }, { role: Supervisor, division: Customer Care }]
queue-reader:
  grant: CLIENT-CREDENTIALS
  capabilities: [analytics-export]
  roles: [{ role: Queue Analytics }, { role: Supervisor }, { role: Reporting Admin }, { role: CRM Sync }, { role: crm-sync }]
  only: [dev]`,
    top: `roles:
  Bot Connector Integration:
    permissions: [integration:botconnector:view, integration:botconnector:edit]
  Queue Analytics:
    description: Conversation aggregates of messaging conversations.
    permissionPolicies:
      - domain: analytics
        entity: conversationAggregate
        actions: [view]
        conditions:
          conjunction: AND
          terms:
            - { variableName: Conversation.mediaType, operator: EQ, operands: [{ type: SCALAR, value: message }] }
  Reporting Admin:
    existing: true
    permissions: [analytics:*:view]
  CRM Sync:
    permissions: [directory:user:view]
  crm-sync:
    permissions: [directory:user:view]
  Reporting Viewer:
    description: Granted to people, not to any client of this tenant.
    permissions: [analytics:conversationAggregate:view]`,
  });
  const stackJson = (stackName: string): StackJson => {
    const loaded = loadConfigText("roles.yaml", yaml);
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${p.line}:${p.column} ${p.message}`).join("\n"));
    const app = Testing.app();
    const stack = addStacks(app, loaded.model, { outdir: app.outdir, configDir: ROOT }).find((candidate) => candidate.node.id === stackName);
    return JSON.parse(Testing.synth(stack!));
  };

  it("creates each managed role a client of the tenant holds, even in an org where no client holds it, and never an existing or ungranted one", () => {
    for (const stackName of ["acme-dev", "acme-prod"]) {
      const roles = stackJson(stackName).resource.genesyscloud_auth_role;
      expect(Object.values(roles).map((role: any) => role.name).sort(), stackName).toEqual(["Bot Connector Integration", "CRM Sync", "Queue Analytics", "crm-sync"]);
    }
  });

  it("gives names that differ in case or punctuation their own addresses, and a role without a description the stack's", () => {
    const roles = stackJson("acme-prod").resource.genesyscloud_auth_role;
    expect(Object.keys(roles).sort()).toEqual(["role_bot_connector_integration", "role_crm_sync", "role_crm_sync_2", "role_queue_analytics"]);
    expect([roles.role_crm_sync.name, roles.role_crm_sync_2.name]).toEqual(["CRM Sync", "crm-sync"]);
    expect(roles.role_bot_connector_integration.description).toBe("Managed by scopegate (tenant acme, environment prod).");
  });

  it("passes permission policies with their conditions to the provider", () => {
    const { "//": _, lifecycle: _guard, ...role } = stackJson("acme-dev").resource.genesyscloud_auth_role.role_queue_analytics;
    expect(role).toEqual({
      name: "Queue Analytics",
      description: "Conversation aggregates of messaging conversations.",
      permission_policies: [
        {
          domain: "analytics",
          entity_name: "conversationAggregate",
          action_set: ["view"],
          conditions: {
            conjunction: "AND",
            terms: [{ variable_name: "Conversation.mediaType", operator: "EQ", operands: [{ type: "SCALAR", value: "message" }] }],
          },
        },
      ],
    });
  });

  it("references created roles, and looks up by name, once per stack, roles that are existing or not declared", () => {
    const acmeDev = stackJson("acme-dev");
    expect(Object.entries(acmeDev.data.genesyscloud_auth_role).map(([address, role]: [string, any]) => [address, role.name])).toEqual([
      ["role_reporting_admin", "Reporting Admin"],
      ["role_supervisor", "Supervisor"],
    ]);
    const clients = acmeDev.resource.genesyscloud_oauth_client;
    expect(clients["bot-connector"].roles.map((grant: any) => grant.role_id)).toEqual(["${genesyscloud_auth_role.role_bot_connector_integration.id}", "${data.genesyscloud_auth_role.role_supervisor.id}"]);
    expect(clients["queue-reader"].roles.map((grant: any) => grant.role_id)).toEqual([
      "${genesyscloud_auth_role.role_queue_analytics.id}",
      "${data.genesyscloud_auth_role.role_supervisor.id}",
      "${data.genesyscloud_auth_role.role_reporting_admin.id}",
      "${genesyscloud_auth_role.role_crm_sync.id}",
      "${genesyscloud_auth_role.role_crm_sync_2.id}",
    ]);
  });
});
