import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { OrgEnvironment } from "../../model/model";
import { escapeControlCharacters } from "../../config/problems";
import { didYouMean, quoteList } from "../../config/suggest";
import type { CliIO } from "../io";
import { EXIT, UsageError } from "../io";
import { configPath, loadOrReport, reportProblems } from "../load";
import { parseCommandLine } from "../options";
import { SYNTH_TENANTS_VARIABLE } from "./synth";

export const DEPLOY_USAGE = `Usage: scopegate deploy <tenant>-<env> [--config PATH] [-- <cdktf deploy options>]

Runs 'cdktf deploy <tenant>-<env>' with the org's credentials: the environment variables the configuration names
(credentials.clientIdEnv / clientSecretEnv) are passed to Terraform as TF_VAR_<NAME>, never written to disk.
One stack per run, so that each deploys with its own org's credentials: deploy several one after the other.
Only the stack's tenant is synthesized (and gated by its findings): the app 'cdktf deploy' runs gets
SCOPEGATE_SYNTH_TENANTS=<tenant>, and the other stacks in cdktf.out are left as they were.
Run it where cdktf.json is (the project's root). Needs cdktf (node_modules/.bin or PATH), terraform on PATH, and
network access to the registry and Genesys Cloud.
Exit 0: deployed; 2: bad input or usage (no cdktf.json in the working directory, a stack the configuration does not
declare, credentials not set), nothing deployed; 3: the deploy failed: cdktf or terraform not found
(nothing deployed), or 'cdktf deploy' exited non-zero (if Terraform had started applying, the stack may be partly
deployed; run it again once the cause is fixed).
  --config PATH   configuration file (default: $SCOPEGATE_CONFIG or scopegate.yaml)`;

/** `TF_VAR_<NAME>` for each credential variable of the org; lists the variables that are not set. */
export function credentialVariables(
  org: OrgEnvironment,
  env: Readonly<Record<string, string | undefined>>,
): { readonly variables: Record<string, string>; readonly missing: readonly string[] } {
  const variables: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of [org.credentials.clientIdEnv.value, org.credentials.clientSecretEnv.value]) {
    const value = env[name];
    if (value === undefined || value === "") missing.push(name);
    else variables[`TF_VAR_${name}`] = value;
  }
  return { variables, missing };
}

/** `scopegate deploy <stack>`: one environment, with its own credentials. */
export async function deployCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values, tokens } = parseCommandLine({
    args: [...args],
    options: { config: { type: "string" }, help: { type: "boolean", short: "h" } },
    strict: true,
    allowPositionals: true,
    tokens: true,
  });
  if (values.help) {
    io.stdout.write(`${DEPLOY_USAGE}\n`);
    return EXIT.ok;
  }
  // Stack names come before '--'; what follows it goes to cdktf deploy as it is.
  const terminator = tokens.find((token) => token.kind === "option-terminator")?.index ?? args.length;
  const stackNames = tokens.flatMap((token) => (token.kind === "positional" && token.index < terminator ? [token.value] : []));
  const cdktfArgs = args.slice(terminator + 1);
  if (stackNames.length === 0) throw new UsageError("deploy needs a stack name, such as 'acme-dev'.");
  if (stackNames.length > 1) {
    throw new UsageError(
      `deploy takes one stack per run, so that each deploys with its own org's credentials; got ${quoteList(stackNames, "and")}. Run ${stackNames.map((name) => `'scopegate deploy ${name}'`).join(", then ")}.`,
    );
  }
  const [stackName] = stackNames;
  // cdktf deploy finds the app to synthesize in the working directory's cdktf.json; without one it fails only after
  // starting ("Missing required argument: app"), which would read as a failed, perhaps partial, deploy.
  if (!isFile(path.join(io.cwd, "cdktf.json"))) {
    io.stderr.write(
      `${escapeControlCharacters(`scopegate deploy: there is no cdktf.json in ${io.cwd}, the working directory; 'cdktf deploy' reads it to find the app that synthesizes the stacks. Run 'scopegate deploy ${stackName}' from the directory that holds cdktf.json (your scopegate project). Nothing was deployed.`)}\n`,
    );
    return EXIT.badInput;
  }
  const file = configPath(values.config, io);
  const model = loadOrReport(file, io, "nothing was deployed.");
  if (model === undefined) return EXIT.badInput;

  const names = model.environments.map((e) => e.stackName);
  const org = model.environments.find((candidate) => candidate.stackName === stackName);
  if (org === undefined) {
    // Bad input, not bad usage: the name is checked against the configuration.
    reportProblems([{ file, message: `the configuration has no stack '${stackName}'; expected one of ${quoteList(names)}.${didYouMean(stackName, names)}` }], `in ${file}; nothing was deployed.`, io);
    return EXIT.badInput;
  }
  // cdktf deploy deploys every stack it is given: one more after '--' would run with this stack's credentials.
  const otherStack = cdktfArgs.find((arg) => names.includes(arg) || /^[\w*?-]*[*?][\w*?-]*$/.test(arg));
  if (otherStack !== undefined) {
    throw new UsageError(`'${otherStack}' after '--' would have cdktf deploy more stacks with the credentials of '${stackName}'; expected only cdktf deploy options there, and one stack per run.`);
  }
  const { variables, missing } = credentialVariables(org, io.env);
  if (missing.length > 0) {
    const variablesText = missing.length === 1 ? "the environment variable" : "the environment variables";
    io.stderr.write(`scopegate: stack '${stackName}' needs ${variablesText} ${quoteList(missing, "and")} (${org.credentials.clientIdEnv.loc.file}:${org.credentials.clientIdEnv.loc.line}); nothing was deployed.\n`);
    return EXIT.badInput;
  }

  const fail = (what: string) => {
    io.stderr.write(`scopegate deploy: ${what}\n`);
    return EXIT.deployFailed;
  };
  const cdktf = findExecutable("cdktf", io, { nodeModules: true });
  if (cdktf === undefined) {
    return fail(`cdktf was not found in node_modules/.bin of ${io.cwd} or a folder above it, nor on PATH; install it ('npm install --save-dev cdktf-cli@0.21') and run again. Nothing was deployed.`);
  }
  const terraformName = io.env.TERRAFORM_BINARY_NAME || "terraform";
  if (findExecutable(terraformName, io, { nodeModules: false }) === undefined) {
    return fail(`'${terraformName}' was not found on PATH, and cdktf deploy runs it; install Terraform (or name it in TERRAFORM_BINARY_NAME) and run again. Nothing was deployed.`);
  }

  const child = spawn(cdktf, ["deploy", stackName, ...cdktfArgs], {
    cwd: io.cwd,
    // The app cdktf deploy runs (main.ts) synthesizes only this stack's tenant: the fleet's other stacks stay as they were.
    env: { ...io.env, ...variables, SCOPEGATE_CONFIG: file, [SYNTH_TENANTS_VARIABLE]: org.tenant },
    stdio: "inherit",
    // Windows runs npm's .cmd shims only through a shell.
    shell: /\.(cmd|bat)$/i.test(cdktf),
  });
  return new Promise((resolve) => {
    let settled = false;
    const settle = (code: number) => {
      if (!settled) resolve(code);
      settled = true;
    };
    child.once("error", (error) => settle(fail(`cannot start cdktf (${cdktf}): ${(error as NodeJS.ErrnoException).code ?? error.message}. Nothing was deployed.`)));
    child.once("close", (code, signal) => {
      if (settled) return;
      if (code === 0) return settle(EXIT.ok);
      const how = signal === null ? `exited with code ${code}` : `was stopped by ${signal}`;
      settle(fail(`'cdktf deploy ${stackName}' ${how}; if Terraform had started applying, '${stackName}' may be partly deployed (see the output above). Fix the cause and run 'scopegate deploy ${stackName}' again: Terraform carries on from the state it recorded.`));
    });
  });
}

/**
 * The path of an executable: in `node_modules/.bin` of the working directory or a folder above it (where npx looks,
 * when `nodeModules`), then in each folder of `PATH`; a name with a slash is taken relative to the working directory.
 */
export function findExecutable(name: string, io: CliIO, { nodeModules }: { nodeModules: boolean }): string | undefined {
  if (name.includes("/") || name.includes(path.sep)) return isExecutable(path.resolve(io.cwd, name)) ? path.resolve(io.cwd, name) : undefined;
  const dirs: string[] = [];
  if (nodeModules) {
    for (let dir = path.resolve(io.cwd); ; dir = path.dirname(dir)) {
      dirs.push(path.join(dir, "node_modules", ".bin"));
      if (path.dirname(dir) === dir) break;
    }
  }
  dirs.push(...(io.env.PATH ?? "").split(path.delimiter).filter((dir) => dir !== ""));
  const extensions = process.platform === "win32" ? (io.env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";") : [""];
  for (const dir of dirs) {
    for (const extension of extensions) {
      const candidate = path.resolve(io.cwd, dir, name + extension);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
