import unusedWaiver from "../../../policies/rules/unused-waiver";
import { BOT_CONNECTOR, config } from "../../helpers";
import { testRule } from "../rule-tester";

const waiverFor = (rule: string, extra = "") => `policy:\n  waivers:\n    - rule: ${rule}\n      tenant: acme${extra}\n      reason: accepted until the migration ends\n      owner: cx-platform\n      expires: 2099-12-31`;

testRule(unusedWaiver, {
  valid: [
    { name: "a waiver that accepts a finding", yaml: config({ clients: BOT_CONNECTOR.replace("{ role: Bot Connector Integration }", `{ role: Bot Connector Integration, division: "*" }`), top: waiverFor("division-wildcard") }) },
  ],
  invalid: [
    {
      name: "a waiver that matches nothing",
      yaml: config({ clients: BOT_CONNECTOR, top: waiverFor("division-wildcard", "\n      client: bot-connector") }),
      findings: [{ messageId: "matchesNothing", at: "- rule: division-wildcard", data: { scope: "tenant 'acme' client 'bot-connector'" } }],
    },
    {
      name: "a waiver of a rule prod does not let be waived",
      yaml: config({ clients: BOT_CONNECTOR + "\n  exposeSecret: true", top: waiverFor("secret-exposure", "\n      environment: prod") }),
      findings: [{ messageId: "refusedInProd", at: "- rule: secret-exposure", environment: "prod", data: { rule: "secret-exposure", stack: "acme-prod" } }],
    },
  ],
});
