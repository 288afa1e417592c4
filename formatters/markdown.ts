import type { Finding } from "../policies/finding";
import { summarize } from "../policies/finding";
import { countsText, oneLine, orgOf, plural, skipText } from "./common";
import type { ReportContext } from "./context";

/** Rows shown in each table; the rest are counted. */
const MAX_ROWS = 50;

/** Marks the comment so a workflow can find and update it instead of posting a new one. */
export const MARKER = "<!-- scopegate -->";

/**
 * A pull-request comment: heading, counts, a table of unwaived findings (at most 50 rows) linking each rule to its
 * doc page, and the waived findings in a collapsed `<details>`. Every value from the configuration is escaped, so
 * it cannot break the table or inject HTML.
 */
export function formatMarkdown(findings: readonly Finding[], context: ReportContext): string {
  return `${[MARKER, "### scopegate", "", ...markdownFindings(findings, context)].join("\n").trimEnd()}\n`;
}

/** The body of the Markdown report (counts, the findings table, the waived ones), for reports that embed it. */
export function markdownFindings(findings: readonly Finding[], context: ReportContext): string[] {
  const source = cell(context.source);
  if (findings.length === 0 && (context.skipped ?? []).length === 0) return [`No findings in ${source}.`];
  const lines = [`${countsText(summarize(findings))} in ${source}.`, ""];
  const open = findings.filter((f) => !f.waived);
  const waived = findings.filter((f) => f.waived);
  const rule = (f: Finding) => `[${cell(f.ruleId)}](${linkDestination(context.docsUri(f.ruleId))})`;
  const where = (f: Finding) => code(`${f.file}:${f.line}`);

  if (open.length === 0) lines.push("No unwaived findings.", "");
  else
    lines.push(
      ...table(
        ["Severity", "Rule", "Location", "Org", "Message"],
        open.map((f) => [f.severity, rule(f), where(f), cell(orgOf(f)), cell(f.message)]),
      ),
      "",
    );

  if (waived.length > 0) {
    lines.push(
      "<details>",
      `<summary>${plural(waived.length, "waived finding")}</summary>`,
      "",
      ...table(
        ["Severity", "Rule", "Location", "Org", "Message", "Owner", "Expires", "Reason"],
        waived.map((f) => [
          f.severity,
          rule(f),
          where(f),
          cell(orgOf(f)),
          cell(f.message),
          code(f.waiver?.owner ?? ""),
          cell(f.waiver?.expires ?? ""),
          cell(f.waiver?.reason ?? ""),
        ]),
      ),
      "",
      "</details>",
      "",
    );
  }
  const skipped = context.skipped ?? [];
  if (skipped.length > 0) {
    lines.push(
      "<details>",
      `<summary>Not checked (${plural(skipped.length, "note")})</summary>`,
      "",
      ...table(
        ["Rule", "Location", "Reason"],
        skipped.map((note) => [`[${cell(note.ruleId)}](${linkDestination(context.docsUri(note.ruleId))})`, code(`${note.file}:${note.line}`), cell(skipText(note))]),
      ),
      "",
      "</details>",
      "",
    );
  }
  return lines;
}

/** A Markdown table, at most 50 rows, the rest counted. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  const shown = rows.slice(0, MAX_ROWS).map(line);
  const more = rows.length > MAX_ROWS ? ["", `... and ${rows.length - MAX_ROWS} more.`] : [];
  return [line(header), line(header.map(() => "---")), ...shown, ...more];
}

/**
 * Text for a table cell: HTML special characters as entities, Markdown punctuation backslash-escaped (so `|` does
 * not end the cell and `*` or `[` do not format), line breaks as `<br>`.
 */
export function cell(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/\r\n|\r|\n/g, "<br>")
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => oneLine(c)); // any other control character (an ESC in a file name) as a visible escape
}

/** Text as an inline code span, so an owner such as `@acme/platform` does not notify anyone; plain cell text when it cannot be one. */
export function code(text: string): string {
  if (text === "" || /[`\r\n]/.test(text)) return cell(text);
  return `\`${oneLine(text).replace(/\|/g, "\\|")}\``;
}

/** A URI usable as a Markdown link destination: no spaces, parentheses or angle brackets. */
function linkDestination(uri: string): string {
  return uri.replace(/[ ()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
