import type { SourceLocation } from "../model/model";

/** One mistake in a configuration file: where it is and what was expected. */
export interface ConfigProblem {
  readonly file: string;
  /** 1-based; absent only for problems with the file as a whole (it cannot be read). */
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

/** A problem at a source location. */
export function problemAt(loc: SourceLocation, message: string): ConfigProblem {
  return { file: loc.file, line: loc.line, column: loc.column, message };
}

/**
 * `file:line:column: message`, the form editors and CI annotations link to. On one line, whatever the message quotes:
 * control characters (a line break, ESC, NUL) from the file are shown escaped, `\u001b`, never sent to the terminal.
 */
export function formatProblem(problem: ConfigProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  return escapeControlCharacters(`${where}: ${problem.message}`);
}

/** Control characters (C0, DEL, C1) and unpaired surrogates as `\u001b` escapes. */
export function escapeControlCharacters(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\ud800-\udfff]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Problems sorted by file, line and column, so output is stable whatever order checks ran in. */
export function sortProblems(problems: readonly ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort(
    (a, b) =>
      a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || a.message.localeCompare(b.message),
  );
}
