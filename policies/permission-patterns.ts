/** Genesys Cloud permission strings (`domain:entity:action`) and the wildcards roles and clients hold them with. */

/**
 * Whether a held permission covers a needed one. Permissions are `domain:entity:action`; a `*` segment of the held
 * one matches any segment (`oauth:client:*`, `oauth:*:*`, `*:*:*`), and a held permission shorter than the needed one
 * that ends in `*` matches the rest (`oauth:*`). Anything else must be equal.
 */
export function permissionCovers(held: string, needed: string): boolean {
  const heldParts = held.split(":");
  const neededParts = needed.split(":");
  const fits = heldParts.length === neededParts.length || (heldParts.length < neededParts.length && heldParts[heldParts.length - 1] === "*");
  return fits && heldParts.every((part, i) => part === "*" || part === neededParts[i]);
}

/** `domain:entity:action`; a shorter permission (`oauth:*`) fills the rest with `*`, as a wildcard grants. */
export function splitPermission(permission: string): [string, string, string] {
  const [domain, entity = "*", ...rest] = permission.split(":");
  return [domain, entity, rest.length === 0 ? "*" : rest.join(":")];
}

/** Permissions as the provider's permission policies take them: grouped by domain and entity, in order, each action once. */
export function policiesOfPermissions(permissions: readonly string[]): { domain: string; entity: string; actions: string[] }[] {
  const grouped = new Map<string, { domain: string; entity: string; actions: string[] }>();
  for (const permission of permissions) {
    const [domain, entity, action] = splitPermission(permission);
    const key = `${domain}:${entity}`;
    const policy = grouped.get(key);
    if (policy === undefined) grouped.set(key, { domain, entity, actions: [action] });
    else if (!policy.actions.includes(action)) policy.actions.push(action);
  }
  return [...grouped.values()];
}
