import type { Severity } from "../model/model";

export type { Severity } from "../model/model";

/** The waiver that accepted a finding. */
export interface AppliedWaiver {
  readonly owner: string;
  readonly reason: string;
  readonly expires: string;
  /** `policy.waivers[<index>]` in the configuration. */
  readonly index: number;
}

/**
 * One result of one rule: what was found, where, and how much it counts. Every output format (text, JSON, SARIF,
 * JUnit, GitHub annotations, Markdown) is built from this shape.
 */
export interface Finding {
  /** Rule id, such as `required-scopes`; stable, used in docs and waivers. */
  readonly ruleId: string;
  /** Severity in the tier of the org the finding is about, after policy. */
  readonly severity: Severity;
  /** One sentence: what was found and what is expected. */
  readonly message: string;
  /** Which of the rule's messages; with `data`, identifies the finding apart from its position. */
  readonly messageId: string;
  readonly data: Readonly<Record<string, string | number>>;
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly tenant: string;
  /** Undefined for findings about a whole tenant (such as a waiver for every environment). */
  readonly environment: string | undefined;
  /** What the finding is about, such as `oauth-client/bot-connector` or `org`. */
  readonly target: string;
  readonly waived: boolean;
  readonly waiver?: AppliedWaiver;
}

/** What a rule could not check, and why: one note per rule and reason, with how often it applied. */
export interface SkipNote {
  readonly ruleId: string;
  /** One sentence: what was not checked and what would let the rule check it. */
  readonly reason: string;
  /** How many times the rule skipped for this reason. */
  readonly count: number;
  /** The first place it applied. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** A few more places it applied (at most `MAX_SKIP_EXAMPLES` in all, the first included); absent when it applied once. */
  readonly alsoAt?: readonly { readonly file: string; readonly line: number; readonly column: number }[];
}

/** How many places a skip note names at most: enough to find the pattern, few enough to read. */
export const MAX_SKIP_EXAMPLES = 3;

/** The target of findings about the configuration as a whole (a rule that failed to run); never filtered or waived. */
export const CONFIGURATION_TARGET = "configuration";

/** Counts of findings; waived findings count only as waived. */
export interface FindingSummary {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly waived: number;
}

/** Counts findings by severity, waived ones apart. */
export function summarize(findings: readonly Finding[]): FindingSummary {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  let waived = 0;
  for (const finding of findings) {
    if (finding.waived) waived++;
    else if (finding.severity === "error") errors++;
    else if (finding.severity === "warning") warnings++;
    else infos++;
  }
  return { errors, warnings, infos, waived };
}

/** Strings by code unit: the same order on every machine, whatever its locale (unlike `localeCompare`). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Findings in a stable order, the same on every machine: file, line, column, rule, org, message. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const compare = compareText;
  return [...findings].sort(
    (a, b) =>
      compare(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compare(a.ruleId, b.ruleId) ||
      compare(a.tenant, b.tenant) ||
      compare(a.environment ?? "", b.environment ?? "") ||
      compare(a.message, b.message),
  );
}

/**
 * Whether a run passes: no unwaived error, and no more unwaived warnings than `maxWarnings` (when given).
 * The exit code is 0 when it passes, 1 when not.
 */
export function passes(summary: FindingSummary, maxWarnings?: number): boolean {
  return summary.errors === 0 && (maxWarnings === undefined || summary.warnings <= maxWarnings);
}
