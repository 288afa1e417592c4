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
/** Dev, test, then two regional prod orgs, which are peers on the promotion path. */
const REGIONAL_PRODS = `    orgs:
      dev: { tier: nonprod, region: eu-west-1, orgName: acme-dev, credentials: { clientIdEnv: ACME_DEV_CLIENT_ID, clientSecretEnv: ACME_DEV_CLIENT_SECRET } }
      test: { tier: nonprod, region: eu-west-1, orgName: acme-test, credentials: { clientIdEnv: ACME_TEST_CLIENT_ID, clientSecretEnv: ACME_TEST_CLIENT_SECRET } }
      prod-eu: { tier: prod, region: eu-west-2, orgName: acme-eu, credentials: { clientIdEnv: ACME_EU_CLIENT_ID, clientSecretEnv: ACME_EU_CLIENT_SECRET } }
      prod-us: { tier: prod, region: us-east-1, orgName: acme-us, credentials: { clientIdEnv: ACME_US_CLIENT_ID, clientSecretEnv: ACME_US_CLIENT_SECRET } }
`;

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
      name: "a scope dev has on a CLIENT-CREDENTIALS client (Genesys Cloud ignores its scopes; its roles decide)",
      yaml: config({ clients: `${BOT_CONNECTOR.replace("  roles:", "  scopes: [textbots:readonly]\n  roles:")}\n  environments:\n    dev: { scopes: [textbots, textbots:readonly] }` }),
    },
    {
      name: "extra scopes in prod: not drift (prod-stricter reports what prod grants beyond nonprod)",
      yaml: config({ clients: `${WEB_WIDGET.replace("scopes: [messaging]", "scopes: [messaging, messaging:readonly]")}\n  environments:\n    dev: { scopes: [messaging] }` }),
    },
    {
      name: "the same scopes and roles in another order (the provider keeps them as sets)",
      yaml: config({
        clients: `${BOT_CONNECTOR.replace("roles: [{ role: Bot Connector Integration }]", "roles: [{ role: Bot Connector Integration }, { role: Supervisor }]")}
  environments:
    prod: { roles: [{ role: Supervisor }, { role: Bot Connector Integration }] }
${WEB_WIDGET.replace("scopes: [messaging]", "scopes: [messaging, messaging:readonly]")}
  environments:
    prod: { scopes: [messaging:readonly, messaging] }`,
      }),
    },
    {
      name: "a role widened to all divisions in prod, which prod-stricter reports instead",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  environments:\n    prod: { roles: [{ role: Bot Connector Integration, division: "*" }] }` }),
    },
    {
      name: "a different division name declared for prod (division names differ between orgs)",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  environments:\n    prod: { roles: [{ role: Bot Connector Integration, division: Customer Care EMEA }] }` }),
    },
    {
      name: "the same role on another division without an override (roles are compared by name)",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  environments:\n    dev: { roles: [{ role: Bot Connector Integration, division: Sandbox }] }` }),
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
      name: "regional prods are peers: a client declared for one of them is not missing from the other",
      yaml: config({ orgs: REGIONAL_PRODS, clients: `${BOT_CONNECTOR}\n  only: [dev, prod-eu]` }),
    },
    {
      name: "a nonprod environment a client's 'only' leaves out while it reaches prod",
      yaml: config({ orgs: THREE_ORGS, clients: `${BOT_CONNECTOR}\n  only: [dev, prod]` }),
    },
    { name: "prod inactive where dev is inactive too, and active where dev is inactive", yaml: config({ clients: `${BOT_CONNECTOR}\n  state: inactive\n  environments:\n    prod: { state: active }` }) },
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
      name: "a scope, a capability and roles dev declares and prod does not have yet, at the first of them in dev's override",
      yaml: config({
        clients: `${WEB_WIDGET}
  environments:
    dev:
      scopes: [messaging, messaging:readonly]
      capabilities: [web-messaging, analytics-export]
      roles:
        - { role: Agent, division: Sandbox }
        - { role: Supervisor }
        - { role: Analytics Reader }`,
      }),
      findings: [
        { messageId: "itemsNotPromoted", at: "scopes: [messaging, messaging:readonly]", environment: "prod", severity: "warning", data: { setting: "scopes", items: "scope 'messaging:readonly'", ...PROMOTE } },
        { messageId: "itemsNotPromoted", at: "capabilities: [web-messaging, analytics-export]", data: { setting: "capabilities", items: "capability 'analytics-export'" } },
        { messageId: "itemsNotPromoted", at: "- { role: Agent, division: Sandbox }", data: { setting: "roles", items: "roles 'Agent', 'Supervisor' and 'Analytics Reader'" } },
      ],
    },
    {
      name: "prod's own roles, kept for its division name, lacking a role added since; prod's own narrower scopes and state",
      yaml: config({
        clients: `${WEB_WIDGET.replace("scopes: [messaging]", "scopes: [messaging, messaging:readonly]")}
  roles: [{ role: Agent, division: Care }, { role: Quality Evaluator, division: Care }]
  environments:
    prod:
      roles: [{ role: Agent, division: Care EMEA }]
      scopes: [messaging]
      state: inactive`,
      }),
      findings: [
        { messageId: "itemsNotPromoted", at: "roles: [{ role: Agent, division: Care EMEA }]", environment: "prod", data: { setting: "roles", items: "role 'Quality Evaluator'", ...PROMOTE } },
        { messageId: "itemsNotPromoted", at: "      scopes: [messaging]", data: { setting: "scopes", items: "scope 'messaging:readonly'" } },
        { messageId: "stateNotPromoted", at: "state: inactive", data: { ...PROMOTE } },
      ],
    },
    {
      name: "each prod compared with the last nonprod environment; a client left in nonprod reported in every prod",
      yaml: config({ orgs: REGIONAL_PRODS, clients: `${BOT_CONNECTOR}\n  only: [dev, test]\n  environments:\n    test: { rotation: 2 }` }),
      findings: [
        { messageId: "clientNotPromoted", at: "only: [dev, test]", environment: "prod-eu", data: { source: "test", target: "prod-eu" } },
        { messageId: "clientNotPromoted", at: "only: [dev, test]", environment: "prod-us", data: { source: "test", target: "prod-us" } },
      ],
    },
    {
      name: "a client compared with the nearest earlier environment that has it, across one its 'only' leaves out",
      yaml: config({ orgs: THREE_ORGS, clients: `${WEB_WIDGET}\n  only: [dev, prod]\n  environments:\n    dev: { scopes: [messaging, messaging:readonly] }` }),
      findings: [{ messageId: "itemsNotPromoted", at: "dev: { scopes: [messaging, messaging:readonly] }", environment: "prod", data: { items: "scope 'messaging:readonly'", ...PROMOTE } }],
    },
    {
      name: "more rotation copies and another state in dev, not yet in prod",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  state: inactive\n  environments:\n    dev:\n      rotation: 2\n      state: active` }),
      findings: [
        { messageId: "rotationNotPromoted", at: "rotation: 2", data: { sourceCopies: "2 rotation copies", targetCopies: "1 copy", ...PROMOTE } },
        { messageId: "stateNotPromoted", at: "state: active", data: { ...PROMOTE } },
      ],
    },
    {
      name: "fewer rotation copies in prod's own override, at that override",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  rotation: 3\n  environments:\n    prod: { rotation: 2 }` }),
      findings: [{ messageId: "rotationNotPromoted", at: "prod: { rotation: 2 }", environment: "prod", data: { sourceCopies: "3 rotation copies", targetCopies: "2 rotation copies", ...PROMOTE } }],
    },
    {
      name: "scopes and roles prod's own override leaves empty, at the client's declaration (the override has no item to point at)",
      yaml: config({ clients: `${WEB_WIDGET}\n  roles: [{ role: Agent }]\n  environments:\n    prod: { scopes: [], roles: [] }` }),
      findings: [
        { messageId: "itemsNotPromoted", at: "web-widget:", environment: "prod", data: { setting: "roles", items: "role 'Agent'", ...PROMOTE } },
        { messageId: "itemsNotPromoted", at: "web-widget:", environment: "prod", data: { setting: "scopes", items: "scope 'messaging'", ...PROMOTE } },
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
