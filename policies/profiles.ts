import type { ScopegateModel, SourceLocation } from "../config/model";

/**
 * Capability profiles: the scopes an OAuth client needs (`require`) and may have (`allow`) to do one job. A
 * configuration adds profiles, or replaces a built-in one by declaring a profile of the same name under `profiles:`.
 *
 * Entries are scope names or patterns (see `scope-patterns.ts`). A `require` entry that is a pattern is met by any
 * one scope it matches. A client may have the scopes its capabilities require by name, and whatever their `allow`
 * entries match (a required pattern such as `analytics:*` does not by itself permit the whole family).
 */
export interface CapabilityProfile {
  readonly description: string;
  readonly require: readonly string[];
  readonly allow: readonly string[];
  /** Role permissions a CLIENT-CREDENTIALS client needs, checked where its roles' permissions are declared. */
  readonly permissions: readonly string[];
  /** How long before expiry a client with this capability refreshes its token. */
  readonly refreshWindowSeconds?: number;
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
    description: "A web-messaging backend that mints guest tokens for external users; tokens refresh 300 s before expiry.",
    require: ["externaluser:guest:create", "externaluser:guest:read"],
    allow: ["externaluser:*"],
    permissions: [],
    refreshWindowSeconds: 300,
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
    allow: ["*:readonly", "user-basic-info"],
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

/** The built-in profiles with the configuration's own laid over them (a declared profile replaces a built-in one). */
export function resolveProfiles(model: ScopegateModel): ProfileCatalog {
  const profiles = new Map<string, ResolvedProfile>(
    Object.entries(BUILTIN_PROFILES).map(([name, profile]) => [name, { ...profile, name, declaredAt: undefined }]),
  );
  for (const declared of model.profiles) {
    profiles.set(declared.name, {
      name: declared.name,
      description: declared.description ?? `Declared under 'profiles:' as '${declared.name}'.`,
      require: declared.require.map((entry) => entry.value),
      allow: declared.allow.map((entry) => entry.value),
      permissions: declared.permissions.map((entry) => entry.value),
      refreshWindowSeconds: declared.refreshWindowSeconds?.value,
      declaredAt: declared.loc,
    });
  }
  return profiles;
}
