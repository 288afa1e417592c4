import { builtinRoleNamed, foldRoleName } from "../policies/builtin-roles";
import { operationCatalog } from "../policies/operations";
import { BUILTIN_PROFILES } from "../policies/profiles";
import { RULE_IDS, ruleById } from "../policies/registry";
import { prodWaivabilityOf, unwaivableMessagesInProd } from "../policies/rule";
import { clientIdOutputName, ORG_OUTPUT_NAMES } from "./outputs";
import type { ConfigProblem } from "./problems";
import { problemAt } from "./problems";
import type { RawConfig, RawOAuthClient, RawOrg, RawPolicy, RawTenant } from "./raw-config";
import { clientExistsIn, settingIn } from "./raw-config";
import { describePath } from "./schema-validation";
import { didYouMean, quoteList } from "./suggest";
import type { DocPath, YamlSource } from "./yaml-source";

/**
 * Parts of a file left out of the cross-field checks because the schema found them wrong: checks on the rest do not
 * report what follows from those mistakes (a waiver naming a tenant with a type error is not a waiver of an unknown tenant).
 */
export interface Unloaded {
  /** Tenants declared in the file and left out. */
  readonly tenants: ReadonlySet<string>;
  /** Indexes of waivers left out; `"all"` when `policy.waivers` itself is wrong. */
  readonly waivers: ReadonlySet<number> | "all";
  /** Whether `policy.tiers` is left out. */
  readonly tiers: boolean;
  /** Whether `profiles` could not be read, so that capability names cannot be checked. */
  readonly profiles: boolean;
}

const NOTHING_UNLOADED: Unloaded = { tenants: new Set(), waivers: new Set(), tiers: false, profiles: false };

/**
 * Checks that need more than one value at a time, on a file (or the parts of one, see `Unloaded`) that passed the
 * schema: references to environments and capabilities that do not exist, names that would collide once synthesized,
 * and credentials that look like literal secrets.
 */
export function checkSemantics(config: RawConfig, source: YamlSource, unloaded: Unloaded = NOTHING_UNLOADED): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const report: Report = (path, message, part = "value") => problems.push(problemAt(source.locate(path, part), message));
  const capabilityNames = unloaded.profiles ? undefined : [...new Set([...Object.keys(BUILTIN_PROFILES), ...Object.keys(config.profiles ?? {})])];
  const claims: Claims = { stacks: new Map() };

  for (const [tenant, tenantConfig] of Object.entries(config.tenants)) {
    for (const [environment, org] of Object.entries(tenantConfig.orgs)) checkOrg(tenant, environment, org, tenantConfig, claims, report);
    for (const [clientKey, client] of Object.entries(tenantConfig.oauthClients ?? {})) {
      checkClient(tenant, Object.keys(tenantConfig.orgs), clientKey, client, capabilityNames, report);
    }
  }
  if (config.policy !== undefined) checkPolicy(config.policy, config, unloaded, report);
  checkProfiles(config, report);
  checkRoles(config, report);
  return problems;
}

/** Each declared profile says what it needs, and names operations the catalog has. */
function checkProfiles(config: RawConfig, report: Report): void {
  for (const [name, profile] of Object.entries(config.profiles ?? {})) {
    const path = ["profiles", name];
    const declaresScopes = (profile.scopes?.require?.length ?? 0) + (profile.scopes?.allow?.length ?? 0) > 0;
    if ((profile.operations ?? []).length === 0 && !declaresScopes && (profile.permissions ?? []).length === 0) {
      report(path, `Profile '${name}' says nothing a client needs; expected 'operations' (the API operations a client with it calls), 'scopes' or 'permissions'.`, "key");
    }
    // The catalog is large: read only when a profile names operations.
    if ((profile.operations ?? []).length === 0) continue;
    const catalog = operationCatalog();
    profile.operations?.forEach((operation, i) => {
      if (catalog.find(operation) !== undefined) return;
      const suggestion = catalog.nearest(operation);
      const hint = suggestion === undefined ? "" : ` Did you mean '${suggestion}'?`;
      report(
        [...path, "operations", i],
        `Operation '${operation}' is not a Genesys Cloud Platform API operation (${catalog.version}); expected 'METHOD /api/v2/...' as the API reference writes it, or an SDK operation id such as 'postAnalyticsConversationsDetailsJobs'.${hint}`,
      );
    });
  }
}

/**
 * Declared permissions are `domain:entity:action`, a role scopegate creates grants something and is not a built-in
 * role, no two roles differ only in case (the provider's lookup does not tell them apart), a grant names a declared
 * role exactly as declared, and a condition names no org-specific id.
 */
function checkRoles(config: RawConfig, report: Report): void {
  const declaredByFold = new Map<string, string>();
  for (const role of Object.keys(config.roles ?? {})) {
    const twin = declaredByFold.get(foldRoleName(role));
    if (twin !== undefined) {
      report(["roles", role], `Role '${role}' differs from role '${twin}' only in case or spaces; Genesys Cloud looks roles up by name without telling them apart, so expected one declaration.`, "key");
    } else {
      declaredByFold.set(foldRoleName(role), role);
    }
  }
  for (const [tenant, tenantConfig] of Object.entries(config.tenants)) {
    for (const [clientKey, client] of Object.entries(tenantConfig.oauthClients ?? {})) {
      const grantLists: [DocPath, readonly { readonly role: string }[] | undefined][] = [
        [["tenants", tenant, "oauthClients", clientKey, "roles"], client.roles],
        ...Object.entries(client.environments ?? {}).map(([environment, override]): [DocPath, readonly { readonly role: string }[] | undefined] => [["tenants", tenant, "oauthClients", clientKey, "environments", environment, "roles"], override.roles]),
      ];
      for (const [path, grants] of grantLists) {
        grants?.forEach((grant, i) => {
          const declared = declaredByFold.get(foldRoleName(grant.role));
          if (declared !== undefined && declared !== grant.role) {
            report([...path, i, "role"], `Role '${grant.role}' is declared under 'roles:' as '${declared}'; expected the name as declared, so that the client gets the role scopegate creates rather than a lookup.`);
          }
        });
      }
    }
  }
  for (const [role, declared] of Object.entries(config.roles ?? {})) {
    const path = ["roles", role];
    const builtin = builtinRoleNamed(role);
    if (builtin !== undefined && declared.existing !== true) {
      report(path, `Role '${role}' is the built-in role '${builtin}', which every org already has; expected 'existing: true' (and its permissions, if the checks should know them), or a name of its own for a custom role.`, "key");
    }
    declared.permissionPolicies?.forEach((policy, i) => {
      policy.conditions?.terms.forEach((term, j) => {
        term.operands.forEach((operand, k) => {
          const id = operand.queueId !== undefined ? "queueId" : operand.userId !== undefined ? "userId" : undefined;
          if (id === undefined) return;
          report(
            [...path, "permissionPolicies", i, "conditions", "terms", j, "operands", k, id],
            `A role condition names a ${id === "queueId" ? "queue" : "user"} by id; ids differ from org to org, so the same role in every org cannot carry one; expected a condition without org-specific ids, or the role made by hand in each org and declared with 'existing: true'.`,
          );
        });
      });
    });
    declared.permissions?.forEach((permission, i) => {
      if (!/^[^:]+:[^:]+:[^:]+$/.test(permission)) {
        report([...path, "permissions", i], `Permission '${permission}' of role '${role}' is not 'domain:entity:action'; expected three parts such as 'analytics:conversationDetail:view' ('*' for any entity or action, as in 'integration:botconnector:*').`);
      }
    });
    const grants = (declared.permissions?.length ?? 0) + (declared.permissionPolicies?.length ?? 0);
    if (declared.existing !== true && grants === 0) {
      report(path, `Role '${role}' grants nothing; expected 'permissions' or 'permissionPolicies' for a role scopegate creates, or 'existing: true' for a role that already exists in every org.`, "key");
    }
  }
}

/**
 * A value written in a credentials field and used elsewhere through an anchor and alias or a merge key: one problem
 * at each place it is used. The value is not shown, here or (see `load.ts`) in any other message.
 */
export function credentialReuseProblems(source: YamlSource): ConfigProblem[] {
  const seen = new Set<string>();
  const problems: ConfigProblem[] = [];
  for (const reuse of source.credentialReuse) {
    const key = `${reuse.loc.line}:${reuse.loc.column}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const path = describePath(reuse.path);
    const where = reuse.asKey ? (path === "" ? "A key at the top level" : `A key in '${path}'`) : path === "" ? "The configuration" : `'${path}'`;
    // Not the anchor's name: a secret written unquoted after '&' becomes one.
    const through = reuse.anchor === undefined ? "" : " through an anchor";
    problems.push(
      problemAt(
        reuse.loc,
        `${where} is the value of credentials field '${describePath(reuse.slot)}'${through} (not shown); expected a value of its own: what a credentials field holds is used nowhere else, so that it is never shown or written anywhere.`,
      ),
    );
  }
  return problems;
}

/** Policy settings and waivers name rules, tenants, environments and clients that exist, and real dates. */
function checkPolicy(policy: RawPolicy, config: RawConfig, unloaded: Unloaded, report: Report): void {
  for (const tier of unloaded.tiers ? [] : (["prod", "nonprod"] as const)) {
    for (const [rule, severity] of Object.entries(policy.tiers?.[tier]?.rules ?? {})) {
      const problem = tierRuleProblem(tier, rule, severity);
      if (problem !== undefined) report(["policy", "tiers", tier, "rules", rule], problem.message, problem.part);
    }
  }
  const waivers = unloaded.waivers === "all" ? [] : policy.waivers ?? [];
  waivers.forEach((waiver, i) => {
    if (unloaded.waivers !== "all" && unloaded.waivers.has(i)) return;
    const path = ["policy", "waivers", i];
    for (const problem of waiverProblems(waiver)) report([...path, problem.field], problem.message);
    // A tenant with mistakes of its own is declared: what the waiver names in it is not checked.
    if (unloaded.tenants.has(waiver.tenant)) return;
    const tenant = Object.hasOwn(config.tenants, waiver.tenant) ? config.tenants[waiver.tenant] : undefined;
    if (tenant === undefined) {
      // The list of tenants is built only for the message: per waiver it would cost a list of every tenant each time.
      const tenants = Object.keys(config.tenants);
      report([...path, "tenant"], `Waiver names tenant '${waiver.tenant}', which is not declared; expected one of ${quoteList(tenants)}.${didYouMean(waiver.tenant, tenants)}`);
      return;
    }
    const environments = Object.keys(tenant.orgs);
    if (waiver.environment !== undefined && !environments.includes(waiver.environment)) {
      report([...path, "environment"], `Waiver names environment '${waiver.environment}', which tenant '${waiver.tenant}' does not have; expected one of ${quoteList(environments)}.${didYouMean(waiver.environment, environments)}`);
    }
    const clients = Object.keys(tenant.oauthClients ?? {});
    if (waiver.client !== undefined && !clients.includes(waiver.client)) {
      report([...path, "client"], `Waiver names OAuth client '${waiver.client}', which tenant '${waiver.tenant}' does not declare; expected one of ${quoteList(clients)}.${didYouMean(waiver.client, clients)}`);
    }
  });
}

/**
 * What is wrong with a tier's severity setting for a rule, if anything: an unknown rule, or a severity that would
 * silence findings no waiver may accept. Shared with `ScopegatePolicy`, whose `tiers` are the same setting.
 */
export function tierRuleProblem(tier: "prod" | "nonprod", rule: string, severity: string): { readonly message: string; readonly part: "key" | "value" } | undefined {
  const known = ruleById(rule);
  if (known === undefined) {
    return { message: `'${rule}' is not a scopegate rule; expected a rule id that 'scopegate rules' lists.${didYouMean(rule, RULE_IDS)}`, part: "key" };
  } else if (severity !== "error" && (known.neverWaivable ?? []).length > 0) {
    return { message: `Rule '${rule}' cannot be set to '${severity}': some of its findings cannot be waived in any tier, so they cannot be silenced either; expected 'error' or no setting.`, part: "value" };
  } else if (tier === "prod" && severity !== "error" && unwaivableMessagesInProd(known).length > 0) {
    // A setting that silenced a finding no waiver may accept would do what the waiver may not.
    const which = prodWaivabilityOf(known) === "partly" ? "some of its findings" : "its findings";
    return { message: `Rule '${rule}' cannot be lowered to '${severity}' in prod: ${which} there cannot be waived, so they cannot be silenced either; expected 'error' or no setting.`, part: "value" };
  }
  return undefined;
}

/**
 * What is wrong with a waiver on its own (its rule, reason and expiry; not whether what it names exists), field by
 * field. Shared with `ScopegatePolicy`, whose `waivers` are the same setting.
 */
export function waiverProblems(waiver: { readonly rule: string; readonly reason: string; readonly expires: string }): { readonly field: "rule" | "reason" | "expires"; readonly message: string }[] {
  const problems: { field: "rule" | "reason" | "expires"; message: string }[] = [];
  if (!RULE_IDS.includes(waiver.rule)) {
    problems.push({ field: "rule", message: `Waiver names rule '${waiver.rule}', which is not a scopegate rule; expected a rule id that 'scopegate rules' lists.${didYouMean(waiver.rule, RULE_IDS)}` });
  } else if (ruleById(waiver.rule)?.phase === "waivers") {
    problems.push({ field: "rule", message: `Rule '${waiver.rule}' is about waivers and cannot itself be waived; expected the waiver fixed, or the rule's severity set under 'policy.tiers'.` });
  }
  if (waiver.reason.trim().length < 10) {
    problems.push({ field: "reason", message: `Waiver reason is mostly blank; expected a reason of at least 10 characters saying why the finding is accepted.` });
  }
  if (!isCalendarDate(waiver.expires)) {
    problems.push({ field: "expires", message: `Waiver expiry '${waiver.expires}' is not a date; expected a real day such as '2027-03-31' (YYYY-MM-DD).` });
  }
  return problems;
}

/** Whether `YYYY-MM-DD` names a day that exists. */
function isCalendarDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

type Report = (path: DocPath, message: string, part?: "key" | "value") => void;

/** Names that must be unique across the whole file, with who claimed each first. */
interface Claims {
  readonly stacks: Map<string, string>;
}

/** Reports `message` when `name` was claimed before; otherwise claims it for `owner`. */
function claim(claims: Map<string, string>, name: string, owner: string, onTaken: (previousOwner: string) => void): void {
  const previous = claims.get(name);
  if (previous !== undefined) onTaken(previous);
  else claims.set(name, owner);
}

function checkOrg(tenant: string, environment: string, org: RawOrg, tenantConfig: RawTenant, claims: Claims, report: Report): void {
  const orgPath = ["tenants", tenant, "orgs", environment];
  const stackName = `${tenant}-${environment}`;
  claim(claims.stacks, stackName, `tenant '${tenant}' environment '${environment}'`, (owner) =>
    report(orgPath, `Stack name '${stackName}' (tenant '${tenant}', environment '${environment}') is also the stack name of ${owner}; rename a tenant or an environment so that '<tenant>-<environment>' is unique.`, "key"),
  );

  if (org.credentials.clientIdEnv === org.credentials.clientSecretEnv) {
    const path = [...orgPath, "credentials", "clientSecretEnv"];
    report(path, `'${describePath(path)}' names the same environment variable as 'clientIdEnv'; expected two variables, one for the client id and one for the secret.`);
  }
  for (const slot of ["clientIdEnv", "clientSecretEnv"] as const) {
    if (looksLikeLiteralSecret(org.credentials[slot])) {
      const path = [...orgPath, "credentials", slot];
      report(path, `'${describePath(path)}' looks like a literal ${slot === "clientIdEnv" ? "client id" : "secret"} (value not shown), not the name of an environment variable; put the value in an environment variable and write the variable's name here.`);
    }
  }

  for (const [name, value] of Object.entries(org.bindings ?? {})) {
    if (typeof value === "number" && !Number.isSafeInteger(value) && Number.isInteger(value)) {
      report([...orgPath, "bindings", name], `Binding '${name}' is an integer too large to keep exactly; expected a number up to ${Number.MAX_SAFE_INTEGER}, or quote it as a string.`);
    }
  }

  checkOutputNames(tenant, environment, tenantConfig.oauthClients ?? {}, org.bindings ?? {}, report);
}

function checkClient(
  tenant: string,
  environments: readonly string[],
  clientKey: string,
  client: RawOAuthClient,
  capabilityNames: readonly string[] | undefined,
  report: Report,
): void {
  const clientPath = ["tenants", tenant, "oauthClients", clientKey];
  checkCapabilities(client.capabilities ?? [], [...clientPath, "capabilities"], capabilityNames, report);

  (client.only ?? []).forEach((environment, i) => {
    if (!environments.includes(environment)) {
      report([...clientPath, "only", i], `OAuth client '${clientKey}' is limited to environment '${environment}', which tenant '${tenant}' does not have; expected one of ${quoteList(environments)}.${didYouMean(environment, environments)}`);
    }
  });

  for (const [environment, override] of Object.entries(client.environments ?? {})) {
    const overridePath = [...clientPath, "environments", environment];
    if (!environments.includes(environment)) {
      report(overridePath, `OAuth client '${clientKey}' overrides environment '${environment}', which tenant '${tenant}' does not have; expected one of ${quoteList(environments)}.${didYouMean(environment, environments)}`, "key");
    } else if (!clientExistsIn(client, environment)) {
      report(overridePath, `OAuth client '${clientKey}' overrides environment '${environment}' but is limited by 'only' to ${quoteList(client.only ?? [])}; add '${environment}' to 'only' or remove the override.`, "key");
    }
    checkCapabilities(override.capabilities ?? [], [...overridePath, "capabilities"], capabilityNames, report);
  }
}

function checkCapabilities(
  capabilities: readonly string[],
  path: DocPath,
  known: readonly string[] | undefined,
  report: Report,
) {
  // Profiles that could not be read: which capabilities exist is not known.
  if (known === undefined) return;
  capabilities.forEach((capability, i) => {
    if (!known.includes(capability)) {
      report([...path, i], `Capability '${capability}' has no profile; expected a built-in capability or one declared under 'profiles:' (${quoteList(known)}).${didYouMean(capability, known)}`);
    }
  });
}

/** Every output a stack will have must have its own name: generated outputs, rotation copies and bindings. */
function checkOutputNames(
  tenant: string,
  environment: string,
  clients: Readonly<Record<string, RawOAuthClient>>,
  bindings: Readonly<Record<string, unknown>>,
  report: Report,
) {
  const owners = new Map<string, string>(ORG_OUTPUT_NAMES.map((name) => [name, "a built-in output"]));
  for (const [clientKey, client] of Object.entries(clients)) {
    if (!clientExistsIn(client, environment)) continue;
    const rotation = settingIn(client, environment, "rotation") ?? 1;
    const names = Array.from({ length: rotation }, (_, i) => clientIdOutputName(clientKey, i + 1));
    for (const name of names) {
      const owner = owners.get(name);
      if (owner !== undefined) {
        report(["tenants", tenant, "oauthClients", clientKey], `OAuth client '${clientKey}' would emit output '${name}' in environment '${environment}', which is already ${owner}; rename the client.`, "key");
      } else {
        owners.set(name, `the output of OAuth client '${clientKey}'`);
      }
    }
  }
  for (const name of Object.keys(bindings)) {
    const owner = owners.get(name);
    if (owner !== undefined) {
      report(["tenants", tenant, "orgs", environment, "bindings", name], `Binding '${name}' would be emitted as output '${name}', which is already ${owner}; choose another name.`, "key");
    }
  }
}

/**
 * A value in a credentials slot that is a valid identifier but reads like a generated credential: long, one
 * unbroken token, many digits (environment variable names are words joined by underscores).
 */
function looksLikeLiteralSecret(value: string): boolean {
  if (value.length < 20 || value.includes("_")) return false;
  const digits = value.replace(/[^0-9]/g, "").length;
  return digits / value.length >= 0.2;
}
