import { FORMATS } from "../../formatters";
import type { CliIO } from "../io";
import { EXIT, InputError } from "../io";
import { configPath, loadOrReport, reportingInputErrors } from "../load";
import { chooseFormat, parseCommandLine, parseMaxWarnings, undeclaredName } from "../options";
import { deliverReport, inSelection, reportContext, runPoliciesWithSkips } from "../policy";
import { reportPath } from "../write-file";

export const CHECK_USAGE = `Usage: scopegate check [--config PATH] [--tenant T]... [--env E]... [--format F] [--output FILE] [--max-warnings N]

Runs the policy rules on the configuration, without synthesizing anything. Exit 0: no error-level findings;
1: error-level findings (or more warnings than --max-warnings); 2: bad input or usage. Bad input (a mistake in the
file, a --tenant or --env it does not declare) is reported in the --format asked for too.
  --config PATH       configuration file (default: $SCOPEGATE_CONFIG or scopegate.yaml)
  --tenant T          only findings of this tenant (repeatable)
  --env E             only findings of this environment (repeatable)
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
  const model = loadOrReport(file, io, "nothing was checked.", delivery);
  if (model === undefined) return EXIT.badInput;
  const tenants = values.tenant ?? [];
  const environments = values.env ?? [];
  return reportingInputErrors("nothing was checked.", io, delivery, () => {
    // Names the configuration does not declare are bad input, reported in the format asked for: a CI job reading the
    // report sees why nothing was checked.
    const known = [...new Set(model.environments.map((org) => org.environment))];
    const problems = [
      ...tenants.map((tenant) => undeclaredName("--tenant", tenant, model.tenants, "a tenant of the configuration", file)),
      ...environments.map((environment) => undeclaredName("--env", environment, known, "an environment of the configuration", file)),
    ].filter((problem) => problem !== undefined);
    if (problems.length > 0) throw new InputError(problems, file);

    const evaluation = runPoliciesWithSkips(model, io);
    const findings = evaluation.findings.filter((finding) => inSelection(finding, tenants, environments));
    return deliverReport(findings, { ...reportContext(file, io), skipped: evaluation.skipped }, { command: "check", ...delivery, maxWarnings }, io);
  });
}
