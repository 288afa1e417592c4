import { escapeControlCharacters } from "../config/problems";
import { didYouMean } from "../config/suggest";
import type { CliIO } from "./io";
import { EXIT, InputError, UsageError } from "./io";
import { reportProblems } from "./load";
import { packageVersion } from "./version";

type Command = (args: readonly string[], io: CliIO) => Promise<number>;

/**
 * Each command, which prints its own usage on --help. A command's module is loaded when it runs, so that `check`
 * does not load what only `scan` (HCL's parser) or `synth` (cdktf) needs.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  check: async () => (await import("./commands/check")).checkCommand,
  scan: async () => (await import("./commands/scan")).scanCommand,
  synth: async () => (await import("./commands/synth")).synthCommand,
  deploy: async () => (await import("./commands/deploy")).deployCommand,
  stacks: async () => (await import("./commands/stacks")).stacksCommand,
  promote: async () => (await import("./commands/promote")).promoteCommand,
  "deploy-client": async () => (await import("./commands/deploy-client")).deployClientCommand,
  access: async () => (await import("./commands/access")).accessCommand,
  rules: async () => (await import("./commands/rules")).rulesCommand,
  explain: async () => (await import("./commands/rules")).explainCommand,
};

const USAGE = `Usage: scopegate <command> [options]

Commands:
  check    run the policy rules (the pull-request check); never loads cdktf
  scan     run the policy rules on Terraform scopegate did not write: HCL, Terraform JSON, cdktf.out, plan JSON
  synth    check, then synthesize one Terraform stack per tenant x environment (nothing is written on an error finding);
           --tenant T synthesizes only that tenant's stacks
  deploy   deploy one stack with its org's credentials ('cdktf deploy' underneath); exit 3 when the deploy fails
  stacks   list the stacks, with their credential variables' names and where they synthesize (JSON for CI matrices)
  promote  show (and with --write make) what promoting one environment to another changes
  deploy-client  the permissions and roles a stack's deploy client must hold; never loads cdktf
  access   why a client gets a 403: whether it can call API operations, and what to add where; offline
  rules    list the policy rules
  explain  print a rule's documentation

Run 'scopegate <command> --help' for a command's options; 'scopegate --version' prints the version.
Exit codes: 0 ok, 1 error-level findings, 2 bad input or usage, 3 deploy failed.`;

/** Runs one CLI invocation and returns its exit code; user mistakes never escape as exceptions or stack traces. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...args] = argv;
  if (name === "help" || name === "--help" || name === "-h") {
    io.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (name === "--version" || name === "-v") {
    io.stdout.write(`${packageVersion()}\n`);
    return EXIT.ok;
  }
  const names = Object.keys(COMMANDS);
  const command = name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (name === undefined || command === undefined) {
    const option = name?.startsWith("-") === true;
    const what = name === undefined ? "no command given" : `unknown ${option ? "option" : "command"} '${name}'`;
    const expected = option ? `a command (${names.join(", ")}), --help or --version` : `one of ${names.join(", ")}`;
    // An option in the command's place is most likely a typo of the two options scopegate takes there.
    const suggestion = name === undefined ? "" : didYouMean(name, option ? ["--help", "--version"] : names);
    io.stderr.write(`${escapeControlCharacters(`scopegate: ${what}; expected ${expected}.${suggestion}`)}\nRun 'scopegate --help' for what each does.\n`);
    return EXIT.badInput;
  }
  try {
    return await (await command())(args, io);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      // One line, whatever the arguments it quotes hold.
      const message = escapeControlCharacters((error as Error).message.replace(/\s*\n\s*/g, " "));
      io.stderr.write(`scopegate ${name}: ${message}\nRun 'scopegate ${name} --help' for its usage.\n`);
      return EXIT.badInput;
    }
    if (error instanceof InputError) {
      // A command reports its own input errors with what did not happen; this is the fallback.
      reportProblems(error.problems, `in ${error.source}; nothing was done.`, io);
      return EXIT.badInput;
    }
    const detail = io.env.SCOPEGATE_DEBUG ? (error as Error).stack : (error as Error).message;
    io.stderr.write(`scopegate ${name}: internal error: ${detail}\n(set SCOPEGATE_DEBUG=1 for a stack trace; nothing was written)\n`);
    return EXIT.badInput;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS");
}
