/**
 * What the OAuth client Terraform deploys a stack with must hold, and whether a declared deploy client holds it. Pure:
 * reads the model and the call table of `provider-calls.ts`, nothing else (not even the operations catalog: the table
 * carries the few calls' requirements).
 *
 * A stack's needs come from the Platform API calls the provider makes for the stack's types, each call's permissions
 * read the way Genesys Cloud reads them: ANY (one of the list) or ALL (each one). So a need is a set of alternatives,
 * `anyOf`, met by holding one of them: an ANY call listing several permissions gives one need with several
 * alternatives, an ALL call one need per permission, a call needing nothing no need at all.
 */
import type { DeclaredRoleModel, Located, OAuthClientModel, OrgEnvironment, RoleGrant, ScopegateModel } from "../model/model";
import { knownPermissions, roleDirectory } from "./access";
import { permissionCovers } from "./permission-patterns";
import type { CallRequirements, TypeCalls } from "./provider-calls";
import { DATA_SOURCE_CALLS, PROVIDER_CALLS_SOURCE, RESOURCE_CALLS, requirementsOf } from "./provider-calls";

/** Where the needs come from: the provider's calls at the version the stacks pin, and the operations catalog. */
export const DEPLOY_PERMISSIONS_SOURCE: string = PROVIDER_CALLS_SOURCE;

/** The Terraform types a stack contains: resource types and data source types, each sorted. */
export interface StackTypes {
  readonly resources: readonly string[];
  readonly dataSources: readonly string[];
}

/** The names of the declared roles scopegate creates in every org (`genesyscloud_auth_role`): those not `existing`. */
export function createdRoleNames(roles: readonly DeclaredRoleModel[]): ReadonlySet<string> {
  return new Set(roles.filter((role) => !role.existing).map((role) => role.role));
}

/**
 * The resource and data source types the stack of `org` contains, given the configuration's declared `roles`: the
 * OAuth clients (`genesyscloud_oauth_client`, when there are any), the roles scopegate creates
 * (`genesyscloud_auth_role`, when `roles` declares any that is not `existing`), the org lookup
 * (`genesyscloud_organizations_me`, always), and the lookups role grants use: `genesyscloud_auth_role` for a grant
 * of a role the stack does not create (a created role is referenced, not looked up), `genesyscloud_auth_division_home`
 * for a grant on the home division, `genesyscloud_auth_division` for a grant on a named division (`"*"` looks
 * nothing up).
 */
export function stackTypes(org: OrgEnvironment, roles: readonly DeclaredRoleModel[]): StackTypes {
  const created = createdRoleNames(roles);
  const grants = org.oauthClients.flatMap((client) => client.roles);
  const resources: string[] = [];
  if (org.oauthClients.length > 0) resources.push("genesyscloud_oauth_client");
  if (created.size > 0) resources.push("genesyscloud_auth_role");
  const dataSources = ["genesyscloud_organizations_me"];
  if (grants.some((grant) => !created.has(grant.role.value))) dataSources.push("genesyscloud_auth_role");
  if (grants.some((grant) => grant.division.value.kind === "home")) dataSources.push("genesyscloud_auth_division_home");
  if (grants.some((grant) => grant.division.value.kind === "name")) dataSources.push("genesyscloud_auth_division");
  return { resources: resources.sort(), dataSources: dataSources.sort() };
}

/** One API call behind a need, with the types (`data.<type>` for a data source) that make it, sorted. */
export interface NeedingCall {
  /** `"<METHOD> <path>"`, as the operations catalog keys it. */
  readonly call: string;
  readonly neededBy: readonly string[];
}

/**
 * A permission or scope the deploy client needs: held when it holds any one of `anyOf` (one entry for a plain need,
 * several when a call accepts any of several). `name` is `anyOf` joined with " or ". `neededBy` lists the types whose
 * calls need it, `calls` the calls; both sorted.
 */
export interface Needed {
  readonly name: string;
  readonly anyOf: readonly string[];
  readonly neededBy: readonly string[];
  readonly calls: readonly NeedingCall[];
}

/** A role the deploy client must hold because the stack grants it, with the keys of the clients granted it, sorted. */
export interface RoleToHold {
  readonly role: string;
  readonly grantedTo: readonly string[];
}

/** Everything the deploy client of one stack needs. Lists are sorted and free of duplicates. */
export interface DeployRequirements {
  readonly types: StackTypes;
  readonly permissions: readonly Needed[];
  /** OAuth scopes; they matter only when the deploy client authenticates with a grant that has scopes. */
  readonly scopes: readonly Needed[];
  /** The provider grants a managed client only roles its own client already holds. */
  readonly roles: readonly RoleToHold[];
}

/** `data.genesyscloud_auth_role` for a data source type, the type itself for a resource type: how the types read in Terraform. */
export function dataSourceAddress(type: string): string {
  return `data.${type}`;
}

/** The calls a type makes; throws for a type the call table lacks (a bug). */
function callsOf(table: Readonly<Record<string, TypeCalls>>, type: string, needer: string): TypeCalls {
  const calls = table[type];
  if (calls === undefined) throw new Error(`'${needer}' is not in policies/provider-calls.ts`);
  return calls;
}

/** The permission needs of one call: ANY, one need of alternatives; ALL, one need per permission; NONE, none. */
export function permissionNeeds(permissions: CallRequirements["permissions"]): string[][] {
  switch (permissions.type) {
    case "NONE":
      return [];
    case "ANY":
      return permissions.list.length === 0 ? [] : [[...permissions.list]];
    case "ALL":
      return permissions.list.map((permission) => [permission]);
  }
}

/**
 * The permissions, scopes and roles the deploy client of `org`'s stack needs, given the configuration's declared
 * `roles` (`model.roles`: those scopegate creates add the role resource's calls). Throws for a type or call the call
 * table lacks (a bug).
 */
export function deployRequirements(org: OrgEnvironment, roles: readonly DeclaredRoleModel[]): DeployRequirements {
  const types = stackTypes(org, roles);
  const sources = [
    ...types.resources.map((type) => ({ needer: type, calls: callsOf(RESOURCE_CALLS, type, type) })),
    ...types.dataSources.map((type) => ({ needer: dataSourceAddress(type), calls: callsOf(DATA_SOURCE_CALLS, type, dataSourceAddress(type)) })),
  ];
  const permissions: NeedSource[] = [];
  const scopes: NeedSource[] = [];
  for (const { needer, calls } of sources) {
    for (const { call } of calls.calls) {
      const requirements = requirementsOf(call);
      for (const anyOf of permissionNeeds(requirements.permissions)) permissions.push({ anyOf, call, needer });
      scopes.push({ anyOf: requirements.scopes, call, needer });
    }
  }
  return {
    types,
    permissions: collectNeeds(permissions),
    scopes: collectNeeds(scopes),
    roles: rolesOf(org.oauthClients.flatMap((client) => client.roles.map((grant) => ({ client, grant })))),
  };
}

/** What one call of a type needs: any one of `anyOf` (permissions, or scopes). */
export interface NeedSource {
  readonly anyOf: readonly string[];
  /** `"<METHOD> <path>"`, as the operations catalog keys it. */
  readonly call: string;
  /** The type making the call (`data.<type>` for a data source). */
  readonly needer: string;
}

/**
 * The needs of some calls, one per set of alternatives (in whatever order and with whatever repeats the calls list
 * them), each with the calls and types needing it; sorted by name. A call listing no alternative needs nothing.
 */
export function collectNeeds(sources: readonly NeedSource[]): Needed[] {
  const needs = new Map<string, { anyOf: string[]; calls: Map<string, Set<string>> }>();
  for (const { anyOf, call, needer } of sources) {
    if (anyOf.length === 0) continue;
    const sorted = [...new Set(anyOf)].sort();
    const key = sorted.join("\n");
    let need = needs.get(key);
    if (need === undefined) needs.set(key, (need = { anyOf: sorted, calls: new Map() }));
    addTo(need.calls, call, needer);
  }
  return [...needs.values()]
    .map(({ anyOf, calls }): Needed => ({
      name: anyOf.join(" or "),
      anyOf,
      neededBy: [...new Set([...calls.values()].flatMap((needers) => [...needers]))].sort(),
      calls: sortedEntries(calls).map(([call, neededBy]) => ({ call, neededBy })),
    }))
    .sort((a, b) => compare(a.name, b.name));
}

/** Role grants by role name, each with the keys of the clients granted it; sorted. */
function rolesOf(grants: readonly { readonly client: OAuthClientModel; readonly grant: RoleGrant }[]): RoleToHold[] {
  const roles = new Map<string, Set<string>>();
  for (const { client, grant } of grants) addTo(roles, grant.role.value, client.key);
  return sortedEntries(roles).map(([role, grantedTo]) => ({ role, grantedTo }));
}

function addTo(index: Map<string, Set<string>>, key: string, value: string): void {
  const values = index.get(key);
  if (values === undefined) index.set(key, new Set([value]));
  else values.add(value);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedEntries(index: ReadonlyMap<string, ReadonlySet<string>>): [string, string[]][] {
  return [...index].map(([key, values]): [string, string[]] => [key, [...values].sort()]).sort(([a], [b]) => compare(a, b));
}

/** A managed client's role grant the deploy client cannot pass on, because it does not hold the role. */
export interface UnheldRoleGrant {
  readonly client: OAuthClientModel;
  readonly grant: RoleGrant;
}

/** How a declared deploy client measures up to what its stack needs. */
export interface DeployClientAssessment {
  /** Needed permissions it does not hold directly nor through a declared role, and no undeclared role could hold. */
  readonly missingPermissions: readonly Needed[];
  /** Needed permissions not held by anything declared, that one of `undeclaredRoles` might hold: not provable either way. */
  readonly unverifiedPermissions: readonly Needed[];
  /** Its roles whose permissions the configuration does not declare under `roles:`, in declaration order. */
  readonly undeclaredRoles: readonly Located<string>[];
  /** Role grants of the stack's clients naming a role it does not hold, in declaration order. */
  readonly unheldRoleGrants: readonly UnheldRoleGrant[];
  /** The same grants by role: the roles it lacks, each with the clients granted it, sorted. */
  readonly missingRoles: readonly RoleToHold[];
}

/**
 * Checks the deploy client `org` declares against its stack's needs (`requirements`, computed from the roles created
 * in its org, `createdRoles` (see `rolesCreatedFor`), when not given), or undefined when the org declares none (and then computes nothing). A need counts as held when
 * `deployClient.permissions` or the permissions declared for one of its roles under `roles:` cover one of its
 * alternatives. Roles are compared by name, as the provider looks them up.
 */
export function assessDeployClient(
  org: OrgEnvironment,
  model: Pick<ScopegateModel, "roles">,
  requirements?: DeployRequirements,
  createdRoles?: readonly DeclaredRoleModel[],
): DeployClientAssessment | undefined {
  const deployClient = org.deployClient;
  if (deployClient === undefined) return undefined;
  // A role counts as declared where all it holds is known.
  const roles = roleDirectory(model.roles);
  const undeclaredRoles = deployClient.roles.filter((role) => knownPermissions(roles, role.value) === undefined);
  const held = [...deployClient.permissions.map((permission) => permission.value), ...deployClient.roles.flatMap((role) => knownPermissions(roles, role.value) ?? [])];

  const needs = requirements ?? deployRequirements(org, createdRoles ?? model.roles);
  const lacking = needs.permissions.filter((needed) => !holds(held, needed));
  const heldRoles = new Set(deployClient.roles.map((role) => role.value));
  const unheldRoleGrants = org.oauthClients.flatMap((client) => client.roles.filter((grant) => !heldRoles.has(grant.role.value)).map((grant) => ({ client, grant })));
  return {
    missingPermissions: undeclaredRoles.length === 0 ? lacking : [],
    unverifiedPermissions: undeclaredRoles.length === 0 ? [] : lacking,
    undeclaredRoles,
    unheldRoleGrants,
    missingRoles: rolesOf(unheldRoleGrants),
  };
}

/** Whether permissions `held` (wildcards allowed) meet a need: cover one of its alternatives. */
export function holds(held: readonly string[], needed: Pick<Needed, "anyOf">): boolean {
  return needed.anyOf.some((alternative) => held.some((permission) => permissionCovers(permission, alternative)));
}

/** Whether an assessment leaves anything to fix: a missing permission or role, or a permission that cannot be verified. */
export function deployClientFallsShort(assessment: DeployClientAssessment): boolean {
  return assessment.missingPermissions.length > 0 || assessment.unverifiedPermissions.length > 0 || assessment.unheldRoleGrants.length > 0;
}
