import type { ScopegateModel, Tier } from "../../config/model";
import { evaluateWithSkips } from "../../policies/engine";
import { FORMATS } from "../../policies/formatters";
import { readTerraformPaths } from "../../terraform/read-paths";
import { modelOfTerraform } from "../../terraform/to-model";
import type { CliIO } from "../io";
import { EXIT, UsageError } from "../io";
import { loadOrReport, reportProblems } from "../load";
import { chooseFormat, parseCommandLine, parseMaxWarnings } from "../options";
import { deliverReport, reportContext, today } from "../policy";
import { reportPath } from "../write-file";

export const SCAN_USAGE = `Usage: scopegate scan <path>... [--env-tier prod|nonprod] [--config PATH] [--format F] [--output FILE] [--max-warnings N]

Runs the policy rules on Terraform scopegate did not write: folders of *.tf / *.tf.json (searched recursively,
each folder one root module), synthesized cdktf output (cdktf.out), and plans in JSON
('terraform show -json plan.out > plan.json'). Needs no network, provider or credentials.
Exit 0: no error-level findings; 1: error-level findings (or more warnings than --max-warnings); 2: bad input or usage.
  --env-tier T        tier of orgs whose files do not state one (default: prod, the strictest)
  --config PATH       a scopegate configuration whose profiles, known scopes, roles and policy (tiers, waivers) apply
  --format F          ${FORMATS.join(" | ")} (default: text)
  --output FILE       write the report to FILE instead of standard output
  --max-warnings N    also fail when there are more than N unwaived warnings

Capabilities (for required-scopes and least-privilege) come from a '# scopegate: capabilities=bot-session' comment
above a resource, or 'scopegate:capabilities=bot-session' in its description; clients with neither are skipped, and
the report says so.`;

/** `scopegate scan`: the rules on HCL, Terraform JSON and plans. Never loads cdktf. */
export async function scanCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandLine({
    args: [...args],
    options: {
      "env-tier": { type: "string" },
      config: { type: "string" },
      format: { type: "string" },
      output: { type: "string" },
      "max-warnings": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) {
    io.stdout.write(`${SCAN_USAGE}\n`);
    return EXIT.ok;
  }
  if (positionals.length === 0) throw new UsageError("no paths given; expected one or more Terraform files or folders, such as 'scopegate scan infra/'.");
  const format = chooseFormat(values.format, FORMATS);
  const maxWarnings = parseMaxWarnings(values["max-warnings"]);
  const tier = tierOption(values["env-tier"]);
  const outputPath = reportPath(values.output, { configuration: values.config, scanned: positionals }, io);
  const delivery = { format, outputPath, outputName: values.output };

  let configuration: ScopegateModel | undefined;
  if (values.config !== undefined) {
    configuration = loadOrReport(values.config, io, "nothing was scanned.", delivery);
    if (configuration === undefined) return EXIT.badInput;
  }
  const read = await readTerraformPaths(positionals, io.cwd);
  const source = positionals.join(" ");
  const { model, problems } = modelOfTerraform(read.sources, { source, tier, configuration, cwd: io.cwd });
  const allProblems = [...read.problems, ...problems];
  if (allProblems.length > 0) {
    reportProblems(allProblems, `reading ${source}; nothing was checked.`, io, delivery);
    return EXIT.badInput;
  }

  const { findings, skipped } = evaluateWithSkips(model, { today: today(io) });
  return deliverReport(findings, { ...reportContext(source, io), skipped }, { command: "scan", format, outputPath, outputName: values.output, maxWarnings }, io);
}

function tierOption(text: string | undefined): Tier | undefined {
  if (text === undefined || text === "prod" || text === "nonprod") return text;
  throw new UsageError(`--env-tier is '${text}'; expected 'prod' or 'nonprod'.`);
}
