import expiredWaiver from "../../../policies/rules/expired-waiver";
import { BOT_CONNECTOR, config } from "../../helpers";
import { testRule } from "../rule-tester";

const wildcardBot = BOT_CONNECTOR.replace("{ role: Bot Connector Integration }", `{ role: Bot Connector Integration, division: "*" }`) + "\n  only: [dev]";
const waiver = (expires: string) => `policy:\n  waivers:\n    - rule: division-wildcard\n      tenant: acme\n      environment: dev\n      reason: bot serves every business unit\n      owner: cx-platform\n      expires: ${expires}`;

testRule(expiredWaiver, {
  valid: [
    { name: "a waiver that expires later", yaml: config({ clients: wildcardBot, top: waiver("2027-01-31") }) },
    { name: "a waiver on its last day", yaml: config({ clients: wildcardBot, top: waiver("2026-11-21") }) },
  ],
  invalid: [
    {
      name: "a waiver past its date (and the finding it waived counts again)",
      yaml: config({ clients: wildcardBot, top: waiver("2026-11-20") }),
      findings: [{ messageId: "expired", at: "expires: 2026-11-20", environment: "dev", target: "waiver/0", severity: "warning", data: { rule: "division-wildcard", owner: "cx-platform", expires: "2026-11-20", scope: "tenant 'acme' environment 'dev'" } }],
    },
  ],
});
