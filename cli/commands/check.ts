import { bothSelect } from "../../model/selection";
import { FORMATS } from "../../formatters";
import type { CliIO } from "../io";
import { EXIT, InputError, UsageError } from "../io";
import { escapeControlCharacters } from "../../config/problems";
import { plural } from "../../formatters/common";
import { tenantsChangedSince } from "../changed-since";
import type { Shard } from "../../config/include";
import type { ShardRead } from "../../config/load";
import { configPath, loadWithDataOrReport, reportingInputErrors, reportProblems } from "../load";
import { chooseFormat, parseCommandLine, parseMaxWarnings, selectionProblems } from "../options";
import { deliverReport, inSelection, reportContext, runPoliciesWithSkips } from "../policy";
import { reportPath } from "../write-file";

export const CHECK_USAGE = `Usage: scopegate check [--config PATH] [--tenant T]... [--env E]... [--changed-since BASE] [--shard K/N] [--format F] [--output FILE] [--max-warnings N]

Runs the policy rules on the configuration, without synthesizing anything. Exit 0: no error-level findings;
1: error-level findings (or more warnings than --max-warnings); 2: bad input or usage. Bad input (a mistake in the
file, a --tenant or --env it does not declare) is reported in the --format asked for too.
  --config PATH       configuration file (default: $SCOPEGATE_CONFIG or scopegate.yaml)
  --tenant T          only findings of this tenant (repeatable)
  --env E             only findings of this environment (repeatable)
  --changed-since BASE  only findings of tenants whose declaration or waivers differ from BASE: a Git revision
                      (origin/main), a folder holding a checkout of it, or the base root file (every tenant
                      counts as changed when what they share does); the whole configuration is still checked
  --shard K/N         read only the K-th of N even shares of the tenant files (a CI matrix job's part of a fleet);
                      rules across tenants then see only the shard's tenants
  --format F          ${FORMATS.join(" | ")} (default: text)
  --output FILE       write the report to FILE instead of standard output
  --max-warnings N    also fail when there are more than N unwaived warnings`;

/** `scopegate check`: the pull-request check. Loads the configuration and the rules, never cdktf. */
export async function checkCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values } = parseCommandLine({
    args: [...args],
    options: {
      config: { type: "string" },
      tenant: { type: "string", multiple: true },
      env: { type: "string", multiple: true },
      "changed-since": { type: "string" },
      shard: { type: "string" },
      format: { type: "string" },
      output: { type: "string" },
      "max-warnings": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout.write(`${CHECK_USAGE}\n`);
    return EXIT.ok;
  }
  const format = chooseFormat(values.format, FORMATS);
  const maxWarnings = parseMaxWarnings(values["max-warnings"]);
  const file = configPath(values.config, io);
  const outputPath = reportPath(values.output, { configuration: file }, io);
  const delivery = { format, outputPath, outputName: values.output };
  const shard = parseShard(values.shard);
  const loaded = loadWithDataOrReport(file, io, "nothing was checked.", delivery, { shard });
  if (loaded === undefined) return EXIT.badInput;
  if (shard !== undefined && loaded.shard === undefined) {
    reportProblems([{ file, message: `--shard ${shard.index}/${shard.count} divides the tenant files, and ${file} names none; expected a configuration split into tenant files ('include:'), or no --shard.` }], `in ${file}; nothing was checked.`, io, delivery);
    return EXIT.badInput;
  }
  if (loaded.shard !== undefined) io.stderr.write(`${escapeControlCharacters(shardNote(loaded.shard, shard!))}\n`);
  const { model } = loaded;
  const changedSince = values["changed-since"];
  return reportingInputErrors("nothing was checked.", io, delivery, () => {
    // Names the configuration does not declare are bad input, reported in the format asked for: a CI job reading the
    // report sees why nothing was checked.
    const problems = selectionProblems(model, file, { tenants: values.tenant, environments: values.env });
    if (problems.length > 0) throw new InputError(problems, file);

    // The tenants a pull request touches; a base that cannot be read is bad input, never "nothing changed".
    const changed = changedSince === undefined ? undefined : new Set(tenantsChangedSince(changedSince, file, loaded.data, io));
    if (changed !== undefined) {
      io.stderr.write(`${escapeControlCharacters(`scopegate check: ${plural(changed.size, "tenant")} of ${model.tenants.length} changed since ${changedSince}; findings of the others are not reported.`)}\n`);
    }
    const evaluation = runPoliciesWithSkips(model, io);
    const selection = { tenants: bothSelect(values.tenant, changed === undefined ? undefined : [...changed]), environments: values.env };
    const findings = evaluation.findings.filter(inSelection(selection));
    return deliverReport(findings, { ...reportContext(file, io), skipped: evaluation.skipped }, { command: "check", ...delivery, maxWarnings }, io);
  });
}

/** `--shard K/N`: the K-th of N shares, 1 <= K <= N. */
function parseShard(text: string | undefined): Shard | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d{1,6})\/(\d{1,6})$/.exec(text);
  const [index, count] = match === null ? [0, 0] : [Number(match[1]), Number(match[2])];
  if (index < 1 || index > count) throw new UsageError(`--shard is '${text}'; expected K/N with 1 <= K <= N, such as '2/4' for the second of four shares of the tenant files.`);
  return { index, count };
}

/** What a shard's check covers, for standard error: a shard's pass is not the fleet's. */
function shardNote(read: ShardRead, shard: Shard): string {
  const waivers = read.rootWaiversLeftOut === 0 ? "" : `; ${plural(read.rootWaiversLeftOut, "waiver")} of the root file for tenants outside this shard not checked here`;
  return `scopegate check: shard ${shard.index}/${shard.count}: ${read.files.toLocaleString("en-US")} of ${read.of.toLocaleString("en-US")} tenant files (and the root file's tenants); checks across tenants (credentials, state, orgs and ids shared by two orgs; stack names) saw only this shard's tenants${waivers}.`;
}
