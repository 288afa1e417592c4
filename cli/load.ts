import * as path from "node:path";
import type { LoadOptions, LoadResult } from "../config/load";
import { loadConfig } from "../config/load";
import type { ScopegateModel } from "../model/model";
import type { ConfigProblem } from "../config/problems";
import { escapeControlCharacters, formatProblem } from "../config/problems";
import type { Format } from "../formatters";
import { plural } from "../formatters/common";
import { formatProblems } from "../formatters/problems";
import type { CliIO } from "./io";
import { EXIT, InputError } from "./io";
import { packageVersion } from "./version";
import { writeAtomically } from "./write-file";

/** Problems printed at most; a file with more is counted, not listed in full. */
export const MAX_PROBLEMS_SHOWN = 100;

/** The configuration file a command reads: `--config`, else `SCOPEGATE_CONFIG`, else `scopegate.yaml`. */
export function configPath(option: string | undefined, io: CliIO): string {
  return option ?? io.env.SCOPEGATE_CONFIG ?? "scopegate.yaml";
}

/**
 * How a command that prints a report in a `--format` reports bad input too: in that format, to `--output` (checked by
 * `reportPath`) or standard output, so a CI job reading the report sees the problems instead of nothing.
 */
export interface ProblemDelivery {
  readonly format: Format;
  /** Where to write the report, and the name given; standard output when undefined. */
  readonly outputPath: string | undefined;
  readonly outputName: string | undefined;
  /** The Markdown report's marker and heading, when not `check`'s. */
  readonly markdownHeader?: readonly string[];
}

/**
 * Loads the configuration, or prints every problem (file:line:column) to stderr, delivers them as a report when the
 * command has one, and returns undefined.
 */
export function loadOrReport(file: string, io: CliIO, consequence: string, delivery?: ProblemDelivery): ScopegateModel | undefined {
  return loadWithDataOrReport(file, io, consequence, delivery)?.model;
}

/** `loadOrReport`, with the configuration's data too (all its files as one), for comparing it with a base version. */
export function loadWithDataOrReport(file: string, io: CliIO, consequence: string, delivery?: ProblemDelivery, options?: LoadOptions): Extract<LoadResult, { ok: true }> | undefined {
  const result = loadConfig(file, path.resolve(io.cwd, file), options);
  if (result.ok) return result;
  reportProblems(result.problems, `in ${file}; ${consequence}`, io, delivery);
  return undefined;
}

/**
 * Prints problems to stderr, `file:line:column: message` each (the first `MAX_PROBLEMS_SHOWN`), then
 * `scopegate: N problems <where and consequence>`. With a delivery, also writes every problem as a report in its
 * format: to `--output` (with a line saying so on stdout) or, unless the format is text (already on stderr), to stdout.
 */
export function reportProblems(problems: readonly ConfigProblem[], whereAndConsequence: string, io: CliIO, delivery?: ProblemDelivery): void {
  for (const problem of problems.slice(0, MAX_PROBLEMS_SHOWN)) io.stderr.write(`${formatProblem(problem)}\n`);
  const count = problems.length;
  if (count > MAX_PROBLEMS_SHOWN) io.stderr.write(`... and ${count - MAX_PROBLEMS_SHOWN} more\n`);
  // The file name comes from the command line or the configuration: one line, whatever it holds.
  io.stderr.write(escapeControlCharacters(`scopegate: ${plural(count, "problem")} ${whereAndConsequence}`) + "\n");
  if (delivery === undefined || (delivery.format === "text" && delivery.outputPath === undefined)) return;
  const report = formatProblems(delivery.format, problems, {
    toolVersion: packageVersion(),
    whereAndConsequence,
    markdownHeader: delivery.markdownHeader,
  });
  if (delivery.outputPath === undefined) {
    io.stdout.write(report);
  } else {
    // Replaces an earlier report too: a CI job must not upload an old, clean report for input that no longer loads.
    writeAtomically(delivery.outputPath, report);
    io.stdout.write(escapeControlCharacters(`scopegate: ${plural(count, "problem")}; ${delivery.format} report written to ${delivery.outputName}`) + "\n");
  }
}

/**
 * Runs the part of a command that checks the command line against the loaded configuration (and reads other input
 * files): an `InputError` it throws is reported as problems, as `reportProblems` does (in the `--format` asked for,
 * to `--output` when given), and gives exit code 2, with no usage hint. Other errors pass through.
 */
export async function reportingInputErrors(consequence: string, io: CliIO, delivery: ProblemDelivery | undefined, body: () => number | Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    reportProblems(error.problems, `in ${error.source}; ${consequence}`, io, delivery);
    return EXIT.badInput;
  }
}
