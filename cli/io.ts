import type { ConfigProblem } from "../config/problems";
import { formatProblem } from "../config/problems";

/** What a command may touch of the process: its output streams, environment and working directory. */
export interface CliIO {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Today as `YYYY-MM-DD`, for waiver expiry. @default the current UTC date */
  readonly today?: string;
}

/**
 * Exit codes: 0 clean, 1 findings at error level, 2 bad input, bad usage or an internal failure, 3 `deploy` failed
 * (cdktf or terraform not found, or `cdktf deploy` exited non-zero).
 */
export const EXIT = { ok: 0, findings: 1, badInput: 2, deployFailed: 3 } as const;

/** Thrown for a command line that cannot be run; reported as one line with exit code 2. */
export class UsageError extends Error {}

/**
 * Thrown for input that does not fit what the configuration (or another input file) says: an environment, tenant or
 * stack it does not declare, a `--changed-since` base that cannot be read or is not YAML, a client `--write` cannot
 * edit. Not a usage error: the command reports the problems as bad input, in the `--format` asked for, with exit code 2.
 */
export class InputError extends Error {
  constructor(
    readonly problems: readonly ConfigProblem[],
    /** The file the problems are in, for the summary line: `1 problem in <source>; ...`. */
    readonly source: string,
  ) {
    super(problems.map(formatProblem).join("\n"));
  }
}
