import type { Finding, SkipNote } from "../policies/finding";
import { summarize } from "../policies/finding";
import type { ReportContext } from "./context";

/**
 * `{ findings: [...], summary: {...} }` with exactly the documented keys in the documented order (`environment` is
 * null for a finding about a whole tenant), and for a scan `skipped: [...]` (what rules could not check), pretty-printed with two spaces and a trailing newline.
 */
export function formatJson(findings: readonly Finding[], context: ReportContext): string {
  const report = context.skipped === undefined ? jsonReport(findings) : { ...jsonReport(findings), skipped: context.skipped.map(jsonSkipNote) };
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** A skip note with the documented keys in the documented order. */
function jsonSkipNote(note: SkipNote) {
  return { ruleId: note.ruleId, reason: note.reason, count: note.count, file: note.file, line: note.line, column: note.column, ...(note.alsoAt !== undefined ? { alsoAt: note.alsoAt } : {}) };
}

/** The JSON report as an object, for reports that embed it (`scopegate promote --format json`). */
export function jsonReport(findings: readonly Finding[]) {
  const summary = summarize(findings);
  return {
    findings: findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      file: f.file,
      line: f.line,
      column: f.column,
      tenant: f.tenant,
      environment: f.environment ?? null,
      target: f.target,
      waived: f.waived,
    })),
    summary: { errors: summary.errors, warnings: summary.warnings, infos: summary.infos, waived: summary.waived },
  };
}
