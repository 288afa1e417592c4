import * as path from "node:path";
import { loadConfig } from "../config/load";
import type { ScopegateModel } from "../config/model";
import type { ConfigProblem } from "../config/problems";
import { formatProblem } from "../config/problems";
import type { CliIO } from "./io";

/** Problems printed at most; a file with more is counted, not listed in full. */
export const MAX_PROBLEMS_SHOWN = 100;

/** The configuration file a command reads: `--config`, else `SCOPEGATE_CONFIG`, else `scopegate.yaml`. */
export function configPath(option: string | undefined, io: CliIO): string {
  return option ?? io.env.SCOPEGATE_CONFIG ?? "scopegate.yaml";
}

/** Loads the configuration, or prints every problem (file:line:column) to stderr and returns undefined. */
export function loadOrReport(file: string, io: CliIO, consequence: string): ScopegateModel | undefined {
  const result = loadConfig(file, path.resolve(io.cwd, file));
  if (result.ok) return result.model;
  reportProblems(result.problems, `in ${file}; ${consequence}`, io);
  return undefined;
}

/**
 * Prints problems to stderr, `file:line:column: message` each (the first `MAX_PROBLEMS_SHOWN`), then
 * `scopegate: N problems <where and consequence>`.
 */
export function reportProblems(problems: readonly ConfigProblem[], whereAndConsequence: string, io: CliIO): void {
  for (const problem of problems.slice(0, MAX_PROBLEMS_SHOWN)) io.stderr.write(`${formatProblem(problem)}\n`);
  const count = problems.length;
  if (count > MAX_PROBLEMS_SHOWN) io.stderr.write(`... and ${count - MAX_PROBLEMS_SHOWN} more\n`);
  io.stderr.write(`scopegate: ${count} ${count === 1 ? "problem" : "problems"} ${whereAndConsequence}\n`);
}
