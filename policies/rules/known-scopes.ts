import { clientsOf, clientTarget, defineRule } from "../rule";

/** Every scope a client requests exists: in scopegate's catalog, in a profile, or under `scopes.known`. */
export default defineRule({
  id: "known-scopes",
  description: "Every scope an OAuth client requests is a known Genesys Cloud scope (catalog, profiles or 'scopes.known').",
  severity: { nonprod: "error", prod: "error" },
  messages: {
    unknownScope: "OAuth client '{{client}}' requests scope '{{scope}}', which is not a known Genesys Cloud scope; {{expected}}.",
  },
  check({ model, scopes, report }) {
    for (const [org, client] of clientsOf(model)) {
      for (const scope of client.scopes) {
        if (scopes.has(scope.value)) continue;
        const suggestion = scopes.nearest(scope.value);
        const expected = suggestion !== undefined ? `'${suggestion}', the nearest known scope` : "a scope of the catalog ('scopegate explain known-scopes'), or the scope added under 'scopes.known' if your orgs have it";
        report({ messageId: "unknownScope", data: { client: client.key, scope: scope.value, expected }, at: scope.loc, scope: org, target: clientTarget(client.key) });
      }
    }
  },
});
