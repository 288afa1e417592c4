import type { OAuthClientModel, OrgEnvironment, RoleGrant } from "../../model/model";
import type { ProfileCatalog } from "../profiles";
import { clientsOf, clientTarget, defineRule, isUnknown } from "../rule";
import { scopeMatches } from "../scope-patterns";

/** The provider's documented access-token lifetimes; SCIM clients may go up to 38880000 s (450 days). */
const TOKEN_VALIDITY = { min: 300, max: 172800, scimMax: 38880000, providerDefault: 86400 } as const;

/** The word SCIM in a role's name, without case, between anything but letters and digits: `SCIM Integration`, `okta_scim`. */
const SCIM_WORD = /(^|[^a-z0-9])scim([^a-z0-9]|$)/i;

/** Where a scan reads a role's name: the `name` of the role data source or managed role an id comes from. */
const ROLE_LOOKUPS = ["data.genesyscloud_auth_role.", "genesyscloud_auth_role."];

/**
 * A grant's role name, or undefined where a scan could not read one (a literal role id, a variable, a lookup whose
 * `name` is computed: the value is then the id or the expression). A configuration always names its roles.
 */
function roleNameOf(org: OrgEnvironment, grant: RoleGrant): string | undefined {
  if (org.scannedFrom === undefined) return grant.role.value;
  const { value, reference } = grant.role;
  return reference !== undefined && ROLE_LOOKUPS.some((prefix) => reference.startsWith(prefix)) && !value.includes(reference) ? value : undefined;
}

/**
 * What makes a client a SCIM (identity management) client, if anything: SCIM clients are CLIENT-CREDENTIALS clients
 * holding a SCIM role; a `scim` or `scim:readonly` scope, or a capability named for SCIM, says so too where given.
 */
function scimEvidence(org: OrgEnvironment, client: OAuthClientModel, profiles: ProfileCatalog): string | undefined {
  if (client.grant.value !== "CLIENT-CREDENTIALS" && !isUnknown(client, "grant")) return undefined;
  const role = client.roles.map((grant) => roleNameOf(org, grant)).find((name) => name !== undefined && SCIM_WORD.test(name));
  if (role !== undefined) return `role '${role}'`;
  const scope = client.scopes.find((candidate) => scopeMatches("scim:*", candidate.value));
  if (scope !== undefined) return `scope '${scope.value}'`;
  const capability = client.capabilities.find((candidate) => /(^|-)scim(-|$)/.test(candidate.value));
  if (capability !== undefined) return `capability '${capability.value}'`;
  // A capability that calls only the SCIM API is what a provisioning client is, whatever its role is called.
  const provisioning = client.capabilities.find((candidate) => {
    const operations = profiles.get(candidate.value)?.operations ?? [];
    return operations.length > 0 && operations.every((operation) => SCIM_PATH.test(operation.key));
  });
  return provisioning === undefined ? undefined : `capability '${provisioning.value}', which calls only the SCIM API`;
}

/** Operations of the SCIM API: `/api/v2/scim/...`. */
const SCIM_PATH = /^[A-Z]+ \/api\/v2\/scim\//;

/** Token lifetimes the provider documents, the tier allows, and the client's refresh window can live with. */
export default defineRule({
  id: "token-validity",
  description: "Access-token lifetimes stay within the provider's documented range and the tier's maximum, and above twice the capability's refresh window.",
  severity: { nonprod: "warning", prod: "error" },
  messages: {
    outsideProviderRange:
      "OAuth client '{{client}}' has token validity {{seconds}} s, outside the documented {{min}}..{{max}} s (only SCIM clients, CLIENT-CREDENTIALS clients holding a SCIM role, may go up to {{scimMax}} s); expected a value in that range.",
    outsideScimRange: "SCIM client '{{client}}' (by its {{evidence}}) has token validity {{seconds}} s, outside the documented {{min}}..{{scimMax}} s for SCIM clients; expected a value in that range.",
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
      const range = { client: client.key, seconds, min: TOKEN_VALIDITY.min, max: TOKEN_VALIDITY.max, scimMax: TOKEN_VALIDITY.scimMax };
      const scim = scimEvidence(org, client, profiles);
      if (scim !== undefined && (seconds < TOKEN_VALIDITY.min || seconds > TOKEN_VALIDITY.scimMax)) {
        report({ ...base, messageId: "outsideScimRange", data: { ...range, evidence: scim } });
        continue;
      }
      if (scim === undefined && (seconds < TOKEN_VALIDITY.min || seconds > TOKEN_VALIDITY.max)) {
        report({ ...base, messageId: "outsideProviderRange", data: range });
        continue;
      }
      // The tier's maximum holds for SCIM clients too: a 450-day token in prod needs the tier's maximum raised.
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
