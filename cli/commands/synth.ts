import * as path from "node:path";
import type { ScopegateModel } from "../../model/model";
import { bothSelect, isPartialSelection, selectedOrgs } from "../../model/selection";
import { quoteList } from "../../config/suggest";
import type { CliIO } from "../io";
import { EXIT, InputError } from "../io";
import { parseCommandLine, selectionProblems } from "../options";
import { summarize } from "../../policies/finding";
import { formatFindings } from "../../formatters";
import { plural } from "../../formatters/common";
import { formatColumns } from "../columns";
import { configPath, loadWithDataOrReport, reportProblems } from "../load";
import { tenantsChangedSince } from "../changed-since";
import { escapeControlCharacters } from "../../config/problems";
import { inSelection, reportContext, runPoliciesWithSkips } from "../policy";

export const SYNTH_USAGE = `Usage: scopegate synth [--config PATH] [--out DIR] [--tenant T]... [--env E]...

Validates the configuration, runs the policy rules (as 'scopegate check' does) and, unless a finding is at error
level, synthesizes one Terraform stack per tenant x environment. The findings (waived ones too) are reported on
standard output, as 'cdktf synth' shows an app's output; standard error carries only what stops synth.
With --tenant or --env (a partial synth), the whole configuration is still validated, but only the selected
tenants' findings (and those about the configuration as a whole) are reported and can stop synth, and only their
stacks are synthesized: each replaces its directory under DIR/stacks, the other stacks there are left untouched
(a stack the configuration no longer declares too: only a full synth removes it), and DIR/manifest.json lists them
all, as 'cdktf deploy' expects.
Exit 0: synthesized; 1: error-level findings, nothing written; 2: bad input or usage, nothing written.
  --config PATH   configuration file (default: $SCOPEGATE_CONFIG or scopegate.yaml)
  --out DIR       output directory (default: cdktf.out; the cdktf CLI's own when run by 'cdktf synth')
  --tenant T      synthesize only this tenant's stacks (repeatable); without it, $SCOPEGATE_SYNTH_TENANTS
                  (comma-separated tenants), which 'scopegate deploy' sets for 'cdktf deploy'
  --env E         synthesize only this environment's stacks (repeatable)
  --changed-since BASE  synthesize only the stacks of tenants whose declaration or waivers differ from BASE: a Git
                  revision (origin/main), a folder holding a checkout of it, or the base root file; nothing when
                  no tenant changed`;

/** The environment variable naming the tenants a synth is limited to (comma-separated), as `--tenant` does. */
export const SYNTH_TENANTS_VARIABLE = "SCOPEGATE_SYNTH_TENANTS";

/** `scopegate synth`: config -> stacks in `--out`. Writes nothing unless the whole configuration is valid. */
export async function synthCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values } = parseCommandLine({
    args: [...args],
    options: {
      config: { type: "string" },
      out: { type: "string" },
      tenant: { type: "string", multiple: true },
      env: { type: "string", multiple: true },
      "changed-since": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout.write(`${SYNTH_USAGE}\n`);
    return EXIT.ok;
  }
  const file = configPath(values.config, io);
  const loaded = loadWithDataOrReport(file, io, "nothing was written.");
  if (loaded === undefined) return EXIT.badInput;
  const { model } = loaded;
  // Which stacks: each source of tenant names is one entry here.
  const tenants = selectedTenants(values.tenant, io);
  const changedSince = values["changed-since"];
  let changed: readonly string[] | undefined;
  try {
    changed = changedSince === undefined ? undefined : tenantsChangedSince(changedSince, file, loaded.data, io);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    reportProblems(error.problems, `in ${error.source}; nothing was written.`, io);
    return EXIT.badInput;
  }
  if (changed !== undefined) io.stderr.write(`${escapeControlCharacters(`scopegate synth: ${plural(changed.length, "tenant")} of ${model.tenants.length} changed since ${changedSince}.`)}\n`);
  // The names given are checked first (as 'stacks' does): a tenant none of whose stacks changed is no mistake.
  const selectionErrors = selectionProblems(model, file, { tenants: tenants?.names, environments: values.env }, { tenants: tenants?.source });
  if (selectionErrors.length > 0) {
    reportProblems(selectionErrors, `in ${file}; nothing was written.`, io);
    return EXIT.badInput;
  }
  const selection = { tenants: bothSelect(tenants?.names, changed), environments: values.env };
  if (changed !== undefined && selectedOrgs(model, selection).length === 0) {
    const which = tenants !== undefined || values.env !== undefined ? "no selected stack's tenant" : "no tenant";
    io.stdout.write(`scopegate: ${which} changed since ${escapeControlCharacters(changedSince!)}; nothing was synthesized, the stacks in ${values.out ?? io.env.CDKTF_OUTDIR ?? "cdktf.out"} were left as they were.\n`);
    return EXIT.ok;
  }
  const partial = isPartialSelection(selection);

  // The gate: the policy rules run before anything is synthesized; an error-level finding of the stacks synthesized
  // (or of the configuration as a whole) stops synth.
  const evaluation = runPoliciesWithSkips(model, io);
  const findings = evaluation.findings.filter(inSelection(selection));
  const skipped = evaluation.skipped;
  const counts = summarize(findings);
  // Standard output: the cdktf CLI labels each line an app writes to standard error '[ERROR]', waived findings too.
  if (findings.length > 0 || skipped.length > 0) io.stdout.write(formatFindings("text", findings, { ...reportContext(file, io), skipped }));
  if (counts.errors > 0) {
    const them = counts.errors === 1 ? "it" : "them";
    io.stderr.write(`scopegate synth: ${plural(counts.errors, "error-level finding")}; nothing was written. Fix ${them} (or, where the rule allows it, waive ${them} under 'policy.waivers').\n`);
    return EXIT.findings;
  }

  // Run by the cdktf CLI (`cdktf synth`, `cdktf deploy`): it names the output directory and owns it.
  const cdktfOutdir = io.env.CDKTF_OUTDIR;
  const outdir = path.resolve(io.cwd, values.out ?? cdktfOutdir ?? "cdktf.out");
  const configDir = path.dirname(path.resolve(io.cwd, file));
  const inPlace = values.out === undefined && cdktfOutdir !== undefined;
  // Loaded here, not at the top: commands that only read the configuration never load cdktf.
  const { synthesize, replaceableOutputProblem, partialOutputProblem } = await import("../../constructs/app");
  const outputName = values.out ?? (inPlace ? path.relative(io.cwd, outdir) || "." : "cdktf.out");
  const outputProblem =
    (inPlace ? undefined : replaceableOutputProblem(outdir, [io.cwd, configDir], outputName)) ?? (partial ? partialOutputProblem(outdir, outputName) : undefined);
  if (outputProblem !== undefined) {
    io.stderr.write(`scopegate synth: ${outputProblem} Nothing was written.\n`);
    return EXIT.badInput;
  }
  let summary;
  try {
    summary = synthesize(model, { outdir, configDir, inPlace, ...selection });
  } catch (error) {
    // The file system refused (a directory that cannot be made, such as under /proc): synthesize removed its partial output.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    // A partial synth renames the manifest last: a stack directory it had already replaced is whole, and listed as before.
    const left = partial ? "The earlier manifest.json was left as it was; each selected stack's directory is either as it was or newly synthesized." : "Nothing was written.";
    if (code === "ELOCKED") {
      io.stderr.write(`${escapeControlCharacters(`scopegate synth: ${(error as Error).message} Nothing was written.`)}\n`);
      return EXIT.badInput;
    }
    io.stderr.write(`scopegate synth: cannot write output directory '${values.out ?? cdktfOutdir ?? "cdktf.out"}' (${code}); expected a directory path that can be created and written. ${left}\n`);
    return EXIT.badInput;
  }
  io.stdout.write(formatSummary(model, summary, path.relative(io.cwd, outdir) || "."));
  return EXIT.ok;
}

/**
 * The tenants synth is limited to, and where their names came from: `--tenant`, else the comma-separated
 * `SCOPEGATE_SYNTH_TENANTS` ('scopegate deploy' sets it for the app 'cdktf deploy' runs); undefined for every tenant.
 */
function selectedTenants(option: readonly string[] | undefined, io: CliIO): { readonly names: readonly string[]; readonly source: string } | undefined {
  if (option !== undefined) return { names: option, source: "--tenant" };
  const names = (io.env[SYNTH_TENANTS_VARIABLE] ?? "").split(",").map((name) => name.trim()).filter((name) => name !== "");
  return names.length > 0 ? { names, source: SYNTH_TENANTS_VARIABLE } : undefined;
}

/** What the summary reads of `synthesize`'s result (`SynthesisSummary` in constructs/app.ts, which loads cdktf). */
interface Synthesized {
  readonly stacks: readonly { readonly name: string; readonly tenant: string; readonly clients: number; readonly oauthClientResources: number }[];
  readonly partial: boolean;
  readonly kept: readonly string[];
  readonly undeclared: readonly string[];
  readonly missing: readonly string[];
}

function formatSummary(model: ScopegateModel, summary: Synthesized, outdir: string): string {
  const synthesized = new Map(summary.stacks.map((stack) => [stack.name, stack]));
  const rows = model.environments.flatMap((org) => {
    const stack = synthesized.get(org.stackName);
    if (stack === undefined) return [];
    const clients = plural(stack.clients, "client") + (stack.oauthClientResources !== stack.clients ? ` (${stack.oauthClientResources} with rotation)` : "");
    return [[org.stackName, org.tier.value, org.region.value, clients, `${org.backend.type} state`]];
  });
  const table = formatColumns(rows, "  ");
  const tenants = [...new Set(summary.stacks.map((stack) => stack.tenant))];
  if (!summary.partial) {
    return `scopegate: synthesized ${plural(summary.stacks.length, "stack")} (${plural(model.tenants.length, "tenant")}) from ${model.source} into ${outdir}/stacks\n${table}\n`;
  }
  const others =
    summary.kept.length === 0
      ? "no other stack was there"
      : `left the ${plural(summary.kept.length, "other stack")} there as ${summary.kept.length === 1 ? "it was" : "they were"}`;
  const undeclared =
    summary.undeclared.length === 0
      ? ""
      : `scopegate: ${outdir}/stacks still holds ${namesText(summary.undeclared)}, which the configuration no longer declares; a full synth (without --tenant or --env) removes ${summary.undeclared.length === 1 ? "it" : "them"}.\n`;
  const missing =
    summary.missing.length === 0
      ? ""
      : `scopegate: the earlier ${outdir}/manifest.json listed ${namesText(summary.missing)}, whose synthesized ${summary.missing.length === 1 ? "file is" : "files are"} not in ${outdir}/stacks; the manifest no longer lists ${summary.missing.length === 1 ? "it" : "them"} (the cdktf CLI reads every stack listed); synth ${summary.missing.length === 1 ? "its tenant" : "their tenants"} again, or run a full synth, to write ${summary.missing.length === 1 ? "it" : "them"}.\n`;
  return (
    `scopegate: synthesized ${plural(summary.stacks.length, "stack")} (${tenants.length === 1 ? "tenant" : "tenants"} ${quoteList(tenants, "and")}) from ${model.source} into ${outdir}/stacks; ${others}\n` +
    `${table}\n${undeclared}${missing}`
  );
}

/** Stack names shown in a line: the first ten, then how many more (a fleet may remove many tenants at once). */
function namesText(names: readonly string[]): string {
  return names.length <= 10 ? quoteList(names, "and") : `${names.slice(0, 10).map((name) => `'${name}'`).join(", ")} and ${names.length - 10} more`;
}
