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
