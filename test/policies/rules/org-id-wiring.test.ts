import orgIdWiring from "../../../policies/rules/org-id-wiring";
import { BOT_CONNECTOR, config, orgsYaml } from "../../helpers";
import { testRule } from "../rule-tester";

const ID_A = "2f6a4c1e-5d0b-4b7e-9c1d-3e8f1a2b4c6d";
const ID_B = "9b1d7e2a-6c3f-4c3f-8e5a-7d2c9e0f1a3b";
const orgsWithBindings = (dev: string, prod: string) => orgsYaml({ dev: { bindings: dev }, prod: { bindings: prod } });

testRule(orgIdWiring, {
  valid: [
    { name: "roles and divisions by name", yaml: config({ clients: BOT_CONNECTOR.replace("{ role: Bot Connector Integration }", "{ role: Bot Connector Integration, division: Customer Care }") }) },
    { name: "the same id of another system (an identity provider's tenant) in every org", yaml: config({ clients: BOT_CONNECTOR, orgs: orgsWithBindings(`azureTenantId: ${ID_A}`, `azureTenantId: ${ID_A}`) }) },
    { name: "a different deployment id per environment", yaml: config({ clients: BOT_CONNECTOR, orgs: orgsWithBindings(`deploymentId: ${ID_A}`, `deploymentId: ${ID_B}`) }) },
  ],
  invalid: [
    {
      name: "a literal role id copied into the declaration (error in prod, not waivable there)",
      yaml: config({
        clients: BOT_CONNECTOR.replace("{ role: Bot Connector Integration }", `{ role: ${ID_A} }`) + "\n  only: [prod]",
        top: `policy:\n  waivers:\n    - { rule: org-id-wiring, tenant: acme, reason: copied from the Dev org for now, owner: platform, expires: 2099-12-31 }`,
      }),
      findings: [{ messageId: "literalRoleId", at: `role: ${ID_A}`, severity: "error", waived: false, data: { id: ID_A } }],
    },
    {
      name: "a literal division id",
      yaml: config({ clients: BOT_CONNECTOR.replace("{ role: Bot Connector Integration }", `{ role: Bot Connector Integration, division: ${ID_A} }`) + "\n  only: [dev]" }),
      findings: [{ messageId: "literalDivisionId", at: `division: ${ID_A}`, data: { id: ID_A } }],
    },
    {
      name: "a typed-in org id binding",
      yaml: config({ clients: BOT_CONNECTOR, orgs: orgsWithBindings(`genesysOrgId: ${ID_A}`, `deploymentId: ${ID_B}`) }),
      findings: [{ messageId: "literalOrgId", at: `genesysOrgId: ${ID_A}`, environment: "dev", target: "binding/genesysOrgId", data: { binding: "genesysOrgId" } }],
    },
    {
      name: "the same deployment id in Dev and Prod, in both orgs",
      yaml: config({ clients: BOT_CONNECTOR, orgs: orgsWithBindings(`deploymentId: ${ID_A}`, `deploymentId: ${ID_A.toUpperCase()}`) }),
      findings: [
        { messageId: "sharedLiteralId", at: `deploymentId: ${ID_A} }`, environment: "dev", target: "binding/deploymentId", data: { stack: "acme-dev", others: "binding 'deploymentId' of 'acme-prod'" } },
        { messageId: "sharedLiteralId", at: `deploymentId: ${ID_A.toUpperCase()}`, environment: "prod", severity: "error", data: { stack: "acme-prod", others: "binding 'deploymentId' of 'acme-dev'" } },
      ],
    },
    {
      name: "a copied queue id in prod even when nonprod turns the rule off and prod is declared first",
      yaml: config({
        clients: BOT_CONNECTOR,
        orgs: orgsWithBindings(`supportQueueId: ${ID_B}`, `supportQueueId: ${ID_B.toUpperCase()}`).replace(/      dev:\n([\s\S]*?)      prod:\n([\s\S]*)$/, "      prod:\n$2      dev:\n$1"),
        top: "policy:\n  tiers:\n    nonprod: { rules: { org-id-wiring: off } }",
      }),
      findings: [{ messageId: "sharedLiteralId", at: `supportQueueId: ${ID_B.toUpperCase()}`, environment: "prod", severity: "error" }],
    },
  ],
});

testRule(orgIdWiring, {
  valid: [
    {
      name: "role and division names that contain an id among other words (names, not ids)",
      yaml: config({ clients: BOT_CONNECTOR.replace("{ role: Bot Connector Integration }", `{ role: "Bot Connector ${ID_A}", division: "${ID_B} Care" }, { role: "${ID_B} Bot Connector" }`) }),
    },
  ],
  invalid: [],
});

testRule(orgIdWiring, {
  valid: [
    {
      name: "an identity provider's tenant id under a name that only contains 'Id' (userIdpTenant), in every org",
      yaml: config({ clients: BOT_CONNECTOR, orgs: orgsWithBindings(`userIdpTenant: ${ID_A}`, `userIdpTenant: ${ID_A}`) }),
    },
    {
      name: "the same placeholder that is not an id, under an id's name, in two orgs",
      yaml: config({ clients: BOT_CONNECTOR, orgs: orgsWithBindings("deploymentId: pending", "deploymentId: pending") }),
    },
  ],
  invalid: [
    {
      name: "typed-in org ids under a name written with '_', and under one ending in 'OrganizationId'",
      yaml: config({ clients: BOT_CONNECTOR, orgs: orgsWithBindings(`genesys_org_id: ${ID_A}`, `genesysOrganizationId: ${ID_B}`) }),
      findings: [
        { messageId: "literalOrgId", at: `genesys_org_id: ${ID_A}`, environment: "dev", data: { binding: "genesys_org_id" } },
        { messageId: "literalOrgId", at: `genesysOrganizationId: ${ID_B}`, environment: "prod", data: { binding: "genesysOrganizationId" } },
      ],
    },
    {
      name: "a wrap-up code id copied between orgs, under 'wrapup_id' (without 'code')",
      yaml: config({ clients: BOT_CONNECTOR, orgs: orgsWithBindings(`wrapup_id: ${ID_A}`, `wrapup_id: ${ID_A.toUpperCase()}`) }),
      findings: [
        { messageId: "sharedLiteralId", at: `wrapup_id: ${ID_A} }`, environment: "dev", data: { what: "binding 'wrapup_id'", others: "binding 'wrapup_id' of 'acme-prod'" } },
        { messageId: "sharedLiteralId", at: `wrapup_id: ${ID_A.toUpperCase()}`, environment: "prod", data: { what: "binding 'wrapup_id'", others: "binding 'wrapup_id' of 'acme-dev'" } },
      ],
    },
    {
      name: "the same literal role id and division id in three orgs, each naming the other two",
      yaml: config({
        clients: BOT_CONNECTOR.replace("{ role: Bot Connector Integration }", `{ role: ${ID_A}, division: ${ID_B} }`) + "\n  only: [dev, prod]",
        orgs: orgsYaml({ dev: {}, test: {}, prod: {} }),
      }).replace("    oauthClients:\n", `    oauthClients:\n      twin:\n        grant: CLIENT-CREDENTIALS\n        capabilities: [bot-connector]\n        roles: [{ role: ${ID_A} }]\n        only: [test]\n`),
      findings: [
        { messageId: "sharedLiteralId", at: `roles: [{ role: ${ID_A} }]`, environment: "test", data: { what: "a role of OAuth client 'twin'", others: "a role of OAuth client 'bot-connector' of 'acme-dev', a role of OAuth client 'bot-connector' of 'acme-prod'" } },
        { messageId: "literalRoleId", at: `roles: [{ role: ${ID_A} }]`, environment: "test" },
        { messageId: "sharedLiteralId", at: `roles: [{ role: ${ID_A}, division`, environment: "dev", data: { what: "a role of OAuth client 'bot-connector'" } },
        { messageId: "literalRoleId", at: `roles: [{ role: ${ID_A}, division`, environment: "dev" },
        { messageId: "sharedLiteralId", at: `roles: [{ role: ${ID_A}, division`, environment: "prod" },
        { messageId: "literalRoleId", at: `roles: [{ role: ${ID_A}, division`, environment: "prod" },
        { messageId: "literalDivisionId", at: `roles: [{ role: ${ID_A}, division`, environment: "dev" },
        { messageId: "sharedLiteralId", at: `roles: [{ role: ${ID_A}, division`, environment: "dev", data: { what: "a division of OAuth client 'bot-connector'", others: "a division of OAuth client 'bot-connector' of 'acme-prod'" } },
        { messageId: "literalDivisionId", at: `roles: [{ role: ${ID_A}, division`, environment: "prod" },
        { messageId: "sharedLiteralId", at: `roles: [{ role: ${ID_A}, division`, environment: "prod" },
      ],
    },
  ],
});
