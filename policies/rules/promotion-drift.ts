import type { OAuthClientModel, SourceLocation } from "../../model/model";
import { joinList } from "../../config/suggest";
import { clientIn, notYetPromoted, promotionPositions } from "../client-comparison";
import { clientTarget, defineRule } from "../rule";

/** The list settings compared item by item; roles by name, since division names differ between orgs. */
const LIST_SETTINGS = ["capabilities", "scopes", "roles"] as const;
type ListSetting = (typeof LIST_SETTINGS)[number];

const NOUNS: Readonly<Record<ListSetting, readonly [string, string]>> = { capabilities: ["capability", "capabilities"], scopes: ["scope", "scopes"], roles: ["role", "roles"] };

/**
 * Work not yet promoted: what an earlier environment on a tenant's promotion path has and a later one lacks, whether
 * or not the later one overrides the setting (an override kept for a division name must not hide a role added
 * since). What a later environment has beyond the earlier one is not drift: its own division names, more rotation
 * copies, a client declared only for it, or, in prod, more privilege, which `prod-stricter` reports.
 */
export default defineRule({
  id: "promotion-drift",
  description: "Work not yet promoted: each environment on a tenant's promotion path (nonprod in declaration order, then each prod) has the OAuth clients, capabilities, scopes, roles (by name), rotation copies and active state of the environment before it.",
  severity: { nonprod: "warning", prod: "warning" },
  messages: {
    clientNotPromoted: "OAuth client '{{client}}' exists in '{{source}}' but not yet in '{{target}}', the next environment on the promotion path: work not yet promoted ('scopegate promote --from {{source}} --to {{target}}' shows and makes the change).",
    itemsNotPromoted: "OAuth client '{{client}}' lacks {{items}} in '{{target}}' that it has in '{{source}}', earlier on the promotion path: work not yet promoted ('scopegate promote --from {{source}} --to {{target}}' shows the change).",
    rotationNotPromoted: "OAuth client '{{client}}' has {{targetCopies}} in '{{target}}' but {{sourceCopies}} in '{{source}}', earlier on the promotion path: work not yet promoted ('scopegate promote --from {{source}} --to {{target}}' shows the change).",
    stateNotPromoted: "OAuth client '{{client}}' is inactive in '{{target}}' but active in '{{source}}', earlier on the promotion path: work not yet promoted ('scopegate promote --from {{source}} --to {{target}}' shows the change).",
  },
  check({ model, report }) {
    for (const { org: target, earlier, laterOrPeers } of promotionPositions(model)) {
      const previous = earlier[0];
      if (previous === undefined) continue;
      // A client the previous environment has and this one lacks, unless it reaches a later (or peer prod) environment:
      // then leaving this one out is what its `only` says.
      for (const client of previous.oauthClients) {
        if (clientIn(target, client.key) !== undefined || laterOrPeers.some((org) => clientIn(org, client.key) !== undefined)) continue;
        const data = { client: client.key, source: previous.environment, target: target.environment };
        report({ messageId: "clientNotPromoted", data, at: client.only?.loc ?? client.loc, scope: target, target: clientTarget(client.key) });
      }
      // Each client compared with the nearest earlier environment that has it.
      for (const later of target.oauthClients) {
        const source = earlier.find((org) => clientIn(org, later.key) !== undefined);
        if (source === undefined) continue;
        const before = clientIn(source, later.key)!;
        const base = { scope: target, target: clientTarget(later.key) } as const;
        const data = { client: later.key, source: source.environment, target: target.environment };
        const work = notYetPromoted(before, later);
        for (const setting of LIST_SETTINGS) {
          const lacking = work[setting];
          // Genesys Cloud ignores a CLIENT-CREDENTIALS client's scopes: its roles decide, so only they can be behind.
          if (lacking.length === 0 || (setting === "scopes" && later.grant.value === "CLIENT-CREDENTIALS")) continue;
          const [singular, pluralNoun] = NOUNS[setting];
          const items = `${lacking.length === 1 ? singular : pluralNoun} ${joinList(lacking.map((item) => `'${item.value}'`))}`;
          report({ ...base, messageId: "itemsNotPromoted", data: { ...data, setting, items }, at: fixAt(later, setting, lacking[0]!.loc) });
        }
        if (work.rotation) {
          report({ ...base, messageId: "rotationNotPromoted", data: { ...data, sourceCopies: copiesText(before.rotation.value), targetCopies: copiesText(later.rotation.value) }, at: fixAt(later, "rotation", before.rotation.loc) });
        }
        if (work.state) {
          report({ ...base, messageId: "stateNotPromoted", data, at: fixAt(later, "state", before.state.loc) });
        }
      }
    }
  },
});

/**
 * Where to fix it: the later environment's own override of the setting when it declares one (the item must be added
 * there), else where the earlier environment declares what has not been promoted.
 */
function fixAt(later: OAuthClientModel, setting: ListSetting | "rotation" | "state", earlierLoc: SourceLocation): SourceLocation {
  if (!later.overridden.has(setting)) return earlierLoc;
  if (setting === "rotation" || setting === "state") return later[setting].loc;
  const first = setting === "roles" ? later.roles[0]?.role : later[setting][0];
  return first?.loc ?? later.loc;
}

function copiesText(count: number): string {
  return count === 1 ? "1 copy" : `${count} rotation copies`;
}
