import { clientIn, extraGrants, promotionPath } from "../client-comparison";
import { clientTarget, defineRule } from "../rule";

/**
 * Prod grants a client no more than the nonprod environment it was tried in. Token lifetime is not a grant: nonprod
 * orgs often shorten tokens to exercise refresh, and `token-validity` bounds each tier on its own.
 */
export default defineRule({
  id: "prod-stricter",
  description: "A prod-tier environment grants an OAuth client no more than the last nonprod environment on the promotion path: no extra scopes or roles, no all-divisions grant nonprod lacks.",
  severity: { nonprod: "error", prod: "error" },
  messages: {
    extraScope: "OAuth client '{{client}}' has scope '{{scope}}' in prod-tier '{{prod}}' but not in '{{nonprod}}'; expected prod to grant no more than what was tried in nonprod.",
    extraRole: "OAuth client '{{client}}' holds role '{{role}}' in prod-tier '{{prod}}' but not in '{{nonprod}}'; expected prod to grant no more than what was tried in nonprod.",
    wildcardDivision: "OAuth client '{{client}}' holds role '{{role}}' on all divisions in prod-tier '{{prod}}' but on fewer in '{{nonprod}}'; expected prod to grant no more than what was tried in nonprod.",
  },
  check({ model, report }) {
    for (const tenant of model.tenants) {
      const path = promotionPath(model, tenant);
      const nonprods = path.filter((org) => org.tier.value === "nonprod").reverse();
      for (const prod of path.filter((org) => org.tier.value === "prod")) {
        for (const client of prod.oauthClients) {
          const nonprod = nonprods.find((org) => clientIn(org, client.key) !== undefined);
          if (nonprod === undefined) continue;
          const extra = extraGrants(clientIn(nonprod, client.key)!, client);
          const base = { scope: prod, target: clientTarget(client.key) } as const;
          const data = { client: client.key, prod: prod.environment, nonprod: nonprod.environment };
          for (const { scope, loc } of extra.scopes) report({ ...base, messageId: "extraScope", data: { ...data, scope }, at: loc });
          for (const { role, loc } of extra.roles) report({ ...base, messageId: "extraRole", data: { ...data, role }, at: loc });
          for (const { role, loc } of extra.wildcardDivisions) report({ ...base, messageId: "wildcardDivision", data: { ...data, role }, at: loc });
        }
      }
    }
  },
});
