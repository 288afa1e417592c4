/** The report formats and what every format may print besides the findings; each formatter module reads these. */
import type { SkipNote } from "../policies/finding";
import type { Rule } from "../policies/rule";

/** Every output format, the default first. */
export const FORMATS = ["text", "json", "sarif", "junit", "github", "markdown"] as const;

export type Format = (typeof FORMATS)[number];

/** What every format may print besides the findings. */
export interface ReportContext {
  /** The rules that ran (`RULES` in practice); SARIF and JUnit list each of them. */
  readonly rules: readonly Rule[];
  /** The configuration file checked, as given on the command line, such as `scopegate.yaml`. */
  readonly source: string;
  /** scopegate's version, such as `0.1.0`. */
  readonly toolVersion: string;
  /** Absolute URI of a rule's doc page, `docs/rules/<id>.md`. */
  readonly docsUri: (ruleId: string) => string;
  /** What rules could not check (a scan); undefined where nothing can be skipped (a configuration). */
  readonly skipped?: readonly SkipNote[];
}

/** Whether a string names an output format. */
export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}
