import type { OAuthClientModel } from "../../model/model";
import { joinList } from "../../config/suggest";
import { clientTarget, defineRule, groupBy } from "../rule";

/**
 * Rotation groups: the clients of one org whose Genesys names are `<group>-<n>`. A client declared with
 * `rotation: N` contributes its copies `<name>-1..N`; a client declared by hand as `<name>-<n>` (n up to 10) joins that
 * group.
 */
function rotationGroupOf(client: OAuthClientModel): string[] {
  if (client.rotation.value > 1) return [client.name.value];
  // Copy numbers run 1..10 (the most `rotation` allows), so `export-2024` and `export-2025` are not a group.
  const match = /^(.+)-([1-9]|10)$/.exec(client.name.value);
  return match === null ? [] : [match[1]];
}

/** What must be equal across a rotation group, as comparable text per aspect (lists as sets). */
function shapeOf(client: OAuthClientModel): Record<string, string> {
  const set = (items: readonly string[]) => JSON.stringify([...items].sort());
  return {
    grant: client.grant.value,
    scopes: set(client.scopes.map((scope) => scope.value)),
    roles: set(client.roles.map((grant) => `${grant.role.value}@${JSON.stringify(grant.division.value)}`)),
    "token validity": String(client.tokenValiditySeconds?.value ?? "default"),
    "redirect URIs": set(client.redirectUris.map((uri) => uri.value)),
  };
}

/** Clients of one rotation group are interchangeable: switching credentials changes nothing else. */
export default defineRule({
  id: "rotation-parity",
  description: "Clients of one rotation group (names '<group>-1' to '<group>-10') have the same grant, scopes, roles, token validity and redirect URIs.",
  severity: { nonprod: "error", prod: "error" },
  messages: {
    differs: "OAuth client '{{client}}' is in rotation group '{{group}}' with '{{other}}' but differs in {{aspects}}; expected rotation copies to be identical, so that switching credentials changes nothing else.",
  },
  check({ model, report }) {
    for (const org of model.environments) {
      for (const [group, members] of groupBy(org.oauthClients, rotationGroupOf)) {
        const [first, ...rest] = members;
        const expected = shapeOf(first);
        for (const client of rest) {
          const actual = shapeOf(client);
          const aspects = Object.keys(expected).filter((aspect) => expected[aspect] !== actual[aspect]);
          if (aspects.length === 0) continue;
          report({ messageId: "differs", data: { client: client.key, group, other: first.key, aspects: joinList(aspects) }, at: client.loc, scope: org, target: clientTarget(client.key) });
        }
      }
    }
  },
});
