import promotionDrift from "../../../policies/rules/promotion-drift";
import { BOT_CONNECTOR, config, orgsYaml } from "../../helpers";
import { testRule } from "../rule-tester";

const THREE_ORGS = orgsYaml({ prod: {}, dev: {}, test: {} });
const WEB_WIDGET = `web-widget:
  grant: CODE
  capabilities: [web-messaging]
  scopes: [messaging]
  redirectUris: [https://chat.acme.example/callback]`;

testRule(promotionDrift, {
  valid: [
    { name: "the same clients everywhere", yaml: config({ clients: `${BOT_CONNECTOR}\n${WEB_WIDGET}` }) },
    {
      name: "differences only in settings that are per environment (callbacks, token lifetime, description, secrets)",
      yaml: config({
        clients: `${WEB_WIDGET}
  environments:
    dev: { redirectUris: ["http://localhost:3000/callback"], tokenValiditySeconds: 3600, description: Dev widget, exposeSecret: true }`,
      }),
    },
    {
      name: "extra scopes in prod, which prod-stricter reports instead",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  environments:\n    dev: { scopes: [bot:platform] }` }),
    },
    {
      name: "the same scopes and roles in another order (the provider keeps them as sets)",
      yaml: config({
        clients: `${BOT_CONNECTOR.replace("roles: [{ role: Bot Connector }]", "roles: [{ role: Bot Connector }, { role: Supervisor }]")}
  environments:
    prod: { scopes: [bot:admin, bot:platform], roles: [{ role: Supervisor }, { role: Bot Connector }] }`,
      }),
    },
    {
      name: "a role widened to all divisions in prod, which prod-stricter reports instead",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  environments:\n    prod: { roles: [{ role: Bot Connector, division: "*" }] }` }),
    },
  ],
  invalid: [
    {
      name: "a client only in dev: an error where the next environment is prod",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  only: [dev]` }),
      findings: [{ messageId: "missingInTarget", at: "only: [dev]", environment: "prod", severity: "error", data: { client: "bot-connector", source: "dev", target: "prod" } }],
    },
    {
      name: "a client only in prod",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  only: [prod]` }),
      findings: [{ messageId: "missingInSource", at: "only: [prod]", environment: "prod", severity: "error" }],
    },
    {
      name: "a path of nonprod orgs first, in declaration order, then prod: a warning between dev and test, an error before prod",
      yaml: config({ orgs: THREE_ORGS, clients: `${BOT_CONNECTOR}\n  only: [dev]` }),
      findings: [{ messageId: "missingInTarget", at: "only: [dev]", environment: "test", severity: "warning", data: { source: "dev", target: "test" } }],
    },
    {
      name: "scopes prod lacks, rotation and state that differ, each at the override",
      yaml: config({
        clients: `${BOT_CONNECTOR}
  environments:
    dev: { scopes: [bot:platform, bot:admin, bot:readonly] }
    prod:
      rotation: 2
      state: inactive`,
      }),
      findings: [
        { messageId: "differs", at: "dev: { scopes:", environment: "prod", data: { setting: "scopes", difference: "'prod' lacks bot:readonly" } },
        { messageId: "differs", at: "rotation: 2", data: { setting: "rotation", difference: "'dev': 1, 'prod': 2" } },
        { messageId: "differs", at: "state: inactive", data: { setting: "state", difference: "'dev': active, 'prod': inactive" } },
      ],
    },
    {
      name: "roles that differ in division, and capabilities",
      yaml: config({
        clients: `${BOT_CONNECTOR}
  environments:
    prod: { roles: [{ role: Bot Connector, division: Bots }], capabilities: [bot-session, analytics-export] }`,
      }),
      findings: [
        { messageId: "differs", at: "prod: { roles:", data: { setting: "roles", difference: "'prod' lacks Bot Connector (home division); only 'prod' has Bot Connector (division 'Bots')" } },
        { messageId: "differs", at: "prod: { roles:", data: { setting: "capabilities", difference: "only 'prod' has analytics-export" } },
      ],
    },
    {
      name: "a staged rollout, waived with an owner and a date",
      yaml: config({
        clients: `${BOT_CONNECTOR}\n  only: [dev]`,
        top: "policy:\n  waivers:\n    - { rule: promotion-drift, tenant: acme, environment: prod, client: bot-connector, reason: staged rollout until sign-off, owner: cx-platform, expires: 2099-12-31 }",
      }),
      findings: [{ messageId: "missingInTarget", at: "only: [dev]", waived: true }],
    },
  ],
});
