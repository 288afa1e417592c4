import type { DeclaredRoleModel, DivisionRef, OAuthClientModel, OrgEnvironment, ScopegateModel, SourceLocation } from "../../model/model";
import { didYouMean, quoteList } from "../../config/suggest";
import type { AccessVerdict, RoleDirectory } from "../../policies/access";
import { accessTo, roleDirectory } from "../../policies/access";
import { oneLine, plural } from "../../formatters/common";
import type { ApiOperation, PermissionRule } from "../../policies/operations";
import { isStandardPermission, operationCatalog } from "../../policies/operations";
import { permissionCovers, splitPermission } from "../../policies/permission-patterns";
import { resolveProfiles } from "../../policies/profiles";
import type { CliIO } from "../io";
import { EXIT, InputError, UsageError } from "../io";
import { configPath, loadOrReport, reportingInputErrors } from "../load";
import { chooseFormat, expectOneOf, parseCommandLine } from "../options";

export const ACCESS_USAGE = `Usage: scopegate access --tenant T --env E --client C [OPERATION...] [--capability X]... [--strict]
                        [--config PATH] [--format text|json]
       scopegate access OPERATION... [--format text|json]

Why does this client get a 403? Answered offline, the way Genesys Cloud decides it: a CLIENT-CREDENTIALS client
needs a granted role holding the operation's permissions (ANY: one of them; ALL: each); a user grant (CODE, TOKEN,
PASSWORD, SAML2BEARER) needs one of the operation's scopes, and the signed-in user the permissions. Prints, per
operation, whether the client can call it and, if not, what is missing and where to add it (file:line:column).
Without --client, prints what each operation requires (the configuration is read only for --capability).
  OPERATION           'METHOD /api/v2/...' as the API reference writes it, or an SDK operation id ('getUsers')
  --capability X      the operations of capability X's profile (repeatable); with neither OPERATION nor
                      --capability, the operations of all the client's capabilities
  --tenant T          the client's tenant
  --env E             the client's environment (its settings after that environment's overrides)
  --client C          the client's key under 'oauthClients:'
  --strict            an operation scopegate could not check (roles whose permissions are not declared, scopes the
                      catalog does not know) fails too
  --config PATH       configuration file (default: $SCOPEGATE_CONFIG or scopegate.yaml)
  --format F          text | json (default: text)
Exit 0: every operation is allowed (or could not be checked, without --strict), or no --client; 1: an operation
lacks a permission or scope (or, with --strict, could not be checked); 2: bad input or usage (an unknown tenant,
environment, client, capability or operation, a configuration with problems).
Example:
  scopegate access --tenant acme --env prod --client analytics-export "POST /api/v2/analytics/conversations/details/jobs"`;

const FORMATS = ["text", "json"] as const;

/** Where an operation asked about came from: an argument, or the capabilities whose profiles name it. */
interface Asked {
  readonly operation: ApiOperation;
  readonly capabilities: string[];
}

/** The client asked about, in its org. */
interface Subject {
  readonly org: OrgEnvironment;
  readonly client: OAuthClientModel;
  readonly roles: RoleDirectory;
}

/** `scopegate access`: whether a client can call API operations, and what to add where when it cannot. */
export async function accessCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandLine({
    args: [...args],
    options: {
      tenant: { type: "string" },
      env: { type: "string" },
      client: { type: "string" },
      capability: { type: "string", multiple: true },
      strict: { type: "boolean" },
      config: { type: "string" },
      format: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) {
    io.stdout.write(`${ACCESS_USAGE}\n`);
    return EXIT.ok;
  }
  const format = chooseFormat(values.format, FORMATS);
  const capabilities = values.capability ?? [];
  const { tenant, env: environment, client: clientKey } = values;
  if (clientKey === undefined) {
    if (tenant !== undefined || environment !== undefined) {
      throw new UsageError(`--tenant and --env name the org of a client; add --client C, or leave them out to print what the operations require.`);
    }
    if (positionals.length === 0 && capabilities.length === 0) {
      throw new UsageError(`nothing to look up; expected one or more operations ('POST /api/v2/...' or an SDK operation id), or --tenant T --env E --client C.`);
    }
  } else if (tenant === undefined || environment === undefined) {
    const missing = [tenant === undefined ? "--tenant" : undefined, environment === undefined ? "--env" : undefined].filter((option) => option !== undefined);
    throw new UsageError(`missing ${quoteList(missing, "and")}; expected the client's org as --tenant T --env E (a client's roles and scopes may differ per environment).`);
  }
  // Operations named on the command line are checked before anything is read: a typo is a usage error.
  const named = joinedOperations(positionals).map(operationNamed);

  // Only the no-client form with operations alone needs no configuration.
  if (clientKey === undefined && capabilities.length === 0) {
    return print(reportOf(undefined, merge(named.map((operation) => ({ operation, capabilities: [] })))), format, io, values.strict === true);
  }

  const file = configPath(values.config, io);
  const delivery = { format, outputPath: undefined, outputName: undefined };
  const model = loadOrReport(file, io, "nothing was looked up.", delivery);
  if (model === undefined) return EXIT.badInput;
  return reportingInputErrors("nothing was looked up.", io, delivery, () => {
    const subject = clientKey === undefined ? undefined : selectClient(model, file, tenant!, environment!, clientKey);
    const profiles = resolveProfiles(model);
    for (const capability of capabilities) expectOneOf("--capability", capability, [...profiles.keys()], "a capability (a built-in profile or one under 'profiles:')", file);
    const fromCapabilities = (names: readonly string[]): Asked[] =>
      names.flatMap((name) => profiles.get(name)?.operations.map((operation) => ({ operation, capabilities: [name] })) ?? []);
    let asked: Asked[];
    if (named.length > 0 || capabilities.length > 0) {
      asked = [...named.map((operation) => ({ operation, capabilities: [] })), ...fromCapabilities(capabilities)];
      if (asked.length === 0) throw new InputError([{ file, message: `${capabilities.length === 1 ? "capability" : "capabilities"} ${quoteList(capabilities, "and")} name${capabilities.length === 1 ? "s" : ""} no API operations; expected operations as arguments ('POST /api/v2/...'), or a capability whose profile has 'operations'.` }], file);
    } else {
      const own = subject!.client.capabilities.map((capability) => capability.value);
      asked = fromCapabilities(own);
      if (asked.length === 0) {
        const what = own.length === 0 ? "has no capabilities" : `has capabilities ${quoteList(own, "and")}, whose profiles name no API operations`;
        throw new InputError([{ ...subject!.client.loc, message: `client '${clientKey}' ${what}; expected operations as arguments ('POST /api/v2/...'), or --capability X with a profile that has 'operations'.` }], file);
      }
    }
    return print(reportOf(subject, merge(asked)), format, io, values.strict === true);
  });
}

/** Arguments as operations: `GET /api/v2/users` given unquoted arrives as two arguments, joined here. */
function joinedOperations(positionals: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < positionals.length; i++) {
    const next = positionals[i + 1];
    if (/^[A-Za-z]+$/.test(positionals[i]) && HTTP_METHODS.has(positionals[i].toUpperCase()) && next?.startsWith("/") === true) {
      joined.push(`${positionals[i]} ${next}`);
      i++;
    } else {
      joined.push(positionals[i]);
    }
  }
  return joined;
}

const HTTP_METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);

/**
 * The catalog's operation for a command-line argument (a template, an SDK operation id, or a request as logs show it:
 * `GET https://api.mypurecloud.com/api/v2/users/8f1c?expand=presence`); a usage error, with the nearest name, for one
 * it lacks.
 */
function operationNamed(name: string): ApiOperation {
  const catalog = operationCatalog();
  const operation = catalog.find(name, { concrete: true });
  if (operation !== undefined) return operation;
  const suggestion = catalog.nearest(name);
  throw new UsageError(
    `unknown operation '${name}': not a Genesys Cloud Platform API operation (${catalog.version}); expected 'METHOD /api/v2/...' as the API reference writes it, or an SDK operation id such as 'getUsers'.${suggestion === undefined ? "" : ` Did you mean '${suggestion}'?`}`,
  );
}

/** Operations in the order asked, each once, with every capability that names it. */
function merge(asked: readonly Asked[]): Asked[] {
  const byKey = new Map<string, Asked>();
  for (const { operation, capabilities } of asked) {
    const seen = byKey.get(operation.key);
    if (seen === undefined) byKey.set(operation.key, { operation, capabilities: [...capabilities] });
    else for (const capability of capabilities) if (!seen.capabilities.includes(capability)) seen.capabilities.push(capability);
  }
  return [...byKey.values()];
}

function selectClient(model: ScopegateModel, file: string, tenant: string, environment: string, key: string): Subject {
  expectOneOf("--tenant", tenant, model.tenants, "a tenant of the configuration", file);
  const orgs = model.environments.filter((org) => org.tenant === tenant);
  expectOneOf("--env", environment, orgs.map((org) => org.environment), `an environment of tenant '${tenant}'`, file);
  const org = orgs.find((candidate) => candidate.environment === environment)!;
  const client = org.oauthClients.find((candidate) => candidate.key === key);
  if (client === undefined) {
    // A client limited by 'only:' to other environments: say so rather than only listing the others.
    const elsewhere = orgs.flatMap((other) => other.oauthClients.filter((candidate) => candidate.key === key));
    const keys = org.oauthClients.map((candidate) => candidate.key);
    const message =
      elsewhere[0]?.only !== undefined
        ? `--client '${key}' is not a client of ${tenant} ${environment}: its 'only:' limits it to ${quoteList(elsewhere[0].only.value, "and")}.`
        : `--client '${key}' is not a client of ${tenant} ${environment}; expected one of ${quoteList(keys)}.${didYouMean(key, keys)}`;
    throw new InputError([{ ...(elsewhere[0]?.only?.loc ?? { file }), message }], file);
  }
  return { org, client, roles: roleDirectory(model.roles) };
}

/** A position in the configuration, in the JSON report. */
interface Where {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * The JSON output. `client` and each operation's verdict fields are null in the form without --client. Keys are
 * always present, in this order.
 */
interface AccessReport {
  /** The operations catalog the requirements come from: `SDK 259.0.0, 2026-08-15`. */
  readonly catalog: string;
  readonly client: {
    readonly tenant: string;
    readonly environment: string;
    readonly key: string;
    readonly grant: string;
    readonly roles: readonly { readonly role: string; readonly division: string; readonly declared: boolean }[];
    readonly scopes: readonly string[];
    readonly file: string;
    readonly line: number;
    readonly column: number;
  } | null;
  /** Counts of the verdicts; null without --client. */
  readonly summary: { readonly allowed: number; readonly missing: number; readonly unknown: number } | null;
  readonly operations: readonly OperationReport[];
}

interface OperationReport {
  readonly key: string;
  readonly operationId: string;
  readonly permissions: { readonly type: PermissionRule; readonly list: readonly string[] };
  /** Scopes that allow it (any one); null when the catalog does not know. */
  readonly scopes: readonly string[] | null;
  readonly preview: boolean;
  readonly deprecated: boolean;
  /** The capabilities (profiles) it was asked for through; empty for an operation given as an argument. */
  readonly capabilities: readonly string[];
  readonly verdict: AccessVerdict["kind"] | null;
  /** For `allowed`: by what (a permission and its role, a scope, nothing needed). */
  readonly through: string | null;
  /** For `missingPermissions`: permissions (ANY: one of them; ALL: each); for `missingScope`: scopes (one of them). */
  readonly missing: { readonly type: "ANY" | "ALL"; readonly list: readonly string[] } | null;
  /** For `unknown`: why scopegate could not check. */
  readonly reason: string | null;
  /** What to change, in a sentence; null when allowed with nothing to note. */
  readonly fix: string | null;
  /** The declared role to add the permissions to, when there is one. */
  readonly role: string | null;
  /** Where to make the change: the role's declaration, the client's roles or scopes, or the client. */
  readonly where: Where | null;
  /** What scopegate cannot see but also decides the call (the signed-in user's permissions, for user grants). */
  readonly note: string | null;
}

function reportOf(subject: Subject | undefined, asked: readonly Asked[]): AccessReport {
  const operations = asked.map(({ operation, capabilities }) => operationReport(operation, capabilities, subject));
  const count = (kinds: readonly (string | null)[]) => operations.filter((operation) => kinds.includes(operation.verdict)).length;
  return {
    catalog: operationCatalog().version,
    client:
      subject === undefined
        ? null
        : {
            tenant: subject.org.tenant,
            environment: subject.org.environment,
            key: subject.client.key,
            grant: subject.client.grant.value,
            roles: subject.client.roles.map((grant) => ({ role: grant.role.value, division: divisionText(grant.division.value), declared: subject.roles.has(grant.role.value) })),
            scopes: subject.client.scopes.map((scope) => scope.value),
            ...subject.client.loc,
          },
    summary: subject === undefined ? null : { allowed: count(["allowed"]), missing: count(["missingPermissions", "missingScope"]), unknown: count(["unknown"]) },
    operations,
  };
}

function operationReport(operation: ApiOperation, capabilities: readonly string[], subject: Subject | undefined): OperationReport {
  const base = {
    key: operation.key,
    operationId: operation.operationId,
    permissions: { type: operation.permissions.type, list: [...operation.permissions.list] },
    scopes: operation.scopes === undefined ? null : [...operation.scopes],
    preview: operation.preview,
    deprecated: operation.deprecated,
    capabilities: [...capabilities],
  };
  const none = { verdict: null, through: null, missing: null, reason: null, fix: null, role: null, where: null, note: null };
  if (subject === undefined) return { ...base, ...none };
  const verdict = accessTo(operation, subject.client, subject.roles);
  const userGrant = subject.client.grant.value !== "CLIENT-CREDENTIALS";
  const note = userGrant ? userPermissionsNote(operation) : null;
  switch (verdict.kind) {
    case "allowed":
      return { ...base, ...none, verdict: verdict.kind, through: verdict.through, note };
    case "missingScope": {
      const fix = scopeFix(verdict.scopes, subject.client);
      return { ...base, ...none, verdict: verdict.kind, missing: { type: "ANY", list: [...verdict.scopes] }, fix: fix.text, where: fix.where, note };
    }
    case "missingPermissions": {
      const fix = permissionFix(verdict.type, verdict.missing, subject);
      return { ...base, ...none, verdict: verdict.kind, missing: { type: verdict.type, list: [...verdict.missing] }, fix: fix.text, role: fix.role, where: fix.where };
    }
    case "unknown": {
      const fix = userGrant ? undefined : undeclaredRolesFix(operation, subject);
      return { ...base, ...none, verdict: verdict.kind, reason: verdict.reason, fix: fix?.text ?? null, where: fix?.where ?? null, note };
    }
  }
}

function divisionText(division: DivisionRef): string {
  return division.kind === "home" ? "home" : division.kind === "all" ? "*" : division.name;
}

/** Where a located value was written, as the JSON report has it. */
function whereOf(loc: SourceLocation): Where {
  return { file: loc.file, line: loc.line, column: loc.column };
}

function at(where: Where): string {
  return `${where.file}:${where.line}:${where.column}`;
}

/** `ANY of a, b`, `ALL of a, b`, `NONE`. */
function ruleText(type: PermissionRule, list: readonly string[]): string {
  return type === "NONE" ? "NONE (no permission needed)" : `${type} of ${list.join(", ")}`;
}

/** The permissions row: the rule and list, saying which entries no role can hold (`admin`, prose). */
function permissionsText(type: PermissionRule, list: readonly string[]): string {
  const nonStandard = list.filter((permission) => !isStandardPermission(permission));
  if (nonStandard.length === 0) return ruleText(type, list);
  if (nonStandard.length === list.length) return `${type} of ${quoteList(list)} (not role permissions: scopegate cannot check them)`;
  return `${ruleText(type, list)} (${quoteList(nonStandard, "and")} ${nonStandard.length === 1 ? "is not a role permission" : "are not role permissions"})`;
}

/** For user grants: the signed-in user's own permissions decide too, and scopegate cannot see them. */
function userPermissionsNote(operation: ApiOperation): string {
  const { type } = operation.permissions;
  if (type === "NONE") return "the signed-in user needs no permission for it.";
  const list = operation.permissions.list.filter(isStandardPermission);
  if (list.length === 0) return "the signed-in user's own permissions also apply; the API definition does not name them as role permissions.";
  const needs = list.length === 1 ? `'${list[0]}'` : `${type === "ANY" ? "one of" : "each of"} ${quoteList(list, type === "ANY" ? "or" : "and")}`;
  return `the signed-in user's own permissions also apply: the user needs ${needs} (scopegate cannot see users' roles).`;
}

/** Add a scope to the client's `scopes:` (a `:readonly` one when the operation allows it: least privilege). */
function scopeFix(scopes: readonly string[], client: OAuthClientModel): { text: string; where: Where } {
  const where = whereOf(client.scopes[0]?.loc ?? client.loc);
  const readonly = scopes.find((scope) => scope.endsWith(":readonly"));
  const which = scopes.length === 1 ? `'${scopes[0]}'` : `one of ${quoteList(scopes)}${readonly === undefined ? "" : ` (such as '${readonly}', the narrowest)`}`;
  const list = client.scopes.length === 0 ? "a 'scopes:' list of the client declared" : "the client's 'scopes:'";
  return { text: `add ${which} to ${list} at ${at(where)}.`, where };
}

/**
 * Where a CLIENT-CREDENTIALS client gets the permissions it lacks: a role it holds that scopegate manages (one already
 * holding permissions of the same domain first), else an `existing` one (changed in Genesys Cloud too), else a
 * declared role that holds them, to grant; else a new role.
 */
function permissionFix(type: "ANY" | "ALL", missing: readonly string[], subject: Subject): { text: string; role: string | null; where: Where } {
  const { client, roles } = subject;
  const what = missing.length === 1 ? `'${missing[0]}'` : type === "ANY" ? `one of ${quoteList(missing)}` : `each of ${quoteList(missing, "and")}`;
  const granted = [...new Set(client.roles.map((grant) => grant.role.value))].flatMap((name) => roles.get(name) ?? []);
  if (granted.length > 0) {
    const domains = new Set(missing.map((permission) => splitPermission(permission)[0]));
    const sameDomain = (role: DeclaredRoleModel) => role.permissions.some((held) => domains.has(splitPermission(held.value)[0]));
    const managed = granted.filter((role) => !role.existing);
    const role = managed.find(sameDomain) ?? managed[0] ?? granted.find(sameDomain) ?? granted[0];
    const where = whereOf(role.loc);
    const text = role.existing
      ? `add ${what} to role '${role.role}' in Genesys Cloud (it is 'existing': scopegate does not create it), then to its declaration under 'roles:' at ${at(where)}.`
      : `add ${what} to role '${role.role}' under 'roles:' at ${at(where)}.`;
    return { text, role: role.role, where };
  }
  const where = whereOf(client.loc);
  const holds = (role: DeclaredRoleModel) => {
    const covered = (permission: string) => role.permissions.some((held) => permissionCovers(held.value, permission));
    return type === "ANY" ? missing.some(covered) : missing.every(covered);
  };
  const holder = [...roles.values()].find(holds);
  if (holder !== undefined) {
    return { text: `the client holds no role: grant role '${holder.role}' (declared at ${at(whereOf(holder.loc))}, it holds ${what}) under the client's 'roles:' at ${at(where)}.`, role: holder.role, where };
  }
  return { text: `the client holds no role: grant a role holding ${what} under the client's 'roles:' at ${at(where)} (declare it under 'roles:' with those permissions).`, role: null, where };
}

/** A CLIENT-CREDENTIALS client whose roles' permissions are not declared: declare them (where the grant is) to check. */
function undeclaredRolesFix(operation: ApiOperation, subject: Subject): { text: string; where: Where } | undefined {
  const undeclared = subject.client.roles.filter((grant) => !subject.roles.has(grant.role.value));
  const standard = operation.permissions.list.filter(isStandardPermission);
  if (undeclared.length === 0 || standard.length === 0) return undefined;
  const where = whereOf(undeclared[0].role.loc);
  const names = quoteList([...new Set(undeclared.map((grant) => grant.role.value))], "and");
  const needs = ruleText(operation.permissions.type, standard);
  return { text: `make sure a granted role holds ${needs}; to have scopegate check it, declare ${names} under 'roles:' (with 'existing: true' for a role scopegate should not create). Granted at ${at(where)}.`, where };
}

/** Prints the report and returns the exit code: 1 when something is missing (or, with --strict, unknown). */
function print(report: AccessReport, format: (typeof FORMATS)[number], io: CliIO, strict: boolean): number {
  io.stdout.write(format === "json" ? `${JSON.stringify(report, null, 2)}\n` : textOf(report, strict));
  const summary = report.summary;
  if (summary === null) return EXIT.ok;
  return summary.missing > 0 || (strict && summary.unknown > 0) ? EXIT.findings : EXIT.ok;
}

const LABELS: Readonly<Record<AccessVerdict["kind"], string>> = {
  allowed: "allowed",
  missingPermissions: "MISSING",
  missingScope: "MISSING",
  unknown: "could not check",
};

function textOf(report: AccessReport, strict: boolean): string {
  const lines: string[] = [];
  const client = report.client;
  if (client !== null) {
    lines.push(`Client '${client.key}' of ${client.tenant} ${client.environment} (${client.grant}), declared at ${client.file}:${client.line}:${client.column}`);
    if (client.grant === "CLIENT-CREDENTIALS") {
      const roles = client.roles.map(({ role, division, declared }) => `'${role}' (${division === "home" ? "home division" : division === "*" ? "all divisions" : `division '${division}'`}${declared ? "" : ", permissions not declared"})`);
      lines.push(`  roles:  ${roles.length === 0 ? "(none)" : roles.join(", ")}`, "  It acts through its roles' permissions; OAuth scopes do not apply to client credentials.");
    } else {
      lines.push(`  scopes: ${client.scopes.length === 0 ? "(none)" : client.scopes.join(", ")}`, "  A user grant: the client needs a scope, and the signed-in user the permissions.");
    }
    lines.push("");
  }
  for (const operation of report.operations) {
    const name = `${operation.key} (${operation.operationId})`;
    lines.push(operation.verdict === null ? name : `[${LABELS[operation.verdict]}] ${name}`);
    const row = (label: string, text: string) => lines.push(`  ${`${label}:`.padEnd(13)}${text}`);
    if (operation.capabilities.length > 0) row(operation.capabilities.length === 1 ? "capability" : "capabilities", operation.capabilities.join(", "));
    row("permissions", permissionsText(operation.permissions.type, operation.permissions.list));
    // Scopes do not apply to client credentials: shown for user grants and without a client.
    if (client === null || client.grant !== "CLIENT-CREDENTIALS") {
      row("scopes", operation.scopes === null ? "unknown (the catalog does not know which scopes allow it)" : operation.scopes.length === 0 ? "none needed" : `${operation.scopes.join(", ")} (any one)`);
    }
    if (operation.preview) row("preview", "yes (a preview API: it may change or go away)");
    if (operation.deprecated) row("deprecated", "yes");
    if (operation.through !== null) row("through", operation.through);
    if (operation.missing !== null) {
      const what = operation.verdict === "missingScope" ? "scope" : "permission";
      const list = operation.missing.list;
      row("missing", list.length === 1 ? `${what} ${list[0]}` : `${operation.missing.type === "ANY" ? `one ${what} of` : `each ${what} of`} ${list.join(", ")}`);
    }
    if (operation.reason !== null) row("why", operation.reason);
    if (operation.fix !== null) row("fix", operation.fix);
    if (operation.note !== null) row("note", operation.note);
    lines.push("");
  }
  const summary = report.summary;
  if (summary === null) {
    lines.push(
      "A CLIENT-CREDENTIALS client needs a granted role holding the permissions (ANY: one of them; ALL: each); a user",
      "grant needs one of the scopes, and the signed-in user the permissions.",
    );
  } else {
    const counts = `${summary.allowed} allowed, ${summary.missing} missing something, ${summary.unknown} could not be checked`;
    lines.push(`${plural(report.operations.length, "operation")}: ${counts}.`);
    if (summary.unknown > 0) {
      lines.push(strict ? "With --strict, an operation that could not be checked fails." : "An operation that could not be checked is not known to be allowed; --strict fails on it.");
    }
  }
  lines.push(`Operations catalog: ${report.catalog}.`);
  // Names and paths come from the configuration: control characters are shown as escapes, never sent to the terminal.
  return `${lines.join("\n").split("\n").map(oneLine).join("\n")}\n`;
}
