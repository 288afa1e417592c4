import { parseArgs } from "node:util";
import type { OrgEnvironment, ScopegateModel } from "../../config/model";
import { didYouMean, quoteList } from "../../config/suggest";
import type { DeployClientAssessment, DeployRequirements, Needed } from "../../policies/deploy-permissions";
import { assessDeployClient, dataSourceAddress, deployClientFallsShort, deployRequirements, RESOURCE_PERMISSIONS_SOURCE } from "../../policies/deploy-permissions";
import { oneLine } from "../../policies/formatters/common";
import { formatColumns } from "../columns";
import type { CliIO } from "../io";
import { EXIT, UsageError } from "../io";
import { configPath, loadOrReport } from "../load";

export const DEPLOY_CLIENT_USAGE = `Usage: scopegate deploy-client --tenant T --env E [--config PATH] [--format text|json]

Prints what the OAuth client Terraform deploys one stack with must hold: every permission (and OAuth scope) the
stack's resources and data sources need, and every role the stack grants its clients. When the org declares
'deployClient', also what that client lacks. Exit 0: nothing lacking; 1: the declared deploy client lacks something
(or holds roles whose permissions are not declared); 2: bad input or usage. Never loads cdktf.
  --tenant T          the stack's tenant
  --env E             the stack's environment
  --config PATH       configuration file (default: $SCOPEGATE_CONFIG or scopegate.yaml)
  --format F          text | json (default: text)`;

const FORMATS = ["text", "json"] as const;

/** `scopegate deploy-client`: the privileges a stack's deploy client needs, from the configuration alone. */
export async function deployClientCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      tenant: { type: "string" },
      env: { type: "string" },
      config: { type: "string" },
      format: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout.write(`${DEPLOY_CLIENT_USAGE}\n`);
    return EXIT.ok;
  }
  const format = values.format ?? "text";
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format '${format}'; expected one of ${quoteList(FORMATS)}.${didYouMean(format, FORMATS)}`);
  if (values.tenant === undefined || values.env === undefined) {
    const missing = [values.tenant === undefined ? "--tenant" : undefined, values.env === undefined ? "--env" : undefined].filter((option) => option !== undefined);
    throw new UsageError(`missing ${quoteList(missing, "and")}; expected the stack as --tenant T --env E.`);
  }

  const file = configPath(values.config, io);
  const model = loadOrReport(file, io, "nothing was listed.");
  if (model === undefined) return EXIT.badInput;
  const org = selectOrg(model, values.tenant, values.env);
  const requirements = deployRequirements(org);
  const assessment = assessDeployClient(org, model);
  const report = reportOf(org, requirements, assessment);
  io.stdout.write(format === "json" ? `${JSON.stringify(report, null, 2)}\n` : textOf(report));
  return assessment !== undefined && deployClientFallsShort(assessment) ? EXIT.findings : EXIT.ok;
}

function selectOrg(model: ScopegateModel, tenant: string, environment: string): OrgEnvironment {
  if (!model.tenants.includes(tenant)) {
    throw new UsageError(`--tenant '${tenant}' is not a tenant of the configuration; expected one of ${quoteList(model.tenants)}.${didYouMean(tenant, model.tenants)}`);
  }
  const orgs = model.environments.filter((org) => org.tenant === tenant);
  const org = orgs.find((candidate) => candidate.environment === environment);
  if (org === undefined) {
    const environments = orgs.map((candidate) => candidate.environment);
    throw new UsageError(`--env '${environment}' is not an environment of tenant '${tenant}'; expected one of ${quoteList(environments)}.${didYouMean(environment, environments)}`);
  }
  return org;
}

/** A permission or scope and the types that need it, as printed. */
interface NeededEntry {
  readonly name: string;
  readonly neededBy: readonly string[];
}

/** The JSON output: stable keys, every list sorted. */
interface DeployClientReport {
  readonly stack: string;
  readonly tenant: string;
  readonly environment: string;
  /** Where the permission data comes from. */
  readonly source: string;
  readonly resourceTypes: readonly string[];
  /** As Terraform addresses them: `data.<type>`. */
  readonly dataSourceTypes: readonly string[];
  readonly permissions: readonly NeededEntry[];
  /** Needed only when the deploy client authenticates with a grant that has scopes; client credentials use roles. */
  readonly scopes: readonly NeededEntry[];
  readonly roles: readonly { readonly role: string; readonly grantedTo: readonly string[] }[];
  /** The declared deploy client and what it lacks; null when the org declares none. */
  readonly deployClient: {
    readonly file: string;
    readonly line: number;
    readonly column: number;
    readonly ok: boolean;
    readonly missingPermissions: readonly NeededEntry[];
    readonly unverifiedPermissions: readonly NeededEntry[];
    /** Its roles whose permissions `roles:` does not declare, sorted. */
    readonly undeclaredRoles: readonly string[];
    readonly missingRoles: readonly { readonly role: string; readonly grantedTo: readonly string[] }[];
  } | null;
}

function reportOf(org: OrgEnvironment, requirements: DeployRequirements, assessment: DeployClientAssessment | undefined): DeployClientReport {
  const entries = (needed: readonly Needed[]): NeededEntry[] => needed.map(({ name, neededBy }) => ({ name, neededBy: [...neededBy] }));
  const missingRoles = new Map<string, Set<string>>();
  for (const { client, grant } of assessment?.unheldRoleGrants ?? []) {
    missingRoles.set(grant.role.value, (missingRoles.get(grant.role.value) ?? new Set()).add(client.key));
  }
  return {
    stack: org.stackName,
    tenant: org.tenant,
    environment: org.environment,
    source: RESOURCE_PERMISSIONS_SOURCE,
    resourceTypes: [...requirements.types.resources],
    dataSourceTypes: requirements.types.dataSources.map(dataSourceAddress),
    permissions: entries(requirements.permissions),
    scopes: entries(requirements.scopes),
    roles: requirements.roles.map(({ role, grantedTo }) => ({ role, grantedTo: [...grantedTo] })),
    deployClient:
      assessment === undefined || org.deployClient === undefined
        ? null
        : {
            ...org.deployClient.loc,
            ok: !deployClientFallsShort(assessment),
            missingPermissions: entries(assessment.missingPermissions),
            unverifiedPermissions: entries(assessment.unverifiedPermissions),
            undeclaredRoles: [...new Set(assessment.undeclaredRoles.map((role) => role.value))].sort(),
            missingRoles: [...missingRoles].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([role, clients]) => ({ role, grantedTo: [...clients].sort() })),
          },
  };
}

function textOf(report: DeployClientReport): string {
  const table = (rows: readonly (readonly [string, string])[]) => (rows.length === 0 ? "  (none)" : formatColumns(rows.map(([a, b]) => [a, b]), "  "));
  const needed = (list: readonly NeededEntry[]) => table(list.map(({ name, neededBy }) => [name, neededBy.join(", ")] as const));
  const lines = [
    `Deploy client of ${report.stack} (tenant ${report.tenant}, environment ${report.environment})`,
    `  resources:     ${report.resourceTypes.join(", ") || "(none)"}`,
    `  data sources:  ${report.dataSourceTypes.join(", ")}`,
    "",
    `Permissions it needs (${report.permissions.length}), with the types that need them:`,
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
