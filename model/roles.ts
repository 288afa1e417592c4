import type { DeclaredRoleModel } from "./model";

/**
 * One role per name, from definitions of roles in several orgs (a scan reads a role once per stack; an app written in
 * code may create a role of one name in several `GenesysOrgStack`s). Where the definitions differ (a dev role ahead
 * of prod's), the role counts with the permissions every definition grants and as incomplete, so that nothing one
 * org lacks is taken as held, and nothing is called missing that some org holds. Names in first-seen order.
 */
export function oneRolePerName(definitions: readonly DeclaredRoleModel[]): DeclaredRoleModel[] {
  const byName = new Map<string, DeclaredRoleModel[]>();
  for (const role of definitions) {
    const same = byName.get(role.role);
    if (same === undefined) byName.set(role.role, [role]);
    else same.push(role);
  }
  return [...byName.values()].map(mergedDefinitions);
}

/** The definitions of one role name in several orgs, as one role. */
function mergedDefinitions([first, ...others]: readonly DeclaredRoleModel[]): DeclaredRoleModel {
  if (others.length === 0) return first;
  const sets = [first, ...others].map((role) => new Set(role.permissions.map((permission) => permission.value)));
  const same = sets.every((set) => set.size === sets[0].size && [...set].every((permission) => sets[0].has(permission)));
  if (same && [first, ...others].every((role) => role.permissionsIncomplete !== true)) return first;
  const common = first.permissions.filter((permission) => sets.every((set) => set.has(permission.value)));
  return { ...first, permissions: common, permissionsIncomplete: true };
}
