import type { Located } from "../../model/model";
import { REGION_DOMAINS, REGIONS } from "../../config/regions";
import { nearest } from "../../config/suggest";
import { clientTarget, defineRule, isUnknown } from "../rule";

/** Genesys hosts that are the same for every region. */
const GLOBAL_HOSTS = new Set(["help.mypurecloud.com", "help.genesys.cloud", "developer.genesys.cloud", "developer.mypurecloud.com", "status.mypurecloud.com"]);
/** Endings that mark a host as meant to be Genesys Cloud's (judged by how the host ends, never by what it contains). */
const GENESYS_LOOKING = /(^|\.)((my)?purecloud|genesyscloud|inindca|inintca)\.[a-z]{2,}(\.[a-z]{2})?$|(^|[.-])pure\.cloud$|(^|\.)genesys\.cloud$/i;
/** Domains from longest to shortest, so `mypurecloud.com.au` wins over `mypurecloud.com`. */
const DOMAINS_BY_LENGTH = Object.entries(REGION_DOMAINS).sort(([, a], [, b]) => b.length - a.length);

/** Every Genesys Cloud host the configuration mentions belongs to the org's region, and exists. */
export default defineRule({
  id: "region-consistency",
  description: "An org's region, also when a variable gives it, is one of the provider's, and Genesys Cloud hosts in redirect URIs and bindings belong to it and exist.",
  severity: { nonprod: "error", prod: "error" },
  messages: {
    wrongRegion: "Host '{{host}}' in {{what}} belongs to region '{{hostRegion}}', but '{{stack}}' is in region '{{region}}'; expected '{{expected}}'.",
    unknownHost: "Host '{{host}}' in {{what}} looks like a Genesys Cloud host but does not exist; for region '{{region}}' expected {{expected}}.",
    unknownRegion: "Region '{{value}}' of '{{stack}}', from {{reference}}, is not a region of the provider; expected {{expected}}.",
  },
  check({ model, report, skip }) {
    for (const org of model.environments) {
      if (isUnknown(org, "region")) {
        skip("Orgs without a literal 'aws_region' (nor a variable's literal value) were not checked: the region comes from GENESYSCLOUD_REGION at plan time.", org.loc);
        continue;
      }
      const orgDomain = REGION_DOMAINS[org.region.value];
      if (orgDomain === undefined) {
        // A literal 'aws_region' is provider-schema's finding; one a variable (or a local) gives is this rule's, at the value.
        if (org.region.reference !== undefined) {
          const suggestion = nearest(org.region.value, REGIONS);
          const expected = suggestion === undefined ? "a region code such as 'eu-west-1' (not a display name)" : `'${suggestion}'`;
          report({ messageId: "unknownRegion", data: { value: org.region.value, stack: org.stackName, reference: org.region.reference, expected }, at: org.region.loc, scope: org, target: "org" });
        } else {
          skip("Orgs whose region is not one of the provider's were not checked for hosts (provider-schema reports the region).", org.loc);
        }
        continue;
      }
      const check = (text: Located<string>, what: string, target: string) => {
        const host = hostIn(text.value);
        if (host === undefined || GLOBAL_HOSTS.has(host)) return;
        const known = DOMAINS_BY_LENGTH.find(([, domain]) => host === domain || host.endsWith(`.${domain}`));
        const base = { scope: org, target, at: text.loc } as const;
        const common = { host, what, stack: org.stackName, region: org.region.value };
        if (known !== undefined) {
          const [hostRegion, domain] = known;
          if (hostRegion === org.region.value) return;
          const prefix = host.slice(0, host.length - domain.length);
          report({ ...base, messageId: "wrongRegion", data: { ...common, hostRegion, expected: `${prefix}${orgDomain}` } });
        } else if (GENESYS_LOOKING.test(host)) {
          const first = host.split(".")[0];
          const expected = ["api", "login", "apps", "webmessaging"].includes(first) ? `'${first}.${orgDomain}'` : `a host under '${orgDomain}'`;
          report({ ...base, messageId: "unknownHost", data: { ...common, expected } });
        }
      };
      for (const client of org.oauthClients) {
        for (const uri of client.redirectUris) check(uri, `a redirect URI of OAuth client '${client.key}'`, clientTarget(client.key));
      }
      for (const binding of org.bindings) {
        if (typeof binding.value.value === "string") check(binding.value as Located<string>, `binding '${binding.name}'`, `binding/${binding.name}`);
      }
    }
  },
});

/**
 * The host a URL or bare host name (dot-separated labels, a port allowed) names, lower-cased; undefined for text that is
 * neither. An IP address passes for a host name: it is never a Genesys host.
 */
function hostIn(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed.includes("://")) {
    try {
      return new URL(trimmed).hostname.toLowerCase() || undefined;
    } catch {
      return undefined;
    }
  }
  const host = trimmed.replace(/:\d+$/, "");
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(host) ? host.toLowerCase() : undefined;
}
