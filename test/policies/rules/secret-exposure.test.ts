import secretExposure from "../../../policies/rules/secret-exposure";
import { BOT_CONNECTOR, config } from "../../helpers";
import { testRule } from "../rule-tester";

const waiveAll = `policy:\n  waivers:\n    - { rule: secret-exposure, tenant: acme, reason: the legacy CRM reads the secret from state, owner: crm-team, expires: 2099-12-31 }`;

testRule(secretExposure, {
  valid: [
    { name: "secrets neither exposed nor written anywhere", yaml: config({ clients: BOT_CONNECTOR }) },
    { name: "an exposed secret in a nonprod org", yaml: config({ clients: BOT_CONNECTOR + "\n  environments:\n    dev: { exposeSecret: true, secretDirectory: ./secrets }" }) },
  ],
  invalid: [
    {
      name: "an exposed secret in prod, which no waiver can accept",
      yaml: config({ clients: BOT_CONNECTOR + "\n  exposeSecret: true", top: waiveAll }),
      findings: [{ messageId: "exposedInState", at: "exposeSecret: true", environment: "prod", severity: "error", waived: false }],
    },
    {
      name: "a secret directory in prod",
      yaml: config({ clients: BOT_CONNECTOR + "\n  environments:\n    prod: { secretDirectory: /var/secrets }" }),
      findings: [{ messageId: "secretDirectory", at: "secretDirectory: /var/secrets", data: { directory: "/var/secrets" } }],
    },
    {
      name: "one credentials variable shared by two orgs, waivable in nonprod",
      yaml: config({ clients: BOT_CONNECTOR, top: waiveAll }).replace("clientIdEnv: ACME_PROD_CLIENT_ID, clientSecretEnv: ACME_PROD_CLIENT_SECRET", "clientIdEnv: ACME_PROD_CLIENT_ID, clientSecretEnv: ACME_DEV_CLIENT_SECRET").replace(/tier: prod/, "tier: nonprod"),
      findings: [
        { messageId: "sharedCredentials", at: "clientIdEnv: ACME_DEV_CLIENT_ID, clientSecretEnv: ACME_DEV_CLIENT_SECRET", environment: "dev", waived: true, data: { variable: "ACME_DEV_CLIENT_SECRET", stack: "acme-dev", others: "'acme-prod'" } },
        { messageId: "sharedCredentials", at: "clientIdEnv: ACME_PROD_CLIENT_ID, clientSecretEnv: ACME_DEV_CLIENT_SECRET", environment: "prod", waived: true, data: { stack: "acme-prod", others: "'acme-dev'" } },
      ],
    },
    {
      name: "a credentials variable a prod org shares, in the prod org too, where no waiver accepts it",
      yaml: config({ clients: BOT_CONNECTOR, top: waiveAll }).replace("clientIdEnv: ACME_PROD_CLIENT_ID", "clientIdEnv: ACME_DEV_CLIENT_ID"),
      findings: [
        { messageId: "sharedCredentials", at: "clientIdEnv: ACME_DEV_CLIENT_ID, clientSecretEnv: ACME_DEV_CLIENT_SECRET", environment: "dev", waived: true },
        { messageId: "sharedCredentials", at: "clientIdEnv: ACME_DEV_CLIENT_ID, clientSecretEnv: ACME_PROD_CLIENT_SECRET", environment: "prod", severity: "error", waived: false },
      ],
    },
  ],
});
