import type { KeyDifference } from "../client-comparison";
import { clientIn, compareClients, differenceLocation, extraGrants, promotionSteps, roleGrantText } from "../client-comparison";
import { clientTarget, defineRule } from "../rule";

/** What reaches prod went through the environments before it, unchanged outside the settings that are per environment. */
export default defineRule({
  id: "promotion-drift",
  description: "Each environment on a tenant's promotion path (nonprod, then prod) has the same OAuth clients as the one before it, with the same capabilities, scopes, roles, rotation and state.",
  severity: { nonprod: "warning", prod: "error" },
  messages: {
    missingInTarget: "OAuth client '{{client}}' exists in '{{source}}' but not in '{{target}}', the next environment on the promotion path; promote it ('scopegate promote --from {{source}} --to {{target}}') or waive the staged rollout.",
    missingInSource: "OAuth client '{{client}}' exists in '{{target}}' but not in '{{source}}', the environment before it; expected what reaches '{{target}}' to exist in '{{source}}' first.",
    differs: "OAuth client '{{client}}' differs in '{{setting}}' between '{{source}}' and '{{target}}' ({{difference}}); expected the same value, since '{{setting}}' is promoted rather than set per environment.",
  },
  check({ model, report }) {
    for (const [source, target] of promotionSteps(model)) {
      const data = { source: source.environment, target: target.environment };
      for (const client of source.oauthClients) {
        if (clientIn(target, client.key) !== undefined) continue;
        report({ messageId: "missingInTarget", data: { ...data, client: client.key }, at: client.only?.loc ?? client.loc, scope: target, target: clientTarget(client.key) });
      }
      for (const client of target.oauthClients) {
        const before = clientIn(source, client.key);
        if (before === undefined) {
          report({ messageId: "missingInSource", data: { ...data, client: client.key }, at: client.only?.loc ?? client.loc, scope: target, target: clientTarget(client.key) });
          continue;
        }
        // Where prod grants more than nonprod, prod-stricter reports it; this rule reports the rest.
        const claimed = source.tier.value === "nonprod" && target.tier.value === "prod" ? claimedByProdStricter(before, client) : new Set<string>();
        for (const difference of compareClients(before, client)) {
          if (difference.environmentSpecific) continue;
          const text = differenceText(difference, source.environment, target.environment, claimed);
          if (text === undefined) continue;
          report({
            messageId: "differs",
            data: { ...data, client: client.key, setting: difference.key, difference: text },
            at: differenceLocation(difference),
            scope: target,
            target: clientTarget(client.key),
          });
        }
      }
    }
  },
});

/** Scopes and role grants (as `roleGrantText`) whose difference is prod granting more; a role widened to all divisions claims nonprod's grants of it too. */
function claimedByProdStricter(...[nonprod, prod]: Parameters<typeof extraGrants>): Set<string> {
  const extra = extraGrants(nonprod, prod);
  const widened = new Set(extra.wildcardDivisions.map((item) => item.role));
  return new Set([
    ...extra.scopes.map((item) => item.scope),
    ...extra.roles.map((item) => item.grant),
    ...extra.wildcardDivisions.map((item) => item.grant),
    ...nonprod.roles.filter((grant) => widened.has(grant.role.value)).map((grant) => roleGrantText(grant.role.value, grant.division.value)),
  ]);
}

/** The difference in words, or undefined when all of it is prod-stricter's to report. */
function differenceText(difference: KeyDifference, source: string, target: string, claimed: ReadonlySet<string>): string | undefined {
  const isList = difference.gains.length > 0 || difference.loses.length > 0;
  if (!isList) return `'${source}': ${difference.source.text}, '${target}': ${difference.target.text}`;
  const lacks = difference.gains.filter((item) => !claimed.has(item));
  const extra = difference.loses.filter((item) => !claimed.has(item));
  const parts = [
    ...(lacks.length > 0 ? [`'${target}' lacks ${lacks.join(", ")}`] : []),
    ...(extra.length > 0 ? [`only '${target}' has ${extra.join(", ")}`] : []),
  ];
  return parts.length === 0 ? undefined : parts.join("; ");
}
