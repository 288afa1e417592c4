import type { OAuthClientModel } from "../../config/model";
import { clientsOf, clientTarget, defineRule, isUnknown, SKIP_REASONS } from "../rule";
import { permissionCovers } from "../permission-patterns";
import type { CapabilityProfile } from "../profiles";
import { anyScopeMatches, isScopePattern, scopeMatches } from "../scope-patterns";

/** A client has every scope (and, where its roles are declared, every permission) its capabilities require. */
export default defineRule({
  id: "required-scopes",
  description: "An OAuth client has every scope its capabilities require (a CLIENT-CREDENTIALS client may declare none), and every permission where its roles' permissions are declared.",
  severity: { nonprod: "error", prod: "error" },
  messages: {
    missingScope: "OAuth client '{{client}}' has capability '{{capability}}' but lacks scope '{{scope}}'; add '{{scope}}' to its scopes.",
    missingScopeOfFamily: "OAuth client '{{client}}' has capability '{{capability}}' but no scope matching '{{pattern}}'; add one, {{example}}.",
    missingPermission:
      "OAuth client '{{client}}' has capability '{{capability}}', which needs permission '{{permission}}', but none of its roles ({{roles}}) grants it; grant it to one of them or add a role that has it.",
  },
  check({ model, profiles, report, skip }) {
    const rolePermissions = new Map(model.roles.map((role) => [role.role, role.permissions.map((p) => p.value)]));
    for (const [org, client] of clientsOf(model)) {
      if (isUnknown(client, "capabilities")) {
        skip(SKIP_REASONS.noCapabilities, client.loc);
        continue;
      }
      if (isUnknown(client, "scopes")) {
        skip("OAuth clients whose scopes are computed (not literal, nor a variable's literal default) were not checked.", client.loc);
        continue;
      }
      const scopes = client.scopes.map((scope) => scope.value);
      for (const capability of client.capabilities) {
        const profile = profiles.get(capability.value);
        if (profile === undefined) {
          skip(SKIP_REASONS.unknownProfile, capability.loc);
          continue;
        }
        const at = capability.loc;
        const base = { scope: org, target: clientTarget(client.key), at } as const;
        // A CLIENT-CREDENTIALS client gets its permissions from roles, so it may rightly declare no scopes at all;
        // its profile's `permissions` are checked instead. Scopes it does declare must still meet the profile.
        const scopesApply = client.grant.value !== "CLIENT-CREDENTIALS" || scopes.length > 0;
        for (const required of scopesApply ? profile.require : []) {
          if (scopes.some((scope) => scopeMatches(required, scope))) continue;
          if (isScopePattern(required)) {
            report({ ...base, messageId: "missingScopeOfFamily", data: { client: client.key, capability: capability.value, pattern: required, example: exampleOf(required, profile) } });
          } else {
            report({ ...base, messageId: "missingScope", data: { client: client.key, capability: capability.value, scope: required } });
          }
        }
        const granted = grantedPermissions(client, rolePermissions);
        if (granted === undefined) continue;
        for (const permission of profile.permissions) {
          if (granted.some((held) => permissionCovers(held, permission))) continue;
          const roles = client.roles.map((grant) => `'${grant.role.value}'`).join(", ");
          report({ ...base, messageId: "missingPermission", data: { client: client.key, capability: capability.value, permission, roles } });
        }
      }
    }
  },
});

/** How to meet a required pattern, for the message: a scope of the family the profile also permits, if any. */
function exampleOf(pattern: string, profile: CapabilityProfile): string {
  if (!pattern.endsWith(":*")) return "any scope ending in ':readonly'";
  const family = pattern.slice(0, -2);
  const permitted = [...profile.require.filter((entry) => !isScopePattern(entry)), ...profile.allow];
  const candidate = [`${family}:readonly`, family].find((scope) => anyScopeMatches(permitted, scope)) ?? family;
  return `such as '${candidate}'`;
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
