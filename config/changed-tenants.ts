import { isDeepStrictEqual } from "node:util";

/**
 * Which tenants a change touches, comparing a configuration with an earlier version of it (a pull request's base
 * branch). A tenant changed when its declaration or one of its waivers did; a change to what every tenant shares
 * (profiles, known scopes, roles, tier policy) touches them all, and so does a base that is empty or not a mapping.
 * Both are the whole configuration (a split one's files read as one): which file declares a tenant, and the root
 * file's `include` patterns, do not matter, only what is declared. Order counts: a tenant's orgs in declaration order
 * are its promotion path, so that two versions with the same keys in another order are not the same.
 */
export function changedTenants(current: unknown, base: unknown): string[] {
  const tenants = Object.keys(record(record(current).tenants));
  if (!isRecord(base)) return tenants;
  const shared = (config: unknown) => {
    const { tenants: _tenants, include: _include, policy, ...rest } = record(config);
    const { waivers: _waivers, ...tierPolicy } = record(policy);
    return { ...rest, policy: tierPolicy };
  };
  if (!sameInOrder(shared(current), shared(base))) return tenants;
  const waiversOf = (config: unknown, tenant: string) => list(record(record(config).policy).waivers).filter((waiver) => record(waiver).tenant === tenant);
  return tenants.filter(
    (tenant) =>
      !Object.hasOwn(record(base.tenants), tenant) ||
      !sameInOrder(record(record(current).tenants)[tenant], record(base.tenants)[tenant]) ||
      !sameInOrder(waiversOf(current, tenant), waiversOf(base, tenant)),
  );
}

/** Deep equality in which the order of a mapping's keys counts too (`isDeepStrictEqual` ignores it). */
function sameInOrder(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameInOrder(item, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    const otherKeys = Object.keys(b);
    return keys.length === otherKeys.length && keys.every((key, i) => key === otherKeys[i] && sameInOrder(a[key], b[key]));
  }
  return isDeepStrictEqual(a, b);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
