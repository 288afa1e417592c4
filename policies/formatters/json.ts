import type { Finding } from "../finding";
import { summarize } from "../finding";
import type { ReportContext } from "./index";

/**
 * `{ findings: [...], summary: {...} }` with exactly the documented keys in the documented order (`environment` is
 * null for a finding about a whole tenant), pretty-printed with two spaces and a trailing newline.
 */
export function formatJson(findings: readonly Finding[], _context: ReportContext): string {
  const summary = summarize(findings);
  const report = {
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
  return `${JSON.stringify(report, null, 2)}\n`;
}
