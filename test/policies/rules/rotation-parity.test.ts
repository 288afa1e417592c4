import rotationParity from "../../../policies/rules/rotation-parity";
import { BOT_CONNECTOR, config } from "../../helpers";
import { testRule } from "../rule-tester";

/** A reporting app (CODE grant, so its scopes are what it may do) with this key, Genesys name and scopes. */
const copy = (key: string, name: string, scopes = "[analytics:readonly]") =>
  `${key}:\n  name: ${name}\n  grant: CODE\n  capabilities: [analytics-export]\n  scopes: ${scopes}\n  redirectUris: [https://reports.acme.example/callback]`;

testRule(rotationParity, {
  valid: [
    { name: "a client rotated with 'rotation: 2' (identical copies by construction)", yaml: config({ clients: BOT_CONNECTOR + "\n  rotation: 2" }) },
    { name: "clients named by year, which are not rotation copies", yaml: config({ clients: `${copy("export-old", "export-2024")}\n${copy("export-new", "export-2025", "[analytics:readonly, analytics]")}` }) },
    { name: "two identical clients declared by hand as a rotation pair", yaml: config({ clients: `${copy("reports-blue", "reports-1")}\n${copy("reports-green", "reports-2")}` }) },
  ],
  invalid: [
    {
      name: "a rotation pair whose second copy has other scopes",
      yaml: config({ clients: `${copy("reports-blue", "reports-1")}\n${copy("reports-green", "reports-2", "[analytics:readonly, analytics]")}\n  only: [dev]` }),
      findings: [{ messageId: "differs", at: "reports-green:", data: { group: "reports", other: "reports-blue", aspects: "scopes" } }],
    },
    {
      name: "a hand-declared client joining a rotated client's group with another token validity",
      yaml: config({ clients: `${copy("reports", "reports")}\n  rotation: 2\n  only: [dev]\n${copy("reports-extra", "reports-3")}\n  tokenValiditySeconds: 3600\n  only: [dev]` }),
      findings: [{ messageId: "differs", at: "reports-extra:", data: { aspects: "token validity" } }],
    },
  ],
});
