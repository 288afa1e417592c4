import { describe, expect, it } from "vitest";
import { loadConfigText } from "../../config/load";
import type { OAuthClientModel, ScopegateModel } from "../../model/model";
import { evaluateWithSkips } from "../../policies/engine";
import type { Finding } from "../../policies/finding";
import type { Rule } from "../../policies/rule";

/** What a test expects of one finding of the rule under test. */
export interface ExpectedFinding {
  readonly messageId: string;
  /** Text on the line the finding must point at (the first line of the config containing it). */
  readonly at: string;
  readonly environment?: string;
  /** What the finding is about (`oauth-client/<key>`, `binding/<name>`, `waiver/<index>` ...), as JSON output and JUnit test cases name it. */
  readonly target?: string;
  /** Values the finding's data must include. */
  readonly data?: Readonly<Record<string, string | number>>;
  readonly severity?: Finding["severity"];
  readonly waived?: boolean;
}

export interface RuleTestCase {
  /** What the case shows, as the end of "accepts ..." / "reports ...". */
  readonly name: string;
  readonly yaml: string;
  /** Changes the loaded model, for shapes the YAML loader itself rejects (scanned configurations produce them). */
  readonly mutate?: (model: ScopegateModel) => ScopegateModel;
  /** @default "2026-11-21" */
  readonly today?: string;
  /** Required for invalid cases: every finding of the rule, in order. */
  readonly findings?: readonly ExpectedFinding[];
  /** The reasons of every note the rule leaves of what it could not check, in the engine's order. @default - not asserted */
  readonly skipped?: readonly string[];
}

/** Loads a case's configuration (failing the test on any load problem) and returns the rule's findings and skip notes' reasons. */
export function findingsOf(rule: Rule, testCase: RuleTestCase): { findings: Finding[]; skipped: string[]; lines: string[] } {
  const loaded = loadConfigText("case.yaml", testCase.yaml);
  if (!loaded.ok) throw new Error(`test setup: the case does not load:\n${loaded.problems.map((p) => `${p.line}:${p.column} ${p.message}`).join("\n")}`);
  const model = testCase.mutate ? testCase.mutate(loaded.model) : loaded.model;
  const evaluation = evaluateWithSkips(model, { today: testCase.today ?? "2026-11-21" });
  const findings = evaluation.findings.filter((finding) => finding.ruleId === rule.id);
  const skipped = evaluation.skipped.filter((note) => note.ruleId === rule.id).map((note) => note.reason);
  return { findings, skipped, lines: testCase.yaml.split("\n") };
}

/**
 * Table-driven rule tests in the shape of ESLint's RuleTester: valid cases produce no finding of the rule; invalid
 * cases produce exactly the expected findings, at the expected lines. All rules run, so waivers behave as in use.
 */
export function testRule(rule: Rule, cases: { valid: readonly RuleTestCase[]; invalid: readonly RuleTestCase[] }): void {
  describe(rule.id, () => {
    it.each(cases.valid.map((c) => [c.name, c] as const))("accepts %s", (_, testCase) => {
      const { findings, skipped } = findingsOf(rule, testCase);
      expect(findings.map((f) => `${f.line}: ${f.message}`)).toEqual([]);
      if (testCase.skipped !== undefined) expect(skipped).toEqual(testCase.skipped);
    });

    it.each(cases.invalid.map((c) => [c.name, c] as const))("reports %s", (_, testCase) => {
      const expected = testCase.findings ?? [];
      if (expected.length === 0) throw new Error("test setup: an invalid case needs findings");
      const { findings, skipped, lines } = findingsOf(rule, testCase);
      const lineOf = (text: string) => {
        const index = lines.findIndex((line) => line.includes(text));
        if (index < 0) throw new Error(`test setup: no line contains '${text}'`);
        return index + 1;
      };
      const actual = findings.map((finding, i) => {
        const want = expected[i];
        return {
          messageId: finding.messageId,
          line: finding.line,
          ...(want?.environment !== undefined ? { environment: finding.environment } : {}),
          ...(want?.target !== undefined ? { target: finding.target } : {}),
          ...(want?.severity !== undefined ? { severity: finding.severity } : {}),
          ...(want?.waived !== undefined ? { waived: finding.waived } : {}),
          ...(want?.data !== undefined ? { data: Object.fromEntries(Object.keys(want.data).map((k) => [k, finding.data[k]])) } : {}),
        };
      });
      const wanted = expected.map((want) => ({
        messageId: want.messageId,
        line: lineOf(want.at),
        ...(want.environment !== undefined ? { environment: want.environment } : {}),
        ...(want.target !== undefined ? { target: want.target } : {}),
        ...(want.severity !== undefined ? { severity: want.severity } : {}),
        ...(want.waived !== undefined ? { waived: want.waived } : {}),
        ...(want.data !== undefined ? { data: want.data } : {}),
      }));
      expect(actual, findings.map((f) => `${f.line}:${f.column} ${f.environment} ${f.message}`).join("\n")).toEqual(wanted);
      for (const finding of findings) expect(finding.message).toMatch(/^[A-Z].*\.$/);
      if (testCase.skipped !== undefined) expect(skipped).toEqual(testCase.skipped);
    });
  });
}

/**
 * A case's `mutate` for clients as a scan could read them (settings it left unknown, values the YAML schema rejects):
 * every client changed by `change`.
 */
export function scannedClients(change: (client: OAuthClientModel) => OAuthClientModel): (model: ScopegateModel) => ScopegateModel {
  return (model) => ({ ...model, environments: model.environments.map((org) => ({ ...org, oauthClients: org.oauthClients.map(change) })) });
}
