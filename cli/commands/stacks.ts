import * as path from "node:path";
import type { OrgEnvironment, ScopegateModel, StateLocation } from "../../model/model";
import type { StackSelection } from "../../model/selection";
import { bothSelect, selectedOrgs } from "../../model/selection";
import { tenantsChangedSince } from "../changed-since";
import { configDirOf, DEFAULT_REMOTE_HOSTNAME, stateLocationOf } from "../../config/outputs";
import { plural } from "../../formatters/common";
import { formatColumns } from "../columns";
import type { CliIO } from "../io";
import { EXIT, InputError } from "../io";
import { configPath, loadWithDataOrReport, reportingInputErrors } from "../load";
import { chooseFormat, parseCommandLine, selectionProblems } from "../options";

export const STACKS_USAGE = `Usage: scopegate stacks [--config PATH] [--tenant T]... [--env E]... [--changed-since BASE] [--out DIR] [--format text|json]

Lists the stacks the configuration declares (one per tenant x environment), with what a CI job needs to deploy
each: its name (for 'scopegate deploy <name>'), tenant, environment, tier, region, the NAMES of the environment
variables holding its deploying client's credentials (never their values), the directory it synthesizes into and
where its state lives. --format json prints one line, {"stacks":[...]}, for a CI matrix (GitHub Actions:
strategy.matrix.include: \${{ fromJSON(...).stacks }}). Never loads cdktf; runs no policy rules.
Exit 0: listed; 2: bad input or usage (with --format json, the problems as JSON on standard output too).
  --config PATH   configuration file (default: $SCOPEGATE_CONFIG or scopegate.yaml)
  --tenant T      only this tenant's stacks (repeatable)
  --env E         only this environment's stacks (repeatable)
  --changed-since BASE  only the stacks of tenants whose declaration or waivers differ from BASE: a Git revision
                  (origin/main), a folder holding a checkout of it, or the base root file ({"stacks":[]} when no
                  tenant changed)
  --out DIR       the synth output directory the working directories are in (default: cdktf.out)
  --format F      text | json (default: text)`;

const FORMATS = ["text", "json"] as const;

/**
 * One stack of `scopegate stacks --format json`: a stable shape (new keys may be added, none renamed or removed).
 * Paths are relative to the working directory, with '/' separators.
 */
export interface StackListing {
  /** `<tenant>-<environment>`: what `scopegate deploy` and `cdktf deploy` take. */
  readonly name: string;
  readonly tenant: string;
  readonly environment: string;
  readonly tier: "prod" | "nonprod";
  readonly region: string;
  readonly orgName: string;
  /** The names of the environment variables holding the deploying client's id and secret; never their values. */
  readonly credentials: { readonly clientIdEnv: string; readonly clientSecretEnv: string };
  /** Where synth writes the stack (`<out>/stacks/<name>`), and where Terraform runs for it. */
  readonly workingDirectory: string;
  /** `local`, `s3` or `remote`. */
  readonly backend: StateLocation["type"];
  /** Where the state lives: a local `path`; an S3 `bucket`, `key`, `region` (and `dynamodbTable`); a `hostname`, `organization` and `workspace`. */
  readonly state: StateLocation;
}

/** `scopegate stacks`: the stacks of the configuration, for people and CI matrices. Never loads cdktf. */
export async function stacksCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values } = parseCommandLine({
    args: [...args],
    options: {
      config: { type: "string" },
      tenant: { type: "string", multiple: true },
      env: { type: "string", multiple: true },
      "changed-since": { type: "string" },
      out: { type: "string" },
      format: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout.write(`${STACKS_USAGE}\n`);
    return EXIT.ok;
  }
  const format = chooseFormat(values.format, FORMATS);
  const file = configPath(values.config, io);
  const delivery = { format, outputPath: undefined, outputName: undefined };
  const loaded = loadWithDataOrReport(file, io, "nothing was listed.", delivery);
  if (loaded === undefined) return EXIT.badInput;
  const { model } = loaded;
  return reportingInputErrors("nothing was listed.", io, delivery, () => {
    const problems = selectionProblems(model, file, { tenants: values.tenant, environments: values.env });
    if (problems.length > 0) throw new InputError(problems, file);
    // Which stacks: each source of tenant names is one entry here.
    const changedSince = values["changed-since"];
    const changed = changedSince === undefined ? undefined : tenantsChangedSince(changedSince, file, loaded.data, io);
    const selection: StackSelection = { tenants: bothSelect(values.tenant, changed), environments: values.env };
    const stacks = listStacks(model, selection, { configDir: configDirOf(path.resolve(io.cwd, file)), outdir: values.out ?? "cdktf.out", cwd: io.cwd });
    io.stdout.write(format === "json" ? `${JSON.stringify({ stacks })}\n` : textOf(model, stacks));
    return EXIT.ok;
  });
}

/** The selected stacks of the model, in the configuration's order; `outdir` as given (relative to `cwd`, or absolute). */
export function listStacks(
  model: ScopegateModel,
  selection: StackSelection,
  where: { readonly configDir: string; readonly outdir: string; readonly cwd: string },
): StackListing[] {
  const shown = (file: string) => (path.isAbsolute(file) ? file : file.split(path.sep).join("/"));
  return selectedOrgs(model, selection).map((org: OrgEnvironment) => {
    const state = stateLocationOf(org, where.configDir);
    return {
      name: org.stackName,
      tenant: org.tenant,
      environment: org.environment,
      tier: org.tier.value,
      region: org.region.value,
      orgName: org.orgName.value,
      credentials: { clientIdEnv: org.credentials.clientIdEnv.value, clientSecretEnv: org.credentials.clientSecretEnv.value },
      workingDirectory: shown(path.join(where.outdir, "stacks", org.stackName)),
      backend: state.type,
      state: state.type === "local" ? { ...state, path: shown(relativeWhereInside(where.cwd, state.path)) } : state,
    };
  });
}

/** `file` relative to `dir` when it is inside it; else absolute, so that it does not depend on where `..` leads. */
function relativeWhereInside(dir: string, file: string): string {
  const relative = path.relative(path.resolve(dir), file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
}

function textOf(model: ScopegateModel, stacks: readonly StackListing[]): string {
  const header = ["stack", "tenant", "environment", "tier", "region", "credentials", "working directory", "state"];
  const rows = stacks.map((stack) => [
    stack.name,
    stack.tenant,
    stack.environment,
    stack.tier,
    stack.region,
    `${stack.credentials.clientIdEnv} / ${stack.credentials.clientSecretEnv}`,
    stack.workingDirectory,
    stateText(stack.state),
  ]);
  const tenants = new Set(stacks.map((stack) => stack.tenant)).size;
  return `${formatColumns([header, ...rows])}\nscopegate: ${plural(stacks.length, "stack")} (${plural(tenants, "tenant")}) in ${model.source}\n`;
}

function stateText(state: StateLocation): string {
  switch (state.type) {
    case "local":
      return `local ${state.path}`;
    case "s3":
      return `s3://${state.bucket}/${state.key}`;
    case "remote":
      return `remote ${state.organization}/${state.workspace}${state.hostname === DEFAULT_REMOTE_HOSTNAME ? "" : ` on ${state.hostname}`}`;
  }
}
