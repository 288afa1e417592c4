import leastPrivilege from "../../../policies/rules/least-privilege";
import { BOT_CONNECTOR, config } from "../../helpers";
import { testRule } from "../rule-tester";

testRule(leastPrivilege, {
  valid: [
    { name: "scopes the client's capability requires", yaml: config({ clients: BOT_CONNECTOR }) },
    { name: "a scope another capability of the client allows", yaml: config({ clients: BOT_CONNECTOR.replace("[bot-session]", "[bot-session, analytics-export]").replace("bot:admin]", "bot:admin, analytics:readonly]") }) },
    { name: "a read-only scope under analytics-export's '*:readonly'", yaml: config({ clients: `export:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [analytics-export]\n  scopes: [analytics:readonly, routing:readonly]\n  roles: [{ role: Reader }]` }) },
  ],
  invalid: [
    {
      name: "a scope none of the client's capabilities allows, as a warning in nonprod and an error in prod",
      yaml: config({ clients: BOT_CONNECTOR.replace("bot:admin]", "bot:admin, users]") }),
      findings: [
        { messageId: "scopeNotAllowed", at: "scopes: [bot:platform", environment: "dev", severity: "warning", data: { scope: "users", capabilities: "'bot-session'" } },
        { messageId: "scopeNotAllowed", at: "scopes: [bot:platform", environment: "prod", severity: "error" },
      ],
    },
    {
      name: "a read-write scope on a read-only analytics export",
      yaml: config({ clients: `export:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [analytics-export]\n  scopes: [analytics]\n  roles: [{ role: Reader }]\n  only: [prod]` }),
      findings: [{ messageId: "scopeNotAllowed", at: "scopes: [analytics]", data: { scope: "analytics" } }],
    },
    {
      name: "a client with no capabilities",
      yaml: config({ clients: `legacy:\n  grant: CLIENT-CREDENTIALS\n  roles: [{ role: Legacy }]\n  only: [dev]` }),
      findings: [{ messageId: "noCapabilities", at: "legacy:", data: { client: "legacy" } }],
    },
    {
      name: "nothing in prod when policy turns the rule off there",
      yaml: config({ clients: BOT_CONNECTOR.replace("bot:admin]", "bot:admin, users]"), top: "policy:\n  tiers:\n    prod: { rules: { least-privilege: off } }" }),
      findings: [{ messageId: "scopeNotAllowed", at: "scopes: [bot:platform", environment: "dev" }],
    },
  ],
});
