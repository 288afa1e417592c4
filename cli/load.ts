import * as path from "node:path";
import { loadConfig } from "../config/load";
import type { ScopegateModel } from "../config/model";
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
  for (const problem of result.problems.slice(0, MAX_PROBLEMS_SHOWN)) io.stderr.write(`${formatProblem(problem)}\n`);
  const count = result.problems.length;
  if (count > MAX_PROBLEMS_SHOWN) io.stderr.write(`... and ${count - MAX_PROBLEMS_SHOWN} more\n`);
  io.stderr.write(`scopegate: ${count} ${count === 1 ? "problem" : "problems"} in ${file}; ${consequence}\n`);
  return undefined;
}
