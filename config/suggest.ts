import { closest, distance } from "fastest-levenshtein";

/** The candidate nearest to `input`, if it is near enough to be a likely typo. */
export function nearest(input: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0 || input.length === 0) return undefined;
  const folded = input.toLowerCase();
  const byFolded = new Map(candidates.map((candidate) => [candidate.toLowerCase(), candidate]));
  const best = closest(folded, [...byFolded.keys()]);
  const tolerance = Math.max(2, Math.floor(Math.max(best.length, folded.length) / 3));
  const isPrefix = Math.min(best.length, folded.length) >= 3 && (best.startsWith(folded) || folded.startsWith(best));
  return distance(folded, best) <= tolerance || isPrefix ? byFolded.get(best) : undefined;
}

/** " Did you mean 'x'?" when there is a near candidate, else "". */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const suggestion = nearest(input, candidates);
  return suggestion === undefined ? "" : ` Did you mean '${suggestion}'?`;
}

/** `a, b and c`: items joined for a message. */
export function joinList(items: readonly string[], conjunction: "or" | "and" = "and"): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} ${conjunction} ${items[items.length - 1]}`;
}

/** Most values a message lists in full; a longer list (a fleet's tenants or stacks) shows its first `SHOWN_OF_LONG_LIST`. */
const MAX_LISTED = 30;
const SHOWN_OF_LONG_LIST = 10;

/** `'a', 'b' or 'c'`: a list of values for a message; `'a', 'b', ... or 9,990 more` when it is long. */
export function quoteList(values: readonly string[], conjunction: "or" | "and" = "or"): string {
  if (values.length > MAX_LISTED) {
    const shown = values.slice(0, SHOWN_OF_LONG_LIST).map((value) => `'${value}'`);
    return `${shown.join(", ")} ${conjunction} ${(values.length - SHOWN_OF_LONG_LIST).toLocaleString("en-US")} more`;
  }
  return joinList(values.map((value) => `'${value}'`), conjunction);
}
