import type { OAuthClientModel, ScopegateModel } from "../../../model/model";
import tokenValidity from "../../../policies/rules/token-validity";
import { BOT_CONNECTOR, config } from "../../helpers";
import { testRule } from "../rule-tester";

/** A backend whose capability (a declared profile) refreshes its token 300 s before expiry. */
const refreshingBackend = (extra: string) =>
  config({
    clients: `token-broker:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [token-broker]\n  roles: [{ role: Token Broker }]${extra}`,
    top: "profiles:\n  token-broker: { permissions: [directory:user:view], refreshWindowSeconds: 300 }",
  });

testRule(tokenValidity, {
  valid: [
    { name: "the provider's default lifetime (86400 s, the prod maximum)", yaml: config({ clients: BOT_CONNECTOR }) },
    { name: "a lifetime above twice its capability's 300 s refresh window", yaml: refreshingBackend("\n  tokenValiditySeconds: 601") },
    { name: "a SCIM client known by its capability, without scopes, above 172800 s when policy raises the tier maximum", yaml: config({ clients: `scim-sync:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [scim-provisioning]\n  roles: [{ role: Identity Provisioning }]\n  tokenValiditySeconds: 2592000`, top: "profiles:\n  scim-provisioning: { scopes: { allow: [scim] } }\npolicy:\n  tiers:\n    prod: { maxTokenValiditySeconds: 2592000 }\n    nonprod: { maxTokenValiditySeconds: 2592000 }" }) },
    { name: "a SCIM client above 172800 s when policy raises the tier maximum", yaml: config({ clients: `scim-sync:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [scim]\n  scopes: [scim]\n  roles: [{ role: SCIM }]\n  tokenValiditySeconds: 2592000`, top: "profiles:\n  scim: { scopes: { require: [scim] } }\npolicy:\n  tiers:\n    prod: { maxTokenValiditySeconds: 2592000 }\n    nonprod: { maxTokenValiditySeconds: 2592000 }" }) },
  ],
  invalid: [
    {
      name: "a lifetime above the documented 172800 s",
      yaml: config({ clients: BOT_CONNECTOR + "\n  tokenValiditySeconds: 259200\n  only: [dev]" }),
      findings: [{ messageId: "outsideProviderRange", at: "tokenValiditySeconds: 259200", data: { seconds: 259200, max: 172800 } }],
    },
    {
      name: "a lifetime above the prod maximum but within nonprod's",
      yaml: config({ clients: BOT_CONNECTOR + "\n  tokenValiditySeconds: 172800" }),
      findings: [{ messageId: "aboveTierMaximum", at: "tokenValiditySeconds: 172800", environment: "prod", severity: "error", data: { tier: "prod", maximum: 86400, source: "" } }],
    },
    {
      name: "the provider's default lifetime when policy lowers the prod maximum",
      yaml: config({ clients: BOT_CONNECTOR + "\n  only: [prod]", top: "policy:\n  tiers:\n    prod: { maxTokenValiditySeconds: 43200 }" }),
      findings: [{ messageId: "aboveTierMaximum", at: "bot-connector:", data: { seconds: 86400, source: " (the provider's default)", maximum: 43200 } }],
    },
    {
      name: "a lifetime at twice its capability's refresh window (constant refresh)",
      yaml: refreshingBackend("\n  tokenValiditySeconds: 600\n  only: [dev]"),
      findings: [{ messageId: "constantRefresh", at: "tokenValiditySeconds: 600", severity: "warning", data: { capability: "token-broker", window: 300, minimum: 600 } }],
    },
  ],
});

/** Each client as a scan could read it (values the YAML schema rejects), through `change`. */
const scanned = (change: (client: OAuthClientModel) => OAuthClientModel) => (model: ScopegateModel): ScopegateModel => ({
  ...model,
  environments: model.environments.map((org) => ({ ...org, oauthClients: org.oauthClients.map(change) })),
});
const RAISED_MAXIMUM = "policy:\n  tiers:\n    prod: { maxTokenValiditySeconds: 2592000 }\n    nonprod: { maxTokenValiditySeconds: 2592000 }";

testRule(tokenValidity, {
  valid: [
    { name: "the documented minimum, 300 s", yaml: config({ clients: BOT_CONNECTOR + "\n  tokenValiditySeconds: 300" }) },
    {
      name: "a SCIM client known by its scope only, above 172800 s when policy raises the tier maximum",
      yaml: config({ clients: `directory-sync:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [directory-sync]\n  scopes: [scim, users:readonly]\n  roles: [{ role: Directory Sync }]\n  tokenValiditySeconds: 2592000`, top: `profiles:\n  directory-sync: { scopes: { allow: [scim, users:readonly] } }\n${RAISED_MAXIMUM}` }),
    },
    {
      name: "a SCIM client known by a capability ending in 'scim', with another capability besides",
      yaml: config({ clients: `okta-bridge:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [analytics-export, okta-scim]\n  roles: [{ role: Okta Bridge }]\n  tokenValiditySeconds: 2592000`, top: `profiles:\n  okta-scim: { scopes: { allow: [scim] } }\n${RAISED_MAXIMUM}` }),
    },
    {
      name: "a scanned client whose token validity is computed, even where the provider's default would be above the tier maximum",
      yaml: config({ clients: BOT_CONNECTOR + "\n  only: [prod]", top: "policy:\n  tiers:\n    prod: { maxTokenValiditySeconds: 43200 }" }),
      mutate: scanned((client) => ({ ...client, unknown: new Set(["tokenValiditySeconds"] as const) })),
      skipped: ["OAuth clients whose token validity is computed (not literal) were not checked."],
    },
    {
      name: "a scanned client with a capability no profile declares (least-privilege notes it)",
      yaml: config({ clients: BOT_CONNECTOR }),
      mutate: scanned((client) => ({ ...client, capabilities: [...client.capabilities, { value: "crm-export", loc: client.loc }] })),
    },
  ],
  invalid: [
    {
      name: "a scanned lifetime under the documented 300 s",
      yaml: config({ clients: BOT_CONNECTOR + "\n  tokenValiditySeconds: 300\n  only: [dev]" }),
      mutate: scanned((client) => ({ ...client, tokenValiditySeconds: { value: 299, loc: client.tokenValiditySeconds!.loc } })),
      findings: [{ messageId: "outsideProviderRange", at: "tokenValiditySeconds: 300", data: { seconds: 299, min: 300 } }],
    },
    {
      name: "a lifetime above 172800 s for a client whose capability only contains the letters 'scim' (not SCIM)",
      yaml: config({ clients: `scimitar:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [scimitar-export]\n  roles: [{ role: Export }]\n  tokenValiditySeconds: 2592000\n  only: [dev]`, top: `profiles:\n  scimitar-export: { scopes: { allow: [users:readonly] } }\n${RAISED_MAXIMUM}` }),
      findings: [{ messageId: "outsideProviderRange", at: "tokenValiditySeconds: 2592000", data: { seconds: 2592000, max: 172800 } }],
    },
  ],
});

/** SCIM clients by role: CLIENT-CREDENTIALS clients holding a role whose name has the word SCIM. */
const SCIM_MAXIMUM = "policy:\n  tiers:\n    prod: { maxTokenValiditySeconds: 38880000 }\n    nonprod: { maxTokenValiditySeconds: 38880000 }";
const scimClient = (role: string, seconds: number, extra = "") =>
  config({ clients: `scim-sync:\n  grant: CLIENT-CREDENTIALS\n  roles: [{ role: ${role} }]\n  tokenValiditySeconds: ${seconds}${extra}`, top: SCIM_MAXIMUM });
/** Each org as a scan of its stack would make it, each role grant changed by `change`. */
const scannedRoles = (change: (role: OAuthClientModel["roles"][number]["role"]) => OAuthClientModel["roles"][number]["role"]) => (model: ScopegateModel): ScopegateModel =>
  scanned((client) => ({ ...client, roles: client.roles.map((grant) => ({ ...grant, role: change(grant.role) })) }))({
    ...model,
    environments: model.environments.map((org) => ({ ...org, scannedFrom: org.stackName })),
  });

testRule(tokenValidity, {
  valid: [],
  invalid: [
    {
      name: "a client whose capability also calls a non-SCIM operation: not a SCIM client by its operations",
      yaml: config({
        clients: `okta:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [okta-provisioning]\n  roles: [{ role: Okta Provisioning }]\n  tokenValiditySeconds: 2592000\n  only: [prod]`,
        top: `profiles:\n  okta-provisioning:\n    operations: [getScimV2Users, getUsers]\n${RAISED_MAXIMUM}`,
      }),
      findings: [{ messageId: "outsideProviderRange", at: "tokenValiditySeconds: 2592000" }],
    },
  ],
});

testRule(tokenValidity, {
  valid: [
    { name: "a SCIM client known by its role only (no scopes, no capabilities) at 450 days, 38880000 s, when policy allows it", yaml: scimClient("SCIM Integration", 38880000) },
    { name: "a SCIM role named in lower case, the word between other characters ('okta_scim-provisioning')", yaml: scimClient("okta_scim-provisioning", 2592000) },
    { name: "a SCIM client at the documented minimum, 300 s", yaml: scimClient("SCIM Integration", 300) },
    {
      name: "a scanned client whose grant is computed, holding a SCIM role read through a role data source",
      yaml: scimClient("SCIM Integration", 2592000),
      mutate: (model) =>
        scannedRoles((role) => ({ ...role, reference: "data.genesyscloud_auth_role.scim.id" }))(
          scanned((client) => ({ ...client, grant: { ...client.grant, value: "" as OAuthClientModel["grant"]["value"] }, unknown: new Set(["grant"] as const) }))(model),
        ),
    },
    {
      name: "a provisioning client whose capability calls only the SCIM API, whatever its role is called",
      yaml: config({
        clients: `okta:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [okta-provisioning]\n  roles: [{ role: Okta Provisioning }]\n  tokenValiditySeconds: 2592000`,
        top: `profiles:\n  okta-provisioning:\n    operations: [getScimV2Users, postScimV2Users, "PATCH /api/v2/scim/v2/users/{userId}"]\n${RAISED_MAXIMUM}`,
      }),
    },
    {
      name: "a scanned SCIM role read by name through a role data source",
      yaml: scimClient("SCIM Integration", 2592000),
      mutate: scannedRoles((role) => ({ ...role, reference: "data.genesyscloud_auth_role.scim.id" })),
    },
  ],
  invalid: [
    {
      name: "a role-declared SCIM client above 38880000 s (450 days), as a scan can read it",
      yaml: scimClient("SCIM Integration", 38880000, "\n  only: [prod]"),
      mutate: scanned((client) => ({ ...client, tokenValiditySeconds: { value: 38880001, loc: client.tokenValiditySeconds!.loc } })),
      findings: [{ messageId: "outsideScimRange", at: "tokenValiditySeconds: 38880000", severity: "error", data: { seconds: 38880001, evidence: "role 'SCIM Integration'", min: 300, scimMax: 38880000 } }],
    },
    {
      name: "a SCIM client by scope under the documented 300 s",
      yaml: config({ clients: `scim-sync:\n  grant: CLIENT-CREDENTIALS\n  scopes: [scim:readonly]\n  roles: [{ role: Directory Reader }]\n  tokenValiditySeconds: 300\n  only: [dev]` }),
      mutate: scanned((client) => ({ ...client, tokenValiditySeconds: { value: 299, loc: client.tokenValiditySeconds!.loc } })),
      findings: [{ messageId: "outsideScimRange", at: "tokenValiditySeconds: 300", severity: "warning", data: { seconds: 299, evidence: "scope 'scim:readonly'" } }],
    },
    {
      name: "a non-SCIM client at 172801 s, one second above the documented 48 h",
      yaml: scimClient("Directory Reader", 172801, "\n  only: [dev]"),
      findings: [{ messageId: "outsideProviderRange", at: "tokenValiditySeconds: 172801", severity: "warning", data: { seconds: 172801, max: 172800, scimMax: 38880000 } }],
    },
    {
      name: "a role whose name only contains the letters 'scim' ('Scimitar Export')",
      yaml: scimClient("Scimitar Export", 2592000, "\n  only: [prod]"),
      findings: [{ messageId: "outsideProviderRange", at: "tokenValiditySeconds: 2592000", data: { seconds: 2592000 } }],
    },
    {
      name: "a CODE client with a scim scope (a user-facing app, not a SCIM client)",
      yaml: config({ clients: `admin-portal:\n  grant: CODE\n  capabilities: [web-messaging]\n  scopes: [messaging, scim]\n  redirectUris: [https://portal.example.com/callback]\n  tokenValiditySeconds: 2592000\n  only: [prod]`, top: SCIM_MAXIMUM }),
      findings: [{ messageId: "outsideProviderRange", at: "tokenValiditySeconds: 2592000", data: { seconds: 2592000 } }],
    },
    {
      name: "a scanned role whose name the scan could not read, even one whose expression says 'scim' (no guess)",
      yaml: scimClient("SCIM Integration", 2592000, "\n  only: [prod]"),
      mutate: scannedRoles((role) => ({ ...role, value: "${data.genesyscloud_auth_role.scim.id}", reference: "data.genesyscloud_auth_role.scim.id" })),
      findings: [{ messageId: "outsideProviderRange", at: "tokenValiditySeconds: 2592000", data: { seconds: 2592000 } }],
    },
    {
      name: "a scanned role given by a variable, even one whose name says 'scim' (no lookup to read a name from)",
      yaml: scimClient("SCIM Integration", 2592000, "\n  only: [prod]"),
      mutate: scannedRoles((role) => ({ ...role, value: "${var.scim_role_id}", reference: undefined })),
      findings: [{ messageId: "outsideProviderRange", at: "tokenValiditySeconds: 2592000", data: { seconds: 2592000 } }],
    },
    {
      name: "SCIM clients by a capability named for SCIM and by a capability that calls only the SCIM API, above 38880000 s, each with its evidence",
      yaml: config({
        clients: [
          `okta-bridge:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [okta-scim]\n  roles: [{ role: Okta Bridge }]\n  tokenValiditySeconds: 38880000\n  only: [prod]`,
          `okta:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [okta-provisioning]\n  roles: [{ role: Okta Provisioning }]\n  tokenValiditySeconds: 3600\n  only: [prod]`,
        ].join("\n"),
        top: `profiles:\n  okta-scim: { scopes: { allow: [scim] } }\n  okta-provisioning:\n    operations: [getScimV2Users]\n${SCIM_MAXIMUM}`,
      }),
      mutate: scanned((client) => ({ ...client, tokenValiditySeconds: { value: 38880001, loc: client.tokenValiditySeconds!.loc } })),
      findings: [
        { messageId: "outsideScimRange", at: "tokenValiditySeconds: 38880000", data: { client: "okta-bridge", evidence: "capability 'okta-scim'" } },
        { messageId: "outsideScimRange", at: "tokenValiditySeconds: 3600", data: { client: "okta", evidence: "capability 'okta-provisioning', which calls only the SCIM API" } },
      ],
    },
    {
      name: "a SCIM client above the tier's maximum: the maximum holds for SCIM clients too",
      yaml: config({ clients: `scim-sync:\n  grant: CLIENT-CREDENTIALS\n  roles: [{ role: SCIM Integration }]\n  tokenValiditySeconds: 2592000` }),
      findings: [
        { messageId: "aboveTierMaximum", at: "tokenValiditySeconds: 2592000", environment: "dev", severity: "warning", data: { tier: "nonprod", maximum: 172800 } },
        { messageId: "aboveTierMaximum", at: "tokenValiditySeconds: 2592000", environment: "prod", severity: "error", data: { tier: "prod", maximum: 86400 } },
      ],
    },
  ],
});
