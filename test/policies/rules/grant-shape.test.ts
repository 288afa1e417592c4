import type { ScopegateModel } from "../../../model/model";
import grantShape from "../../../policies/rules/grant-shape";
import { BOT_CONNECTOR, config } from "../../helpers";
import { scannedClients, testRule } from "../rule-tester";

/** The loader's schema rejects unknown grants; scanned Terraform can carry one, so the rule checks it too. */
const withGrant = (grant: string) => (model: ScopegateModel): ScopegateModel => ({
  ...model,
  environments: model.environments.map((org) => ({ ...org, oauthClients: org.oauthClients.map((client) => ({ ...client, grant: { ...client.grant, value: grant as never } })) })),
});

const COMPUTED = "OAuth clients whose grant type, roles or scopes are not literals (computed by an expression, or missing) were not checked.";

testRule(grantShape, {
  valid: [
    { name: "a CLIENT-CREDENTIALS client with roles", yaml: config({ clients: BOT_CONNECTOR }) },
    { name: "a CODE client with scopes", yaml: config({ clients: `widget:\n  grant: CODE\n  capabilities: [web-messaging]\n  scopes: [messaging]\n  redirectUris: [https://chat.acme.example/cb]` }) },
    {
      name: "a grant the provider does not have (provider-schema's finding, not a shape to judge)",
      yaml: config({ clients: BOT_CONNECTOR + "\n  only: [dev]" }),
      mutate: withGrant("CLIENT_CREDENTIALS"),
      skipped: [],
    },
    {
      name: "a scanned client whose grant is computed, with a note (whether it needs roles or scopes is unknown)",
      yaml: config({ clients: `widget:\n  grant: CODE\n  capabilities: [web-messaging]\n  redirectUris: [https://chat.acme.example/cb]` }),
      mutate: scannedClients((client) => ({ ...client, grant: { ...client.grant, value: "" as never }, unknown: new Set(["grant"] as const) })),
      skipped: [COMPUTED],
    },
    {
      name: "a scanned CLIENT-CREDENTIALS client whose roles are computed, with a note",
      yaml: config({ clients: `bot-connector:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [bot-connector]\n  scopes: [textbots]` }),
      mutate: scannedClients((client) => ({ ...client, unknown: new Set(["roles"] as const) })),
      skipped: [COMPUTED],
    },
    {
      name: "a scanned CODE client whose scopes are computed, with a note",
      yaml: config({ clients: `widget:\n  grant: CODE\n  capabilities: [web-messaging]\n  redirectUris: [https://chat.acme.example/cb]` }),
      mutate: scannedClients((client) => ({ ...client, unknown: new Set(["scopes"] as const) })),
      skipped: [COMPUTED],
    },
  ],
  invalid: [
    {
      name: "a CLIENT-CREDENTIALS client with scopes but no roles (Genesys ignores its scopes)",
      yaml: config({ clients: `bot-connector:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [bot-connector]\n  scopes: [textbots]\n  only: [prod]` }),
      findings: [{ messageId: "missingRoles", at: "grant: CLIENT-CREDENTIALS", data: { client: "bot-connector" } }],
    },
    {
      name: "a scanned CLIENT-CREDENTIALS client without roles whose scopes are computed (its roles are literal)",
      yaml: config({ clients: `bot-connector:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [bot-connector]\n  only: [prod]` }),
      mutate: scannedClients((client) => ({ ...client, unknown: new Set(["scopes"] as const) })),
      findings: [{ messageId: "missingRoles", at: "grant: CLIENT-CREDENTIALS" }],
      skipped: [],
    },
    {
      name: "a TOKEN client without scopes",
      yaml: config({ clients: `widget:\n  grant: TOKEN\n  capabilities: [web-messaging]\n  redirectUris: [https://chat.acme.example/cb]\n  only: [dev]` }),
      findings: [{ messageId: "missingScopes", at: "grant: TOKEN", data: { grant: "TOKEN" } }],
    },
  ],
});
