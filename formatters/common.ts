import type { Finding, FindingSummary, SkipNote } from "../policies/finding";
import { MAX_SKIP_EXAMPLES, summarize } from "../policies/finding";

/**
 * The org a finding is about: `acme/prod`, or `acme` for a finding about a whole tenant, or the path of a scanned
 * folder (whose environment is named by the folder).
 */
export function orgOf(finding: Finding): string {
  const { tenant, environment } = finding;
  // A scanned folder is its own tenant, named by its path, and its environment by the folder's name: 'envs/prod', not 'envs/prod/prod'.
  if (environment === undefined || environment === "" || tenant === environment || tenant.endsWith(`/${environment}`) || tenant.endsWith(`\\${environment}`)) return tenant;
  return `${tenant}/${environment}`;
}

/** `Orgs without … were not checked. (3 times; also at b.tf:9, c.tf:1, …)`: a skip note's reason, how often it applied, and a few more places. */
export function skipText(note: SkipNote): string {
  if (note.count === 1) return note.reason;
  const also = (note.alsoAt ?? []).map((place) => `${place.file}:${place.line}`);
  // The engine names every distinct place until the list is full: only a full list may leave places out.
  const more = also.length === MAX_SKIP_EXAMPLES - 1 && note.count > MAX_SKIP_EXAMPLES ? ", …" : "";
  return also.length === 0 ? `${note.reason} (${note.count} times)` : `${note.reason} (${note.count} times; also at ${also.join(", ")}${more})`;
}

/** `1 error`, `2 errors`, `0 infos`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** `2 errors, 1 warning, 0 infos, 1 waived`. */
export function countsText(summary: FindingSummary): string {
  return [plural(summary.errors, "error"), plural(summary.warnings, "warning"), plural(summary.infos, "info"), `${summary.waived} waived`].join(", ");
}

/**
 * `scopegate: 2 errors, 1 warning, 0 infos, 1 waived in scopegate.yaml`, or `scopegate: no findings in scopegate.yaml`.
 * One line whatever the source's name holds: a line break in it must not start a line a CI log reads as a command.
 */
export function summaryLine(findings: readonly Finding[], source: string): string {
  if (findings.length === 0) return `scopegate: no findings in ${oneLine(source)}`;
  return `scopegate: ${countsText(summarize(findings))} in ${oneLine(source)}`;
}

/** `waived: alice, until 2026-01-31` for a waived finding, `waived` when the waiver is not attached, else undefined. */
export function waiverNote(finding: Finding): string | undefined {
  if (!finding.waived) return undefined;
  return finding.waiver === undefined ? "waived" : `waived: ${finding.waiver.owner}, until ${finding.waiver.expires}`;
}

/**
 * The text with control characters written as escapes (`\n`, `\u001b`), so one finding stays on one line and a value
 * from the configuration cannot move the cursor or recolour a terminal.
 */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => {
    const escaped = JSON.stringify(char).slice(1, -1);
    return escaped.length > 1 ? escaped : `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}
