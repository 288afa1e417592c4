import divisionWildcard from "../../../policies/rules/division-wildcard";
import { BOT_CONNECTOR, config } from "../../helpers";
import { testRule } from "../rule-tester";

testRule(divisionWildcard, {
  valid: [
    { name: "a role on the home division", yaml: config({ clients: BOT_CONNECTOR }) },
    { name: "a role on a named division", yaml: config({ clients: BOT_CONNECTOR.replace("{ role: Bot Connector Integration }", "{ role: Bot Connector Integration, division: Customer Care }") }) },
  ],
  invalid: [
    {
      name: "a role on all divisions, a warning in nonprod and an error in prod",
      yaml: config({ clients: BOT_CONNECTOR.replace("{ role: Bot Connector Integration }", `{ role: Bot Connector Integration, division: "*" }`) }),
      findings: [
        { messageId: "allDivisions", at: `division: "*"`, environment: "dev", severity: "warning", data: { role: "Bot Connector Integration" } },
        { messageId: "allDivisions", at: `division: "*"`, environment: "prod", severity: "error" },
      ],
    },
    {
      name: "a waived wildcard, still reported, as waived",
      yaml: config({
        clients: BOT_CONNECTOR.replace("{ role: Bot Connector Integration }", `{ role: Bot Connector Integration, division: "*" }`) + "\n  only: [prod]",
        top: "policy:\n  waivers:\n    - { rule: division-wildcard, tenant: acme, environment: prod, client: bot-connector, reason: bot serves every business unit, owner: cx-platform, expires: 2099-12-31 }",
      }),
      findings: [{ messageId: "allDivisions", at: `division: "*"`, waived: true }],
    },
  ],
});
