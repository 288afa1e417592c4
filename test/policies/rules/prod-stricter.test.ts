import prodStricter from "../../../policies/rules/prod-stricter";
import { BOT_CONNECTOR, config, orgsYaml } from "../../helpers";
import { testRule } from "../rule-tester";

testRule(prodStricter, {
  valid: [
    { name: "the same grants everywhere", yaml: config({ clients: BOT_CONNECTOR }) },
    {
      name: "prod granting less: fewer scopes, shorter tokens",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  tokenValiditySeconds: 3600\n  environments:\n    dev: { scopes: [bot:platform, bot:admin, bot:readonly], tokenValiditySeconds: 7200 }` }),
    },
    {
      name: "longer tokens in prod than in nonprod: nonprod shortens them to exercise refresh, token lifetime is no grant",
      yaml: config({ orgs: orgsYaml({ dev: {}, test: {}, prod: {} }), clients: `${BOT_CONNECTOR}\n  tokenValiditySeconds: 3600\n  environments:\n    dev: { tokenValiditySeconds: 900 }\n    test: { tokenValiditySeconds: 900 }` }),
    },
    { name: "a client prod has and nonprod does not (promotion-drift reports that)", yaml: config({ clients: `${BOT_CONNECTOR}\n  only: [prod]` }) },
  ],
  invalid: [
    {
      name: "an extra scope and an extra role in prod",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  environments:\n    prod:\n      scopes: [bot:platform, bot:admin, bot:readonly]\n      roles: [{ role: Bot Connector }, { role: Supervisor }]` }),
      findings: [
        { messageId: "extraScope", at: "scopes: [bot:platform, bot:admin, bot:readonly]", environment: "prod", severity: "error", data: { scope: "bot:readonly", prod: "prod", nonprod: "dev" } },
        { messageId: "extraRole", at: "roles: [{ role: Bot Connector }, { role: Supervisor }]", data: { role: "Supervisor" } },
      ],
    },
    {
      name: "all divisions in prod where dev has the home division",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  environments:\n    prod: { roles: [{ role: Bot Connector, division: "*" }] }` }),
      findings: [{ messageId: "wildcardDivision", at: `division: "*"`, data: { role: "Bot Connector" } }],
    },
    {
      name: "an extra scope accepted by a waiver",
      yaml: config({
        clients: `${BOT_CONNECTOR}\n  environments:\n    dev: { scopes: [bot:platform] }`,
        top: "policy:\n  waivers:\n    - { rule: prod-stricter, tenant: acme, client: bot-connector, reason: bot admin is only used by the prod runbook, owner: cx-platform, expires: 2099-12-31 }",
      }),
      findings: [{ messageId: "extraScope", at: "scopes: [bot:platform, bot:admin]", waived: true, data: { scope: "bot:admin" } }],
    },
  ],
});
