import * as path from "node:path";
import type { ScopegateModel } from "../../model/model";
import type { CliIO } from "../io";
import { EXIT } from "../io";
import { parseCommandLine } from "../options";
import { summarize } from "../../policies/finding";
import { formatFindings } from "../../formatters";
import { plural } from "../../formatters/common";
import { formatColumns } from "../columns";
import { configPath, loadOrReport } from "../load";
import { reportContext, runPoliciesWithSkips } from "../policy";

export const SYNTH_USAGE = `Usage: scopegate synth [--config PATH] [--out DIR]

Validates the configuration, runs the policy rules (as 'scopegate check' does) and, unless a finding is at error
level, synthesizes one Terraform stack per tenant x environment. The findings (waived ones too) are reported on
standard output, as 'cdktf synth' shows an app's output; standard error carries only what stops synth.
Exit 0: synthesized; 1: error-level findings, nothing written; 2: bad input or usage, nothing written.
  --config PATH   configuration file (default: $SCOPEGATE_CONFIG or scopegate.yaml)
  --out DIR       output directory (default: cdktf.out; the cdktf CLI's own when run by 'cdktf synth')`;

/** `scopegate synth`: config -> stacks in `--out`. Writes nothing unless the whole configuration is valid. */
export async function synthCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values } = parseCommandLine({
    args: [...args],
    options: { config: { type: "string" }, out: { type: "string" }, help: { type: "boolean", short: "h" } },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout.write(`${SYNTH_USAGE}\n`);
    return EXIT.ok;
  }
  const file = configPath(values.config, io);
  const model = loadOrReport(file, io, "nothing was written.");
  if (model === undefined) return EXIT.badInput;

  // The gate: the policy rules run before anything is synthesized; an error-level finding stops synth.
  const { findings, skipped } = runPoliciesWithSkips(model, io);
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
  const { synthesize, replaceableOutputProblem } = await import("../../constructs/app");
  const outputProblem = inPlace ? undefined : replaceableOutputProblem(outdir, [io.cwd, configDir], values.out ?? "cdktf.out");
  if (outputProblem !== undefined) {
    io.stderr.write(`scopegate synth: ${outputProblem} Nothing was written.\n`);
    return EXIT.badInput;
  }
  let summary;
  try {
    summary = synthesize(model, { outdir, configDir, inPlace });
  } catch (error) {
    // The file system refused (a directory that cannot be made, such as under /proc): synthesize removed its partial output.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    io.stderr.write(`scopegate synth: cannot write output directory '${values.out ?? cdktfOutdir ?? "cdktf.out"}' (${code}); expected a directory path that can be created and written. Nothing was written.\n`);
    return EXIT.badInput;
  }
  io.stdout.write(formatSummary(model, summary.stacks, path.relative(io.cwd, outdir) || "."));
  return EXIT.ok;
}

function formatSummary(
  model: ScopegateModel,
  stacks: readonly { name: string; clients: number; oauthClientResources: number }[],
  outdir: string,
): string {
  const rows = model.environments.map((org, i) => [
    org.stackName,
    org.tier.value,
    org.region.value,
    plural(stacks[i].clients, "client") + (stacks[i].oauthClientResources !== stacks[i].clients ? ` (${stacks[i].oauthClientResources} with rotation)` : ""),
    `${org.backend.type} state`,
  ]);
  const table = formatColumns(rows, "  ");
  const envCount = model.environments.length;
  return (
    `scopegate: synthesized ${plural(envCount, "stack")} (${plural(model.tenants.length, "tenant")}) from ${model.source} into ${outdir}/stacks\n` +
    `${table}\n`
  );
}
