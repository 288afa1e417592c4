import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import type { OrgEnvironment } from "../../config/model";
import { quoteList } from "../../config/suggest";
import type { CliIO } from "../io";
import { EXIT, UsageError } from "../io";
import { configPath, loadOrReport } from "../load";

export const DEPLOY_USAGE = `Usage: scopegate deploy <tenant>-<env> [--config PATH] [-- <cdktf deploy options>]

Runs 'cdktf deploy <tenant>-<env>' with the org's credentials: the environment variables the configuration names
(credentials.clientIdEnv / clientSecretEnv) are passed to Terraform as TF_VAR_<NAME>, never written to disk.`;

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
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { config: { type: "string" }, help: { type: "boolean", short: "h" } },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) {
    io.stdout.write(`${DEPLOY_USAGE}\n`);
    return EXIT.ok;
  }
  const [stackName, ...cdktfArgs] = positionals;
  if (stackName === undefined) throw new UsageError("deploy needs a stack name, such as 'acme-dev'.");
  const file = configPath(values.config, io);
  const model = loadOrReport(file, io, "nothing was deployed.");
  if (model === undefined) return EXIT.badInput;

  const org = model.environments.find((candidate) => candidate.stackName === stackName);
  if (org === undefined) {
    throw new UsageError(`${file} has no stack '${stackName}'; expected one of ${quoteList(model.environments.map((e) => e.stackName))}.`);
  }
  const { variables, missing } = credentialVariables(org, io.env);
  if (missing.length > 0) {
    io.stderr.write(`scopegate: stack '${stackName}' needs the environment variable(s) ${quoteList(missing, "and")} (${org.credentials.clientIdEnv.loc.file}:${org.credentials.clientIdEnv.loc.line}); nothing was deployed.\n`);
    return EXIT.badInput;
  }
  const child = spawn("npx", ["cdktf", "deploy", stackName, ...cdktfArgs], {
    cwd: io.cwd,
    env: { ...io.env, ...variables, SCOPEGATE_CONFIG: file },
    stdio: "inherit",
  });
  return new Promise((resolve) => child.on("close", (code) => resolve(code ?? EXIT.badInput)));
}
