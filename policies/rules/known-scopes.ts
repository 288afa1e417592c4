import { quoteList } from "../../config/suggest";
import { lookupInvented } from "../invented-scopes";
import { clientsOf, clientTarget, defineRule } from "../rule";

/** Most scopes a pattern finding lists by name; beyond that it gives their number. */
const MAX_LISTED = 4;

/**
 * Every scope a client requests exists: not a name forum posts invent (`invented-scopes.ts`), not a pattern, and in
 * scopegate's catalog or under `scopes.known`. Invented names, patterns and obvious misspellings of a known scope are
 * errors (the API rejects them); any other name outside the catalog is at most a warning, as the catalog is incomplete.
 */
export default defineRule({
  id: "known-scopes",
  description: "Every scope an OAuth client requests is a known Genesys Cloud scope (catalog or 'scopes.known'), not an invented name, a pattern or a misspelling.",
  severity: { nonprod: "error", prod: "error" },
  warningMessages: ["unknownScope"],
  messages: {
    inventedScope: "OAuth client '{{client}}' requests scope '{{scope}}', which Genesys Cloud does not have (a name forum posts invent); {{instead}}.",
    patternScope: "OAuth client '{{client}}' requests '{{scope}}', a pattern rather than a scope name, which the API rejects; {{instead}}.",
    misspelledScope:
      "OAuth client '{{client}}' requests scope '{{scope}}', a misspelling of '{{suggestion}}', which the API rejects; use '{{suggestion}}' (if your orgs really have '{{scope}}', add it under 'scopes.known').",
    unknownScope:
      "OAuth client '{{client}}' requests scope '{{scope}}', which scopegate's catalog does not list; the catalog may be incomplete ('GET /api/v2/oauth/scopes' lists an org's scopes): " +
      "if your orgs have it, add it under 'scopes.known' (scopes: { known: [{{scope}}] }), else remove it, as the API rejects unknown names.",
  },
  check({ model, scopes, report }) {
    for (const [org, client] of clientsOf(model)) {
      for (const scope of client.scopes) {
        const name = scope.value;
        const where = { at: scope.loc, scope: org, target: clientTarget(client.key) };
        const invented = lookupInvented(name);
        if (invented !== undefined) {
          report({ messageId: "inventedScope", data: { client: client.key, scope: name, instead: invented.instead }, ...where });
          continue;
        }
        if (name.includes("*")) {
          const matches = scopes.matching(name);
          const instead =
            matches.length > 0 && matches.length <= MAX_LISTED
              ? `name the scopes the client needs: ${quoteList(matches)}`
              : `name the scopes the client needs (it matches ${matches.length === 0 ? "no scope" : `${matches.length} scopes`} of the catalog)`;
          report({ messageId: "patternScope", data: { client: client.key, scope: name, instead }, ...where });
          continue;
        }
        if (scopes.has(name)) continue;
        const suggestion = scopes.typoOf(name);
        if (suggestion !== undefined) report({ messageId: "misspelledScope", data: { client: client.key, scope: name, suggestion }, ...where });
        else report({ messageId: "unknownScope", data: { client: client.key, scope: name }, ...where });
      }
    }
  },
});
