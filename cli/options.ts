import { didYouMean, quoteList } from "../config/suggest";
import { UsageError } from "./io";

/** The `--format` value, checked against the formats a command prints; the first of them when none is given. */
export function chooseFormat<Format extends string>(value: string | undefined, formats: readonly Format[]): Format {
  const format = value ?? formats[0]!;
  if (!(formats as readonly string[]).includes(format)) throw new UsageError(`unknown format '${format}'; expected one of ${quoteList(formats)}.${didYouMean(format, formats)}`);
  return format as Format;
}

/**
 * Throws the usage error `<option> '<value>' is not <what>; expected one of ... Did you mean ...?` unless `value` is
 * one of `known`.
 */
export function expectOneOf(option: string, value: string, known: readonly string[], what: string): void {
  if (!known.includes(value)) throw new UsageError(`${option} '${value}' is not ${what}; expected one of ${quoteList(known)}.${didYouMean(value, known)}`);
}
