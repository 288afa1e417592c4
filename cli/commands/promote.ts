import * as fs from "node:fs";
import * as path from "node:path";
import type { TenantFileReader } from "../../config/include";
import { loadConfigText, tenantFilesOnDisk } from "../../config/load";
import { parseYamlSource } from "../../config/yaml-source";
import type { PromotionEdit } from "../../config/promotion-edit";
import { groupBy } from "../../policies/rule";
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
import { tenantsChangedSince } from "../changed-since";
import { configPath, loadWithDataOrReport, reportingInputErrors } from "../load";
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
  --changed-since BASE   only tenants whose declaration or waivers differ from the pull request's base: a Git
                         revision (origin/main), a folder holding a checkout of it, or the base root file (an
                         empty file counts every tenant as changed)
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
  const loaded = loadWithDataOrReport(file, io, "nothing was promoted.", delivery);
  if (loaded === undefined) return EXIT.badInput;
  // Environments and tenants the configuration does not declare (a pull request renaming 'prod'), a base that cannot
  // be read and a client --write cannot edit are bad input, reported in the format asked for, so the pull-request
  // comment says why instead of keeping an old report.
  return reportingInputErrors("nothing was promoted.", io, delivery, () => promote(loaded, file, { ...values, from, to, format, outputPath }, io));
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

async function promote({ model, data }: { model: ScopegateModel; data: unknown }, file: string, values: PromoteOptions, io: CliIO): Promise<number> {
  const { from, to, format, outputPath } = values;
  const environments = [...new Set(model.environments.map((org) => org.environment))];
  const undeclared = [
    undeclaredName("--from", from, environments, "an environment of the configuration", file),
    undeclaredName("--to", to, environments, "an environment of the configuration", file),
  ].filter((problem) => problem !== undefined);
  if (undeclared.length > 0) throw new InputError(undeclared, file);
  const tenants = selectTenants(model, file, values.tenant ?? [], values["changed-since"], data, io, { from, to });
  const emptyReason = values["changed-since"] === undefined ? `No tenant has both '${from}' and '${to}'.` : `No tenant with both '${from}' and '${to}' changed since ${values["changed-since"]}.`;

  const promotions = promotionsOf(model, tenants, from, to);
  const before = runPolicies(model, io);
  const promoted = promotedConfiguration(model, file, tenants, { from, to }, values.write === true, io);
  const after = promoted === undefined ? undefined : runPolicies(promoted.model, io);

  const findings = promotionFindings(values.write && after !== undefined ? after : before, tenants, [from, to]);
  const introduced = after === undefined ? [] : introducedFindings(before, after, tenants, to).filter((finding) => !(values.write && CROSS_ENVIRONMENT_RULE_IDS.includes(finding.ruleId)));
  const contents = { from, to, promotions, findings, introduced, emptyReason, context: reportContext(file, io) };
  const report = formatPromotion(format, contents);
  if (outputPath !== undefined) writeAtomically(outputPath, report);
  // The configuration last: a report that cannot be written leaves the configuration as it was.
  if (values.write && promoted !== undefined) {
    for (const edited of promoted.files) if (edited.text !== edited.original) writeAtomically(path.resolve(io.cwd, edited.file), edited.text);
  }
  if (outputPath === undefined) io.stdout.write(report);
  if (values.write && promoted !== undefined) io.stderr.write(writeSummary(promoted.files, file, { from, to }));
  if (outputPath !== undefined) io.stdout.write(`scopegate: ${promotionCounts(contents)}; ${format} report written to ${values.output}\n`);
  const clean = passes(summarize(findings)) && passes(summarize(introduced));
  return clean ? EXIT.ok : EXIT.findings;
}

/** What `--write` did, for standard error: each change made, per file, and what it left for a person. */
function writeSummary(files: readonly EditedFile[], root: string, { from, to }: { from: string; to: string }): string {
  const lines: string[] = [];
  for (const { file, applied } of files) {
    if (applied.length > 0) lines.push(`scopegate promote: wrote ${plural(applied.length, "change")} to ${file}:`, ...applied.map((line) => `  ${line}`));
  }
  if (lines.length === 0) {
    const where = files.length === 1 ? files[0].file : files.length === 0 ? root : `${root} and its tenant files`;
    lines.push(`scopegate promote: ${where} already declares in '${to}' what '${from}' does; nothing written.`);
  }
  for (const line of files.flatMap((edited) => edited.leftAlone)) lines.push(`  left alone: ${line}`);
  return `${lines.map(escapeControlCharacters).join("\n")}\n`;
}

/** The tenants to promote: those asked for (all when none), narrowed to the changed ones, that have both environments. */
function selectTenants(model: ScopegateModel, file: string, asked: readonly string[], changedSince: string | undefined, data: unknown, io: CliIO, { from, to }: { from: string; to: string }): string[] {
  const declared = new Set(model.environments.map((org) => `${org.tenant}\0${org.environment}`));
  const hasBoth = (tenant: string) => declared.has(`${tenant}\0${from}`) && declared.has(`${tenant}\0${to}`);
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
    const changed = new Set(tenantsChangedSince(changedSince, file, data, io));
    tenants = tenants.filter((tenant) => changed.has(tenant));
  }
  return tenants;
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

/** One file `--write` edits: the root configuration, or the tenant file declaring the promoted tenants. */
interface EditedFile extends PromotionEdit {
  /** The file's name as locations name it (relative to the root file's as given). */
  readonly file: string;
  readonly original: string;
}

/**
 * The configuration as promoting would leave it: each file declaring a promoted tenant edited (a tenant file of a
 * split configuration, or the root file), and the model of the whole. With `--write` a configuration that cannot be
 * edited faithfully, or whose edit would not load, is bad input; without it, the report just goes without the
 * findings after promotion.
 */
function promotedConfiguration(model: ScopegateModel, file: string, tenants: readonly string[], { from, to }: { from: string; to: string }, writing: boolean, io: CliIO) {
  const files: EditedFile[] = [];
  // Each tenant's orgs are read from the one file that declares it.
  const fileOf = new Map(model.environments.map((org) => [org.tenant, org.loc.file]));
  for (const [declaredIn, declared] of groupBy(tenants, (tenant) => [fileOf.get(tenant)!])) {
    const original = fs.readFileSync(path.resolve(io.cwd, declaredIn), "utf8");
    try {
      files.push({ file: declaredIn, original, ...promoteInText(original, from, to, declared) });
    } catch (error) {
      if (!(error instanceof PromotionEditError)) throw error;
      // At the client it could not edit (one written as an alias, for instance), else at the file.
      const client = error.client && model.environments.flatMap((org) => (org.tenant === error.client!.tenant ? org.oauthClients : [])).find((candidate) => candidate.key === error.client!.key);
      const problem = client === undefined ? { file: declaredIn, message: `cannot edit ${declaredIn}: ${error.message}.` } : problemAt(client.loc, `cannot edit ${declaredIn}: ${error.message}.`);
      if (writing) throw new InputError([problem], file);
      io.stderr.write(`scopegate promote: the configuration after promotion cannot be computed (${formatProblem(problem)}); its findings are not shown.\n`);
      return undefined;
    }
  }
  const editedText = new Map(files.map((edited) => [edited.file, edited.text]));
  const rootPath = path.resolve(io.cwd, file);
  const onDisk = tenantFilesOnDisk(file, rootPath);
  const tenantFiles: TenantFileReader = {
    match: onDisk.match,
    read: (relativePath) => {
      const text = editedText.get(path.join(path.dirname(file), relativePath));
      return text === undefined ? onDisk.read(relativePath) : parseYamlSource(path.join(path.dirname(file), relativePath), text);
    },
  };
  const loaded = loadConfigText(file, editedText.get(file) ?? fs.readFileSync(rootPath, "utf8"), tenantFiles);
  if (!loaded.ok) {
    // Positions in the edited text, which is not written: each problem is about its file and says where in that text.
    const inEdit = (problem: ConfigProblem) => `${problem.line === undefined ? "" : `line ${problem.line}, column ${problem.column ?? 1} of the edited text: `}${problem.message}`;
    const problems = loaded.problems.map((problem) => ({ file: problem.file, message: `cannot edit ${problem.file}: the promoted configuration would not load (${inEdit(problem)}); nothing was written.` }));
    if (writing) throw new InputError(problems, file);
    io.stderr.write(`${escapeControlCharacters(`scopegate promote: the configuration after promotion cannot be computed (it would not load: ${loaded.problems.map(inEdit).join("; ")}); its findings are not shown.`)}\n`);
    return undefined;
  }
  return { files, model: loaded.model };
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
