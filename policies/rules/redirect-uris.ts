import type { Located, OAuthClientModel, OrgEnvironment } from "../../model/model";
import { clientsOf, clientTarget, defineRule, isUnknown } from "../rule";

/** Grants that send the user's browser back to a registered redirect URI. */
const REDIRECTING_GRANTS: readonly string[] = ["CODE", "TOKEN"];
/** Loopback IP literals: native apps receive the redirect on any port of these (RFC 8252, section 7.3), in any tier. */
const LOOPBACK_ADDRESSES = new Set(["127.0.0.1", "[::1]"]);
/** A private-use URI scheme in reverse-domain form, as native apps register (RFC 8252, section 7.1): `com.example.app`. */
const REVERSE_DOMAIN_SCHEME = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/i;

/** Redirect URIs that Genesys accepts and that the application will actually send. */
export default defineRule({
  id: "redirect-uris",
  description: "CODE and TOKEN clients register absolute https redirect URIs (or, for native apps, loopback http and reverse-domain private-use schemes), without fragments, wildcards or near-duplicates; other grants register none.",
  severity: { nonprod: "error", prod: "error" },
  messages: {
    missing: "OAuth client '{{client}}' uses grant '{{grant}}' but registers no redirect URIs; expected at least one 'https://' URI.",
    notAbsolute: "Redirect URI '{{uri}}' of OAuth client '{{client}}' is not an absolute URI; expected 'https://host/path' (or, for a native app, a private-use scheme in reverse-domain form such as 'com.example.app:/callback').",
    notHttps: "Redirect URI '{{uri}}' of OAuth client '{{client}}' uses '{{protocol}}'; expected 'https:', plain 'http:' only to a loopback address ('http://127.0.0.1:<port>', 'http://[::1]:<port>') or to localhost in a nonprod org, or for a native app a private-use scheme in reverse-domain form such as 'com.example.app:/callback'.",
    localhostInProd: "Redirect URI '{{uri}}' of OAuth client '{{client}}' points at '{{host}}' in prod-tier environment '{{environment}}'; expected the application's public URI.",
    fragment: "Redirect URI '{{uri}}' of OAuth client '{{client}}' has a fragment ('#...'); expected a URI without one, as OAuth forbids fragments in redirect URIs.",
    wildcard: "Redirect URI '{{uri}}' of OAuth client '{{client}}' contains '*'; expected each redirect URI spelled out in full, without wildcards.",
    nearDuplicate: "Redirect URI '{{uri}}' of OAuth client '{{client}}' differs from '{{other}}' only by {{difference}}; expected one form, the one the application sends.",
    severalBad:
      "OAuth client '{{client}}' registers {{count}} redirect URIs that cannot work: {{uris}}; expected each an absolute 'https://' URI without fragment or wildcard ('http:' only to a loopback address, or to localhost in a nonprod org), or a native app's private-use scheme in reverse-domain form such as 'com.example.app:/callback'.",
    unusedByGrant: "OAuth client '{{client}}' registers redirect URIs but grant '{{grant}}' never redirects; expected none (only CODE and TOKEN use redirect URIs).",
  },
  check({ model, report, skip }) {
    for (const [org, client] of clientsOf(model)) {
      const base = { scope: org, target: clientTarget(client.key) } as const;
      const grant = client.grant.value;
      if (isUnknown(client, "grant") || (client.redirectUris.length === 0 && isUnknown(client, "redirectUris"))) {
        skip("OAuth clients whose grant type or redirect URIs are not literals (computed by an expression, or missing) were not checked.", client.loc);
        continue;
      }
      if (!REDIRECTING_GRANTS.includes(grant)) {
        if (client.redirectUris.length > 0) report({ ...base, messageId: "unusedByGrant", data: { client: client.key, grant }, at: client.redirectUris[0].loc });
        continue;
      }
      if (client.redirectUris.length === 0) {
        report({ ...base, messageId: "missing", data: { client: client.key, grant }, at: client.grant.loc });
        continue;
      }
      const bad = client.redirectUris.flatMap((uri) => {
        const problem = uriProblem(uri.value, org);
        return problem === undefined ? [] : [{ uri, problem }];
      });
      if (bad.length === 1) {
        const [{ uri, problem }] = bad;
        report({ ...base, messageId: problem.messageId, data: { client: client.key, uri: uri.value, ...problem.data }, at: uri.loc });
      } else if (bad.length > 1) {
        // One finding per client, at its first bad URI, naming each with what is wrong with it.
        const uris = bad.map(({ uri, problem }) => `'${uri.value}' (${PROBLEM_IN_SHORT[problem.messageId](problem.data)})`).join(", ");
        report({ ...base, messageId: "severalBad", data: { client: client.key, count: bad.length, uris }, at: bad[0].uri.loc });
      }
      for (const [uri, other, difference] of nearDuplicates(client)) {
        report({ ...base, messageId: "nearDuplicate", data: { client: client.key, uri: uri.value, other: other.value, difference }, at: uri.loc });
      }
    }
  },
});

type UriProblem = { messageId: "notAbsolute" | "notHttps" | "localhostInProd" | "fragment" | "wildcard"; data: Record<string, string> };

/** What is wrong with one URI, in a few words, for a finding that lists several. */
const PROBLEM_IN_SHORT: Readonly<Record<UriProblem["messageId"], (data: Record<string, string>) => string>> = {
  notAbsolute: () => "not absolute",
  notHttps: (data) => `uses '${data.protocol}'`,
  localhostInProd: (data) => `points at '${data.host}' in prod`,
  fragment: () => "has a fragment",
  wildcard: () => "contains '*'",
};

function uriProblem(uri: string, org: OrgEnvironment): UriProblem | undefined {
  if (uri.includes("*")) return { messageId: "wildcard", data: {} };
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return { messageId: "notAbsolute", data: {} };
  }
  const scheme = parsed.protocol.slice(0, -1);
  // A native app's own scheme (`com.example.app:/callback`) needs no host; every other scheme does.
  const privateUse = REVERSE_DOMAIN_SCHEME.test(scheme) && !["", "/", "//"].includes(uri.slice(scheme.length + 1));
  if (!privateUse && (!uri.includes("://") || parsed.host === "")) return { messageId: "notAbsolute", data: {} };
  if (uri.includes("#")) return { messageId: "fragment", data: {} };
  if (privateUse) return undefined;
  const loopback = LOOPBACK_ADDRESSES.has(parsed.hostname);
  const localhost = parsed.hostname === "localhost";
  if (localhost && org.tier.value === "prod") return { messageId: "localhostInProd", data: { host: parsed.hostname, environment: org.environment } };
  if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && (loopback || localhost))) return { messageId: "notHttps", data: { protocol: parsed.protocol } };
  return undefined;
}

/** Pairs of a client's URIs that differ only by a trailing slash or by letter case (the later one first). */
function nearDuplicates(client: OAuthClientModel): [Located<string>, Located<string>, string][] {
  const pairs: [Located<string>, Located<string>, string][] = [];
  const seen = new Map<string, Located<string>>();
  for (const uri of client.redirectUris) {
    const key = uri.value.toLowerCase().replace(/\/+$/, "");
    const earlier = seen.get(key);
    if (earlier === undefined) {
      seen.set(key, uri);
      continue;
    }
    const sameCase = earlier.value.replace(/\/+$/, "") === uri.value.replace(/\/+$/, "");
    const sameSlash = /\/$/.test(earlier.value) === /\/$/.test(uri.value);
    pairs.push([uri, earlier, sameCase ? "a trailing slash" : sameSlash ? "letter case" : "letter case and a trailing slash"]);
  }
  return pairs;
}
