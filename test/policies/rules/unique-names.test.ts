import uniqueNames from "../../../policies/rules/unique-names";
import { BOT_CONNECTOR, config } from "../../helpers";
import { testRule } from "../rule-tester";

testRule(uniqueNames, {
  valid: [
    { name: "clients with their own names", yaml: config({ clients: `${BOT_CONNECTOR}\n${BOT_CONNECTOR.replace("bot-connector:", "bot-connector-eu:")}` }) },
    { name: "the same name in two different orgs", yaml: config({ clients: `${BOT_CONNECTOR}\n  only: [dev]\n${BOT_CONNECTOR.replace("bot-connector:", "bot-two:\n  name: bot-connector")}\n  only: [prod]` }) },
  ],
  invalid: [
    {
      name: "two clients with one Genesys name (compared without case)",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  only: [dev]\n${BOT_CONNECTOR.replace("bot-connector:", "bot-two:\n  name: Bot-Connector")}\n  only: [dev]` }),
      findings: [{ messageId: "duplicateName", at: "name: Bot-Connector", data: { client: "bot-two", name: "Bot-Connector", other: "bot-connector", stack: "acme-dev" } }],
    },
    {
      name: "a name that collides with a rotation copy",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  name: bot\n  rotation: 2\n  only: [prod]\n${BOT_CONNECTOR.replace("bot-connector:", "bot-two:\n  name: bot-2")}\n  only: [prod]` }),
      findings: [{ messageId: "duplicateName", at: "name: bot-2", data: { name: "bot-2", other: "bot-connector" } }],
    },
  ],
});
