import { clientIn, extraGrants, promotionPositions } from "../client-comparison";
import { clientTarget, defineRule } from "../rule";

/**
 * Prod grants a client no more than the nonprod environment it was tried in. Token lifetime is not a grant: nonprod
 * orgs often shorten tokens to exercise refresh, and `token-validity` bounds each tier on its own. Nor are scopes on a
 * CLIENT-CREDENTIALS client: Genesys Cloud ignores them, its roles decide what it may do.
 */
export default defineRule({
  id: "prod-stricter",
  description: "A prod-tier environment grants an OAuth client no more than the last nonprod environment on the promotion path that has it: no extra scopes (for grants that use scopes) or roles, no all-divisions grant nonprod lacks.",
  severity: { nonprod: "error", prod: "error" },
  messages: {
    extraScope: "OAuth client '{{client}}' has scope '{{scope}}' in prod-tier '{{prod}}' but not in '{{nonprod}}'; expected prod to grant no more than what was tried in nonprod.",
    extraRole: "OAuth client '{{client}}' holds role '{{role}}' in prod-tier '{{prod}}' but not in '{{nonprod}}'; expected prod to grant no more than what was tried in nonprod.",
    wildcardDivision: "OAuth client '{{client}}' holds role '{{role}}' on all divisions in prod-tier '{{prod}}' but on fewer in '{{nonprod}}'; expected prod to grant no more than what was tried in nonprod.",
  },
  check({ model, report }) {
    for (const { org: prod, earlier } of promotionPositions(model)) {
      if (prod.tier.value !== "prod") continue;
      for (const client of prod.oauthClients) {
        const nonprod = earlier.find((org) => clientIn(org, client.key) !== undefined);
        if (nonprod === undefined) continue;
        const extra = extraGrants(clientIn(nonprod, client.key)!, client);
        const base = { scope: prod, target: clientTarget(client.key) } as const;
        const data = { client: client.key, prod: prod.environment, nonprod: nonprod.environment };
        // Scopes do not apply to client credentials: Genesys Cloud ignores them, so an extra one grants nothing.
        if (client.grant.value !== "CLIENT-CREDENTIALS") for (const { scope, loc } of extra.scopes) report({ ...base, messageId: "extraScope", data: { ...data, scope }, at: loc });
        for (const { role, loc } of extra.roles) report({ ...base, messageId: "extraRole", data: { ...data, role }, at: loc });
        for (const { role, loc } of extra.wildcardDivisions) report({ ...base, messageId: "wildcardDivision", data: { ...data, role }, at: loc });
      }
    }
  },
});
