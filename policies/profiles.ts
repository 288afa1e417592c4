import type { ScopegateModel, SourceLocation } from "../model/model";
import type { ApiOperation } from "./operations";
import { operationCatalog } from "./operations";
import { isScopePattern } from "./scope-patterns";

/**
 * Capability profiles: what an OAuth client does for one job. A profile names the Platform API operations the job
 * calls (`operations`), from which scopegate derives what the client needs: for a CLIENT-CREDENTIALS client, the
 * role permissions of each operation (ANY of / ALL of); for a user grant, one of each operation's scopes. A profile
 * may also state scopes (`require`, `allow`) and permissions directly. A configuration adds profiles, or replaces a
 * built-in one by declaring a profile of the same name under `profiles:`.
 *
 * Scope entries are names or patterns (see `scope-patterns.ts`). A `require` entry that is a pattern is met by any one
 * scope it matches. A client may have the scopes its capabilities require by name, the scopes of their operations,
 * and whatever their `allow` entries match (a required pattern such as `messaging:*` does not by itself permit the
 * whole family).
 */
export interface CapabilityProfile {
  readonly description: string;
  /** Where the built-in profile's operations come from, in one line. */
  readonly source?: string;
  /** The API operations a client with this capability calls, each as the catalog has it. */
  readonly operations: readonly ApiOperation[];
  readonly require: readonly string[];
  readonly allow: readonly string[];
  /** Role permissions a CLIENT-CREDENTIALS client needs beyond its operations', checked where its roles' permissions are declared. */
  readonly permissions: readonly string[];
  /** How long before expiry a client with this capability refreshes its token. */
  readonly refreshWindowSeconds?: number;
}

/**
 * The operations built-in profiles call, as `data/api-operations/` has them (a test keeps the two equal), so
 * that a configuration using only built-in profiles never loads the 800 KB catalog.
 */
const BUILTIN_OPERATIONS: Readonly<Record<string, Omit<ApiOperation, "key">>> = {
    "PUT /api/v2/integrations/botconnector/{integrationId}/bots": { operationId: "putIntegrationsBotconnectorIntegrationIdBots", permissions: { type: "ANY", list: ["integration:botconnector:edit"] }, scopes: ["textbots"], preview: false, deprecated: false },
    "GET /api/v2/integrations/botconnector/{integrationId}/bots": { operationId: "getIntegrationsBotconnectorIntegrationIdBots", permissions: { type: "ANY", list: ["integration:botconnector:view"] }, scopes: ["textbots","textbots:readonly"], preview: false, deprecated: false },
    "GET /api/v2/integrations/botconnector/{integrationId}/bots/{botId}/versions": { operationId: "getIntegrationsBotconnectorIntegrationIdBotVersions", permissions: { type: "ANY", list: ["integration:botconnector:view"] }, scopes: ["textbots","textbots:readonly"], preview: false, deprecated: false },
    "POST /api/v2/textbots/botflows/sessions": { operationId: "postTextbotsBotflowsSessions", permissions: { type: "ANY", list: ["textbots:botFlowSession:execute"] }, scopes: ["textbots"], preview: false, deprecated: false },
    "POST /api/v2/textbots/botflows/sessions/{sessionId}/turns": { operationId: "postTextbotsBotflowsSessionTurns", permissions: { type: "ANY", list: ["textbots:botFlowSession:execute"] }, scopes: ["textbots"], preview: false, deprecated: false },
    "POST /api/v2/conversations/messages/{integrationId}/inbound/open/message": { operationId: "postConversationsMessageInboundOpenMessage", permissions: { type: "ALL", list: ["conversation:message:receive"] }, scopes: ["conversations"], preview: false, deprecated: false },
    "POST /api/v2/conversations/messages/{integrationId}/inbound/open/receipt": { operationId: "postConversationsMessageInboundOpenReceipt", permissions: { type: "ALL", list: ["conversation:message:receive"] }, scopes: ["conversations"], preview: false, deprecated: false },
    "POST /api/v2/conversations/messages/{integrationId}/inbound/open/event": { operationId: "postConversationsMessageInboundOpenEvent", permissions: { type: "ALL", list: ["conversation:message:receive"] }, scopes: ["conversations"], preview: false, deprecated: false },
    "POST /api/v2/analytics/conversations/details/jobs": { operationId: "postAnalyticsConversationsDetailsJobs", permissions: { type: "ANY", list: ["analytics:conversationDetail:view","analytics:agentConversationDetail:view"] }, scopes: ["analytics","analytics:readonly"], preview: false, deprecated: false },
    "GET /api/v2/analytics/conversations/details/jobs/{jobId}": { operationId: "getAnalyticsConversationsDetailsJob", permissions: { type: "ANY", list: ["analytics:conversationDetail:view","analytics:agentConversationDetail:view"] }, scopes: ["analytics","analytics:readonly"], preview: false, deprecated: false },
    "GET /api/v2/analytics/conversations/details/jobs/{jobId}/results": { operationId: "getAnalyticsConversationsDetailsJobResults", permissions: { type: "ANY", list: ["analytics:conversationDetail:view","analytics:agentConversationDetail:view"] }, scopes: ["analytics","analytics:readonly"], preview: false, deprecated: false },
    "POST /api/v2/analytics/conversations/aggregates/query": { operationId: "postAnalyticsConversationsAggregatesQuery", permissions: { type: "ANY", list: ["analytics:conversationAggregate:view"] }, scopes: ["analytics","analytics:readonly"], preview: false, deprecated: false },
    "POST /api/v2/analytics/conversations/details/query": { operationId: "postAnalyticsConversationsDetailsQuery", permissions: { type: "ANY", list: ["analytics:conversationDetail:view","analytics:agentConversationDetail:view"] }, scopes: ["analytics","analytics:readonly"], preview: false, deprecated: false },
    "GET /api/v2/users": { operationId: "getUsers", permissions: { type: "NONE", list: [] }, scopes: ["users","users:readonly"], preview: false, deprecated: false },
    "GET /api/v2/users/{userId}": { operationId: "getUser", permissions: { type: "NONE", list: [] }, scopes: ["users","users:readonly"], preview: false, deprecated: false },
    "POST /api/v2/users/search": { operationId: "postUsersSearch", permissions: { type: "ANY", list: ["directory:user:view"] }, scopes: ["users","users:readonly"], preview: false, deprecated: false },
    "GET /api/v2/users/presences/purecloud/bulk": { operationId: "getUsersPresencesPurecloudBulk", permissions: { type: "NONE", list: [] }, scopes: ["presence","presence:readonly"], preview: false, deprecated: false },
};

function builtinOperations(...keys: string[]): ApiOperation[] {
  return keys.map((key) => {
    const operation = BUILTIN_OPERATIONS[key];
    if (operation === undefined) throw new Error(`built-in operation '${key}' is missing from BUILTIN_OPERATIONS`);
    return { key, ...operation };
  });
}

const NO_SCOPES = { require: [], allow: [], permissions: [] } as const;

/** The profiles every configuration starts with. */
export const BUILTIN_PROFILES: Readonly<Record<string, CapabilityProfile>> = {
  "bot-connector": {
    description: "A Bot Connector integration: the bot platform keeps the list of its bots and versions in Genesys Cloud up to date.",
    source: "Platform API, Bot Connector: /api/v2/integrations/botconnector/{integrationId}/bots",
    operations: builtinOperations(
      "PUT /api/v2/integrations/botconnector/{integrationId}/bots",
      "GET /api/v2/integrations/botconnector/{integrationId}/bots",
      "GET /api/v2/integrations/botconnector/{integrationId}/bots/{botId}/versions",
    ),
    ...NO_SCOPES,
  },
  "bot-session": {
    description: "Starts and drives Genesys bot-flow (textbot) sessions from an outside channel: a session, then its turns.",
    source: "Platform API, Textbots: /api/v2/textbots/botflows/sessions",
    operations: builtinOperations("POST /api/v2/textbots/botflows/sessions", "POST /api/v2/textbots/botflows/sessions/{sessionId}/turns"),
    ...NO_SCOPES,
  },
  "open-messaging": {
    description: "Inbound Open Messaging: middleware that sends customers' messages, receipts and events into Genesys Cloud.",
    source: "Platform API, Conversations: /api/v2/conversations/messages/{integrationId}/inbound/open/*",
    operations: builtinOperations(
      "POST /api/v2/conversations/messages/{integrationId}/inbound/open/message",
      "POST /api/v2/conversations/messages/{integrationId}/inbound/open/receipt",
      "POST /api/v2/conversations/messages/{integrationId}/inbound/open/event",
    ),
    ...NO_SCOPES,
  },
  "conversation-export": {
    description: "Bulk export of conversation details through asynchronous analytics jobs (a nightly export to a warehouse).",
    source: "Platform API, Analytics: /api/v2/analytics/conversations/details/jobs",
    operations: builtinOperations(
      "POST /api/v2/analytics/conversations/details/jobs",
      "GET /api/v2/analytics/conversations/details/jobs/{jobId}",
      "GET /api/v2/analytics/conversations/details/jobs/{jobId}/results",
    ),
    ...NO_SCOPES,
  },
  "analytics-export": {
    description: "Reporting queries over conversation aggregates and details.",
    source: "Platform API, Analytics: /api/v2/analytics/conversations/{aggregates,details}/query",
    operations: builtinOperations("POST /api/v2/analytics/conversations/aggregates/query", "POST /api/v2/analytics/conversations/details/query"),
    ...NO_SCOPES,
  },
  "directory-sync": {
    description: "Reads users and their presence into another system (a CRM or workforce tool).",
    source: "Platform API, Users and Presence: /api/v2/users, /api/v2/users/search, /api/v2/users/presences/purecloud/bulk",
    operations: builtinOperations("GET /api/v2/users", "GET /api/v2/users/{userId}", "POST /api/v2/users/search", "GET /api/v2/users/presences/purecloud/bulk"),
    ...NO_SCOPES,
  },
  "web-messaging": {
    description:
      "A user-facing app (CODE or TOKEN grant) working with the messaging platform for the signed-in user. Messenger guests need no OAuth client: their session comes from the deployment id.",
    operations: [],
    require: ["messaging:*"],
    allow: ["messaging:*", "webdeployments:*"],
    permissions: [],
  },
};

/** A profile in effect for a configuration, and where it was declared (undefined for a built-in one). */
export interface ResolvedProfile extends CapabilityProfile {
  readonly name: string;
  readonly declaredAt: SourceLocation | undefined;
}

/** Profiles in effect, by capability name. */
export type ProfileCatalog = ReadonlyMap<string, ResolvedProfile>;

/**
 * The built-in profiles with the configuration's own laid over them (a declared profile replaces a built-in one). The
 * operations catalog is read only when a declared profile names operations; the config loader has already rejected
 * names the catalog does not have (a name it does not have here is skipped).
 */
export function resolveProfiles(model: ScopegateModel): ProfileCatalog {
  const profiles = new Map<string, ResolvedProfile>(
    Object.entries(BUILTIN_PROFILES).map(([name, profile]) => [name, { ...profile, name, declaredAt: undefined }]),
  );
  for (const declared of model.profiles) {
    // The catalog is read only for a profile that names operations.
    const operations = declared.operations.flatMap((entry) => operationCatalog().find(entry.value) ?? []);
    profiles.set(declared.name, {
      name: declared.name,
      description: declared.description ?? `Declared under 'profiles:' as '${declared.name}'.`,
      operations,
      require: declared.require.map((entry) => entry.value),
      allow: declared.allow.map((entry) => entry.value),
      permissions: declared.permissions.map((entry) => entry.value),
      refreshWindowSeconds: declared.refreshWindowSeconds?.value,
      declaredAt: declared.loc,
    });
  }
  return profiles;
}

/** Every scope a profile lets a client have: its required names, its operations' scopes, and its `allow` entries. */
export function permittedScopeEntries(profile: CapabilityProfile): string[] {
  return [...profile.require.filter((entry) => !isScopePattern(entry)), ...profile.allow, ...profile.operations.flatMap((operation) => operation.scopes ?? [])];
}
