/**
 * Scope patterns, as profiles write them:
 * - `family:*` matches `family` and every `family:...` scope;
 * - `*:readonly` matches every read-only scope;
 * - anything else matches exactly.
 */

/** Whether `entry` is a pattern rather than one scope name. */
export function isScopePattern(entry: string): boolean {
  return entry.endsWith(":*") || entry === "*:readonly";
}

/** Whether `scope` matches `pattern`. */
export function scopeMatches(pattern: string, scope: string): boolean {
  if (pattern === "*:readonly") return scope.endsWith(":readonly");
  if (pattern.endsWith(":*")) {
    const family = pattern.slice(0, -2);
    return scope === family || scope.startsWith(`${family}:`);
  }
  return pattern === scope;
}

/** Whether any of `patterns` matches `scope`. */
export function anyScopeMatches(patterns: Iterable<string>, scope: string): boolean {
  for (const pattern of patterns) if (scopeMatches(pattern, scope)) return true;
  return false;
}
