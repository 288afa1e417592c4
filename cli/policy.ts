import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { ScopegateModel } from "../model/model";
import type { StackSelection } from "../model/selection";
import type { Evaluation } from "../policies/engine";
import { evaluate, evaluateWithSkips } from "../policies/engine";
import type { Finding } from "../policies/finding";
import { CONFIGURATION_TARGET, passes, summarize } from "../policies/finding";
import type { Format, ReportContext } from "../formatters";
import { formatFindings } from "../formatters";
import { countsText } from "../formatters/common";
import { RULES } from "../policies/registry";
import type { CliIO } from "./io";
import { EXIT } from "./io";
import { warnAboveMaxWarnings } from "./options";
import { packageRoot, packageVersion } from "./version";
import { writeAtomically } from "./write-file";

/** Where the rule pages live: `docs/rules/<id>.md` in this package. */
export function ruleDocsDir(): string {
  return path.join(packageRoot(), "docs", "rules");
}

/** The IO's day as `YYYY-MM-DD`: today in UTC unless fixed. Waivers expire by it. */
export function today(io: CliIO): string {
  return io.today ?? new Date().toISOString().slice(0, 10);
}

/** Runs every rule over the model, on the IO's day for waiver expiry. */
export function runPolicies(model: ScopegateModel, io: CliIO): Finding[] {
  return evaluate(model, { today: today(io) });
}

/** `runPolicies`, with the notes of what the rules could not check: a check reports them, never passes them silently. */
export function runPoliciesWithSkips(model: ScopegateModel, io: CliIO): Evaluation {
  return evaluateWithSkips(model, { today: today(io) });
}

/** How a command hands over its report. */
export interface ReportDelivery {
  /** The command's name, for the `--max-warnings` message. */
  readonly command: string;
  readonly format: Format;
  /** Where to write the report (checked by `reportPath`), and the name given; standard output when undefined. */
  readonly outputPath: string | undefined;
  readonly outputName: string | undefined;
  readonly maxWarnings: number | undefined;
}

/**
 * Formats the findings and writes the report (atomically to `--output`, with a summary line on stdout; else to
 * stdout), says why warnings alone fail the run, and returns the exit code: 0 when it passes, 1 when not.
 */
export function deliverReport(findings: readonly Finding[], context: ReportContext, delivery: ReportDelivery, io: CliIO): number {
  const report = formatFindings(delivery.format, findings, context);
  const summary = summarize(findings);
  if (delivery.outputPath === undefined) {
    io.stdout.write(report);
  } else {
    writeAtomically(delivery.outputPath, report);
    io.stdout.write(`scopegate: ${countsText(summary)}; ${delivery.format} report written to ${delivery.outputName}\n`);
  }
  warnAboveMaxWarnings(delivery.command, summary, delivery.maxWarnings, io);
  return passes(summary, delivery.maxWarnings) ? EXIT.ok : EXIT.findings;
}

/**
 * What reports link to: `SCOPEGATE_DOCS_URL` + `<id>.md` when set (for example the rule pages on your Git host),
 * else the `file:` URI of the page in this installation.
 */
export function reportContext(source: string, io: CliIO): ReportContext {
  const base = io.env.SCOPEGATE_DOCS_URL;
  return {
    rules: RULES,
    source,
    get toolVersion() {
      return packageVersion();
    },
    docsUri: (ruleId) => (base ? `${base.replace(/\/?$/, "/")}${ruleId}.md` : pathToFileURL(path.join(ruleDocsDir(), `${ruleId}.md`)).href),
  };
}

/**
 * Whether a finding is in the selection (an undefined list does not limit; built once, with sets, for a fleet's
 * thousands of tenants). Findings about a whole tenant (a waiver for all its environments) stay whenever the tenant
 * does, and findings about the configuration always stay, so a filtered check never passes what the whole check
 * fails on the selected orgs.
 */
export function inSelection(selection: StackSelection): (finding: Finding) => boolean {
  const tenants = selection.tenants === undefined ? undefined : new Set(selection.tenants);
  const environments = selection.environments === undefined ? undefined : new Set(selection.environments);
  return (finding) =>
    finding.target === CONFIGURATION_TARGET ||
    ((tenants?.has(finding.tenant) ?? true) && (environments === undefined || finding.environment === undefined || environments.has(finding.environment)));
}
