import type { ScopegateModel, Tier } from "../../model/model";
import type { ConfigProblem } from "../../config/problems";
import { formatProblem } from "../../config/problems";
import { evaluateWithSkips } from "../../policies/engine";
import { sortFindings } from "../../policies/finding";
import { FORMATS } from "../../formatters";
import { findingsOfProblems, UNREADABLE_INPUT_RULE } from "../../formatters/problems";
import { RULES } from "../../policies/registry";
import type { TerraformSources } from "../../model/terraform";
import { readTerraformPaths } from "../../terraform/read-paths";
import type { CommandLineVariables } from "../../terraform/variable-values";
import { modelOfTerraform } from "../../terraform/to-model";
import type { CliIO } from "../io";
import { EXIT, UsageError } from "../io";
import { loadOrReport, reportProblems } from "../load";
import { chooseFormat, parseCommandLine, parseMaxWarnings } from "../options";
import { deliverReport, reportContext, today } from "../policy";
import { reportPath } from "../write-file";

export const SCAN_USAGE = `Usage: scopegate scan <path>... [--env-tier prod|nonprod] [--config PATH] [--var-file F]... [--var NAME=VALUE]... [--format F] [--output FILE] [--max-warnings N]

Runs the policy rules on Terraform scopegate did not write: folders of *.tf / *.tf.json (searched recursively,
each folder one root module), synthesized cdktf output (cdktf.out), and plans in JSON
('terraform show -json plan.out > plan.json'). Needs no network, provider or credentials.
Exit 0: no error-level findings; 1: error-level findings (or more warnings than --max-warnings); 2: bad input or usage.
  --env-tier T        tier of orgs whose files do not state one (default: prod, the strictest)
  --config PATH       a scopegate configuration whose profiles, known scopes, roles and policy (tiers, waivers) apply
  --var-file F        variable values for every root module scanned, as 'terraform plan -var-file' (repeatable)
  --var NAME=VALUE    one variable's value, as 'terraform plan -var' (repeatable)
  --format F          ${FORMATS.join(" | ")} (default: text)
  --output FILE       write the report to FILE instead of standard output
  --max-warnings N    also fail when there are more than N unwaived warnings

Variables take their values as Terraform gives them: a variable's default, then each root folder's terraform.tfvars,
terraform.tfvars.json and *.auto.tfvars[.json], then --var-file and --var in the order given.

Capabilities (for required-scopes and least-privilege) come from a '# scopegate: capabilities=bot-session' comment
above a resource, or 'scopegate:capabilities=bot-session' in its description; clients with neither are skipped, and
the report says so.`;

/** The rule id of the reader's own notes, such as a remote module call it did not follow. */
const READER_NOTE_ID = "scan";

/** `scopegate scan`: the rules on HCL, Terraform JSON and plans. Never loads cdktf. */
export async function scanCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals, tokens } = parseCommandLine({
    args: [...args],
    options: {
      "env-tier": { type: "string" },
      config: { type: "string" },
      "var-file": { type: "string", multiple: true },
      var: { type: "string", multiple: true },
      format: { type: "string" },
      output: { type: "string" },
      "max-warnings": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: true,
    tokens: true,
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
  const read = await readTerraformPaths(positionals, io.cwd, { variables: commandLineVariables(tokens) });
  const source = positionals.join(" ");
  const options = { source, tier, configuration, cwd: io.cwd };
  // A module or plan with a file that cannot be read (or an annotation that cannot) is left out whole, so that no rule
  // judges half of it; everything else is still checked and reported.
  let sources = withoutUnreadable(read.sources, read.problems);
  let { model, problems } = modelOfTerraform(sources, options);
  if (problems.length > 0) {
    sources = withoutUnreadable(sources, problems);
    ({ model } = modelOfTerraform(sources, options));
  }
  const allProblems = [...read.problems, ...problems];
  if (sources.modules.length === 0 && sources.plans.length === 0) {
    reportProblems(allProblems.length > 0 ? allProblems : [{ file: source, message: "Nothing readable to scan." }], `reading ${source}; nothing was checked.`, io, delivery);
    return EXIT.badInput;
  }

  const evaluation = evaluateWithSkips(model, { today: today(io) });
  const findings = evaluation.findings;
  // What the reader left out (a remote module) is a note like a rule's, first in the list.
  const skipped = [...read.notes.map(({ reason, loc }) => ({ ruleId: READER_NOTE_ID, reason, count: 1, file: loc.file, line: loc.line, column: loc.column })), ...evaluation.skipped];
  if (allProblems.length === 0) {
    return deliverReport(findings, { ...reportContext(source, io), skipped }, { command: "scan", format, outputPath, outputName: values.output, maxWarnings }, io);
  }
  // Some input could not be read: the problems are errors of the report, in every format, and on standard error; the
  // scan exits 2 whatever the rest holds, so CI fails on it.
  const context = { ...reportContext(source, io), rules: [...RULES, UNREADABLE_INPUT_RULE], skipped };
  deliverReport(sortFindings([...findingsOfProblems(allProblems), ...findings]), context, { command: "scan", format, outputPath, outputName: values.output, maxWarnings }, io);
  for (const problem of allProblems) io.stderr.write(`${formatProblem(problem)}\n`);
  io.stderr.write(`scopegate scan: ${allProblems.length === 1 ? "1 file" : `${new Set(allProblems.map((problem) => problem.file)).size} files`} could not be read (above); the rest was checked.\n`);
  return EXIT.badInput;
}

/** The sources without any module or plan one of whose files has a problem. */
function withoutUnreadable(sources: TerraformSources, problems: readonly ConfigProblem[]): TerraformSources {
  const unreadable = new Set(problems.map((problem) => problem.file));
  return {
    modules: sources.modules.filter((module) => !module.files.some((file) => unreadable.has(file)) && !unreadable.has(module.label)),
    plans: sources.plans.filter((plan) => !unreadable.has(plan.file)),
  };
}

/** `--var-file` and `--var` options in the order given, as Terraform weighs them. */
function commandLineVariables(tokens: readonly { kind: string; name?: string; value?: string }[]): CommandLineVariables {
  return tokens.flatMap((token): CommandLineVariables => {
    if (token.kind !== "option" || token.value === undefined) return [];
    if (token.name === "var-file") return [{ varFile: token.value }];
    if (token.name !== "var") return [];
    const match = /^([A-Za-z_][\w-]*)=(.*)$/s.exec(token.value);
    if (match === null) {
      // The value may be a secret: only what comes before '=' is repeated.
      const name = token.value.includes("=") ? `${token.value.slice(0, token.value.indexOf("="))}=…` : token.value;
      throw new UsageError(`--var '${name}' is not NAME=VALUE; expected a variable name, '=' and its value, such as '--var region=eu-west-1'.`);
    }
    return [{ name: match[1], value: match[2] }];
  });
}

function tierOption(text: string | undefined): Tier | undefined {
  if (text === undefined || text === "prod" || text === "nonprod") return text;
  throw new UsageError(`--env-tier is '${text}'; expected 'prod' or 'nonprod'.`);
}
