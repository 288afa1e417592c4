import type { Finding, SkipNote } from "../policies/finding";
import { compareText } from "../policies/finding";
import { oneLine, orgOf, skipText, summaryLine, waiverNote } from "./common";
import type { ReportContext } from "./context";

/**
 * Findings grouped by org (`acme`, then `acme/dev`, `acme/prod`), one aligned line each,
 * `file:line:col  severity  rule-id  message`, then what rules could not check (a scan), then a summary line.
 */
export function formatText(findings: readonly Finding[], context: ReportContext): string {
  const skipped = context.skipped ?? [];
  const noteWhere = (note: SkipNote) => oneLine(`${note.file}:${note.line}:${note.column}`);
  const noteWhereWidth = Math.max(0, ...skipped.map((note) => noteWhere(note).length));
  const noteRuleWidth = Math.max(0, ...skipped.map((note) => note.ruleId.length));
  const notChecked = skipped.map((note) => `${noteWhere(note).padEnd(noteWhereWidth)}  ${note.ruleId.padEnd(noteRuleWidth)}  ${oneLine(skipText(note))}`);
  const skippedSection = notChecked.length === 0 ? [] : ["Not checked:", ...notChecked.map((line) => `  ${line}`), ""];
  if (findings.length === 0) return `${[...skippedSection, summaryLine(findings, context.source)].join("\n")}\n`;

  const groups = new Map<string, Finding[]>();
  const orgOrder = [...findings].sort(
    (a, b) => compareText(a.tenant, b.tenant) || compareText(a.environment ?? "", b.environment ?? ""),
  );
  for (const finding of orgOrder) groups.set(orgOf(finding), []);
  // Every org was set just above.
  for (const finding of findings) groups.get(orgOf(finding))!.push(finding);

  const where = (f: Finding) => oneLine(`${f.file}:${f.line}:${f.column}`);
  // A loop, not Math.max(...): spreading more than about 120,000 arguments overflows the stack.
  let [whereWidth, severityWidth, ruleWidth] = [0, 0, 0];
  for (const f of findings) {
    whereWidth = Math.max(whereWidth, where(f).length);
    severityWidth = Math.max(severityWidth, f.severity.length);
    ruleWidth = Math.max(ruleWidth, f.ruleId.length);
  }

  const lines: string[] = [];
  for (const [org, group] of groups) {
    if (lines.length > 0) lines.push("");
    lines.push(oneLine(org));
    for (const f of group) {
      const note = waiverNote(f);
      const message = note === undefined ? f.message : `${f.message} (${note})`;
      lines.push(`${where(f).padEnd(whereWidth)}  ${f.severity.padEnd(severityWidth)}  ${f.ruleId.padEnd(ruleWidth)}  ${oneLine(message)}`);
    }
  }
  lines.push("", ...skippedSection, summaryLine(findings, context.source));
  return `${lines.join("\n")}\n`;
}
