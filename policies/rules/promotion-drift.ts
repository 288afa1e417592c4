import type { OAuthClientModel } from "../../config/model";
import { joinList } from "../../config/suggest";
import { clientIn, compareClients, differenceLocation, promotionSteps } from "../client-comparison";
import { clientTarget, defineRule } from "../rule";

/**
 * Work not yet promoted: what an environment on a tenant's promotion path has and the next one lacks. Differences the
 * later environment declares for itself (under `environments.<env>`, or a client `only` it has) are intent, and a
 * later environment having more is not drift either: where prod grants more, `prod-stricter` reports it.
 */
export default defineRule({
  id: "promotion-drift",
  description: "Work not yet promoted: each environment on a tenant's promotion path (nonprod, then prod) has the OAuth clients, capabilities, scopes, roles (by name), rotation copies and state of the one before it, unless it declares its own.",
  severity: { nonprod: "warning", prod: "warning" },
  messages: {
    clientNotPromoted: "OAuth client '{{client}}' exists in '{{source}}' but not yet in '{{target}}', the next environment on the promotion path: work not yet promoted ('scopegate promote --from {{source}} --to {{target}}' shows and makes the change).",
    itemsNotPromoted: "OAuth client '{{client}}' lacks {{items}} in '{{target}}' that it has in '{{source}}', the environment before it: work not yet promoted ('scopegate promote --from {{source}} --to {{target}}' shows and makes the change).",
    rotationNotPromoted: "OAuth client '{{client}}' has {{targetCopies}} in '{{target}}' but {{sourceCopies}} in '{{source}}', the environment before it: work not yet promoted ('scopegate promote --from {{source}} --to {{target}}' shows and makes the change).",
    stateNotPromoted: "OAuth client '{{client}}' is {{targetState}} in '{{target}}' but {{sourceState}} in '{{source}}', the environment before it: work not yet promoted ('scopegate promote --from {{source}} --to {{target}}' shows and makes the change).",
  },
  check({ model, report }) {
    for (const [source, target] of promotionSteps(model)) {
      const data = { source: source.environment, target: target.environment };
      for (const client of source.oauthClients) {
        const later = clientIn(target, client.key);
        const base = { scope: target, target: clientTarget(client.key) } as const;
        if (later === undefined) {
          report({ ...base, messageId: "clientNotPromoted", data: { ...data, client: client.key }, at: client.only?.loc ?? client.loc });
          continue;
        }
        for (const difference of compareClients(client, later)) {
          // What the later environment declares for itself is intent; settings that are per environment by design too.
          if (difference.environmentSpecific || later.overridden.has(difference.key)) continue;
          const at = differenceLocation(difference);
          const clientData = { ...data, client: client.key };
          switch (difference.key) {
            case "capabilities":
            case "scopes":
            case "roles": {
              const lacking = lackingItems(client, later, difference.key);
              if (lacking.length === 0) continue;
              report({ ...base, messageId: "itemsNotPromoted", data: { ...clientData, setting: difference.key, items: itemsText(difference.key, lacking) }, at });
              break;
            }
            case "rotation":
              if (later.rotation.value >= client.rotation.value) continue;
              report({ ...base, messageId: "rotationNotPromoted", data: { ...clientData, sourceCopies: copiesText(client.rotation.value), targetCopies: copiesText(later.rotation.value) }, at });
              break;
            case "state":
              report({ ...base, messageId: "stateNotPromoted", data: { ...clientData, sourceState: client.state.value, targetState: later.state.value }, at });
              break;
          }
        }
      }
    }
  },
});

/** Capabilities, scopes or role names (divisions aside: division names differ between orgs) the earlier client has and the later one lacks. */
function lackingItems(earlier: OAuthClientModel, later: OAuthClientModel, key: "capabilities" | "scopes" | "roles"): string[] {
  const names = (client: OAuthClientModel) => (key === "roles" ? client.roles.map((grant) => grant.role.value) : client[key].map((item) => item.value));
  const has = new Set(names(later));
  return [...new Set(names(earlier))].filter((name) => !has.has(name));
}

function itemsText(key: "capabilities" | "scopes" | "roles", items: readonly string[]): string {
  const noun = { capabilities: ["capability", "capabilities"], scopes: ["scope", "scopes"], roles: ["role", "roles"] }[key];
  return `${items.length === 1 ? noun[0] : noun[1]} ${joinList(items.map((item) => `'${item}'`))}`;
}

function copiesText(count: number): string {
  return count === 1 ? "1 copy" : `${count} rotation copies`;
}
