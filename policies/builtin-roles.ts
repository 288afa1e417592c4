/**
 * Roles every Genesys Cloud org has from the start. `Master Admin` and `Admin` hold nearly every permission of an org
 * (Genesys Cloud's roles overview: the Admin role "has permissions to make any changes to a Genesys Cloud
 * organization"); `Employee` is the default role the provider's own docs look up (`employee`). Other default roles
 * exist (`Telephony Admin`, `Outbound Admin` ...); they are not listed where no source names them.
 */
export const PRIVILEGED_ROLE_NAMES: readonly string[] = ["Master Admin", "Admin"];

/** Built-in roles scopegate knows by name: a configuration must not create a role of one of these names. */
export const BUILTIN_ROLE_NAMES: readonly string[] = [...PRIVILEGED_ROLE_NAMES, "Employee"];

/**
 * A role name as the lookup compares it: the provider hands the name to `GET /api/v2/authorization/roles?name=` and
 * takes the first role found, and its own example looks up `employee` for the role Genesys Cloud shows as `Employee`;
 * so names are compared without case and without surrounding spaces, but whole (`Bot Admin Integration` is not `Admin`).
 */
export function foldRoleName(name: string): string {
  return name.trim().toLowerCase();
}

const PRIVILEGED = new Set(PRIVILEGED_ROLE_NAMES.map(foldRoleName));
const BUILTIN = new Map(BUILTIN_ROLE_NAMES.map((name) => [foldRoleName(name), name]));

/** Whether a role name is one of the built-in roles that hold nearly every permission. */
export function isPrivilegedRole(name: string): boolean {
  return PRIVILEGED.has(foldRoleName(name));
}

/** The built-in role a name means, as Genesys Cloud writes it, if any. */
export function builtinRoleNamed(name: string): string | undefined {
  return BUILTIN.get(foldRoleName(name));
}
