import { isScopePattern, scopeMatches } from "./scope-patterns";

/**
 * Scope names that forum posts and tutorials use and Genesys Cloud does not have. No Genesys source names them: not
 * the Platform API definition (its 120 scopes), not the provider's docs, not the SDKs (../shared/genesys/PROVIDER.md,
 * "What the forum posts get wrong"). The API rejects them, and each has a real alternative, or none is needed.
 */
export interface InventedScope {
  /** The invented name, or `family:*` for every name of a family Genesys Cloud has no scope of. */
  readonly name: string;
  /** What to do instead, as the finding says it: a clause that completes "...; <instead>." */
  readonly instead: string;
  /** Where the facts come from, in one line. */
  readonly source: string;
}

const PROVIDER = "../shared/genesys/PROVIDER.md, 'What the forum posts get wrong'";

/** Exact names first: `lookupInvented` takes the first entry that matches. */
export const INVENTED_SCOPES: readonly InventedScope[] = [
  {
    name: "conversation:read",
    instead: "conversations are the 'conversations' family: use 'conversations:readonly'",
    source: `${PROVIDER}; most /api/v2/conversations operations of the API definition list 'conversations' ('conversations:readonly' too on reads).`,
  },
  {
    name: "conversation:write",
    instead: "conversations are the 'conversations' family: use 'conversations' (read-write)",
    source: `${PROVIDER}; most /api/v2/conversations operations of the API definition list 'conversations' ('conversations:readonly' too on reads).`,
  },
  {
    name: "messaging:read",
    instead: "messaging-platform configuration uses 'messaging' and 'messaging:readonly': use 'messaging:readonly'",
    source: `${PROVIDER}: messaging-platform configuration uses 'messaging' / 'messaging:readonly'.`,
  },
  {
    name: "messaging:write",
    instead: "messaging-platform configuration uses 'messaging' and 'messaging:readonly': use 'messaging' (read-write)",
    source: `${PROVIDER}: messaging-platform configuration uses 'messaging' / 'messaging:readonly'.`,
  },
  {
    name: "user:read",
    instead: "users are the 'users' family: use 'users:readonly'",
    source: `${PROVIDER}; PROVIDER.md, 'Authorization': GET /api/v2/users lists scopes 'users', 'users:readonly'.`,
  },
  {
    name: "users:read",
    instead: "users are the 'users' family: use 'users:readonly'",
    source: "Not among the API definition's 120 scopes; GET /api/v2/users lists 'users', 'users:readonly' (PROVIDER.md, 'Authorization').",
  },
  {
    name: "user:write",
    instead: "users are the 'users' family: use 'users' (read-write)",
    source: "Not among the API definition's 120 scopes; the users operations list 'users' / 'users:readonly' (PROVIDER.md, 'Authorization').",
  },
  {
    name: "users:write",
    instead: "users are the 'users' family: use 'users' (read-write)",
    source: "Not among the API definition's 120 scopes; the users operations list 'users' / 'users:readonly' (PROVIDER.md, 'Authorization').",
  },
  {
    name: "user:*",
    instead: "users are the 'users' family: use 'users' (read-write) or 'users:readonly'",
    source: `${PROVIDER} ('user:read'); no scope of a 'user' family is among the API definition's 120 scopes.`,
  },
  {
    name: "bot:*",
    instead:
      "bot connectors and bot-flow sessions use the 'textbots' family ('textbots', or 'textbots:readonly' to read); a CLIENT-CREDENTIALS client ignores scopes altogether: " +
      "the permissions of its roles decide ('integration:botconnector:view' and ':edit' for a Bot Connector integration, 'textbots:botFlowSession:execute' to start bot-flow sessions)",
    source: `${PROVIDER} ('bot:platform', 'bot:admin'); PROVIDER.md, 'Authorization': PUT /api/v2/integrations/botconnector/{integrationId}/bots needs integration:botconnector:edit and POST /api/v2/textbots/botflows/sessions needs textbots:botFlowSession:execute, both scope 'textbots'.`,
  },
  {
    name: "externaluser:*",
    instead:
      "none is needed: a web-messaging guest needs no OAuth client, as the Messenger session comes from the deployment id and the '/api/v2/webdeployments/token/*' " +
      "operations require no permissions (there is no '/api/v2/externalusers/guests' API); remove the scope",
    source: `${PROVIDER} ('externaluser:guest:create', 'externaluser:guest:read'): no /api/v2/externalusers/guests API; /api/v2/webdeployments/token/* require no permissions (guest JWT).`,
  },
];

/** The table's entry for an invented scope name (compared without case), if it is one. */
export function lookupInvented(scope: string): InventedScope | undefined {
  const folded = scope.toLowerCase();
  return INVENTED_SCOPES.find((entry) => (isScopePattern(entry.name) ? scopeMatches(entry.name, folded) : entry.name === folded));
}
