/**
 * Whether an OAuth client can call an API operation, decided the way Genesys Cloud decides a 403:
 * - a CLIENT-CREDENTIALS client acts through the roles granted to it: some role must hold one of the operation's
 *   permissions (ANY) or each of them (ALL); scopes do not apply to it;
 * - a client of a user grant (CODE, TOKEN, PASSWORD, SAML2BEARER) needs one of the scopes the operation lists, and the
 *   signed-in user needs the permissions (which scopegate cannot see).
 *
 * Roles count only where their permissions are declared (`roles:`, or a role a scan read). Where scopegate cannot
 * know, the verdict says so (`unknown`) rather than guessing.
 */
import type { DeclaredRoleModel, OAuthClientModel } from "../model/model";
import type { ApiOperation } from "./operations";
import { isStandardPermission } from "./operations";
import { permissionCovers } from "./permission-patterns";

/** What the client's roles or scopes do for one operation. */
export type AccessVerdict =
  /** It can call it: `through` says by what (a permission and the role holding it, a scope, or nothing needed). */
  | { readonly kind: "allowed"; readonly through: string }
  /** A CLIENT-CREDENTIALS client's declared roles lack permissions: for ANY one of `missing`, for ALL each of them. */
  | { readonly kind: "missingPermissions"; readonly type: "ANY" | "ALL"; readonly missing: readonly string[]; readonly roles: readonly string[] }
  /** A user-grant client lacks every scope that allows the operation. */
  | { readonly kind: "missingScope"; readonly scopes: readonly string[] }
  /** scopegate cannot tell; `cause` says what it lacks (roles' permissions, the operation's scopes, role-shaped permissions), `reason` says it in words. */
  | { readonly kind: "unknown"; readonly cause: "roles" | "scopes" | "permissions"; readonly reason: string };

/** Roles whose permissions are known, by name. */
export type RoleDirectory = ReadonlyMap<string, DeclaredRoleModel>;

/** The roles a configuration or scan declares, by name. */
export function roleDirectory(roles: readonly DeclaredRoleModel[]): RoleDirectory {
  return new Map(roles.map((role) => [role.role, role]));
}

/**
 * The permissions a role is known to grant, or undefined where scopegate does not know all it grants: a role not
 * declared, or declared with `permissionsIncomplete`. Every check of held permissions reads roles through this.
 */
export function knownPermissions(roles: RoleDirectory, name: string): readonly string[] | undefined {
  const role = roles.get(name);
  return role === undefined || role.permissionsIncomplete === true ? undefined : role.permissions.map((permission) => permission.value);
}

/** Why a permission list cannot be checked: none of its entries is a permission a role can hold. */
export const NON_STANDARD_REASON = "its documented permissions are not role permissions (for example 'They are enforced by the backend')";

/** The verdict for one client and one operation. */
export function accessTo(operation: ApiOperation, client: Pick<OAuthClientModel, "grant" | "roles" | "scopes">, roles: RoleDirectory): AccessVerdict {
  return client.grant.value === "CLIENT-CREDENTIALS" ? accessThroughRoles(operation, client, roles) : accessThroughScopes(operation, client);
}

function accessThroughRoles(operation: ApiOperation, client: Pick<OAuthClientModel, "roles">, roles: RoleDirectory): AccessVerdict {
  const { type, list } = operation.permissions;
  if (type === "NONE") return { kind: "allowed", through: "no permission needed" };
  const grantedNames = [...new Set(client.roles.map((grant) => grant.role.value))];
  const declared = grantedNames.flatMap((name) => roles.get(name) ?? []);
  // Roles that may hold more than scopegate knows count as unknown where the known permissions fall short.
  const undeclared = grantedNames.filter((name) => knownPermissions(roles, name) === undefined);
  const holder = (permission: string) => declared.find((role) => role.permissions.some((held) => permissionCovers(held.value, permission)));
  const standard = list.filter(isStandardPermission);
  if (standard.length === 0 || (type === "ALL" && standard.length < list.length)) return { kind: "unknown", cause: "permissions", reason: NON_STANDARD_REASON };
  const unknownRoles = () =>
    ({
      kind: "unknown",
      cause: "roles",
      reason: `role${undeclared.length === 1 ? "" : "s"} ${undeclared.map((name) => `'${name}'`).join(", ")} ${undeclared.length === 1 ? "is" : "are"} not declared under 'roles:' with ${undeclared.length === 1 ? "its" : "their"} permissions, so what ${undeclared.length === 1 ? "it holds is" : "they hold is"} unknown`,
    }) as const;

  if (type === "ANY") {
    for (const permission of standard) {
      const role = holder(permission);
      if (role !== undefined) return { kind: "allowed", through: `'${permission}' (role '${role.role}')` };
    }
    return undeclared.length > 0 ? unknownRoles() : { kind: "missingPermissions", type, missing: standard, roles: grantedNames };
  }
  const missing = standard.filter((permission) => holder(permission) === undefined);
  if (missing.length === 0) {
    const through = standard.map((permission) => `'${permission}' (role '${holder(permission)!.role}')`).join(", ");
    return { kind: "allowed", through };
  }
  return undeclared.length > 0 ? unknownRoles() : { kind: "missingPermissions", type, missing, roles: grantedNames };
}

function accessThroughScopes(operation: ApiOperation, client: Pick<OAuthClientModel, "scopes">): AccessVerdict {
  if (operation.scopes === undefined) {
    return { kind: "unknown", cause: "scopes", reason: "the operations catalog does not know which scopes allow it (it is newer than the API definition the scopes come from, or a preview)" };
  }
  if (operation.scopes.length === 0) return { kind: "allowed", through: "no scope needed" };
  const held = client.scopes.find((scope) => operation.scopes!.includes(scope.value));
  return held === undefined ? { kind: "missingScope", scopes: operation.scopes } : { kind: "allowed", through: `scope '${held.value}'` };
}

/**
 * The permissions that would let a CLIENT-CREDENTIALS client call an operation, for least privilege: every permission
 * of its list (ANY: any one of them is a legitimate need; ALL: each is).
 */
export function permissionsServing(operation: ApiOperation): readonly string[] {
  return operation.permissions.list.filter(isStandardPermission);
}
