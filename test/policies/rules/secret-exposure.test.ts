import secretExposure from "../../../policies/rules/secret-exposure";
import { BOT_CONNECTOR, config } from "../../helpers";
import { scannedClients, testRule } from "../rule-tester";

const waiveAll = `policy:\n  waivers:\n    - { rule: secret-exposure, tenant: acme, reason: the legacy CRM reads the secret from state, owner: crm-team, expires: 2099-12-31 }`;

testRule(secretExposure, {
  valid: [
    { name: "secrets neither exposed nor written anywhere", yaml: config({ clients: BOT_CONNECTOR }) },
    { name: "an exposed secret in a nonprod org", yaml: config({ clients: BOT_CONNECTOR + "\n  environments:\n    dev: { exposeSecret: true, secretDirectory: ./secrets }" }) },
    {
      name: "a credentials variable two orgs share (env-isolation reports it, once)",
      yaml: config({ clients: BOT_CONNECTOR }).replace("clientIdEnv: ACME_PROD_CLIENT_ID", "clientIdEnv: ACME_DEV_CLIENT_ID"),
      skipped: [],
    },
    {
      name: "a scanned prod client whose 'expose_client_secret' is computed, with a note",
      yaml: config({ clients: BOT_CONNECTOR }),
      mutate: scannedClients((client) => ({ ...client, unknown: new Set(["exposeSecret"] as const) })),
      skipped: ["OAuth clients whose 'expose_client_secret' is computed (not literal) were not checked for a secret in state."],
    },
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
  ],
});
