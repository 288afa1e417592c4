import type { Finding, Severity } from "../policies/finding";
import { oneLine, skipText, summaryLine } from "./common";
import type { ReportContext } from "./context";

const COMMANDS: Readonly<Record<Severity, string>> = { error: "error", warning: "warning", info: "notice" };

/**
 * GitHub Actions workflow commands: one `::error`, `::warning` or `::notice` annotation per unwaived finding, then the
 * summary line. Waived findings get no annotation (they were accepted, and GitHub shows only a few annotations of
 * each kind per step); the summary line counts them.
 */
export function formatGithub(findings: readonly Finding[], context: ReportContext): string {
  const lines = findings
    .filter((f) => !f.waived)
    .map((f) => {
      const properties = [`file=${escapeProperty(f.file)}`];
      if (f.line >= 1) properties.push(`line=${f.line}`);
      if (f.line >= 1 && f.column >= 1) properties.push(`col=${f.column}`);
      properties.push(`title=${escapeProperty(f.ruleId)}`);
      return `::${COMMANDS[f.severity]} ${properties.join(",")}::${escapeData(f.message)}`;
    });
  for (const note of context.skipped ?? []) {
    lines.push(`::notice file=${escapeProperty(note.file)},line=${note.line},title=${escapeProperty(`${note.ruleId}: not checked`)}::${escapeData(skipText(note))}`);
  }
  lines.push(summaryLine(findings, context.source));
  return `${lines.join("\n")}\n`;
}

/** The message of a workflow command, escaped as the Actions runner expects. */
export function escapeData(text: string): string {
  // Any other control character (an ESC in a file name) as a visible escape, never raw into the log.
  return oneLine(text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A"));
}

/** A property value of a workflow command: data escaping plus `:` and `,`, which separate properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
