/**
 * Built-in capability profiles: the scopes an OAuth client needs (`require`) and may have (`allow`) to do one job.
 * A configuration extends them, or replaces one by declaring a profile of the same name under `profiles:`.
 *
 * Patterns: `family:*` matches `family` and every `family:...` scope; anything else matches exactly. A `require`
 * entry that is a pattern is met by any one scope it matches.
 */
export interface CapabilityProfile {
  readonly description: string;
  readonly require: readonly string[];
  readonly allow: readonly string[];
  /** Role permissions a CLIENT-CREDENTIALS client needs, checked where its roles' permissions are known. */
  readonly permissions: readonly string[];
}

/** The profiles every configuration starts with. */
export const BUILTIN_PROFILES: Readonly<Record<string, CapabilityProfile>> = {
  "bot-session": {
    description: "A bot connector that starts and drives bot sessions (bot:admin alone gets a 403 on session start).",
    require: ["bot:platform", "bot:admin"],
    allow: ["bot:*"],
    permissions: [],
  },
  "guest-tokens": {
    description: "A web-messaging backend that mints guest tokens for external users.",
    require: ["externaluser:guest:create", "externaluser:guest:read"],
    allow: ["externaluser:*"],
    permissions: [],
  },
  "web-messaging": {
    description: "A web-messaging widget or deployment acting for a user.",
    require: ["messaging:*"],
    allow: ["messaging:*", "webdeployments:*"],
    permissions: [],
  },
  "analytics-export": {
    description: "A read-only export of analytics data.",
    require: ["analytics:*"],
    allow: ["analytics:readonly", "users:readonly", "routing:readonly", "conversations:readonly", "user-basic-info"],
    permissions: [],
  },
};
