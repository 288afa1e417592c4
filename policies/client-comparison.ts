import type { DivisionRef, Located, OAuthClientModel, OrgEnvironment, ScopegateModel, SourceLocation } from "../model/model";
import type { EnvironmentSpecificClientKey, PromotedClientKey } from "../config/raw-config";
import { ENVIRONMENT_SPECIFIC_CLIENT_KEYS, PROMOTED_CLIENT_KEYS } from "../config/raw-config";

/**
 * How one client differs between two environments of a tenant, setting by setting. The promotion diff, the
 * `promotion-drift` rule and the `prod-stricter` rule all read differences from here, so they agree on what differs.
 */

/** A setting the comparison looks at. */
export type ComparedKey = PromotedClientKey | EnvironmentSpecificClientKey;

/** The provider's access-token lifetime when a client declares none. */
export const PROVIDER_DEFAULT_TOKEN_VALIDITY_SECONDS = 86400;

/** One side of a difference: the value as text, and where it was written (the client's line for a default). */
export interface ComparedValue {
  readonly text: string;
  readonly loc: SourceLocation;
  /** Whether the value comes from `environments.<env>` rather than the base declaration. */
  readonly overridden: boolean;
}

/** How one setting differs between a source environment and a target environment. */
export interface KeyDifference {
  readonly key: ComparedKey;
  /** True for settings that differ between environments by design (see `ENVIRONMENT_SPECIFIC_CLIENT_KEYS`). */
  readonly environmentSpecific: boolean;
  readonly source: ComparedValue;
  readonly target: ComparedValue;
  /** For list settings: items the source has and the target lacks (what promotion would add to the target). */
  readonly gains: readonly string[];
  /** For list settings: items the target has and the source lacks (what promotion would take from the target). */
  readonly loses: readonly string[];
}

/** Every setting of `source` that differs in `target`, promoted settings first, in declaration order. */
export function compareClients(source: OAuthClientModel, target: OAuthClientModel): KeyDifference[] {
  const differences: KeyDifference[] = [];
  for (const key of [...PROMOTED_CLIENT_KEYS, ...ENVIRONMENT_SPECIFIC_CLIENT_KEYS]) {
    const before = settingOf(source, key);
    const after = settingOf(target, key);
    const gains = before.items.filter((item) => !after.items.includes(item));
    const loses = after.items.filter((item) => !before.items.includes(item));
    // Lists are sets to the provider: the same items in another order are no difference.
    const same = before.isList ? gains.length === 0 && loses.length === 0 : before.text === after.text;
    if (same) continue;
    differences.push({
      key,
      environmentSpecific: (ENVIRONMENT_SPECIFIC_CLIENT_KEYS as readonly string[]).includes(key),
      source: { text: before.text, loc: before.loc, overridden: source.overridden.has(key) },
      target: { text: after.text, loc: after.loc, overridden: target.overridden.has(key) },
      gains,
      loses,
    });
  }
  return differences;
}

/** Where a difference is declared: the side that overrides the setting (the target first), else the target. */
export function differenceLocation(difference: KeyDifference): SourceLocation {
  if (difference.target.overridden || !difference.source.overridden) return difference.target.loc;
  return difference.source.loc;
}

/** A role grant as text: `Bot Connector (home division)`, `Analytics Reader (all divisions)`, `CRM Sync (division 'Sales')`. */
export function roleGrantText(role: string, division: DivisionRef): string {
  return `${role} (${divisionText(division)})`;
}

function divisionText(division: DivisionRef): string {
  switch (division.kind) {
    case "home":
      return "home division";
    case "all":
      return "all divisions";
    case "name":
      return `division '${division.name}'`;
  }
}

interface Setting {
  readonly text: string;
  readonly isList: boolean;
  /** List items; empty for single values. */
  readonly items: readonly string[];
  readonly loc: SourceLocation;
}

function settingOf(client: OAuthClientModel, key: ComparedKey): Setting {
  const list = (items: readonly string[], locs: readonly SourceLocation[]): Setting => ({
    text: items.length === 0 ? "none" : items.join(", "),
    isList: true,
    items,
    loc: locs[0] ?? client.loc,
  });
  const single = (text: string, loc: SourceLocation): Setting => ({ text, isList: false, items: [], loc });
  switch (key) {
    case "capabilities":
    case "scopes":
    case "redirectUris":
      return list(
        client[key].map((item) => item.value),
        client[key].map((item) => item.loc),
      );
    case "roles":
      return list(
        client.roles.map((grant) => roleGrantText(grant.role.value, grant.division.value)),
        client.roles.map((grant) => grant.role.loc),
      );
    case "tokenValiditySeconds": {
      const declared = client.tokenValiditySeconds;
      return declared === undefined
        ? single(`${PROVIDER_DEFAULT_TOKEN_VALIDITY_SECONDS} s (provider default)`, client.loc)
        : single(`${declared.value} s`, declared.loc);
    }
    case "description":
    case "secretDirectory": {
      const declared = client[key];
      return declared === undefined ? single("none", client.loc) : single(`'${declared.value}'`, declared.loc);
    }
    case "rotation":
    case "state":
    case "exposeSecret":
      return single(String(client[key].value), client[key].loc);
  }
}

/**
 * Where one environment sits on its tenant's promotion path. Changes travel through the nonprod environments in
 * declaration order, then into each prod environment; prod environments are peers (regional prods, a DR org), none
 * promoted from another.
 */
export interface PathPosition {
  readonly org: OrgEnvironment;
  /** The environments changes reach it from, nearest first: earlier nonprod ones (for a prod one, every nonprod one). */
  readonly earlier: readonly OrgEnvironment[];
  /** The environments after it on the path, and for a prod one its prod peers. */
  readonly laterOrPeers: readonly OrgEnvironment[];
}

/** Every environment of every tenant with its place on the promotion path, tenants in model order; orgs indexed once. */
export function promotionPositions(model: ScopegateModel): PathPosition[] {
  const byTenant = new Map<string, { nonprod: OrgEnvironment[]; prod: OrgEnvironment[] }>();
  for (const org of model.environments) {
    let tiers = byTenant.get(org.tenant);
    if (tiers === undefined) byTenant.set(org.tenant, (tiers = { nonprod: [], prod: [] }));
    tiers[org.tier.value === "prod" ? "prod" : "nonprod"].push(org);
  }
  const positions: PathPosition[] = [];
  for (const { nonprod, prod } of byTenant.values()) {
    nonprod.forEach((org, i) => positions.push({ org, earlier: nonprod.slice(0, i).reverse(), laterOrPeers: [...nonprod.slice(i + 1), ...prod] }));
    for (const org of prod) positions.push({ org, earlier: [...nonprod].reverse(), laterOrPeers: prod.filter((other) => other !== org) });
  }
  return positions;
}

/**
 * What an earlier environment's client has that a later one's lacks: work not yet promoted. Lists item by item, each
 * where the earlier environment declares it (roles by name: division names differ between orgs); fewer rotation
 * copies; inactive where the earlier one is active. What the later one has beyond the earlier one is not counted.
 */
export interface NotYetPromoted {
  readonly capabilities: readonly Located<string>[];
  readonly scopes: readonly Located<string>[];
  readonly roles: readonly Located<string>[];
  readonly rotation: boolean;
  readonly state: boolean;
}

/** What `later` lacks of `earlier` (see `NotYetPromoted`). */
export function notYetPromoted(earlier: OAuthClientModel, later: OAuthClientModel): NotYetPromoted {
  const lacking = (items: (client: OAuthClientModel) => readonly Located<string>[]) => {
    const has = new Set(items(later).map((item) => item.value));
    const seen = new Set<string>();
    return items(earlier).filter((item) => !has.has(item.value) && !seen.has(item.value) && seen.add(item.value));
  };
  return {
    capabilities: lacking((client) => client.capabilities),
    scopes: lacking((client) => client.scopes),
    roles: lacking((client) => client.roles.map((grant) => grant.role)),
    rotation: later.rotation.value < earlier.rotation.value,
    state: later.state.value === "inactive" && earlier.state.value === "active",
  };
}

/** Whether a setting of `later` lacks something of `earlier` (see `NotYetPromoted`). */
export function lacksIn(work: NotYetPromoted, key: ComparedKey): boolean {
  switch (key) {
    case "capabilities":
    case "scopes":
    case "roles":
      return work[key].length > 0;
    case "rotation":
    case "state":
      return work[key];
    default:
      return false;
  }
}

/** The client with a key in an org, if the org has it. */
export function clientIn(org: OrgEnvironment, key: string): OAuthClientModel | undefined {
  return org.oauthClients.find((client) => client.key === key);
}

/**
 * What a prod-tier client is granted beyond the same client in a nonprod org: scopes the nonprod one lacks, roles it
 * lacks, and roles it holds on its home or a named division but prod on all divisions. The `prod-stricter` rule
 * reports these.
 */
export interface ExtraGrants {
  readonly scopes: readonly { readonly scope: string; readonly loc: SourceLocation }[];
  readonly roles: readonly { readonly role: string; readonly loc: SourceLocation }[];
  readonly wildcardDivisions: readonly { readonly role: string; readonly loc: SourceLocation }[];
}

/** What `prod` grants beyond `nonprod` (see `ExtraGrants`). */
export function extraGrants(nonprod: OAuthClientModel, prod: OAuthClientModel): ExtraGrants {
  const nonprodScopes = new Set(nonprod.scopes.map((scope) => scope.value));
  const nonprodRoles = new Set(nonprod.roles.map((grant) => grant.role.value));
  const nonprodWildcards = new Set(nonprod.roles.filter((grant) => grant.division.value.kind === "all").map((grant) => grant.role.value));
  const grantOf = (grant: OAuthClientModel["roles"][number]) => ({
    role: grant.role.value,
    loc: grant.division.value.kind === "all" ? grant.division.loc : grant.role.loc,
  });
  return {
    scopes: prod.scopes.filter((scope) => !nonprodScopes.has(scope.value)).map((scope) => ({ scope: scope.value, loc: scope.loc })),
    roles: prod.roles.filter((grant) => !nonprodRoles.has(grant.role.value)).map(grantOf),
    wildcardDivisions: prod.roles
      .filter((grant) => grant.division.value.kind === "all" && nonprodRoles.has(grant.role.value) && !nonprodWildcards.has(grant.role.value))
      .map(grantOf),
  };
}
