import { checkCommand, CHECK_USAGE } from "./commands/check";
import { deployCommand, DEPLOY_USAGE } from "./commands/deploy";
import { deployClientCommand, DEPLOY_CLIENT_USAGE } from "./commands/deploy-client";
import { promoteCommand, PROMOTE_USAGE } from "./commands/promote";
import { EXPLAIN_USAGE, explainCommand, RULES_USAGE, rulesCommand } from "./commands/rules";
import { scanCommand, SCAN_USAGE } from "./commands/scan";
import { synthCommand, SYNTH_USAGE } from "./commands/synth";
import type { CliIO } from "./io";
import { EXIT, UsageError } from "./io";

const COMMANDS: Readonly<Record<string, { run: (args: readonly string[], io: CliIO) => Promise<number>; usage: string }>> = {
  check: { run: checkCommand, usage: CHECK_USAGE },
  scan: { run: scanCommand, usage: SCAN_USAGE },
  synth: { run: synthCommand, usage: SYNTH_USAGE },
  deploy: { run: deployCommand, usage: DEPLOY_USAGE },
  promote: { run: promoteCommand, usage: PROMOTE_USAGE },
  "deploy-client": { run: deployClientCommand, usage: DEPLOY_CLIENT_USAGE },
  rules: { run: rulesCommand, usage: RULES_USAGE },
  explain: { run: explainCommand, usage: EXPLAIN_USAGE },
};

const USAGE = `Usage: scopegate <command> [options]

Commands:
  check    run the policy rules (the pull-request check); never loads cdktf
  scan     run the policy rules on Terraform scopegate did not write: HCL, Terraform JSON, cdktf.out, plan JSON
  synth    check, then synthesize one Terraform stack per tenant x environment (nothing is written on an error finding)
  deploy   deploy one stack with its org's credentials ('cdktf deploy' underneath)
  promote  show (and with --write make) what promoting one environment to another changes
  deploy-client  the permissions and roles a stack's deploy client must hold; never loads cdktf
  rules    list the policy rules
  explain  print a rule's documentation

Run 'scopegate <command> --help' for a command's options.`;

/** Runs one CLI invocation and returns its exit code; user mistakes never escape as exceptions or stack traces. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    io.stdout.write(`${USAGE}\n`);
    return name === undefined ? EXIT.badInput : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr.write(`scopegate: unknown command '${name}'; expected one of ${Object.keys(COMMANDS).join(", ")}.\n${USAGE}\n`);
    return EXIT.badInput;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr.write(`scopegate ${name}: ${(error as Error).message}\n${command.usage}\n`);
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
