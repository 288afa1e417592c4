import orgIdWiring from "../../../policies/rules/org-id-wiring";
import { BOT_CONNECTOR, config, orgsYaml } from "../../helpers";
import { testRule } from "../rule-tester";

const ID_A = "2f6a4c1e-5d0b-4b7e-9c1d-3e8f1a2b4c6d";
const ID_B = "9b1d7e2a-6c3f-4c3f-8e5a-7d2c9e0f1a3b";
const orgsWithBindings = (dev: string, prod: string) => orgsYaml({ dev: { bindings: dev }, prod: { bindings: prod } });

testRule(orgIdWiring, {
  valid: [
    { name: "roles and divisions by name", yaml: config({ clients: BOT_CONNECTOR.replace("{ role: Bot Connector }", "{ role: Bot Connector, division: Customer Care }") }) },
    { name: "the same id of another system (an identity provider's tenant) in every org", yaml: config({ clients: BOT_CONNECTOR, orgs: orgsWithBindings(`azureTenantId: ${ID_A}`, `azureTenantId: ${ID_A}`) }) },
    { name: "a different deployment id per environment", yaml: config({ clients: BOT_CONNECTOR, orgs: orgsWithBindings(`deploymentId: ${ID_A}`, `deploymentId: ${ID_B}`) }) },
  ],
  invalid: [
    {
      name: "a literal role id copied into the declaration (error in prod, not waivable there)",
      yaml: config({
        clients: BOT_CONNECTOR.replace("{ role: Bot Connector }", `{ role: ${ID_A} }`) + "\n  only: [prod]",
        top: `policy:\n  waivers:\n    - { rule: org-id-wiring, tenant: acme, reason: copied from the Dev org for now, owner: platform, expires: 2099-12-31 }`,
      }),
      findings: [{ messageId: "literalRoleId", at: `role: ${ID_A}`, severity: "error", waived: false, data: { id: ID_A } }],
    },
    {
      name: "a literal division id",
      yaml: config({ clients: BOT_CONNECTOR.replace("{ role: Bot Connector }", `{ role: Bot Connector, division: ${ID_A} }`) + "\n  only: [dev]" }),
      findings: [{ messageId: "literalDivisionId", at: `division: ${ID_A}`, data: { id: ID_A } }],
    },
    {
      name: "a typed-in org id binding",
      yaml: config({ clients: BOT_CONNECTOR, orgs: orgsWithBindings(`genesysOrgId: ${ID_A}`, `deploymentId: ${ID_B}`) }),
      findings: [{ messageId: "literalOrgId", at: `genesysOrgId: ${ID_A}`, environment: "dev", data: { binding: "genesysOrgId" } }],
    },
    {
      name: "the same deployment id in Dev and Prod, in both orgs",
      yaml: config({ clients: BOT_CONNECTOR, orgs: orgsWithBindings(`deploymentId: ${ID_A}`, `deploymentId: ${ID_A.toUpperCase()}`) }),
      findings: [
        { messageId: "sharedLiteralId", at: `deploymentId: ${ID_A} }`, environment: "dev", data: { stack: "acme-dev", others: "binding 'deploymentId' of 'acme-prod'" } },
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
