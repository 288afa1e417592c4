import promotionDrift from "../../../policies/rules/promotion-drift";
import { BOT_CONNECTOR, config, orgsYaml } from "../../helpers";
import { testRule } from "../rule-tester";

const THREE_ORGS = orgsYaml({ prod: {}, dev: {}, test: {} });
const WEB_WIDGET = `web-widget:
  grant: CODE
  capabilities: [web-messaging]
  scopes: [messaging]
  redirectUris: [https://chat.acme.example/callback]`;
const PROMOTE = { source: "dev", target: "prod" };

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
      name: "extra scopes in prod: not drift (prod-stricter reports what prod grants beyond nonprod)",
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
    {
      name: "a different division name declared for prod (division names differ between orgs)",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  environments:\n    prod: { roles: [{ role: Bot Connector, division: Customer Care EMEA }] }` }),
    },
    {
      name: "the same role on another division without an override (roles are compared by name)",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  environments:\n    dev: { roles: [{ role: Bot Connector, division: Sandbox }] }` }),
    },
    {
      name: "more rotation copies declared for prod",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  environments:\n    prod: { rotation: 3 }` }),
    },
    {
      name: "a client declared only for prod",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  only: [prod]` }),
    },
    {
      name: "anything prod declares for itself, even narrower than dev (its own scopes, capabilities, state)",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  environments:\n    prod: { scopes: [bot:platform], capabilities: [], state: inactive, rotation: 1 }\n    dev: { rotation: 2 }` }),
    },
  ],
  invalid: [
    {
      name: "a client only in dev: a warning in prod by default (a pull request does not fail because dev is ahead)",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  only: [dev]` }),
      findings: [{ messageId: "clientNotPromoted", at: "only: [dev]", environment: "prod", severity: "warning", data: { client: "bot-connector", ...PROMOTE } }],
    },
    {
      name: "a path of nonprod orgs first, in declaration order, then prod: reported in the next environment only",
      yaml: config({ orgs: THREE_ORGS, clients: `${BOT_CONNECTOR}\n  only: [dev]` }),
      findings: [{ messageId: "clientNotPromoted", at: "only: [dev]", environment: "test", severity: "warning", data: { source: "dev", target: "test" } }],
    },
    {
      name: "a scope, a capability and a role dev declares and prod does not have yet, at dev's override",
      yaml: config({
        clients: `${BOT_CONNECTOR}
  environments:
    dev:
      scopes: [bot:platform, bot:admin, bot:readonly]
      capabilities: [bot-session, analytics-export]
      roles: [{ role: Bot Connector, division: Sandbox }, { role: Supervisor }, { role: Analytics Reader }]`,
      }),
      findings: [
        { messageId: "itemsNotPromoted", at: "scopes: [bot:platform, bot:admin, bot:readonly]", environment: "prod", severity: "warning", data: { setting: "scopes", items: "scope 'bot:readonly'", ...PROMOTE } },
        { messageId: "itemsNotPromoted", at: "capabilities: [bot-session, analytics-export]", data: { setting: "capabilities", items: "capability 'analytics-export'" } },
        { messageId: "itemsNotPromoted", at: "roles: [{ role: Bot Connector, division: Sandbox }", data: { setting: "roles", items: "roles 'Supervisor' and 'Analytics Reader'" } },
      ],
    },
    {
      name: "more rotation copies and another state in dev, not yet in prod",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  state: inactive\n  environments:\n    dev:\n      rotation: 2\n      state: active` }),
      findings: [
        { messageId: "rotationNotPromoted", at: "rotation: 2", data: { sourceCopies: "2 rotation copies", targetCopies: "1 copy", ...PROMOTE } },
        { messageId: "stateNotPromoted", at: "state: active", data: { sourceState: "active", targetState: "inactive" } },
      ],
    },
    {
      name: "raised to an error in prod through policy.tiers, for teams that want unpromoted work to block",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  only: [dev]`, top: "policy:\n  tiers:\n    prod: { rules: { promotion-drift: error } }" }),
      findings: [{ messageId: "clientNotPromoted", at: "only: [dev]", environment: "prod", severity: "error" }],
    },
    {
      name: "a staged rollout, waived with an owner and a date",
      yaml: config({
        clients: `${BOT_CONNECTOR}\n  only: [dev]`,
        top: "policy:\n  waivers:\n    - { rule: promotion-drift, tenant: acme, environment: prod, client: bot-connector, reason: staged rollout until sign-off, owner: cx-platform, expires: 2099-12-31 }",
      }),
      findings: [{ messageId: "clientNotPromoted", at: "only: [dev]", waived: true }],
    },
  ],
});
