import type { ScopegateModel } from "../model/model";
import catalog from "./data/scopes.json";
import { isScopePattern, scopeMatches } from "./scope-patterns";

/** The OAuth scope names scopegate treats as existing. Incomplete: an org may have scopes no list names. */
export interface ScopeCatalog {
  has(scope: string): boolean;
  /** The catalog's scopes a pattern (`messaging:*`, `*:readonly`) matches, sorted. */
  matching(pattern: string): string[];
  /** The known scope `scope` is an obvious misspelling of, if there is one (see `typoOf`). */
  typoOf(scope: string): string | undefined;
}

/**
 * Scope names from the API definition, the provider's docs (`confirmed`), public app configurations (`likely`) and
 * live orgs; `data/scopes.json` says where each list comes from. Scopes that profiles name are not added: a profile
 * that names a scope does not make it exist.
 */
export const CATALOG_SCOPES: readonly string[] = [...new Set([...catalog.apiDefinition, ...catalog.confirmed, ...catalog.likely, ...catalog.liveOrgs])].sort();

/** The catalog plus the configuration's `scopes.known`. */
export function scopeCatalogFor(model: ScopegateModel): ScopeCatalog {
  const names = new Set<string>(CATALOG_SCOPES);
  for (const known of model.knownScopes) names.add(known.value);
  let sorted: string[] | undefined;
  const all = () => (sorted ??= [...names].sort());
  return {
    has: (scope) => names.has(scope),
    matching: (pattern) => (isScopePattern(pattern) ? all().filter((scope) => scopeMatches(pattern, scope)) : []),
    typoOf: (scope) => typoOf(scope, all()),
  };
}

/**
 * The known scope `input` is an obvious misspelling of, or undefined when there is none or more than one. A scope
 * is `family` or `family:qualifier` (`messaging`, `messaging:readonly`); compared without case, `input` is a typo of
 * `known` when:
 * - their families are equal, or `input`'s family is no known family and is a small edit (a letter added, dropped,
 *   changed, or two swapped) away from `known`'s: one edit for families of 4 to 7 letters, two from 8 (`mesaging` →
 *   `messaging`; `usage` is a family of its own and never a typo of `users`);
 * - both have a qualifier or neither has, and the qualifiers are at most two edits apart (`readonyl` → `readonly`);
 * - both are read-only or neither is: a suggestion never swaps read-only for read-write or back;
 * - and the two differ in at most two edits overall, with no other known scope as near.
 */
export function typoOf(input: string, known: readonly string[]): string | undefined {
  const wanted = split(input.toLowerCase());
  const knownFamilies = new Set(known.map((scope) => split(scope.toLowerCase()).family));
  const familyIsKnown = knownFamilies.has(wanted.family);
  let best: { scope: string; cost: number } | undefined;
  let tied = false;
  for (const scope of known) {
    const candidate = split(scope.toLowerCase());
    const familyCost = editDistance(wanted.family, candidate.family);
    if (familyCost > 0 && (familyIsKnown || familyCost > familyTolerance(candidate.family))) continue;
    if ((wanted.qualifier === undefined) !== (candidate.qualifier === undefined)) continue;
    const qualifierCost = editDistance(wanted.qualifier ?? "", candidate.qualifier ?? "");
    if (looksReadOnly(wanted.qualifier) !== (candidate.qualifier === "readonly")) continue;
    const cost = familyCost + qualifierCost;
    if (cost > 2) continue;
    if (best === undefined || cost < best.cost) {
      best = { scope, cost };
      tied = false;
    } else if (cost === best.cost) tied = true;
  }
  return best !== undefined && !tied && best.scope !== input ? best.scope : undefined;
}

function split(scope: string): { family: string; qualifier: string | undefined } {
  const colon = scope.indexOf(":");
  if (colon < 0) return { family: scope, qualifier: undefined };
  const qualifier = scope.slice(colon + 1);
  return { family: scope.slice(0, colon), qualifier: qualifier === "" ? undefined : qualifier };
}

/** Edits a family name may be away from a known one and still be an obvious typo of it. */
function familyTolerance(family: string): number {
  return family.length >= 8 ? 2 : family.length >= 4 ? 1 : 0;
}

/** Whether a qualifier is `readonly` or a misspelling of it. */
function looksReadOnly(qualifier: string | undefined): boolean {
  return qualifier !== undefined && editDistance(qualifier, "readonly") <= 2;
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two neighbours cost 1 each. */
function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      let cost = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cost = Math.min(cost, before[j - 2] + 1);
      current.push(cost);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length];
}
