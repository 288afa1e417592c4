import prodStricter from "../../../policies/rules/prod-stricter";
import { BOT_CONNECTOR, config, orgsYaml } from "../../helpers";
import { testRule } from "../rule-tester";

/** Dev, then two regional prod orgs, which are peers on the promotion path. */
const REGIONAL_PRODS = `    orgs:
      dev: { tier: nonprod, region: eu-west-1, orgName: acme-dev, credentials: { clientIdEnv: ACME_DEV_CLIENT_ID, clientSecretEnv: ACME_DEV_CLIENT_SECRET } }
      prod-eu: { tier: prod, region: eu-west-2, orgName: acme-eu, credentials: { clientIdEnv: ACME_EU_CLIENT_ID, clientSecretEnv: ACME_EU_CLIENT_SECRET } }
      prod-us: { tier: prod, region: us-east-1, orgName: acme-us, credentials: { clientIdEnv: ACME_US_CLIENT_ID, clientSecretEnv: ACME_US_CLIENT_SECRET } }
`;

/** A CODE client: its scopes are what a user's token may do, unlike a CLIENT-CREDENTIALS client's. */
const WIDGET = `widget:
  grant: CODE
  capabilities: [web-messaging]
  scopes: [messaging]
  redirectUris: [https://chat.acme.example/callback]`;

testRule(prodStricter, {
  valid: [
    { name: "the same grants everywhere", yaml: config({ clients: BOT_CONNECTOR }) },
    {
      name: "prod granting less: fewer scopes, shorter tokens",
      yaml: config({ clients: `${WIDGET}\n  tokenValiditySeconds: 3600\n  environments:\n    dev: { scopes: [messaging, messaging:readonly, webdeployments:readonly], tokenValiditySeconds: 7200 }` }),
    },
    {
      name: "longer tokens in prod than in nonprod: nonprod shortens them to exercise refresh, token lifetime is no grant",
      yaml: config({ orgs: orgsYaml({ dev: {}, test: {}, prod: {} }), clients: `${BOT_CONNECTOR}\n  tokenValiditySeconds: 3600\n  environments:\n    dev: { tokenValiditySeconds: 900 }\n    test: { tokenValiditySeconds: 900 }` }),
    },
    {
      name: "an extra scope in prod on a CLIENT-CREDENTIALS client: Genesys Cloud ignores its scopes, so it grants nothing",
      yaml: config({ clients: `${BOT_CONNECTOR.replace("  roles:", "  scopes: [textbots, textbots:readonly]\n  roles:")}\n  environments:\n    dev: { scopes: [textbots:readonly] }` }),
    },
    {
      name: "regional prods compared with the last nonprod environment, not with each other",
      yaml: config({
        orgs: REGIONAL_PRODS,
        clients: `${WIDGET}\n  environments:\n    prod-us: { roles: [{ role: Agent }] }\n    dev: { roles: [{ role: Agent }] }`,
      }),
    },
    {
      name: "a later nonprod environment granting more than an earlier one (only prod is held to what nonprod tried)",
      yaml: config({ orgs: orgsYaml({ dev: {}, test: {}, prod: {} }), clients: `${WIDGET.replace("scopes: [messaging]", "scopes: [messaging, messaging:readonly]")}\n  roles: [{ role: Agent }, { role: Supervisor }]\n  environments:\n    dev: { roles: [{ role: Agent }], scopes: [messaging] }` }),
    },
    { name: "a client prod has and nonprod does not (promotion-drift reports that)", yaml: config({ clients: `${BOT_CONNECTOR}\n  only: [prod]` }) },
  ],
  invalid: [
    {
      name: "an extra scope on a client whose grant uses scopes, and an extra role, in prod",
      yaml: config({ clients: `${WIDGET}\n  environments:\n    prod:\n      scopes: [messaging, messaging:readonly]\n      roles: [{ role: Supervisor }]` }),
      findings: [
        { messageId: "extraScope", at: "scopes: [messaging, messaging:readonly]", environment: "prod", severity: "error", data: { scope: "messaging:readonly", prod: "prod", nonprod: "dev" } },
        { messageId: "extraRole", at: "roles: [{ role: Supervisor }]", data: { role: "Supervisor" } },
      ],
    },
    {
      name: "an extra role in prod on a CLIENT-CREDENTIALS client (its roles decide what it may do)",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  environments:\n    prod:\n      roles: [{ role: Bot Connector Integration }, { role: Supervisor }]` }),
      findings: [{ messageId: "extraRole", at: "roles: [{ role: Bot Connector Integration }, { role: Supervisor }]", environment: "prod", data: { role: "Supervisor" } }],
    },
    {
      name: "all divisions in prod where dev has the home division",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  environments:\n    prod: { roles: [{ role: Bot Connector Integration, division: "*" }] }` }),
      findings: [{ messageId: "wildcardDivision", at: `division: "*"`, data: { role: "Bot Connector Integration" } }],
    },
    {
      name: "an extra scope accepted by a waiver",
      yaml: config({
        clients: `${WIDGET.replace("scopes: [messaging]", "scopes: [messaging, messaging:readonly]")}\n  environments:\n    dev: { scopes: [messaging] }`,
        top: "policy:\n  waivers:\n    - { rule: prod-stricter, tenant: acme, client: widget, reason: the read-only view ships in prod first, owner: cx-platform, expires: 2099-12-31 }",
      }),
      findings: [{ messageId: "extraScope", at: "scopes: [messaging, messaging:readonly]", waived: true, data: { scope: "messaging:readonly" } }],
    },
  ],
});
