import { didYouMean, quoteList } from "../config/suggest";
import type { FindingSummary } from "../policies/finding";
import { plural } from "../policies/formatters/common";
import type { CliIO } from "./io";
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

/** The `--max-warnings` value: a whole number, or undefined when not given. */
export function parseMaxWarnings(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`--max-warnings is '${text}'; expected a whole number such as 0.`);
  return Number(text);
}

/** Says on stderr why a run with no errors still fails: more unwaived warnings than `--max-warnings`. */
export function warnAboveMaxWarnings(command: string, summary: FindingSummary, maxWarnings: number | undefined, io: CliIO): void {
  if (maxWarnings !== undefined && summary.errors === 0 && summary.warnings > maxWarnings) {
    io.stderr.write(`scopegate ${command}: ${plural(summary.warnings, "warning")}, more than --max-warnings ${maxWarnings}.\n`);
  }
}
