import * as fs from "node:fs";
import * as path from "node:path";
import { didYouMean } from "../../config/suggest";
import { RULE_IDS, RULES, ruleById } from "../../policies/registry";
import type { Rule } from "../../policies/rule";
import { prodWaivabilityOf, prodWaivabilityProperties } from "../../policies/rule";
import type { CliIO } from "../io";
import { EXIT, UsageError } from "../io";
import { parseCommandLine } from "../options";
import { formatColumns } from "../columns";
import { ruleDocsDir } from "../policy";

export const RULES_USAGE = `Usage: scopegate rules [--format text|json]

Lists every rule: id, default severity in nonprod and prod, whether its findings in prod can be waived (yes, no, or
partly: some of its findings), and what it checks.`;

export const EXPLAIN_USAGE = `Usage: scopegate explain <rule>

Prints a rule's documentation: what it checks, why, a failing and a passing example, and how to waive it.`;

/** `scopegate rules`: the rule registry, as a table or JSON. */
export async function rulesCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values } = parseCommandLine({ args: [...args], options: { format: { type: "string" }, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: false });
  if (values.help) {
    io.stdout.write(`${RULES_USAGE}\n`);
    return EXIT.ok;
  }
  const rows = RULES.map((rule) => ({
    id: rule.id,
    nonprod: rule.severity.nonprod,
    prod: rule.severity.prod,
    ...prodWaivabilityProperties(rule),
    runsOn: runsOn(rule),
    description: rule.description,
  }));
  if (values.format === "json") {
    io.stdout.write(`${JSON.stringify({ rules: rows }, null, 2)}\n`);
    return EXIT.ok;
  }
  if (values.format !== undefined && values.format !== "text") throw new UsageError(`unknown format '${values.format}'; expected 'text' or 'json'.`);
  const header = ["RULE", "NONPROD", "PROD", "WAIVABLE IN PROD", "RUNS ON", "CHECKS"];
  const cells = RULES.map((rule) => [rule.id, rule.severity.nonprod, rule.severity.prod, prodWaivabilityOf(rule), runsOn(rule).join(", "), rule.description]);
  io.stdout.write(`${formatColumns([header, ...cells])}\n\nRun 'scopegate explain <rule>' for a rule's documentation.\n`);
  return EXIT.ok;
}

/**
 * What a rule runs on: `check` (the YAML) and `scan` (Terraform and plans), or `scan` alone where it needs what only
 * scanned Terraform (`scan`) or a plan (`scan of a plan`) has.
 */
function runsOn(rule: Rule): string[] {
  const needs = rule.needs ?? [];
  if (needs.includes("plan")) return ["scan of a plan"];
  if (needs.includes("terraform")) return ["scan"];
  return ["check", "scan"];
}

/** `scopegate explain <rule>`: prints `docs/rules/<rule>.md`. */
export async function explainCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandLine({ args: [...args], options: { help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: true });
  if (values.help) {
    io.stdout.write(`${EXPLAIN_USAGE}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError("expected exactly one rule id.");
  const id = positionals[0];
  if (ruleById(id) === undefined) throw new UsageError(`'${id}' is not a scopegate rule; run 'scopegate rules' for the list.${didYouMean(id, RULE_IDS)}`);
  io.stdout.write(fs.readFileSync(path.join(ruleDocsDir(), `${id}.md`), "utf8"));
  return EXIT.ok;
}
