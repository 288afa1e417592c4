/**
 * What the OAuth client Terraform deploys a stack with must hold, and whether a declared deploy client holds it. Pure:
 * reads the model and the vendored permission data, nothing else.
 *
 * `data/resource-permissions.json` is vendored from the "Permissions and Scopes" sections of the generated docs of
 * MyPureCloud/terraform-provider-genesyscloud v1.84.1 (its `docs/` pages): one entry per resource and per data source,
 * with the permissions and OAuth scopes the deploying client needs to manage or read it; its `source` field says the
 * same. It is kept byte-identical to the copy it was taken from; refresh it when the provider version moves.
 */
import type { Located, OAuthClientModel, OrgEnvironment, RoleGrant, ScopegateModel } from "../config/model";
import catalog from "./data/resource-permissions.json";
import { permissionCovers } from "./permission-patterns";

/** Permissions and scopes the deploying client needs for one resource or data source type. */
interface TypeRequirements {
  readonly permissions: readonly string[];
  readonly scopes: readonly string[];
}

const REQUIREMENTS: { readonly resources: Readonly<Record<string, TypeRequirements>>; readonly data_sources: Readonly<Record<string, TypeRequirements>> } = catalog;

/** Where the permission data comes from: the provider's docs, at the provider version the stacks pin. */
export const RESOURCE_PERMISSIONS_SOURCE: string = catalog.source;

/** The Terraform types a stack contains: resource types and data source types, each sorted. */
export interface StackTypes {
  readonly resources: readonly string[];
  readonly dataSources: readonly string[];
}

/**
 * The resource and data source types the stack of `org` contains, exactly as `constructs/` synthesizes it: the OAuth
 * clients (`genesyscloud_oauth_client`, when there are any), the org lookup (`genesyscloud_organizations_me`,
 * always), and the lookups role grants use: `genesyscloud_auth_role` for any grant, `genesyscloud_auth_division_home`
 * for a grant on the home division, `genesyscloud_auth_division` for a grant on a named division (`"*"` looks
 * nothing up).
 */
export function stackTypes(org: OrgEnvironment): StackTypes {
  const grants = org.oauthClients.flatMap((client) => client.roles);
  const dataSources = ["genesyscloud_organizations_me"];
  if (grants.length > 0) dataSources.push("genesyscloud_auth_role");
  if (grants.some((grant) => grant.division.value.kind === "home")) dataSources.push("genesyscloud_auth_division_home");
  if (grants.some((grant) => grant.division.value.kind === "name")) dataSources.push("genesyscloud_auth_division");
  return {
    resources: org.oauthClients.length > 0 ? ["genesyscloud_oauth_client"] : [],
    dataSources: dataSources.sort(),
  };
}

/** A permission or scope the deploy client needs, with the types that need it (`data.<type>` for a data source), sorted. */
export interface Needed {
  readonly name: string;
  readonly neededBy: readonly string[];
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

/** The permissions, scopes and roles the deploy client of `org`'s stack needs; throws for a type the vendored data lacks (a bug). */
export function deployRequirements(org: OrgEnvironment): DeployRequirements {
  const types = stackTypes(org);
  const sources = [
    ...types.resources.map((type) => ({ needer: type, requirements: REQUIREMENTS.resources[type] })),
    ...types.dataSources.map((type) => ({ needer: dataSourceAddress(type), requirements: REQUIREMENTS.data_sources[type] })),
  ];
  const permissions = new Map<string, Set<string>>();
  const scopes = new Map<string, Set<string>>();
  for (const { needer, requirements } of sources) {
    if (requirements === undefined) throw new Error(`'${needer}' is not in policies/data/resource-permissions.json`);
    for (const permission of requirements.permissions) addTo(permissions, permission, needer);
    for (const scope of requirements.scopes) addTo(scopes, scope, needer);
  }
  return {
    types,
    permissions: sortedEntries(permissions).map(([name, neededBy]) => ({ name, neededBy })),
    scopes: sortedEntries(scopes).map(([name, neededBy]) => ({ name, neededBy })),
    roles: rolesOf(org.oauthClients.flatMap((client) => client.roles.map((grant) => ({ client, grant })))),
  };
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

function sortedEntries(index: ReadonlyMap<string, ReadonlySet<string>>): [string, string[]][] {
  return [...index].map(([key, values]): [string, string[]] => [key, [...values].sort()]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
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
 * Checks the deploy client `org` declares against its stack's needs (`requirements`, computed when not given), or
 * undefined when the org declares none. A
 * permission counts as held when `deployClient.permissions` or the permissions declared for one of its roles under
 * `roles:` cover it. Roles are compared by name, as the provider looks them up.
 */
export function assessDeployClient(
  org: OrgEnvironment,
  model: Pick<ScopegateModel, "roles">,
  requirements: DeployRequirements = deployRequirements(org),
): DeployClientAssessment | undefined {
  const deployClient = org.deployClient;
  if (deployClient === undefined) return undefined;
  const declaredRoles = new Map(model.roles.map((role) => [role.role, role.permissions.map((permission) => permission.value)]));
  const undeclaredRoles = deployClient.roles.filter((role) => !declaredRoles.has(role.value));
  const held = [...deployClient.permissions.map((permission) => permission.value), ...deployClient.roles.flatMap((role) => declaredRoles.get(role.value) ?? [])];

  const lacking = requirements.permissions.filter((needed) => !held.some((permission) => permissionCovers(permission, needed.name)));
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

/** Whether an assessment leaves anything to fix: a missing permission or role, or a permission that cannot be verified. */
export function deployClientFallsShort(assessment: DeployClientAssessment): boolean {
  return assessment.missingPermissions.length > 0 || assessment.unverifiedPermissions.length > 0 || assessment.unheldRoleGrants.length > 0;
}
