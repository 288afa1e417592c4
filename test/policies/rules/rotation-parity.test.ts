import rotationParity from "../../../policies/rules/rotation-parity";
import { BOT_CONNECTOR, config } from "../../helpers";
import { testRule } from "../rule-tester";

/** A reporting app (CODE grant, so its scopes are what it may do) with this key, Genesys name and scopes. */
const copy = (key: string, name: string, scopes = "[analytics:readonly]") =>
  `${key}:\n  name: ${name}\n  grant: CODE\n  capabilities: [analytics-export]\n  scopes: ${scopes}\n  redirectUris: [https://reports.acme.example/callback]`;

/** A client declared by `copy` with other redirect URIs. */
const uris = (client: string, redirectUris: string) => client.replace("redirectUris: [https://reports.acme.example/callback]", `redirectUris: ${redirectUris}`);

testRule(rotationParity, {
  valid: [
    { name: "a client rotated with 'rotation: 2' (identical copies by construction)", yaml: config({ clients: BOT_CONNECTOR + "\n  rotation: 2" }) },
    { name: "clients named by year, which are not rotation copies", yaml: config({ clients: `${copy("export-old", "export-2024")}\n${copy("export-new", "export-2025", "[analytics:readonly, analytics]")}` }) },
    { name: "two identical clients declared by hand as a rotation pair", yaml: config({ clients: `${copy("reports-blue", "reports-1")}\n${copy("reports-green", "reports-2")}` }) },
    {
      name: "a hand-declared pair listing the same scopes, roles and redirect URIs in another order",
      yaml: config({
        clients: `${uris(copy("reports-blue", "reports-1", "[analytics:readonly, analytics]"), "[https://reports.acme.example/callback, https://reports.acme.example/second]")}
  roles: [{ role: Agent }, { role: Supervisor, division: "*" }]
${uris(copy("reports-green", "reports-2", "[analytics, analytics:readonly]"), "[https://reports.acme.example/second, https://reports.acme.example/callback]")}
  roles: [{ role: Supervisor, division: "*" }, { role: Agent }]`,
      }),
    },
  ],
  invalid: [
    {
      name: "a rotation pair whose second copy has other scopes",
      yaml: config({ clients: `${copy("reports-blue", "reports-1")}\n${copy("reports-green", "reports-2", "[analytics:readonly, analytics]")}\n  only: [dev]` }),
      findings: [{ messageId: "differs", at: "reports-green:", data: { group: "reports", other: "reports-blue", aspects: "scopes" } }],
    },
    {
      name: "a rotation pair differing in each aspect but the grant, with lists of one length and token validity declared on both",
      yaml: config({
        clients: `${copy("reports-blue", "reports-1")}
  roles: [{ role: Agent }]
  tokenValiditySeconds: 3600
${uris(copy("reports-green", "reports-2", "[analytics]"), "[https://reports.acme.example/other]")}
  roles: [{ role: Supervisor }]
  tokenValiditySeconds: 7200
  only: [dev]`,
      }),
      findings: [{ messageId: "differs", at: "reports-green:", data: { group: "reports", other: "reports-blue", aspects: "scopes, roles, token validity and redirect URIs" } }],
    },
    {
      name: "a rotation pair whose copies hold one role on different divisions",
      yaml: config({ clients: `${copy("reports-blue", "reports-1")}\n  roles: [{ role: Agent }]\n${copy("reports-green", "reports-2")}\n  roles: [{ role: Agent, division: "*" }]\n  only: [dev]` }),
      findings: [{ messageId: "differs", at: "reports-green:", data: { aspects: "roles" } }],
    },
    {
      name: "a hand-declared client joining a rotated client's group with another token validity",
      yaml: config({ clients: `${copy("reports", "reports")}\n  rotation: 2\n  only: [dev]\n${copy("reports-extra", "reports-3")}\n  tokenValiditySeconds: 3600\n  only: [dev]` }),
      findings: [{ messageId: "differs", at: "reports-extra:", data: { aspects: "token validity" } }],
    },
  ],
});
