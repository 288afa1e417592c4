import type { OAuthClientModel } from "../../config/model";
import { clientsOf, clientTarget, defineRule } from "../rule";
import { isScopePattern, scopeMatches } from "../scope-patterns";

/** A client has every scope (and, where its roles are declared, every permission) its capabilities require. */
export default defineRule({
  id: "required-scopes",
  description: "An OAuth client has every scope its capabilities require, and every permission where its roles' permissions are declared.",
  severity: { nonprod: "error", prod: "error" },
  messages: {
    missingScope: "OAuth client '{{client}}' has capability '{{capability}}' but lacks scope '{{scope}}'; add '{{scope}}' to its scopes.",
    missingScopeOfFamily: "OAuth client '{{client}}' has capability '{{capability}}' but no scope matching '{{pattern}}'; add one, {{example}}.",
    missingPermission:
      "OAuth client '{{client}}' has capability '{{capability}}', which needs permission '{{permission}}', but none of its roles ({{roles}}) grants it; grant it to one of them or add a role that has it.",
  },
  check({ model, profiles, report }) {
    const rolePermissions = new Map(model.roles.map((role) => [role.role, role.permissions.map((p) => p.value)]));
    for (const [org, client] of clientsOf(model)) {
      const scopes = client.scopes.map((scope) => scope.value);
      for (const capability of client.capabilities) {
        const profile = profiles.get(capability.value);
        if (profile === undefined) continue;
        const at = capability.loc;
        const base = { scope: org, target: clientTarget(client.key), at } as const;
        for (const required of profile.require) {
          if (scopes.some((scope) => scopeMatches(required, scope))) continue;
          if (isScopePattern(required)) {
            report({ ...base, messageId: "missingScopeOfFamily", data: { client: client.key, capability: capability.value, pattern: required, example: exampleOf(required) } });
          } else {
            report({ ...base, messageId: "missingScope", data: { client: client.key, capability: capability.value, scope: required } });
          }
        }
        const granted = grantedPermissions(client, rolePermissions);
        if (granted === undefined) continue;
        for (const permission of profile.permissions) {
          if (granted.some((held) => permissionMatches(held, permission))) continue;
          const roles = client.roles.map((grant) => `'${grant.role.value}'`).join(", ");
          report({ ...base, messageId: "missingPermission", data: { client: client.key, capability: capability.value, permission, roles } });
        }
      }
    }
  },
});

/** How to meet a required pattern, for the message: `such as 'messaging'`, or any read-only scope. */
function exampleOf(pattern: string): string {
  return pattern.endsWith(":*") ? `such as '${pattern.slice(0, -2)}'` : "any scope ending in ':readonly'";
}

/** The permissions a CLIENT-CREDENTIALS client's roles grant, or undefined unless every one of its roles is declared. */
function grantedPermissions(client: OAuthClientModel, declared: ReadonlyMap<string, readonly string[]>): readonly string[] | undefined {
  if (client.grant.value !== "CLIENT-CREDENTIALS" || client.roles.length === 0) return undefined;
  const permissions: string[] = [];
  for (const grant of client.roles) {
    const held = declared.get(grant.role.value);
    if (held === undefined) return undefined;
    permissions.push(...held);
  }
  return permissions;
}

/** `domain:entity:action` permissions; a `*` segment in what a role holds matches any segment. */
export function permissionMatches(held: string, needed: string): boolean {
  const heldParts = held.split(":");
  const neededParts = needed.split(":");
  if (heldParts.length !== neededParts.length) return heldParts.length < neededParts.length && heldParts[heldParts.length - 1] === "*" && heldParts.slice(0, -1).every((part, i) => part === "*" || part === neededParts[i]);
  return heldParts.every((part, i) => part === "*" || part === neededParts[i]);
}
