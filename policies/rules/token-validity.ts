import { clientsOf, clientTarget, defineRule, isUnknown } from "../rule";
import { scopeMatches } from "../scope-patterns";

/** The provider's documented access-token lifetimes; SCIM clients may go up to 38880000 s (450 days). */
const TOKEN_VALIDITY = { min: 300, max: 172800, scimMax: 38880000, providerDefault: 86400 } as const;

/** Token lifetimes the provider documents, the tier allows, and the client's refresh window can live with. */
export default defineRule({
  id: "token-validity",
  description: "Access-token lifetimes stay within the provider's documented range and the tier's maximum, and above twice the capability's refresh window.",
  severity: { nonprod: "warning", prod: "error" },
  messages: {
    outsideProviderRange: "OAuth client '{{client}}' has token validity {{seconds}} s, outside the documented {{min}}..{{max}} s (only SCIM clients may go up to {{scimMax}} s); expected a value in that range.",
    aboveTierMaximum: "OAuth client '{{client}}' has token validity {{seconds}} s{{source}}, above the {{tier}} maximum of {{maximum}} s; expected at most {{maximum}} s (or a higher 'policy.tiers.{{tier}}.maxTokenValiditySeconds').",
    constantRefresh: "OAuth client '{{client}}' has token validity {{seconds}} s, but capability '{{capability}}' refreshes {{window}} s before expiry; expected more than {{minimum}} s, or the token is refreshed almost constantly.",
  },
  check({ model, profiles, maxTokenValiditySeconds, report, skip }) {
    for (const [org, client] of clientsOf(model)) {
      if (isUnknown(client, "tokenValiditySeconds")) {
        skip("OAuth clients whose token validity is computed (not literal) were not checked.", client.loc);
        continue;
      }
      const base = { scope: org, target: clientTarget(client.key), at: client.tokenValiditySeconds?.loc ?? client.loc } as const;
      const seconds = client.tokenValiditySeconds?.value ?? TOKEN_VALIDITY.providerDefault;
      // SCIM (identity management) clients: by a scim scope, or a capability named for it (CLIENT-CREDENTIALS needs no scopes).
      const scim = client.scopes.some((scope) => scopeMatches("scim:*", scope.value)) || client.capabilities.some((capability) => /(^|-)scim(-|$)/.test(capability.value));
      const max = scim ? TOKEN_VALIDITY.scimMax : TOKEN_VALIDITY.max;
      if (seconds < TOKEN_VALIDITY.min || seconds > max) {
        report({ ...base, messageId: "outsideProviderRange", data: { client: client.key, seconds, min: TOKEN_VALIDITY.min, max: TOKEN_VALIDITY.max, scimMax: TOKEN_VALIDITY.scimMax } });
        continue;
      }
      const tier = org.tier.value;
      const maximum = maxTokenValiditySeconds(tier);
      if (seconds > maximum) {
        const source = client.tokenValiditySeconds === undefined ? " (the provider's default)" : "";
        report({ ...base, messageId: "aboveTierMaximum", data: { client: client.key, seconds, source, tier, maximum } });
      }
      for (const capability of client.capabilities) {
        const window = profiles.get(capability.value)?.refreshWindowSeconds;
        if (window === undefined || seconds > 2 * window) continue;
        report({ ...base, messageId: "constantRefresh", data: { client: client.key, seconds, capability: capability.value, window, minimum: 2 * window } });
      }
    }
  },
});
