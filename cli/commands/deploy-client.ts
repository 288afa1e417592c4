import type { OrgEnvironment, ScopegateModel } from "../../model/model";
import { rolesCreatedFor } from "../../config/outputs";
import { didYouMean, quoteList } from "../../config/suggest";
import type { DeployClientAssessment, DeployRequirements, Needed, RoleToHold } from "../../policies/deploy-permissions";
import { assessDeployClient, DEPLOY_PERMISSIONS_SOURCE, dataSourceAddress, deployClientFallsShort, deployRequirements } from "../../policies/deploy-permissions";
import { oneLine } from "../../formatters/common";
import { formatColumns } from "../columns";
import type { CliIO } from "../io";
import { EXIT, InputError, UsageError } from "../io";
import { configPath, loadOrReport, reportingInputErrors } from "../load";
import { chooseFormat, expectOneOf, parseCommandLine } from "../options";

export const DEPLOY_CLIENT_USAGE = `Usage: scopegate deploy-client <tenant>-<env> [--config PATH] [--format text|json]
       scopegate deploy-client --tenant T --env E [--config PATH] [--format text|json]

Prints what the OAuth client Terraform deploys one stack with must hold: every permission (and OAuth scope) the
Platform API calls the provider makes for the stack's resources and data sources need ('a or b': any one of them),
each with those calls, and every role the stack grants its clients. When the org declares
'deployClient', also what that client lacks. Exit 0: nothing lacking; 1: the declared deploy client lacks something
(or holds roles whose permissions are not declared); 2: bad input or usage (with --format json, the problems
in the file, or a stack, tenant or environment it does not declare, as JSON on standard output too). Never loads cdktf.
  <tenant>-<env>      the stack, such as 'acme-prod', as 'scopegate deploy' names it; or:
  --tenant T          the stack's tenant
  --env E             the stack's environment
  --config PATH       configuration file (default: $SCOPEGATE_CONFIG or scopegate.yaml)
  --format F          text | json (default: text)`;

const FORMATS = ["text", "json"] as const;

/** `scopegate deploy-client`: the privileges a stack's deploy client needs, from the configuration alone. */
export async function deployClientCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandLine({
    args: [...args],
    options: {
      tenant: { type: "string" },
      env: { type: "string" },
      config: { type: "string" },
      format: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) {
    io.stdout.write(`${DEPLOY_CLIENT_USAGE}\n`);
    return EXIT.ok;
  }
  const format = chooseFormat(values.format, FORMATS);
  const stack = stackArgument(positionals, values.tenant, values.env);

  const file = configPath(values.config, io);
  const delivery = { format, outputPath: undefined, outputName: undefined };
  const model = loadOrReport(file, io, "nothing was listed.", delivery);
  if (model === undefined) return EXIT.badInput;
  // A stack, tenant or environment the configuration does not declare is bad input: with --format json, JSON too.
  return reportingInputErrors("nothing was listed.", io, delivery, () => {
    const org = typeof stack === "string" ? selectStack(model, file, stack) : selectOrg(model, file, stack.tenant, stack.environment);
    const requirements = deployRequirements(org, rolesCreatedFor(model.roles, model.environments.filter((candidate) => candidate.tenant === org.tenant)));
    const assessment = assessDeployClient(org, model, requirements);
    const report = reportOf(org, requirements, assessment);
    io.stdout.write(format === "json" ? `${JSON.stringify(report, null, 2)}\n` : textOf(report));
    return assessment !== undefined && deployClientFallsShort(assessment) ? EXIT.findings : EXIT.ok;
  });
}

/** The stack asked for: its name (`acme-prod`), or `--tenant` and `--env`; never both, and one stack only. */
function stackArgument(positionals: readonly string[], tenant: string | undefined, environment: string | undefined): string | { readonly tenant: string; readonly environment: string } {
  if (positionals.length > 1) throw new UsageError(`one stack at a time; got ${quoteList(positionals, "and")}.`);
  const [name] = positionals;
  if (name !== undefined) {
    if (tenant !== undefined || environment !== undefined) throw new UsageError(`the stack is given twice ('${name}' and --tenant/--env); expected either '<tenant>-<env>' or --tenant T --env E.`);
    return name;
  }
  if (tenant === undefined || environment === undefined) {
    const missing = [tenant === undefined ? "--tenant" : undefined, environment === undefined ? "--env" : undefined].filter((option) => option !== undefined);
    throw new UsageError(`missing ${quoteList(missing, "and")}; expected the stack as '<tenant>-<env>' (such as 'acme-prod') or as --tenant T --env E.`);
  }
  return { tenant, environment };
}

/** The org of a stack named `<tenant>-<env>`, as `scopegate deploy` finds it. */
function selectStack(model: ScopegateModel, file: string, name: string): OrgEnvironment {
  const org = model.environments.find((candidate) => candidate.stackName === name);
  if (org !== undefined) return org;
  const names = model.environments.map((candidate) => candidate.stackName);
  throw new InputError([{ file, message: `the configuration has no stack '${name}'; expected one of ${quoteList(names)}.${didYouMean(name, names)}` }], file);
}

function selectOrg(model: ScopegateModel, file: string, tenant: string, environment: string): OrgEnvironment {
  expectOneOf("--tenant", tenant, model.tenants, "a tenant of the configuration", file);
  const orgs = model.environments.filter((org) => org.tenant === tenant);
  expectOneOf("--env", environment, orgs.map((org) => org.environment), `an environment of tenant '${tenant}'`, file);
  return orgs.find((org) => org.environment === environment)!;
}

/** The JSON output: stable keys, every list sorted. */
interface DeployClientReport {
  readonly stack: string;
  readonly tenant: string;
  readonly environment: string;
  /** Where the needs come from: the provider's calls per type and the operations catalog. */
  readonly source: string;
  readonly resourceTypes: readonly string[];
  /** As Terraform addresses them: `data.<type>`. */
  readonly dataSourceTypes: readonly string[];
  /** Each held through any one of its `anyOf`, with the calls needing it and the types making them. */
  readonly permissions: readonly Needed[];
  /** Needed only when the deploy client authenticates with a grant that has scopes; client credentials use roles. */
  readonly scopes: readonly Needed[];
  readonly roles: readonly RoleToHold[];
  /** The declared deploy client and what it lacks; null when the org declares none. */
  readonly deployClient: {
    readonly file: string;
    readonly line: number;
    readonly column: number;
    readonly ok: boolean;
    readonly missingPermissions: readonly Needed[];
    readonly unverifiedPermissions: readonly Needed[];
    /** Its roles whose permissions `roles:` does not declare, sorted. */
    readonly undeclaredRoles: readonly string[];
    readonly missingRoles: readonly RoleToHold[];
  } | null;
}

function reportOf(org: OrgEnvironment, requirements: DeployRequirements, assessment: DeployClientAssessment | undefined): DeployClientReport {
  return {
    stack: org.stackName,
    tenant: org.tenant,
    environment: org.environment,
    source: DEPLOY_PERMISSIONS_SOURCE,
    resourceTypes: [...requirements.types.resources],
    dataSourceTypes: requirements.types.dataSources.map(dataSourceAddress),
    permissions: requirements.permissions,
    scopes: requirements.scopes,
    roles: requirements.roles,
    deployClient:
      assessment === undefined || org.deployClient === undefined
        ? null
        : {
            ...org.deployClient.loc,
            ok: !deployClientFallsShort(assessment),
            missingPermissions: assessment.missingPermissions,
            unverifiedPermissions: assessment.unverifiedPermissions,
            undeclaredRoles: [...new Set(assessment.undeclaredRoles.map((role) => role.value))].sort(),
            missingRoles: assessment.missingRoles,
          },
  };
}

function textOf(report: DeployClientReport): string {
  const table = (rows: readonly (readonly [string, string])[]) => (rows.length === 0 ? "  (none)" : formatColumns(rows.map(([a, b]) => [a, b]), "  "));
  // "oauth:client:add  (POST /api/v2/oauth/clients, for genesyscloud_oauth_client)"
  const needed = (list: readonly Needed[]) => table(list.map(({ name, calls }) => [name, `(${calls.map(({ call, neededBy }) => `${call}, for ${neededBy.join(", ")}`).join("; ")})`] as const));
  const lines = [
    `Deploy client of ${report.stack} (tenant ${report.tenant}, environment ${report.environment})`,
    `  resources:     ${report.resourceTypes.join(", ") || "(none)"}`,
    `  data sources:  ${report.dataSourceTypes.join(", ")}`,
    "",
    `Permissions it needs (${report.permissions.length}), each with the API calls that need it and the types making them ('a or b': any one of them):`,
    needed(report.permissions),
    "",
    `Roles it must hold (${report.roles.length}), since the provider grants a client only roles the deploy client holds:`,
    table(report.roles.map(({ role, grantedTo }) => [role, `granted to ${grantedTo.join(", ")}`] as const)),
    "",
    `OAuth scopes (${report.scopes.length}), needed only if the deploy client uses a grant with scopes (with client credentials, its roles decide):`,
    needed(report.scopes),
    "",
  ];
  const declared = report.deployClient;
  if (declared === null) {
    lines.push("No 'deployClient' is declared for this org, so what its deploy client holds is not checked.");
  } else {
    const at = `${declared.file}:${declared.line}:${declared.column}`;
    if (declared.ok) lines.push(`The deploy client declared at ${at} holds all of it.`);
    else {
      lines.push(`The deploy client declared at ${at} falls short:`);
      if (declared.missingPermissions.length > 0) lines.push(`  lacks permissions (${declared.missingPermissions.length}):`, needed(declared.missingPermissions).replace(/^/gm, "  "));
      if (declared.unverifiedPermissions.length > 0) {
        lines.push(
          `  cannot be verified (${declared.unverifiedPermissions.length}), unless 'roles:' declares the permissions of ${quoteList(declared.undeclaredRoles, "and")}:`,
          needed(declared.unverifiedPermissions).replace(/^/gm, "  "),
        );
      }
      if (declared.missingRoles.length > 0) {
        lines.push(`  lacks roles (${declared.missingRoles.length}):`, table(declared.missingRoles.map(({ role, grantedTo }) => [role, `granted to ${grantedTo.join(", ")}`] as const)).replace(/^/gm, "  "));
      }
    }
  }
  lines.push("", `Source: ${report.source}.`);
  // Role names and paths come from the configuration: control characters are shown as escapes, never sent to the terminal.
  return `${lines.join("\n").split("\n").map(oneLine).join("\n")}\n`;
}
