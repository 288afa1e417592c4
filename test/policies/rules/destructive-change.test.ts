import { describe, expect, it } from "vitest";
import type { OrgEnvironment, ScopegateModel, SourceLocation, Tier, WaiverModel } from "../../../model/model";
import { evaluateWithSkips } from "../../../policies/engine";
import type { Finding } from "../../../policies/finding";
import rule from "../../../policies/rules/destructive-change";
import type { TfPlan } from "../../../model/terraform";
import { parseJsonFile } from "../../../terraform/json-file";
import { readPlan } from "../../../terraform/plan";

const PROVIDER = "registry.terraform.io/mypurecloud/genesyscloud";
const ROLE = "3f2a9c41-8e7d-4b6a-a1c2-d3e4f5a6b7c8";
const OTHER_ROLE = "5b3c0d9e-1f2a-4b3c-8d4e-5f6a7b8c9d0e";
const DIVISION = "7d1e2f3a-4b5c-4d6e-9f80-a1b2c3d4e5f6";

/** A bot connector's attributes as the provider reports them; `changes` overrides some. */
function botClient(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    access_token_validity_seconds: 86400,
    authorized_grant_type: "CLIENT-CREDENTIALS",
    client_id: "0b5f6a1e-7c1d-4a55-9d0e-2f3b4c5d6e7f",
    description: null,
    directory_client_secret: null,
    expose_client_secret: false,
    id: "0b5f6a1e-7c1d-4a55-9d0e-2f3b4c5d6e7f",
    integration_credential_id: null,
    integration_credential_name: null,
    name: "Bot Connector",
    registered_redirect_uris: null,
    roles: [{ division_id: "*", role_id: ROLE }],
    scopes: null,
    state: "active",
    ...changes,
  };
}

interface ChangeSpec {
  readonly name: string;
  readonly type?: string;
  /** @default `<type>.<name>` */
  readonly address?: string;
  readonly actions: readonly string[];
  readonly before?: Record<string, unknown> | null;
  readonly after?: Record<string, unknown> | null;
  readonly replacePaths?: readonly (readonly (string | number)[])[];
}

/** Plan JSON text as `terraform show -json <planfile> | jq .` prints it; `outputs` are the root module's, by name. */
function planText(changes: readonly ChangeSpec[], resources: readonly Record<string, unknown>[] = [], outputs: Record<string, unknown> = {}): string {
  const plan = {
    format_version: "1.2",
    terraform_version: "1.9.8",
    planned_values: { root_module: {} },
    resource_changes: changes.map((change) => {
      const type = change.type ?? "genesyscloud_oauth_client";
      return {
        address: change.address ?? `${type}.${change.name}`,
        mode: "managed",
        type,
        name: change.name,
        provider_name: PROVIDER,
        change: {
          actions: change.actions,
          before: change.before ?? null,
          after: change.after ?? null,
          after_unknown: {},
          before_sensitive: { client_secret: true },
          after_sensitive: { client_secret: true },
          ...(change.replacePaths !== undefined ? { replace_paths: change.replacePaths } : {}),
        },
      };
    }),
    configuration: {
      provider_config: { genesyscloud: { name: "genesyscloud", full_name: PROVIDER, expressions: { aws_region: { constant_value: "eu-west-2" } } } },
      root_module: { resources, outputs },
    },
    timestamp: "2026-11-21T09:30:00Z",
    errored: false,
  };
  return `${JSON.stringify(plan, null, 2)}\n`;
}

/** A configuration resource of the plan; `expressions` as Terraform writes them. */
function resource(type: string, name: string, expressions: Record<string, unknown>): Record<string, unknown> {
  return { address: `${type}.${name}`, mode: "managed", type, name, provider_config_key: "genesyscloud", expressions, schema_version: 1 };
}

const BOT_CONFIGURATION = resource("genesyscloud_oauth_client", "bot", {
  authorized_grant_type: { constant_value: "CLIENT-CREDENTIALS" },
  name: { constant_value: "Bot Connector" },
  roles: [{ division_id: { constant_value: "*" }, role_id: { references: ["data.genesyscloud_auth_role.bot.id", "data.genesyscloud_auth_role.bot"] } }],
});

const CRM_CREDENTIAL = resource("genesyscloud_integration_credential", "crm", {
  credential_type_name: { constant_value: "pureCloudOAuthClient" },
  fields: {
    references: ["genesyscloud_oauth_client.bot.client_id", "genesyscloud_oauth_client.bot", "genesyscloud_oauth_client.bot.client_secret", "genesyscloud_oauth_client.bot"],
  },
  name: { constant_value: "CRM connector" },
});

/** A credential of another client: not a dependant of `bot`. */
const OTHER_CREDENTIAL = resource("genesyscloud_integration_credential", "portal", {
  credential_type_name: { constant_value: "pureCloudOAuthClient" },
  fields: { references: ["genesyscloud_oauth_client.bot_v2.client_id", "genesyscloud_oauth_client.bot_v2"] },
  name: { constant_value: "Portal" },
});

const CLIENT_ID_FILE = resource("local_file", "bot_client_id", {
  content: { references: ["genesyscloud_oauth_client.bot.client_id", "genesyscloud_oauth_client.bot"] },
  filename: { constant_value: "bot-client-id.txt" },
});

const LOC: SourceLocation = { file: "scopegate.yaml", line: 1, column: 1 };
const at = <T>(value: T) => ({ value, loc: LOC });

/** An org scanned from a plan labelled `acme-<environment>`, as the scanner pairs them. */
function org(environment: string, tier: Tier): OrgEnvironment {
  return {
    tenant: "acme",
    environment,
    stackName: `acme-${environment}`,
    scannedFrom: `acme-${environment}`,
    tier: at(tier),
    region: at("eu-west-2"),
    orgName: at(`acme-${environment}`),
    credentials: { clientIdEnv: at("GENESYSCLOUD_OAUTHCLIENT_ID"), clientSecretEnv: at("GENESYSCLOUD_OAUTHCLIENT_SECRET") },
    backend: { type: "local", loc: LOC },
    bindings: [],
    oauthClients: [],
    loc: LOC,
  };
}

async function planOf(label: string, text: string): Promise<TfPlan> {
  const parsed = parseJsonFile(label, text);
  if (!("json" in parsed)) throw new Error(`test setup: ${parsed.problem.message}`);
  const { plan, problems } = await readPlan(parsed.json);
  if (problems.length > 0) throw new Error(`test setup: ${problems.map((problem) => problem.message).join("\n")}`);
  return plan;
}

function modelOf(plans: readonly TfPlan[], waivers: readonly WaiverModel[] = []): ScopegateModel {
  return {
    source: plans.map((plan) => plan.file).join(", "),
    terraform: { modules: [], plans },
    profiles: [],
    knownScopes: [],
    roles: [],
    policy: { tiers: { nonprod: { rules: new Map(), maxTokenValiditySeconds: undefined }, prod: { rules: new Map(), maxTokenValiditySeconds: undefined } }, waivers },
    tenants: ["acme"],
    environments: [org("dev", "nonprod"), org("prod", "prod")],
  };
}

/** The rule's findings for one plan of the org with stack `label`. */
async function findingsOf(label: string, text: string, waivers: readonly WaiverModel[] = []): Promise<Finding[]> {
  return evaluateWithSkips(modelOf([await planOf(label, text)], waivers), { today: "2026-11-21", rules: [rule] }).findings;
}

function lineOf(text: string, needle: string): number {
  const index = text.split("\n").findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`test setup: no line contains '${needle}'`);
  return index + 1;
}

const IMPACT_NOTE = "every integration using it stops at once";

describe("destructive-change", () => {
  it("reports a replaced prod client as an error, naming its integration credentials and the resources using it", async () => {
    const text = planText(
      [
        {
          name: "bot",
          actions: ["delete", "create"],
          before: botClient({ integration_credential_name: "bot-connector-credential" }),
          after: botClient({ client_id: undefined, id: undefined, integration_credential_name: "bot-connector-credential", name: "Bot Connector 2" }),
          replacePaths: [["name"], ["roles", 0, "role_id"]],
        },
        { name: "crm", type: "genesyscloud_integration_credential", actions: ["update"], before: { name: "CRM connector" }, after: { name: "CRM connector" } },
      ],
      [BOT_CONFIGURATION, CRM_CREDENTIAL, OTHER_CREDENTIAL, CLIENT_ID_FILE],
    );
    const findings = await findingsOf("acme-prod", text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      messageId: "replaced",
      severity: "error",
      file: "acme-prod",
      line: lineOf(text, `"address": "genesyscloud_oauth_client.bot"`),
      column: 7,
      tenant: "acme",
      environment: "prod",
      target: "oauth-client/bot",
      waived: false,
      data: {
        client: "Bot Connector",
        address: "genesyscloud_oauth_client.bot",
        paths: "name, roles[0].role_id",
        credentials: "genesyscloud_integration_credential.crm ('CRM connector'), 'bot-connector-credential' (made by the provider from integration_credential_name)",
        resources: "local_file.bot_client_id",
      },
    });
    expect(findings[0].message).toBe(
      "The plan replaces OAuth client 'Bot Connector' (genesyscloud_oauth_client.bot) because 'name' and 'roles[0].role_id' cannot change in place, used by integration credential genesyscloud_integration_credential.crm ('CRM connector'), integration credential 'bot-connector-credential' (made by the provider from integration_credential_name) and resource local_file.bot_client_id; the old client is set inactive and deleted, so every integration using it stops at once: create the new client as a separate resource alongside the old one, switch the integrations to it, and remove the old one only then.",
    );
  });

  it("reports a deleted client, saying what to do, even when nothing in the configuration uses it", async () => {
    const text = planText([{ name: "legacy", actions: ["delete"], before: botClient({ name: "Legacy portal", authorized_grant_type: "CODE", roles: [], scopes: ["users:readonly"] }) }]);
    const findings = await findingsOf("acme-prod", text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      messageId: "deleted",
      severity: "error",
      line: lineOf(text, `"address": "genesyscloud_oauth_client.legacy"`),
      target: "oauth-client/legacy",
      data: { client: "Legacy portal", credentials: "none", resources: "none", dependants: "used by no integration credential or resource of this configuration" },
    });
    expect(findings[0].message).toContain(IMPACT_NOTE);
    expect(findings[0].message).toContain("create the new client alongside the old one, switch the integrations to it, and remove the old one only then.");
  });

  it("reports a create-before-destroy replace without replace paths (a tainted client) as a replace", async () => {
    const text = planText([{ name: "bot", actions: ["create", "delete"], before: botClient(), after: botClient({ client_id: undefined, id: undefined }) }], [BOT_CONFIGURATION, CRM_CREDENTIAL]);
    const findings = await findingsOf("acme-prod", text);
    expect(findings.map((finding) => [finding.messageId, finding.data.paths, finding.data.reason, finding.data.credentials])).toEqual([
      ["replaced", "none", "although no attribute forces it (the client is tainted or replaced on request)", "genesyscloud_integration_credential.crm ('CRM connector')"],
    ]);
  });

  it("lists as dependants the resources that reference the client however they do, and nothing else", async () => {
    const refs = (...references: string[]) => ({ references });
    const text = planText(
      // An empty integration_credential_name is no credential the provider made.
      [{ name: "bot", actions: ["delete"], before: botClient({ integration_credential_name: "" }) }],
      [
        BOT_CONFIGURATION,
        // Named like the client, referencing two of its attributes.
        resource("genesyscloud_integration_credential", "bot", {
          fields: refs("genesyscloud_oauth_client.bot.client_id", "genesyscloud_oauth_client.bot.client_secret"),
          name: { constant_value: "Bot connector" },
        }),
        resource("genesyscloud_integration_credential", "yearly", { fields: refs("genesyscloud_oauth_client.bot"), name: { constant_value: 2026 } }),
        resource("genesyscloud_integration_credential", "per_env", { fields: refs("genesyscloud_oauth_client.bot"), name: refs("var.environment") }),
        resource("genesyscloud_integration_credential", "unnamed", { fields: refs("genesyscloud_oauth_client.bot") }),
        OTHER_CREDENTIAL,
        // The client's id inside a nested block, next to other references.
        resource("genesyscloud_integration", "crm", {
          config: [{ name: { constant_value: "CRM" }, properties: refs("var.crm_url", "genesyscloud_oauth_client.bot.client_id", "genesyscloud_oauth_client.bot") }],
        }),
        // `jsonencode(genesyscloud_oauth_client.bot)`: the whole client.
        resource("local_file", "bot_settings", { content: refs("genesyscloud_oauth_client.bot"), filename: { constant_value: "bot.json" } }),
      ],
      // An output is no resource: whatever reads it is outside this configuration.
      { bot_client_id: { expression: refs("genesyscloud_oauth_client.bot.client_id", "genesyscloud_oauth_client.bot") } },
    );
    const findings = await findingsOf("acme-prod", text);
    expect(findings.map((finding) => [finding.messageId, finding.data])).toEqual([
      [
        "deleted",
        {
          client: "Bot Connector",
          address: "genesyscloud_oauth_client.bot",
          credentials:
            "genesyscloud_integration_credential.bot ('Bot connector'), genesyscloud_integration_credential.yearly ('2026'), genesyscloud_integration_credential.per_env, genesyscloud_integration_credential.unnamed",
          resources: "genesyscloud_integration.crm, local_file.bot_settings",
          dependants:
            "used by integration credential genesyscloud_integration_credential.bot ('Bot connector'), integration credential genesyscloud_integration_credential.yearly ('2026'), integration credential genesyscloud_integration_credential.per_env, integration credential genesyscloud_integration_credential.unnamed, resource genesyscloud_integration.crm and resource local_file.bot_settings",
        },
      ],
    ]);
  });

  it("finds the dependants of a client made with for_each, by the instance they reference", async () => {
    const text = planText(
      [{ name: "bot", address: 'genesyscloud_oauth_client.bot["primary"]', actions: ["delete"], before: botClient() }],
      [
        BOT_CONFIGURATION,
        resource("genesyscloud_integration_credential", "crm", {
          fields: { references: ['genesyscloud_oauth_client.bot["primary"].client_id', 'genesyscloud_oauth_client.bot["primary"].client_secret'] },
          name: { constant_value: "CRM connector" },
        }),
      ],
    );
    const findings = await findingsOf("acme-prod", text);
    expect(findings.map((finding) => [finding.messageId, finding.data.address, finding.data.credentials, finding.data.resources])).toEqual([
      ["deleted", 'genesyscloud_oauth_client.bot["primary"]', "genesyscloud_integration_credential.crm ('CRM connector')", "none"],
    ]);
  });

  it("finds no dependants of a client in a child module, even where a client of the root module has its name", async () => {
    const text = planText(
      [{ name: "bot", address: "module.partner.genesyscloud_oauth_client.bot", actions: ["delete"], before: botClient({ name: "Partner bot" }) }],
      [BOT_CONFIGURATION, CRM_CREDENTIAL, CLIENT_ID_FILE],
    );
    const findings = await findingsOf("acme-prod", text);
    expect(findings.map((finding) => [finding.messageId, finding.data.client, finding.data.dependants])).toEqual([
      ["deleted", "Partner bot", "used by no integration credential or resource of this configuration"],
    ]);
  });

  it("names a client by its name before the change, else by its name after it, else by its resource name", async () => {
    const unnamed = botClient();
    delete unnamed.name;
    const text = planText([
      { name: "a_named_after", actions: ["delete", "create"], before: unnamed, after: botClient({ name: "Partner portal" }), replacePaths: [["name"]] },
      // A `${` in a plan value is text: the name as the client has it.
      { name: "b_template", actions: ["delete"], before: botClient({ name: "Bot ${tenant}" }) },
      { name: "c_unnamed", actions: ["delete"], before: unnamed },
    ]);
    const findings = await findingsOf("acme-prod", text);
    expect(findings.map((finding) => [finding.target, finding.data.client])).toEqual([
      ["oauth-client/a_named_after", "Partner portal"],
      ["oauth-client/b_template", "Bot ${tenant}"],
      ["oauth-client/c_unnamed", "c_unnamed"],
    ]);
  });

  it("reports an update of the grant type as a replace", async () => {
    const text = planText(
      [{ name: "bot", actions: ["update"], before: botClient({ authorized_grant_type: "CODE", roles: [], scopes: ["users:readonly"] }), after: botClient({ scopes: ["users:readonly"], roles: [] }) }],
      [BOT_CONFIGURATION, CRM_CREDENTIAL],
    );
    const findings = await findingsOf("acme-prod", text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      messageId: "grantTypeChanged",
      severity: "error",
      line: lineOf(text, `"address": "genesyscloud_oauth_client.bot"`),
      data: { client: "Bot Connector", before: "CODE", after: "CLIENT-CREDENTIALS", credentials: "genesyscloud_integration_credential.crm ('CRM connector')" },
    });
    expect(findings[0].message).toContain(IMPACT_NOTE);
  });

  it("reports an update that sets a client inactive, and not one that reactivates it", async () => {
    const text = planText(
      [
        { name: "bot", actions: ["update"], before: botClient(), after: botClient({ state: "inactive" }) },
        { name: "portal", actions: ["update"], before: botClient({ name: "Portal", state: "inactive" }), after: botClient({ name: "Portal" }) },
      ],
      [BOT_CONFIGURATION, CRM_CREDENTIAL],
    );
    const findings = await findingsOf("acme-prod", text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      messageId: "deactivated",
      severity: "error",
      line: lineOf(text, `"address": "genesyscloud_oauth_client.bot"`),
      data: { client: "Bot Connector", credentials: "genesyscloud_integration_credential.crm ('CRM connector')" },
    });
  });

  it("lists changes to scopes and roles as info, compared as sets, with what was added and removed", async () => {
    const text = planText([
      {
        name: "bot",
        actions: ["update"],
        before: botClient({ scopes: ["textbots", "textbots:readonly"], roles: [{ division_id: "*", role_id: ROLE }, { division_id: "", role_id: OTHER_ROLE }] }),
        after: botClient({ scopes: ["textbots:readonly", "textbots", "users:readonly"], roles: [{ division_id: "", role_id: OTHER_ROLE }, { division_id: "*", role_id: OTHER_ROLE }] }),
      },
      { name: "portal", actions: ["update"], before: botClient({ name: "Portal", scopes: ["b", "a"] }), after: botClient({ name: "Portal", scopes: ["a", "b"], description: "reordered only" }) },
    ]);
    const findings = await findingsOf("acme-prod", text);
    const line = lineOf(text, `"address": "genesyscloud_oauth_client.bot"`);
    expect(findings.map((finding) => ({ messageId: finding.messageId, severity: finding.severity, line: finding.line, data: finding.data }))).toEqual([
      {
        messageId: "rolesChanged",
        severity: "info",
        line,
        data: {
          client: "Bot Connector",
          address: "genesyscloud_oauth_client.bot",
          before: `[role '${ROLE}' in all divisions, role '${OTHER_ROLE}' in the home division]`,
          after: `[role '${OTHER_ROLE}' in the home division, role '${OTHER_ROLE}' in all divisions]`,
          added: `role '${OTHER_ROLE}' in all divisions`,
          removed: `role '${ROLE}' in all divisions`,
        },
      },
      {
        messageId: "scopesChanged",
        severity: "info",
        line,
        data: { client: "Bot Connector", address: "genesyscloud_oauth_client.bot", before: "['textbots', 'textbots:readonly']", after: "['textbots:readonly', 'textbots', 'users:readonly']", added: "'users:readonly'", removed: "none" },
      },
    ]);
    // Sorted as every finding is: by place, then message.
    expect(findings[1].message).toBe(
      "The plan changes the scopes of OAuth client 'Bot Connector' (genesyscloud_oauth_client.bot) from ['textbots', 'textbots:readonly'] to ['textbots:readonly', 'textbots', 'users:readonly']: added 'users:readonly', removed none.",
    );
  });

  it("lists scopes and roles removed down to none, naming each role's division", async () => {
    const text = planText([
      {
        name: "bot",
        actions: ["update"],
        before: botClient({ scopes: ["textbots", "textbots:readonly"], roles: [{ division_id: "*", role_id: ROLE }, { division_id: DIVISION, role_id: OTHER_ROLE }] }),
        after: botClient({ scopes: null, roles: null }),
      },
    ]);
    const findings = await findingsOf("acme-prod", text);
    expect(findings.map((finding) => [finding.messageId, finding.data])).toEqual([
      [
        "rolesChanged",
        {
          client: "Bot Connector",
          address: "genesyscloud_oauth_client.bot",
          before: `[role '${ROLE}' in all divisions, role '${OTHER_ROLE}' in division '${DIVISION}']`,
          after: "[]",
          added: "none",
          removed: `role '${ROLE}' in all divisions, role '${OTHER_ROLE}' in division '${DIVISION}'`,
        },
      ],
      [
        "scopesChanged",
        { client: "Bot Connector", address: "genesyscloud_oauth_client.bot", before: "['textbots', 'textbots:readonly']", after: "[]", added: "none", removed: "'textbots', 'textbots:readonly'" },
      ],
    ]);
  });

  it("lists every scope and role as added when the plan records none before the update", async () => {
    const before = botClient();
    delete before.scopes;
    delete before.roles;
    const text = planText([{ name: "bot", actions: ["update"], before, after: botClient({ scopes: ["textbots"], roles: [{ role_id: ROLE }, { division_id: null, role_id: OTHER_ROLE }] }) }]);
    const findings = await findingsOf("acme-prod", text);
    expect(findings.map((finding) => [finding.messageId, finding.data.before, finding.data.after, finding.data.added, finding.data.removed])).toEqual([
      ["rolesChanged", "[]", `[role '${ROLE}' in the home division, role '${OTHER_ROLE}' in the home division]`, `role '${ROLE}' in the home division, role '${OTHER_ROLE}' in the home division`, "none"],
      ["scopesChanged", "[]", "['textbots']", "'textbots'", "none"],
    ]);
  });

  it("lists nothing for scopes or roles the plan knows only after apply", async () => {
    const after = botClient({ roles: [{ division_id: "*" }] });
    delete after.scopes;
    // Unknown items of a list are null; a list known only after apply is left out.
    const portal = botClient({ name: "Portal", scopes: ["textbots:readonly", null], roles: [null] });
    const web = botClient({ name: "Web" });
    delete web.roles;
    const text = planText([
      { name: "bot", actions: ["update"], before: botClient({ scopes: ["textbots:readonly"] }), after },
      { name: "portal", actions: ["update"], before: botClient({ name: "Portal", scopes: ["textbots"] }), after: portal },
      { name: "web", actions: ["update"], before: botClient({ name: "Web", roles: [{ division_id: "", role_id: OTHER_ROLE }] }), after: web },
    ]);
    expect(await findingsOf("acme-prod", text)).toEqual([]);
  });

  it.each([
    ["a plan that only creates clients", [{ name: "bot", actions: ["create"], after: botClient({ client_id: undefined, id: undefined }) }]],
    ["a plan that changes nothing", [{ name: "bot", actions: ["no-op"], before: botClient(), after: botClient() }]],
    ["an update of the token lifetime", [{ name: "bot", actions: ["update"], before: botClient(), after: botClient({ access_token_validity_seconds: 3600 }) }]],
    ["an update of an inactive client that stays inactive", [{ name: "bot", actions: ["update"], before: botClient({ state: "inactive" }), after: botClient({ state: "inactive", description: "retired" }) }]],
    ["an update whose new grant is known only after apply", [{ name: "bot", actions: ["update"], before: botClient(), after: botClient({ authorized_grant_type: undefined }) }]],
    ["an update of a client whose grant the plan does not record before", [{ name: "bot", actions: ["update"], before: botClient({ authorized_grant_type: null }), after: botClient({ authorized_grant_type: "CODE" }) }]],
    ["a deleted integration credential", [{ name: "crm", type: "genesyscloud_integration_credential", actions: ["delete"], before: { name: "CRM connector" } }]],
  ] as const)("stays quiet on %s", async (_, changes) => {
    expect(await findingsOf("acme-prod", planText(changes, [BOT_CONFIGURATION, CRM_CREDENTIAL]))).toEqual([]);
  });

  it("reports a nonprod org's destructive changes as warnings", async () => {
    const text = planText([{ name: "bot", actions: ["delete"], before: botClient() }]);
    const findings = await findingsOf("acme-dev", text);
    expect(findings.map((finding) => [finding.messageId, finding.severity, finding.tenant, finding.environment])).toEqual([["deleted", "warning", "acme", "dev"]]);
  });

  it("reports a plan of no known org under its label", async () => {
    const text = planText([{ name: "bot", actions: ["delete"], before: botClient() }]);
    const findings = await findingsOf("plans/other.json", text);
    expect(findings.map((finding) => [finding.messageId, finding.tenant, finding.environment, finding.file])).toEqual([["deleted", "plans/other.json", "other", "plans/other.json"]]);
  });

  it("accepts a waiver for a planned replace of one client in prod", async () => {
    const waiver: WaiverModel = {
      index: 0,
      rule: at("destructive-change"),
      tenant: at("acme"),
      environment: at("prod"),
      client: at("bot"),
      reason: at("Announced rotation of the bot connector on 2026-11-22."),
      owner: at("contact-center-platform"),
      expires: at("2026-11-30"),
      loc: LOC,
    };
    const text = planText([{ name: "bot", actions: ["delete", "create"], before: botClient(), after: botClient(), replacePaths: [["name"]] }]);
    const findings = await findingsOf("acme-prod", text, [waiver]);
    expect(findings.map((finding) => [finding.messageId, finding.severity, finding.waived])).toEqual([["replaced", "error", true]]);
  });

  it("does not run when a scan has no plan, and says nothing of it (no news on every scan of HCL)", () => {
    const model: ScopegateModel = { ...modelOf([]), source: "main.tf", terraform: { modules: [{ label: "main.tf", format: "hcl", files: ["main.tf"], blocks: [] }], plans: [] } };
    const { findings, skipped } = evaluateWithSkips(model, { today: "2026-11-21", rules: [rule] });
    expect(findings).toEqual([]);
    expect(skipped).toEqual([]);
  });
});
