import type { Finding, SkipNote } from "../policies/finding";
import { compareText } from "../policies/finding";
import { orgOf, skipText, waiverNote } from "./common";
import type { ReportContext } from "./context";

interface TestCase {
  readonly name: string;
  readonly findings: readonly Finding[];
}

/**
 * JUnit XML: one `<testsuite>` per rule (the context's rules, then any other rule id found), one `<testcase>` per
 * org and target the rule reported, or a single passing testcase named after the source when it reported nothing.
 * A testcase fails (`<failure type="error">`) only when it has an unwaived error, like the exit code; a testcase whose
 * findings are all waived is `<skipped>`, as is each note of what the rule could not check (a scan); warnings and infos leave it passing and are listed in `<system-out>`.
 */
export function formatJunit(findings: readonly Finding[], context: ReportContext): string {
  const ruleIds = [...new Set([...context.rules.map((rule) => rule.id), ...findings.map((f) => f.ruleId)])];
  const suites = ruleIds.map((ruleId) =>
    suite(
      ruleId,
      findings.filter((f) => f.ruleId === ruleId),
      context.skipped?.filter((note) => note.ruleId === ruleId) ?? [],
      context.source,
    ),
  );
  const total = (key: keyof Counts) => suites.reduce((sum, s) => sum + s.counts[key], 0);
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="scopegate" tests="${total("tests")}" failures="${total("failures")}" errors="0" skipped="${total("skipped")}">`,
    ...suites.map((s) => s.xml),
    `</testsuites>`,
    ``,
  ].join("\n");
}

interface Counts {
  readonly tests: number;
  readonly failures: number;
  readonly skipped: number;
}

function suite(ruleId: string, findings: readonly Finding[], notes: readonly SkipNote[], source: string): { counts: Counts; xml: string } {
  const byCase = new Map<string, Finding[]>();
  const ordered = [...findings].sort(
    (a, b) => compareText(a.tenant, b.tenant) || compareText(a.environment ?? "", b.environment ?? "") || compareText(a.target, b.target),
  );
  for (const f of ordered) byCase.set(`${orgOf(f)} ${f.target}`, []);
  // Every key was set just above.
  for (const f of findings) byCase.get(`${orgOf(f)} ${f.target}`)!.push(f);
  const cases: TestCase[] = byCase.size > 0 ? [...byCase].map(([name, group]) => ({ name, findings: group })) : [{ name: source, findings: [] }];

  let failures = 0;
  let skipped = 0;
  const body: string[] = [];
  for (const testCase of cases) {
    const open = `    <testcase name="${attr(testCase.name)}" classname="${attr(ruleId)}"`;
    const unwaived = testCase.findings.filter((f) => !f.waived);
    const details = testCase.findings.map(detailLine).join("\n");
    const errors = unwaived.filter((f) => f.severity === "error");
    if (testCase.findings.length === 0) {
      body.push(`${open}/>`);
    } else if (errors.length > 0) {
      failures++;
      const message = errors.length === 1 ? errors[0].message : `${errors.length} errors; first: ${errors[0].message}`;
      body.push(`${open}>`, `      <failure type="error" message="${attr(message)}">${xml(details)}</failure>`, `    </testcase>`);
    } else if (unwaived.length === 0) {
      skipped++;
      const message = testCase.findings.map((f) => waiverNote(f)).join("; ");
      body.push(`${open}>`, `      <skipped message="${attr(message)}"/>`, `      <system-out>${xml(details)}</system-out>`, `    </testcase>`);
    } else {
      body.push(`${open}>`, `      <system-out>${xml(details)}</system-out>`, `    </testcase>`);
    }
  }
  for (const note of notes) {
    skipped++;
    body.push(`    <testcase name="${attr(`not checked: ${note.file}:${note.line}`)}" classname="${attr(ruleId)}">`, `      <skipped message="${attr(skipText(note))}"/>`, `    </testcase>`);
  }
  const counts = { tests: cases.length + notes.length, failures, skipped };
  const open = `  <testsuite name="${attr(ruleId)}" tests="${counts.tests}" failures="${failures}" errors="0" skipped="${skipped}">`;
  return { counts, xml: [open, ...body, `  </testsuite>`].join("\n") };
}

/** `scopegate.yaml:12:7  warning  message (waived: alice, until 2026-01-31)`. */
function detailLine(f: Finding): string {
  const note = waiverNote(f);
  return `${f.file}:${f.line}:${f.column}  ${f.severity}  ${f.message}${note === undefined ? "" : ` (${note})`}`;
}

/**
 * Escaped for XML 1.0 text; characters XML 1.0 cannot hold at all (most C0 controls, lone surrogates) are written
 * as `\uXXXX`, and a carriage return as a reference so parsers do not fold it into the line break.
 */
export function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r/g, "&#13;");
}

/** Escaped for a double-quoted XML attribute; line breaks and tabs as references, or parsers turn them into spaces. */
export function attr(text: string): string {
  return xml(text).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\t/g, "&#9;");
}
