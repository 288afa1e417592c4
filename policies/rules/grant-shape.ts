import { GRANT_TYPES } from "../../model/model";
import { clientsOf, clientTarget, defineRule, isUnknown } from "../rule";

/** Roles for CLIENT-CREDENTIALS, scopes for every other grant. */
export default defineRule({
  id: "grant-shape",
  description: "CLIENT-CREDENTIALS clients have roles, and clients of every other grant have scopes.",
  severity: { nonprod: "error", prod: "error" },
  messages: {
    missingRoles: "OAuth client '{{client}}' uses grant 'CLIENT-CREDENTIALS' but declares no roles; Genesys requires at least one role for it.",
    missingScopes: "OAuth client '{{client}}' uses grant '{{grant}}' but declares no scopes; the provider requires scopes for every grant except 'CLIENT-CREDENTIALS'.",
  },
  check({ model, report, skip }) {
    const grants: readonly string[] = GRANT_TYPES;
    for (const [org, client] of clientsOf(model)) {
      const grant = client.grant.value;
      const base = { scope: org, target: clientTarget(client.key) } as const;
      const computed = isUnknown(client, "grant") || isUnknown(client, grant === "CLIENT-CREDENTIALS" ? "roles" : "scopes");
      if (computed) {
        skip("OAuth clients whose grant type, roles or scopes are not literals (computed by an expression, or missing) were not checked.", client.loc);
      } else if (!grants.includes(grant)) {
        // A grant the provider does not have is provider-schema's finding (the YAML schema rejects it before); the
        // shape of a client of no known grant cannot be judged.
      } else if (grant === "CLIENT-CREDENTIALS" && client.roles.length === 0) {
        report({ ...base, messageId: "missingRoles", data: { client: client.key }, at: client.grant.loc });
      } else if (grant !== "CLIENT-CREDENTIALS" && client.scopes.length === 0) {
        report({ ...base, messageId: "missingScopes", data: { client: client.key, grant }, at: client.grant.loc });
      }
    }
  },
});
