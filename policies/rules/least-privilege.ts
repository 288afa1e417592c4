import { clientsOf, clientTarget, defineRule, isUnknown, SKIP_REASONS } from "../rule";
import { anyScopeMatches, isScopePattern } from "../scope-patterns";

/** A client has only scopes its capabilities require or allow, and says which capabilities it serves. */
export default defineRule({
  id: "least-privilege",
  description: "An OAuth client has only the scopes its capabilities require or allow, and declares at least one capability.",
  severity: { nonprod: "warning", prod: "error" },
  messages: {
    scopeNotAllowed: "OAuth client '{{client}}' has scope '{{scope}}', which none of its capabilities ({{capabilities}}) allows; remove the scope or add a capability that allows it.",
    noCapabilities: "OAuth client '{{client}}' declares no capabilities, so nothing says which scopes it needs; add 'capabilities:' with a built-in profile or one under 'profiles:'.",
  },
  check({ model, profiles, report, skip }) {
    for (const [org, client] of clientsOf(model)) {
      const target = clientTarget(client.key);
      if (isUnknown(client, "capabilities")) {
        skip(SKIP_REASONS.noCapabilities, client.loc);
        continue;
      }
      const unprofiled = client.capabilities.find((capability) => profiles.get(capability.value) === undefined);
      if (unprofiled !== undefined) {
        skip(SKIP_REASONS.unknownProfile, unprofiled.loc);
        continue;
      }
      if (client.capabilities.length === 0) {
        report({ messageId: "noCapabilities", data: { client: client.key }, at: client.loc, scope: org, target });
        continue;
      }
      const permitted = client.capabilities.flatMap((capability) => {
        const profile = profiles.get(capability.value);
        // A required pattern (`analytics:*`) is met by any scope of its family, but permits only what `allow` permits.
        return profile === undefined ? [] : [...profile.require.filter((entry) => !isScopePattern(entry)), ...profile.allow];
      });
      const capabilities = client.capabilities.map((capability) => `'${capability.value}'`).join(", ");
      for (const scope of client.scopes) {
        if (!anyScopeMatches(permitted, scope.value)) {
          report({ messageId: "scopeNotAllowed", data: { client: client.key, scope: scope.value, capabilities }, at: scope.loc, scope: org, target });
        }
      }
    }
  },
});
