import type { ParseArgsConfig } from "node:util";
import { parseArgs } from "node:util";
import type { ConfigProblem } from "../config/problems";
import { didYouMean, nearest, quoteList } from "../config/suggest";
import type { FindingSummary } from "../policies/finding";
import type { ScopegateModel } from "../model/model";
import type { StackSelection } from "../model/selection";
import { selectedOrgs } from "../model/selection";
import { plural } from "../formatters/common";
import type { CliIO } from "./io";
import { InputError, UsageError } from "./io";

/**
 * What each option's value is, for a value that is missing: `--max-warnings needs a value; expected a whole number
 * such as 0.` Options whose values may start with '-' (file names) get a hint on how to pass one.
 */
const OPTION_VALUES: Readonly<Record<string, { readonly expected: string; readonly mayStartWithDash?: true }>> = {
  config: { expected: "the configuration file's path", mayStartWithDash: true },
  format: { expected: "a format, such as 'json'" },
  output: { expected: "the name of the file to write the report to", mayStartWithDash: true },
  "max-warnings": { expected: "a whole number such as 0" },
  tenant: { expected: "a tenant of the configuration, such as 'acme'" },
  env: { expected: "an environment of the configuration, such as 'prod'" },
  from: { expected: "an environment of the configuration, such as 'dev'" },
  to: { expected: "an environment of the configuration, such as 'prod'" },
  "changed-since": { expected: "the base version: a Git revision, a folder holding a checkout of it, or the base configuration file", mayStartWithDash: true },
  out: { expected: "the output directory", mayStartWithDash: true },
  "env-tier": { expected: "'prod' or 'nonprod'" },
  client: { expected: "an OAuth client's key under 'oauthClients:', such as 'bot-connector'" },
  capability: { expected: "a capability, such as 'conversation-export'" },
};

/**
 * `parseArgs` with its errors as one-line usage errors that say what was expected: an unknown option names the
 * nearest known one, an option without its value (or followed by something starting with '-') says what value it
 * takes, an unexpected argument says the command takes none.
 */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    const code = (error as { code?: unknown } | undefined)?.code;
    if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) throw new UsageError(parseArgsMessage(code, (error as Error).message, config));
    throw error;
  }
}

function parseArgsMessage(code: string, message: string, config: ParseArgsConfig): string {
  const options = config.options ?? {};
  const names = Object.keys(options);
  const args = config.args ?? [];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const option = /^Unknown option '(.*?)'(?:\.|$)/s.exec(message)?.[1] ?? message;
    const suggestion = nearest(option.replace(/^-+/, "").split("=")[0]!, names);
    const known = quoteList(names.map((name) => `--${name}`));
    return `Unknown option '${option}'; expected one of ${known}.${suggestion === undefined ? "" : ` Did you mean '--${suggestion}'?`}`;
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    const argument = /^Unexpected argument '(.*)'\. /s.exec(message)?.[1];
    return argument === undefined ? message.replace(/\s*\n\s*/g, " ").replace(/\.?$/, ".") : `Unexpected argument '${argument}'. This command does not take positional arguments.`;
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const name = /--([A-Za-z0-9-]+)/.exec(message)?.[1];
    const option = name === undefined ? undefined : options[name];
    if (name !== undefined && option !== undefined) {
      if (option.type === "boolean") {
        const given = args.find((arg) => arg.startsWith(`--${name}=`)) ?? `--${name}=...`;
        return `--${name} takes no value; got '${given}', expected '--${name}' alone.`;
      }
      const value = OPTION_VALUES[name] ?? { expected: "a value" };
      const at = args.findIndex((arg) => arg === `--${name}` || (option.short !== undefined && arg === `-${option.short}`));
      const next = at < 0 ? undefined : args[at + 1];
      if (next === undefined) return `--${name} needs a value; expected ${value.expected}.`;
      const hint = value.mayStartWithDash && !next.startsWith("--") ? ` (write '--${name}=${next}' if that is the value)` : "";
      return `--${name} is followed by '${next}', which reads as an option, not as its value; expected ${value.expected}${hint}.`;
    }
  }
  return message.replace(/\s*\n\s*/g, " ");
}

/** The `--format` value, checked against the formats a command prints; the first of them when none is given. */
export function chooseFormat<Format extends string>(value: string | undefined, formats: readonly Format[]): Format {
  const format = value ?? formats[0]!;
  if (!(formats as readonly string[]).includes(format)) throw new UsageError(`unknown format '${format}'; expected one of ${quoteList(formats)}.${didYouMean(format, formats)}`);
  return format as Format;
}

/**
 * Throws `<option> '<value>' is not <what>; expected one of ... Did you mean ...?` unless `value` is one of `known`
 * (names the configuration `file` declares): an input error about that file, reported in the `--format` asked for,
 * not a usage error.
 */
export function expectOneOf(option: string, value: string, known: readonly string[], what: string, file: string): void {
  const problem = undeclaredName(option, value, known, what, file);
  if (problem !== undefined) throw new InputError([problem], file);
}

/** The problem `<option> '<value>' is not <what>; expected one of ...` at the configuration `file`, unless `value` is one of `known`. */
export function undeclaredName(option: string, value: string, known: readonly string[], what: string, file: string): ConfigProblem | undefined {
  return known.includes(value) ? undefined : { file, message: `${option} '${value}' is not ${what}; expected one of ${quoteList(known)}.${didYouMean(value, known)}` };
}

/**
 * The problems of a stack selection, at the configuration `file`: a tenant or environment it does not declare (with
 * the nearest one), or a combination that selects no stack. `sources` name where the names came from in messages
 * (`--tenant` by default; `SCOPEGATE_SYNTH_TENANTS` when 'scopegate deploy' set it).
 */
export function selectionProblems(
  model: ScopegateModel,
  file: string,
  selection: StackSelection,
  sources: { readonly tenants?: string; readonly environments?: string } = {},
): ConfigProblem[] {
  const tenantSource = sources.tenants ?? "--tenant";
  const environmentSource = sources.environments ?? "--env";
  const environments = [...new Set(model.environments.map((org) => org.environment))];
  const problems = [
    ...(selection.tenants ?? []).map((tenant) => undeclaredName(tenantSource, tenant, model.tenants, "a tenant of the configuration", file)),
    ...(selection.environments ?? []).map((environment) => undeclaredName(environmentSource, environment, environments, "an environment of the configuration", file)),
  ].filter((problem) => problem !== undefined);
  if (problems.length === 0 && selectedOrgs(model, selection).length === 0) {
    const tenants = quoteList(selection.tenants ?? [], "and");
    const declared = quoteList([...new Set(selectedOrgs(model, { tenants: selection.tenants }).map((org) => org.environment))], "and");
    problems.push({ file, message: `${tenantSource} ${tenants} with ${environmentSource} ${quoteList(selection.environments ?? [], "and")} selects no stack; ${(selection.tenants ?? []).length === 1 ? "the tenant's" : "those tenants'"} environments are ${declared}.` });
  }
  return problems;
}

/** The `--max-warnings` value: a whole number, or undefined when not given. */
export function parseMaxWarnings(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`--max-warnings is '${text}'; expected a whole number such as 0.`);
  return Number(text);
}

/** Says on stderr why a run with no errors still fails: more unwaived warnings than `--max-warnings`. */
export function warnAboveMaxWarnings(command: string, summary: FindingSummary, maxWarnings: number | undefined, io: CliIO): void {
  if (maxWarnings !== undefined && summary.errors === 0 && summary.warnings > maxWarnings) {
    io.stderr.write(`scopegate ${command}: ${plural(summary.warnings, "warning")}, more than --max-warnings ${maxWarnings}.\n`);
  }
}
