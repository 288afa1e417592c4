import requiredScopes from "../../../policies/rules/required-scopes";
import { BOT_CONNECTOR, config } from "../../helpers";
import { testRule } from "../rule-tester";

testRule(requiredScopes, {
  valid: [
    { name: "a bot connector with bot:platform and bot:admin", yaml: config({ clients: BOT_CONNECTOR }) },
    {
      name: "a family requirement met by any scope of the family",
      yaml: config({ clients: `widget:\n  grant: CODE\n  capabilities: [web-messaging]\n  scopes: [messaging:readonly]\n  redirectUris: [https://chat.acme.example/cb]` }),
    },
    {
      name: "a CLIENT-CREDENTIALS client with roles and no scopes (its permissions come from roles)",
      yaml: config({ clients: `export:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [analytics-export]\n  roles: [{ role: Analytics Reader }]` }),
    },
    {
      name: "a profile permission held through a declared role",
      yaml: config({
        clients: `sync:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [crm-sync]\n  scopes: [users:readonly]\n  roles: [{ role: CRM Sync }]`,
        top: `profiles:\n  crm-sync:\n    scopes: { require: [users:readonly] }\n    permissions: [directory:user:view]\nroles:\n  CRM Sync: { permissions: ["directory:*:view"] }`,
      }),
    },
    {
      name: "a profile permission when the roles' permissions are not declared",
      yaml: config({
        clients: `sync:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [crm-sync]\n  scopes: [users:readonly]\n  roles: [{ role: CRM Sync }]`,
        top: `profiles:\n  crm-sync:\n    scopes: { require: [users:readonly] }\n    permissions: [directory:user:view]`,
      }),
    },
  ],
  invalid: [
    {
      name: "a bot connector with bot:admin alone (the classic 403 on session start)",
      yaml: config({ clients: BOT_CONNECTOR.replace("[bot:platform, bot:admin]", "[bot:admin]") }),
      findings: [
        { messageId: "missingScope", at: "capabilities: [bot-session]", environment: "dev", data: { capability: "bot-session", scope: "bot:platform" } },
        { messageId: "missingScope", at: "capabilities: [bot-session]", environment: "prod", data: { scope: "bot:platform" } },
      ],
    },
    {
      name: "a guest-token backend without externaluser:guest:create, only in the environment that overrides its scopes",
      yaml: config({
        clients: `guest-backend:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [guest-tokens]\n  scopes: [externaluser:guest:create, externaluser:guest:read]\n  roles: [{ role: Guest Issuer }]\n  environments:\n    prod: { scopes: [externaluser:guest:read] }`,
      }),
      findings: [{ messageId: "missingScope", at: "capabilities: [guest-tokens]", environment: "prod", data: { scope: "externaluser:guest:create" } }],
    },
    {
      name: "a web-messaging client without any messaging scope",
      yaml: config({ clients: `widget:\n  grant: CODE\n  capabilities: [web-messaging]\n  scopes: [webdeployments:readonly]\n  redirectUris: [https://chat.acme.example/cb]\n  only: [dev]` }),
      findings: [{ messageId: "missingScopeOfFamily", at: "capabilities: [web-messaging]", data: { pattern: "messaging:*", example: "such as 'messaging:readonly'" } }],
    },
    {
      name: "an analytics export without analytics scopes, suggesting the read-only one its profile permits",
      yaml: config({ clients: `export:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [analytics-export]\n  scopes: [users:readonly]\n  roles: [{ role: Reader }]\n  only: [dev]` }),
      findings: [{ messageId: "missingScopeOfFamily", at: "capabilities: [analytics-export]", data: { pattern: "analytics:*", example: "such as 'analytics:readonly'" } }],
    },
    {
      name: "a profile permission none of the client's declared roles grants",
      yaml: config({
        clients: `sync:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [crm-sync]\n  scopes: [users:readonly]\n  roles: [{ role: CRM Sync }]\n  only: [prod]`,
        top: `profiles:\n  crm-sync:\n    scopes: { require: [users:readonly] }\n    permissions: [directory:user:view]\nroles:\n  CRM Sync: { permissions: [presence:userPresence:view] }`,
      }),
      findings: [{ messageId: "missingPermission", at: "capabilities: [crm-sync]", data: { permission: "directory:user:view", roles: "'CRM Sync'" } }],
    },
  ],
});

testRule(requiredScopes, {
  valid: [
    {
      name: "a profile permission held by one of several declared roles, among permissions that do not cover it",
      yaml: config({
        clients: `sync:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [crm-sync]\n  scopes: [users:readonly]\n  roles: [{ role: Presence Reader }, { role: CRM Sync }]`,
        top: `profiles:\n  crm-sync:\n    scopes: { require: [users:readonly] }\n    permissions: [directory:user:view]\nroles:\n  Presence Reader: { permissions: [presence:userPresence:view] }\n  CRM Sync: { permissions: [routing:queue:view, directory:user:view] }`,
      }),
    },
  ],
  invalid: [],
});

/** A CRM sync profile needing `directory:user:view`, and what roles grant; `clients` placed under `oauthClients:`. */
const crmSync = (clients: string, roles: string) =>
  config({ clients, top: `profiles:\n  crm-sync:\n    scopes: { require: [users:readonly] }\n    permissions: [directory:user:view]\nroles:\n${roles}` });

testRule(requiredScopes, {
  valid: [
    {
      name: "a CLIENT-CREDENTIALS client without roles: not asked for permissions (grant-shape reports the missing roles)",
      yaml: crmSync(`sync:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [crm-sync]\n  scopes: [users:readonly]\n  roles: []`, "  CRM Sync: { permissions: [routing:queue:view] }"),
    },
    {
      name: "a CODE client's roles: not checked against permissions (it acts with the user's)",
      yaml: crmSync(`portal:\n  grant: CODE\n  capabilities: [crm-sync]\n  scopes: [users:readonly]\n  roles: [{ role: CRM Sync }]\n  redirectUris: [https://crm.acme.example/cb]`, "  CRM Sync: { permissions: [routing:queue:view] }"),
    },
    {
      name: "a scanned client whose scopes are computed: not taken for no scopes",
      yaml: config({ clients: `widget:\n  grant: CODE\n  capabilities: [web-messaging]\n  scopes: [users:readonly]\n  redirectUris: [https://chat.acme.example/cb]` }),
      mutate: (model) => ({
        ...model,
        environments: model.environments.map((org) => ({ ...org, oauthClients: org.oauthClients.map((client) => ({ ...client, scopes: [], unknown: new Set(["scopes"] as const) })) })),
      }),
    },
  ],
  invalid: [
    {
      name: "a CODE client that declares no scopes at all (scopes are its only permissions)",
      yaml: config({ clients: `widget:\n  grant: CODE\n  capabilities: [web-messaging]\n  redirectUris: [https://chat.acme.example/cb]\n  only: [dev]` }),
      findings: [{ messageId: "missingScopeOfFamily", at: "capabilities: [web-messaging]", data: { pattern: "messaging:*" } }],
    },
    {
      name: "a profile permission neither of two declared roles grants, naming both",
      yaml: crmSync(
        `sync:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [crm-sync]\n  scopes: [users:readonly]\n  roles: [{ role: CRM Sync }, { role: Presence Reader }]\n  only: [dev]`,
        "  CRM Sync: { permissions: [routing:queue:view] }\n  Presence Reader: { permissions: [presence:userPresence:view] }",
      ),
      findings: [{ messageId: "missingPermission", at: "capabilities: [crm-sync]", data: { permission: "directory:user:view", roles: "'CRM Sync', 'Presence Reader'" } }],
    },
    {
      name: "a required '*:readonly' met by no scope, with how to meet it",
      yaml: config({
        clients: `audit:\n  grant: CODE\n  capabilities: [audit]\n  scopes: [users]\n  redirectUris: [https://audit.acme.example/cb]\n  only: [dev]`,
        top: "profiles:\n  audit: { scopes: { require: ['*:readonly'], allow: [users] } }",
      }),
      findings: [{ messageId: "missingScopeOfFamily", at: "capabilities: [audit]", data: { pattern: "*:readonly", example: "any scope ending in ':readonly'" } }],
    },
    {
      name: "a required family its profile permits by name only, suggesting that name",
      yaml: config({
        clients: `reports:\n  grant: CODE\n  capabilities: [reports]\n  scopes: [users:readonly]\n  redirectUris: [https://reports.acme.example/cb]\n  only: [dev]`,
        top: "profiles:\n  reports: { scopes: { require: ['analytics:*', analytics:readonly], allow: [users:readonly] } }",
      }),
      findings: [
        { messageId: "missingScope", at: "capabilities: [reports]", data: { scope: "analytics:readonly" } },
        { messageId: "missingScopeOfFamily", at: "capabilities: [reports]", data: { pattern: "analytics:*", example: "such as 'analytics:readonly'" } },
      ],
    },
    {
      name: "a required family its profile does not otherwise permit, suggesting the family's own name",
      yaml: config({
        clients: `reports:\n  grant: CODE\n  capabilities: [reports]\n  scopes: [users:readonly]\n  redirectUris: [https://reports.acme.example/cb]\n  only: [dev]`,
        top: "profiles:\n  reports: { scopes: { require: ['analytics:*'], allow: [users:readonly] } }",
      }),
      findings: [{ messageId: "missingScopeOfFamily", at: "capabilities: [reports]", data: { pattern: "analytics:*", example: "such as 'analytics'" } }],
    },
  ],
});
