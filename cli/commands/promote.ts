import * as fs from "node:fs";
import * as path from "node:path";
import { changedTenants } from "../../config/changed-tenants";
import { loadConfigText } from "../../config/load";
import { parseYamlSource } from "../../config/yaml-source";
import { decodeUtf8 } from "../../config/utf8";
import type { ScopegateModel } from "../../model/model";
import type { ConfigProblem } from "../../config/problems";
import { escapeControlCharacters, formatProblem, problemAt } from "../../config/problems";
import { quoteList } from "../../config/suggest";
import { promoteInText, PromotionEditError } from "../../config/promotion-edit";
import type { Finding } from "../../policies/finding";
import { passes, summarize } from "../../policies/finding";
import type { TenantPromotion } from "../../policies/promotion";
import { orgIndex, promotionOf } from "../../policies/promotion";
import { formatPromotion, promotionCounts, promotionMarkdownHeader, PROMOTION_FORMATS } from "../../formatters/promotion-report";
import { plural } from "../../formatters/common";
import { CROSS_ENVIRONMENT_RULE_IDS } from "../../policies/registry";
import type { CliIO } from "../io";
import { EXIT, InputError, UsageError } from "../io";
import { configPath, loadOrReport, reportingInputErrors } from "../load";
import { chooseFormat, parseCommandLine, undeclaredName } from "../options";
import { reportContext, runPolicies } from "../policy";
import { reportPath, writeAtomically } from "../write-file";

export const PROMOTE_USAGE = `Usage: scopegate promote --from ENV --to ENV [--config PATH] [--tenant T]... [--changed-since BASE] [--format F] [--output FILE] [--write]

Shows what promoting one environment to another would change in the target, per tenant: clients added, removed or
renamed, and changed scopes, roles, capabilities, rotation and state, each with its line on both sides; settings
that are per environment (redirect URIs, token lifetime, bindings ...) are listed as intended. Then the
cross-environment rules (${CROSS_ENVIRONMENT_RULE_IDS.join(", ")}) for the two environments.
Also what promoting would bring into the target: findings of any rule the promoted configuration has and the
current one does not. Exit 0: no unwaived error-level finding of those rules and none brought by the promotion;
1: there is one (after --write: the written file's); 2: bad input or usage.
  --from ENV, --to ENV   the environments to compare (promote from, promote to)
  --config PATH          configuration file (default: $SCOPEGATE_CONFIG or scopegate.yaml)
  --tenant T             only this tenant (repeatable)
  --changed-since BASE   only tenants whose declaration or waivers differ from the configuration in file BASE
                         (a pull request's base version; an empty file counts every tenant as changed)
  --format F             ${PROMOTION_FORMATS.join(" | ")} (default: text)
  --output FILE          write the report to FILE instead of standard output
  --write                edit the configuration so that the target declares what the source declares; keeps
                         comments and formatting, never deletes a client`;

/** `scopegate promote`: the promotion diff a release manager reviews, and `--write` to make it. Never loads cdktf. */
export async function promoteCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values } = parseCommandLine({
    args: [...args],
    options: {
      from: { type: "string" },
      to: { type: "string" },
      config: { type: "string" },
      tenant: { type: "string", multiple: true },
      "changed-since": { type: "string" },
      format: { type: "string" },
      output: { type: "string" },
      write: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout.write(`${PROMOTE_USAGE}\n`);
    return EXIT.ok;
  }
  const format = chooseFormat(values.format, PROMOTION_FORMATS);
  const { from, to } = values;
  if (from === undefined || to === undefined) throw new UsageError("--from and --to are required, for example '--from dev --to prod'.");
  if (from === to) throw new UsageError(`--from and --to are both '${from}'; expected two different environments.`);
  const file = configPath(values.config, io);
  const outputPath = reportPath(values.output, { configuration: file }, io);
  const delivery = { format, outputPath, outputName: values.output, markdownHeader: promotionMarkdownHeader(from, to) };
  const model = loadOrReport(file, io, "nothing was promoted.", delivery);
  if (model === undefined) return EXIT.badInput;
  // Environments and tenants the configuration does not declare (a pull request renaming 'prod'), a base that cannot
  // be read and a client --write cannot edit are bad input, reported in the format asked for, so the pull-request
  // comment says why instead of keeping an old report.
  return reportingInputErrors("nothing was promoted.", io, delivery, () => promote(model, file, { ...values, from, to, format, outputPath }, io));
}

interface PromoteOptions {
  readonly from: string;
  readonly to: string;
  readonly tenant?: readonly string[];
  readonly "changed-since"?: string;
  readonly write?: boolean;
  readonly format: (typeof PROMOTION_FORMATS)[number];
  readonly output?: string;
  readonly outputPath: string | undefined;
}

async function promote(model: ScopegateModel, file: string, values: PromoteOptions, io: CliIO): Promise<number> {
  const { from, to, format, outputPath } = values;
  const text = fs.readFileSync(path.resolve(io.cwd, file), "utf8");
  const environments = [...new Set(model.environments.map((org) => org.environment))];
  const undeclared = [
    undeclaredName("--from", from, environments, "an environment of the configuration", file),
    undeclaredName("--to", to, environments, "an environment of the configuration", file),
  ].filter((problem) => problem !== undefined);
  if (undeclared.length > 0) throw new InputError(undeclared, file);
  const tenants = selectTenants(model, file, values.tenant ?? [], values["changed-since"], text, io, { from, to });
  const emptyReason = values["changed-since"] === undefined ? `No tenant has both '${from}' and '${to}'.` : `No tenant with both '${from}' and '${to}' changed since ${values["changed-since"]}.`;

  const promotions = promotionsOf(model, tenants, from, to);
  const before = runPolicies(model, io);
  const promoted = promotedConfiguration(model, file, text, tenants, { from, to }, values.write === true, io);
  const after = promoted === undefined ? undefined : runPolicies(promoted.model, io);

  const findings = promotionFindings(values.write && after !== undefined ? after : before, tenants, [from, to]);
  const introduced = after === undefined ? [] : introducedFindings(before, after, tenants, to).filter((finding) => !(values.write && CROSS_ENVIRONMENT_RULE_IDS.includes(finding.ruleId)));
  const contents = { from, to, promotions, findings, introduced, emptyReason, context: reportContext(file, io) };
  const report = formatPromotion(format, contents);
  if (outputPath !== undefined) writeAtomically(outputPath, report);
  // The configuration last: a report that cannot be written leaves the configuration as it was.
  if (values.write && promoted !== undefined && promoted.text !== text) writeAtomically(path.resolve(io.cwd, file), promoted.text);
  if (outputPath === undefined) io.stdout.write(report);
  if (values.write && promoted !== undefined) io.stderr.write(writeSummary(promoted, file, { from, to }));
  if (outputPath !== undefined) io.stdout.write(`scopegate: ${promotionCounts(contents)}; ${format} report written to ${values.output}\n`);
  const clean = passes(summarize(findings)) && passes(summarize(introduced));
  return clean ? EXIT.ok : EXIT.findings;
}

/** What `--write` did, for standard error: each change made, and what it left for a person. */
function writeSummary({ applied, leftAlone }: { applied: readonly string[]; leftAlone: readonly string[] }, file: string, { from, to }: { from: string; to: string }): string {
  const lines =
    applied.length === 0
      ? [`scopegate promote: ${file} already declares in '${to}' what '${from}' does; nothing written.`]
      : [`scopegate promote: wrote ${plural(applied.length, "change")} to ${file}:`, ...applied.map((line) => `  ${line}`)];
  for (const line of leftAlone) lines.push(`  left alone: ${line}`);
  return `${lines.map(escapeControlCharacters).join("\n")}\n`;
}

/** The tenants to promote: those asked for (all when none), narrowed to the changed ones, that have both environments. */
function selectTenants(model: ScopegateModel, file: string, asked: readonly string[], changedSince: string | undefined, text: string, io: CliIO, { from, to }: { from: string; to: string }): string[] {
  // Each tenant's environments, indexed once: checking every tenant must not search every org for each.
  const environmentsOf = new Map<string, Set<string>>();
  for (const org of model.environments) {
    const known = environmentsOf.get(org.tenant);
    if (known === undefined) environmentsOf.set(org.tenant, new Set([org.environment]));
    else known.add(org.environment);
  }
  const hasBoth = (tenant: string) => [from, to].every((environment) => environmentsOf.get(tenant)?.has(environment) === true);
  const problems = asked.flatMap((tenant): ConfigProblem[] => {
    const undeclared = undeclaredName("--tenant", tenant, model.tenants, "a tenant of the configuration", file);
    if (undeclared !== undefined) return [undeclared];
    if (hasBoth(tenant)) return [];
    // At the tenant's first org: where its environments are declared.
    const org = model.environments.find((candidate) => candidate.tenant === tenant)!;
    return [problemAt(org.loc, `--tenant '${tenant}' does not have both environments '${from}' and '${to}'; it declares ${quoteList(model.environments.filter((candidate) => candidate.tenant === tenant).map((candidate) => candidate.environment), "and")}.`)];
  });
  if (problems.length > 0) throw new InputError(problems, file);
  let tenants = asked.length > 0 ? [...new Set(asked)] : model.tenants.filter(hasBoth);
  if (changedSince !== undefined) {
    // The data the configuration's own reader produces (merge keys, bounded aliases), as for the base.
    const current = parseYamlSource(file, text);
    const changed = new Set(changedTenants("source" in current ? current.source.data : undefined, readBase(changedSince, io)));
    tenants = tenants.filter((tenant) => changed.has(tenant));
  }
  return tenants;
}

/** The base configuration's data: undefined for an empty file (no base: everything changed). */
function readBase(file: string, io: CliIO): unknown {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path.resolve(io.cwd, file));
  } catch (error) {
    const message = `--changed-since '${file}' cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); expected a file with the base configuration, or an empty file.`;
    throw new InputError([{ file, message }], file);
  }
  // The configuration's own UTF-8 reader: a UTF-16, Latin-1 or binary base is bad input, not "everything changed".
  const decoded = decodeUtf8(bytes);
  if ("notUtf8" in decoded) {
    throw new InputError([{ file, ...decoded.notUtf8, message: `the base configuration for --changed-since is not UTF-8 text: ${decoded.notUtf8.message}` }], file);
  }
  const text = decoded.text;
  if (text.trim() === "") return undefined;
  // The configuration's own reader: merge keys, aliases and nesting checked, parser messages without the file's text.
  const parsed = parseYamlSource(file, text);
  if ("problems" in parsed) {
    throw new InputError(
      parsed.problems.map((problem) => ({ ...problem, message: `the base configuration is not valid YAML for --changed-since: ${problem.message}` })),
      file,
    );
  }
  return parsed.source.data;
}

function promotionsOf(model: ScopegateModel, tenants: readonly string[], from: string, to: string): TenantPromotion[] {
  const orgs = orgIndex(model);
  return tenants.flatMap((tenant) => promotionOf(model, tenant, from, to, orgs) ?? []);
}

/** Findings of the cross-environment rules about the promoted tenants, in the two environments or tenant-wide. */
function promotionFindings(findings: readonly Finding[], tenants: readonly string[], environments: readonly string[]): Finding[] {
  const promoted = new Set(tenants);
  return findings.filter(
    (finding) =>
      CROSS_ENVIRONMENT_RULE_IDS.includes(finding.ruleId) &&
      promoted.has(finding.tenant) &&
      (finding.environment === undefined || environments.includes(finding.environment)),
  );
}

/**
 * The configuration as promoting would leave it: the edited text and its model. With `--write` a configuration that
 * cannot be edited faithfully, or whose edit would not load, is bad input; without it, the report just goes without
 * the findings after promotion.
 */
function promotedConfiguration(model: ScopegateModel, file: string, text: string, tenants: readonly string[], { from, to }: { from: string; to: string }, writing: boolean, io: CliIO) {
  let edit;
  try {
    edit = promoteInText(text, from, to, tenants);
  } catch (error) {
    if (!(error instanceof PromotionEditError)) throw error;
    // At the client it could not edit (one written as an alias, for instance), else at the file.
    const client = error.client && model.environments.flatMap((org) => (org.tenant === error.client!.tenant ? org.oauthClients : [])).find((candidate) => candidate.key === error.client!.key);
    const problem = client === undefined ? { file, message: `cannot edit ${file}: ${error.message}.` } : problemAt(client.loc, `cannot edit ${file}: ${error.message}.`);
    if (writing) throw new InputError([problem], file);
    io.stderr.write(`scopegate promote: the configuration after promotion cannot be computed (${formatProblem(problem)}); its findings are not shown.\n`);
    return undefined;
  }
  const loaded = loadConfigText(file, edit.text);
  if (!loaded.ok) {
    // Positions in the edited text, which is not written: each problem is about the file and says where in that text.
    const inEdit = (problem: ConfigProblem) => `${problem.line === undefined ? "" : `line ${problem.line}, column ${problem.column ?? 1} of the edited text: `}${problem.message}`;
    const problems = loaded.problems.map((problem) => ({ file, message: `cannot edit ${file}: the promoted configuration would not load (${inEdit(problem)}); nothing was written.` }));
    if (writing) throw new InputError(problems, file);
    io.stderr.write(`${escapeControlCharacters(`scopegate promote: the configuration after promotion cannot be computed (it would not load: ${loaded.problems.map(inEdit).join("; ")}); its findings are not shown.`)}\n`);
    return undefined;
  }
  return { ...edit, model: loaded.model };
}

/** Unwaived errors and warnings about the target (or its whole tenant) that the promoted configuration has and the current one does not. */
function introducedFindings(before: readonly Finding[], after: readonly Finding[], tenants: readonly string[], to: string): Finding[] {
  const identity = (finding: Finding) => JSON.stringify([finding.ruleId, finding.messageId, finding.tenant, finding.environment ?? null, finding.target, finding.data]);
  const existing = new Set(before.map(identity));
  const promoted = new Set(tenants);
  return after.filter(
    (finding) =>
      !existing.has(identity(finding)) &&
      !finding.waived &&
      finding.severity !== "info" &&
      promoted.has(finding.tenant) &&
      (finding.environment === undefined || finding.environment === to),
  );
}
