import { isDeepStrictEqual } from "node:util";

/**
 * Which tenants a change touches, comparing a configuration with an earlier version of it (a pull request's base
 * branch). A tenant changed when its declaration or one of its waivers did; a change to what every tenant shares
 * (profiles, known scopes, roles, tier policy) touches them all, and so does a base that is empty or not a mapping.
 * Both are the whole configuration (a split one's files read as one): which file declares a tenant, and the root
 * file's `include` patterns, do not matter, only what is declared.
 */
export function changedTenants(current: unknown, base: unknown): string[] {
  const tenants = Object.keys(record(record(current).tenants));
  if (!isRecord(base)) return tenants;
  const shared = (config: unknown) => {
    const { tenants: _tenants, include: _include, policy, ...rest } = record(config);
    const { waivers: _waivers, ...tierPolicy } = record(policy);
    return { ...rest, policy: tierPolicy };
  };
  if (!isDeepStrictEqual(shared(current), shared(base))) return tenants;
  const waiversOf = (config: unknown, tenant: string) => list(record(record(config).policy).waivers).filter((waiver) => record(waiver).tenant === tenant);
  return tenants.filter(
    (tenant) =>
      !isDeepStrictEqual(record(record(current).tenants)[tenant], record(base.tenants)[tenant]) ||
      !isDeepStrictEqual(waiversOf(current, tenant), waiversOf(base, tenant)),
  );
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
