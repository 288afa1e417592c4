import type { ScopegateModel } from "../config/model";
import { nearest } from "../config/suggest";
import catalog from "./data/scopes.json";
import type { ProfileCatalog } from "./profiles";
import { isScopePattern } from "./scope-patterns";

/** The OAuth scope names scopegate treats as existing. */
export interface ScopeCatalog {
  has(scope: string): boolean;
  /** The known scope nearest to a misspelled one, if one is near enough. */
  nearest(scope: string): string | undefined;
}

/** Scope names from the provider's docs (`confirmed`) and from public app configurations (`likely`). */
const CATALOG_SCOPES: readonly string[] = [...catalog.confirmed, ...catalog.likely];

/** The catalog, plus every scope (not pattern) a profile names, plus the configuration's `scopes.known`. */
export function scopeCatalogFor(model: ScopegateModel, profiles: ProfileCatalog): ScopeCatalog {
  const names = new Set<string>(CATALOG_SCOPES);
  for (const profile of profiles.values()) {
    for (const entry of [...profile.require, ...profile.allow]) if (!isScopePattern(entry)) names.add(entry);
  }
  for (const known of model.knownScopes) names.add(known.value);
  let sorted: string[] | undefined;
  return {
    has: (scope) => names.has(scope),
    nearest: (scope) => nearest(scope, (sorted ??= [...names].sort())),
  };
}
