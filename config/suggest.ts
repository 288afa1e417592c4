import { closest, distance } from "fastest-levenshtein";

/** The candidate nearest to `input`, if it is near enough to be a likely typo. */
export function nearest(input: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(input, candidates as string[]);
  const tolerance = Math.max(2, Math.floor(best.length / 3));
  return distance(input.toLowerCase(), best.toLowerCase()) <= tolerance ? best : undefined;
}

/** " Did you mean 'x'?" when there is a near candidate, else "". */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const suggestion = nearest(input, candidates);
  return suggestion === undefined ? "" : ` Did you mean '${suggestion}'?`;
}

/** `'a', 'b' or 'c'`: a list of values for a message. */
export function quoteList(values: readonly string[], conjunction: "or" | "and" = "or"): string {
  const quoted = values.map((value) => `'${value}'`);
  return quoted.length <= 1 ? quoted.join("") : `${quoted.slice(0, -1).join(", ")} ${conjunction} ${quoted[quoted.length - 1]}`;
}
