import tokenValidity from "../../../policies/rules/token-validity";
import { BOT_CONNECTOR, config } from "../../helpers";
import { testRule } from "../rule-tester";

const guestBackend = (extra: string) =>
  config({ clients: `guest-backend:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [guest-tokens]\n  scopes: [externaluser:guest:create, externaluser:guest:read]\n  roles: [{ role: Guest Issuer }]${extra}` });

testRule(tokenValidity, {
  valid: [
    { name: "the provider's default lifetime (86400 s, the prod maximum)", yaml: config({ clients: BOT_CONNECTOR }) },
    { name: "a guest-token lifetime above twice its 300 s refresh window", yaml: guestBackend("\n  tokenValiditySeconds: 601") },
    { name: "a SCIM client known by its capability, without scopes, above 172800 s when policy raises the tier maximum", yaml: config({ clients: `scim-sync:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [scim-provisioning]\n  roles: [{ role: SCIM }]\n  tokenValiditySeconds: 2592000`, top: "profiles:\n  scim-provisioning: { scopes: { allow: [scim] } }\npolicy:\n  tiers:\n    prod: { maxTokenValiditySeconds: 2592000 }\n    nonprod: { maxTokenValiditySeconds: 2592000 }" }) },
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
      name: "a guest-token lifetime at twice its refresh window (constant refresh)",
      yaml: guestBackend("\n  tokenValiditySeconds: 600\n  only: [dev]"),
      findings: [{ messageId: "constantRefresh", at: "tokenValiditySeconds: 600", severity: "warning", data: { capability: "guest-tokens", window: 300, minimum: 600 } }],
    },
  ],
});
