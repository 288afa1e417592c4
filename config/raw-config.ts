/** The configuration file as plain data, once it has passed `schema/scopegate.schema.json`. */

import type { PermissionConditionsModel } from "../model/model";

export interface RawRoleGrant {
  readonly role: string;
  readonly division?: string;
}

/** Settings a client may override per environment. */
export interface RawClientSettings {
  readonly description?: string;
  readonly capabilities?: readonly string[];
  readonly scopes?: readonly string[];
  readonly roles?: readonly RawRoleGrant[];
  readonly redirectUris?: readonly string[];
  readonly tokenValiditySeconds?: number;
  readonly rotation?: number;
  readonly exposeSecret?: boolean;
  readonly secretDirectory?: string;
  readonly state?: "active" | "inactive";
}

/** The keys of `RawClientSettings`, in the order the schema lists them. */
export const OVERRIDABLE_CLIENT_KEYS = [
  "description",
  "capabilities",
  "scopes",
  "roles",
  "redirectUris",
  "tokenValiditySeconds",
  "rotation",
  "exposeSecret",
  "secretDirectory",
  "state",
] as const satisfies readonly (keyof RawClientSettings)[];

/**
 * Settings that differ between environments by design (callbacks, token lifetime, where secrets go, the display
 * text). A difference in one of these is intended; promotion leaves them per environment.
 */
export const ENVIRONMENT_SPECIFIC_CLIENT_KEYS = ["description", "redirectUris", "tokenValiditySeconds", "exposeSecret", "secretDirectory"] as const;

/** Settings a promotion carries from one environment to the next: what the client may do, and how many copies exist. */
export const PROMOTED_CLIENT_KEYS = ["capabilities", "scopes", "roles", "rotation", "state"] as const;

/** A setting promotion carries over, or one that stays per environment. */
export type PromotedClientKey = (typeof PROMOTED_CLIENT_KEYS)[number];
export type EnvironmentSpecificClientKey = (typeof ENVIRONMENT_SPECIFIC_CLIENT_KEYS)[number];

export interface RawOAuthClient extends RawClientSettings {
  readonly name?: string;
  readonly grant: string;
  readonly only?: readonly string[];
  readonly environments?: Readonly<Record<string, RawClientSettings>>;
}

export type RawBackend =
  | { readonly type: "local"; readonly path?: string }
  | { readonly type: "s3"; readonly bucket: string; readonly region: string; readonly keyPrefix?: string; readonly dynamodbTable?: string }
  | { readonly type: "remote"; readonly organization: string; readonly hostname?: string; readonly workspacePrefix?: string };

export interface RawOrg {
  readonly tier: "nonprod" | "prod";
  readonly region: string;
  readonly orgName: string;
  readonly credentials: { readonly clientIdEnv: string; readonly clientSecretEnv: string };
  readonly deployClient?: { readonly roles?: readonly string[]; readonly permissions?: readonly string[] };
  readonly backend?: RawBackend;
  readonly bindings?: Readonly<Record<string, string | number | boolean>>;
}

export interface RawTenant {
  readonly description?: string;
  readonly orgs: Readonly<Record<string, RawOrg>>;
  readonly oauthClients?: Readonly<Record<string, RawOAuthClient>>;
}

export interface RawProfile {
  readonly description?: string;
  readonly operations?: readonly string[];
  readonly scopes?: { readonly require?: readonly string[]; readonly allow?: readonly string[] };
  readonly permissions?: readonly string[];
  readonly refreshWindowSeconds?: number;
}

export interface RawPermissionPolicy {
  readonly domain: string;
  readonly entity: string;
  readonly actions: readonly string[];
  readonly conditions?: PermissionConditionsModel;
}

export interface RawRole {
  readonly description?: string;
  readonly permissions?: readonly string[];
  readonly permissionPolicies?: readonly RawPermissionPolicy[];
  readonly existing?: boolean;
}

export type RawSeverity = "error" | "warning" | "info" | "off";

export interface RawTierPolicy {
  readonly rules?: Readonly<Record<string, RawSeverity>>;
  readonly maxTokenValiditySeconds?: number;
}

export interface RawWaiver {
  readonly rule: string;
  readonly tenant: string;
  readonly environment?: string;
  readonly client?: string;
  readonly reason: string;
  readonly owner: string;
  readonly expires: string;
}

export interface RawPolicy {
  readonly tiers?: { readonly prod?: RawTierPolicy; readonly nonprod?: RawTierPolicy };
  readonly waivers?: readonly RawWaiver[];
}

export interface RawConfig {
  readonly version: 1;
  readonly profiles?: Readonly<Record<string, RawProfile>>;
  readonly scopes?: { readonly known?: readonly string[] };
  readonly roles?: Readonly<Record<string, RawRole>>;
  readonly policy?: RawPolicy;
  /** The tenant files the root file names; their tenants and waivers are already in `tenants` and `policy.waivers`. */
  readonly include?: readonly string[];
  /** Every tenant, the root file's and its tenant files' (`config/include.ts` reads them as one). */
  readonly tenants: Readonly<Record<string, RawTenant>>;
}

/** Whether a client is declared in an environment (`only` absent, or naming it). */
export function clientExistsIn(client: RawOAuthClient, environment: string): boolean {
  return client.only === undefined || client.only.includes(environment);
}

/** Whether a setting of a client comes from its `environments.<env>` override rather than the base declaration. */
export function isOverridden(client: RawOAuthClient, environment: string, key: keyof RawClientSettings): boolean {
  return client.environments?.[environment]?.[key] !== undefined;
}

/** A client's value for a setting in one environment: the override if there is one, else the base value. */
export function settingIn<K extends keyof RawClientSettings>(client: RawOAuthClient, environment: string, key: K): RawClientSettings[K] {
  return isOverridden(client, environment, key) ? client.environments?.[environment]?.[key] : client[key];
}
