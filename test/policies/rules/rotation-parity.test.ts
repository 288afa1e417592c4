import rotationParity from "../../../policies/rules/rotation-parity";
import { BOT_CONNECTOR, config } from "../../helpers";
import { testRule } from "../rule-tester";

const copy = (key: string, name: string, scopes = "[bot:platform, bot:admin]") =>
  `${key}:\n  name: ${name}\n  grant: CLIENT-CREDENTIALS\n  capabilities: [bot-session]\n  scopes: ${scopes}\n  roles: [{ role: Bot Connector }]`;

testRule(rotationParity, {
  valid: [
    { name: "a client rotated with 'rotation: 2' (identical copies by construction)", yaml: config({ clients: BOT_CONNECTOR + "\n  rotation: 2" }) },
    { name: "clients named by year, which are not rotation copies", yaml: config({ clients: `${copy("export-old", "export-2024")}\n${copy("export-new", "export-2025", "[bot:platform, bot:admin, bot:readonly]")}` }) },
    { name: "two identical clients declared by hand as a rotation pair", yaml: config({ clients: `${copy("bot-blue", "bot-1")}\n${copy("bot-green", "bot-2")}` }) },
  ],
  invalid: [
    {
      name: "a rotation pair whose second copy has other scopes",
      yaml: config({ clients: `${copy("bot-blue", "bot-1")}\n${copy("bot-green", "bot-2", "[bot:platform, bot:admin, bot:readonly]")}\n  only: [dev]` }),
      findings: [{ messageId: "differs", at: "bot-green:", data: { group: "bot", other: "bot-blue", aspects: "scopes" } }],
    },
    {
      name: "a hand-declared client joining a rotated client's group with another token validity",
      yaml: config({ clients: `${copy("bot", "bot")}\n  rotation: 2\n  only: [dev]\n${copy("bot-extra", "bot-3")}\n  tokenValiditySeconds: 3600\n  only: [dev]` }),
      findings: [{ messageId: "differs", at: "bot-extra:", data: { aspects: "token validity" } }],
    },
  ],
});
