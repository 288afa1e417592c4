import { describe, expect, it } from "vitest";
import { loadConfigText } from "../../../config/load";
import { evaluateWithSkips } from "../../../policies/engine";
import leastPrivilege from "../../../policies/rules/least-privilege";
import { config, orgsYaml } from "../../helpers";
import { scannedClients, testRule } from "../rule-tester";
import { SKIP_REASONS } from "../../../policies/rule";

/** A Bot Connector integration's client, granted the role scopegate creates. */
const BOT_CONNECTOR = `bot-connector:
  grant: CLIENT-CREDENTIALS
  capabilities: [bot-connector]
  roles: [{ role: Bot Connector Integration }]`;

/** A reporting app (CODE grant) with capability analytics-export and `scopes`. */
const reportingApp = (scopes: string, more = "") =>
  config({ clients: `reports:\n  grant: CODE\n  capabilities: [analytics-export${more}]\n  scopes: [${scopes}]\n  redirectUris: [https://reports.acme.example/cb]` });

/** A bot connector granted the created role 'Bot Connector Integration' holding `permissions`. */
const botRole = (permissions: string, client = BOT_CONNECTOR) =>
  config({ clients: client, top: `roles:\n  Bot Connector Integration:\n    permissions:\n${permissions.split(", ").map((permission) => `      - "${permission}"`).join("\n")}` });

testRule(leastPrivilege, {
  valid: [
    { name: "a bot connector with roles and no scopes", yaml: config({ clients: BOT_CONNECTOR }) },
    { name: "a user-grant client with the scopes its operations allow", yaml: reportingApp("analytics:readonly") },
    { name: "a scope another capability of the client allows", yaml: reportingApp("analytics:readonly, users:readonly", ", directory-sync") },
    { name: "a scope the profile allows by pattern (webdeployments:* for web-messaging)", yaml: config({ clients: `widget:\n  grant: CODE\n  capabilities: [web-messaging]\n  scopes: [messaging, webdeployments:readonly]\n  redirectUris: [https://chat.acme.example/cb]` }) },
    { name: "a created role holding exactly what its clients' operations need", yaml: botRole("integration:botconnector:view, integration:botconnector:edit") },
    {
      name: "a wildcard that covers only permissions its clients need (textbots:botFlowSession:* is only 'execute')",
      yaml: config({
        clients: `sessions:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [bot-session]\n  roles: [{ role: Bot Flows }]`,
        top: 'roles:\n  Bot Flows:\n    permissions: ["textbots:botFlowSession:*"]',
      }),
    },
    {
      name: "an existing role holding more than needed (not scopegate's to trim)",
      yaml: config({ clients: BOT_CONNECTOR, top: "roles:\n  Bot Connector Integration:\n    existing: true\n    permissions: [integration:botconnector:view, integration:botconnector:edit, routing:queue:edit]" }),
    },
    {
      name: "a created role no client holds (it may be meant for people)",
      yaml: config({ clients: BOT_CONNECTOR, top: "roles:\n  Supervisors:\n    permissions: [routing:queue:edit]" }),
    },
    {
      name: "either permission of an ANY operation counts as needed",
      yaml: config({
        clients: `export:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [conversation-export]\n  roles: [{ role: Export }]`,
        top: "roles:\n  Export:\n    permissions: [analytics:agentConversationDetail:view]",
      }),
    },
  ],
  invalid: [
    {
      name: "a user-grant scope none of the client's capabilities allows, as a warning in nonprod and an error in prod",
      yaml: reportingApp("analytics:readonly, users"),
      findings: [
        { messageId: "scopeNotAllowed", at: "scopes: [analytics:readonly, users]", environment: "dev", severity: "warning", data: { scope: "users", capabilities: "'analytics-export'" } },
        { messageId: "scopeNotAllowed", at: "scopes: [analytics:readonly, users]", environment: "prod", severity: "error" },
      ],
    },
    {
      name: "scopes on a CLIENT-CREDENTIALS client, which Genesys ignores: a warning in every tier",
      yaml: config({ clients: BOT_CONNECTOR.replace("  roles:", "  scopes: [textbots]\n  roles:") }),
      findings: [
        { messageId: "scopesIgnored", at: "scopes: [textbots]", environment: "dev", severity: "warning", data: { scopes: "'textbots'" } },
        { messageId: "scopesIgnored", at: "scopes: [textbots]", environment: "prod", severity: "warning" },
      ],
    },
    {
      name: "a client with no capabilities",
      yaml: config({ clients: `legacy:\n  grant: CLIENT-CREDENTIALS\n  roles: [{ role: Legacy }]\n  only: [dev]` }),
      findings: [{ messageId: "noCapabilities", at: "legacy:", data: { client: "legacy" } }],
    },
    {
      name: "a created role's permission no capability of its clients needs, once, in the tier of its strictest client",
      yaml: botRole("integration:botconnector:view, integration:botconnector:edit, routing:queue:edit"),
      findings: [{ messageId: "unneededPermission", at: '"routing:queue:edit"', environment: "prod", severity: "error", data: { role: "Bot Connector Integration", permission: "routing:queue:edit", capabilities: "'bot-connector'" } }],
    },
    {
      name: "a created role's wildcard that covers more than its clients need",
      yaml: botRole("integration:*:*"),
      findings: [
        {
          messageId: "widerThanNeeded",
          at: '"integration:*:*"',
          data: { permission: "integration:*:*", needed: "'integration:botconnector:edit', 'integration:botconnector:view'", extra: "'integration:botconnector:send', 'integration:presence:edit', 'integration:unifiedCommunications:view'" },
        },
      ],
    },
    {
      name: "nothing in prod when policy turns the rule off there",
      yaml: reportingApp("analytics:readonly, users").replace(/$/, "policy:\n  tiers:\n    prod: { rules: { least-privilege: off } }\n"),
      findings: [{ messageId: "scopeNotAllowed", at: "scopes: [analytics:readonly, users]", environment: "dev" }],
    },
  ],
});

testRule(leastPrivilege, {
  valid: [
    {
      name: "a user-grant scope where a capability's operation has scopes the catalog does not know (a skip note instead)",
      yaml: config({
        clients: `app:\n  grant: CODE\n  capabilities: [bots]\n  scopes: [textbots:readonly]\n  redirectUris: [https://x.acme.example/cb]`,
        top: "profiles:\n  bots:\n    operations: [\"GET /api/v2/integrations/botconnectors/{integrationId}/bots\"]",
      }),
    },
    {
      name: "a user-grant scope where a capability's profile names only permissions",
      yaml: config({
        clients: `app:\n  grant: CODE\n  capabilities: [sync]\n  scopes: [users:readonly]\n  redirectUris: [https://x.acme.example/cb]`,
        top: "profiles:\n  sync:\n    permissions: [directory:user:view]",
      }),
    },
  ],
  invalid: [
    {
      name: "a created role held by two tenants' clients: once per tenant, each in its own strictest org",
      yaml: `version: 1\ntenants:\n  acme:\n${orgsYaml({ dev: {}, prod: {} })}    oauthClients:\n      bot:\n        grant: CLIENT-CREDENTIALS\n        capabilities: [bot-connector]\n        roles: [{ role: Bot }]\n  globex:\n${orgsYaml({ dev: {} }).replace(/acme/g, "globex").replace(/ACME/g, "GLOBEX")}    oauthClients:\n      bot:\n        grant: CLIENT-CREDENTIALS\n        capabilities: [bot-connector]\n        roles: [{ role: Bot }]\nroles:\n  Bot:\n    permissions: [integration:botconnector:view, integration:botconnector:edit, "routing:queue:edit"]\n`,
      findings: [
        { messageId: "unneededPermission", at: '"routing:queue:edit"', environment: "prod", severity: "error" },
        { messageId: "unneededPermission", at: '"routing:queue:edit"', environment: "dev", severity: "warning" },
      ],
    },
  ],
});

const ROLE_NEEDS_UNKNOWN = "Roles granted to a client whose capabilities name no operations or permissions (or are unknown) were not compared with what their clients need.";
/** A CODE client with capability `web-messaging` and scopes `messaging` and `users` (which web-messaging does not allow). */
const WIDGET = `widget:\n  grant: CODE\n  capabilities: [web-messaging]\n  scopes: [messaging, users]\n  redirectUris: [https://chat.acme.example/cb]\n  only: [dev]`;
/** A client of capability `sync` (a declared profile: `profile`, flow mapping inside) with `scopes`. */
const syncApp = (profile: string, scopes: string) =>
  config({ clients: `app:\n  grant: CODE\n  capabilities: [sync]\n  scopes: [${scopes}]\n  redirectUris: [https://x.acme.example/cb]\n  only: [dev]`, top: `profiles:\n  sync: { ${profile} }` });

testRule(leastPrivilege, {
  valid: [
    {
      name: "a scanned user-grant client with a capability no profile declares (a note instead)",
      yaml: config({ clients: WIDGET }),
      mutate: scannedClients((client) => ({ ...client, capabilities: [...client.capabilities, { value: "crm-export", loc: client.loc }] })),
      skipped: [SKIP_REASONS.unknownProfile],
    },
    {
      name: "a scanned client whose grant is computed (a note instead)",
      yaml: config({ clients: WIDGET }),
      mutate: scannedClients((client) => ({ ...client, grant: { ...client.grant, value: "" as never }, unknown: new Set(["grant"] as const) })),
      skipped: [SKIP_REASONS.grantUnknown],
    },
    {
      name: "a created role held by a scanned client whose capabilities are computed, even where some were read (a note instead)",
      yaml: botRole("integration:botconnector:view, integration:botconnector:edit, routing:queue:edit"),
      mutate: scannedClients((client) => ({ ...client, unknown: new Set(["capabilities"] as const) })),
      skipped: [SKIP_REASONS.noCapabilities, ROLE_NEEDS_UNKNOWN],
    },
    {
      name: "a created role held by a client whose capability names no operations or permissions (a note instead)",
      yaml: botRole("routing:queue:edit", BOT_CONNECTOR.replace("[bot-connector]", "[web-messaging]")),
      skipped: [ROLE_NEEDS_UNKNOWN],
    },
  ],
  invalid: [
    {
      name: "a scope beyond a profile that requires scopes by name and allows none besides",
      yaml: syncApp("scopes: { require: [messaging] }", "messaging, users"),
      findings: [{ messageId: "scopeNotAllowed", at: "scopes: [messaging, users]", data: { scope: "users", capabilities: "'sync'" } }],
      skipped: [],
    },
    {
      name: "a scope beyond a profile that only allows scopes",
      yaml: syncApp("scopes: { allow: [messaging] }", "messaging, users"),
      findings: [{ messageId: "scopeNotAllowed", at: "scopes: [messaging, users]", data: { scope: "users", capabilities: "'sync'" } }],
      skipped: [],
    },
    {
      name: "a scope none of two capabilities allows, naming both",
      yaml: reportingApp("analytics:readonly, messaging", ", directory-sync").replace("redirectUris:", "only: [dev]\n        redirectUris:"),
      findings: [{ messageId: "scopeNotAllowed", at: "scopes: [analytics:readonly, messaging]", data: { scope: "messaging", capabilities: "'analytics-export', 'directory-sync'" } }],
    },
    {
      name: "several scopes on a CLIENT-CREDENTIALS client, all named",
      yaml: config({ clients: BOT_CONNECTOR.replace("  roles:", "  scopes: [textbots, textbots:readonly]\n  roles:") + "\n  only: [dev]" }),
      findings: [{ messageId: "scopesIgnored", at: "scopes: [textbots, textbots:readonly]", data: { scopes: "'textbots', 'textbots:readonly'" } }],
    },
    {
      name: "a created role's permission no capability of its two clients needs, naming both capabilities",
      yaml: config({
        clients: `${BOT_CONNECTOR}\n  only: [dev]\nsessions:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [bot-session]\n  roles: [{ role: Bot Connector Integration }]\n  only: [dev]`,
        top: 'roles:\n  Bot Connector Integration:\n    permissions: [integration:botconnector:view, integration:botconnector:edit, textbots:botFlowSession:execute, "routing:queue:edit"]',
      }),
      findings: [{ messageId: "unneededPermission", at: '"routing:queue:edit"', data: { permission: "routing:queue:edit", capabilities: "'bot-connector', 'bot-session'" } }],
    },
    {
      name: "a created role's permission that only a user-grant client listing the role would need (a role decides only for CLIENT-CREDENTIALS)",
      yaml: config({
        clients: `${BOT_CONNECTOR}\n  only: [dev]\nreports:\n  grant: CODE\n  capabilities: [analytics-export]\n  scopes: [analytics:readonly]\n  roles: [{ role: Bot Connector Integration }]\n  redirectUris: [https://reports.acme.example/cb]\n  only: [dev]`,
        top: 'roles:\n  Bot Connector Integration:\n    permissions: [integration:botconnector:view, integration:botconnector:edit, "analytics:conversationAggregate:view"]',
      }),
      findings: [{ messageId: "unneededPermission", at: '"analytics:conversationAggregate:view"', data: { capabilities: "'bot-connector'" } }],
    },
    {
      name: "a created role held for a profile that names only permissions: a permission beyond them, and a wildcard covering many more (the first three named)",
      yaml: config({
        clients: `sync:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [sync]\n  roles: [{ role: Sync }]\n  only: [dev]`,
        top: 'profiles:\n  sync: { permissions: [directory:user:view] }\nroles:\n  Sync:\n    permissions: [directory:user:view, "directory:user:edit", "directory:*:*"]',
      }),
      findings: [
        { messageId: "unneededPermission", at: '"directory:user:edit"', data: { permission: "directory:user:edit", capabilities: "'sync'" } },
        {
          messageId: "widerThanNeeded",
          at: '"directory:*:*"',
          data: { permission: "directory:*:*", needed: "'directory:user:view'", extra: "'directory:group:add', 'directory:group:delete', 'directory:group:edit' and 12 more permissions" },
        },
      ],
    },
  ],
});

describe("least-privilege: a role whose clients' needs are unknown is a skip note", () => {
  it("does not judge a created role held by a client with no capabilities", () => {
    const loaded = loadConfigText(
      "case.yaml",
      config({
        clients: `${BOT_CONNECTOR}\nlegacy:\n  grant: CLIENT-CREDENTIALS\n  roles: [{ role: Bot Connector Integration }]\n  only: [dev]`,
        top: "roles:\n  Bot Connector Integration:\n    permissions: [integration:botconnector:view, integration:botconnector:edit, routing:queue:edit]",
      }),
    );
    if (!loaded.ok) throw new Error("does not load");
    const { findings, skipped } = evaluateWithSkips(loaded.model, { today: "2026-11-21" });
    expect(findings.filter((finding) => finding.ruleId === "least-privilege").map((finding) => finding.messageId)).toEqual(["noCapabilities"]);
    expect(skipped.filter((note) => note.ruleId === "least-privilege").map((note) => note.reason)).toEqual([expect.stringMatching(/^Roles granted to a client whose capabilities/)]);
  });
});
