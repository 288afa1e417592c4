/**
 * Scanned Terraform as scopegate's model: each root module (or plan configuration) becomes one `OrgEnvironment`, each
 * `genesyscloud_oauth_client` one `OAuthClientModel`, so the rules that check YAML check Terraform too.
 *
 * References are followed where the configuration says what they mean: a role id read from
 * `data.genesyscloud_auth_role.x.id` is that data source's role name (marked as a reference), a variable with a literal
 * default is that default. What cannot be followed is marked unknown, never taken as empty.
 */
import * as path from "node:path";
import type {
  BindingModel,
  DivisionRef,
  GrantType,
  Located,
  OAuthClientModel,
  OrgEnvironment,
  PolicyModel,
  RoleGrant,
  DeclaredRoleModel,
  PermissionPolicyModel,
  ScopegateModel,
  SourceLocation,
  StateLocation,
  Tier,
  UnknownClientSetting,
  UnknownOrgSetting,
} from "../model/model";
import { DEFAULT_REMOTE_HOSTNAME } from "../config/outputs";
import type { ConfigProblem } from "../config/problems";
import { oneRolePerName } from "../model/roles";
import type { TerraformSources, TfBlock, TfLiteral, TfModule, TfObject, TfValue } from "../model/terraform";
import { moduleFolder } from "./read-paths";
import { addressOf, blockBodies, environmentNameOf, MODULE_META_ARGUMENTS, singleReference, variableValueOf } from "../model/terraform";

/** Options of a scan's model. */
export interface ScanModelOptions {
  /** What was scanned, for the model's `source`: the paths, joined. */
  readonly source: string;
  /** Tier of orgs whose files do not state one. @default "prod": an org of unknown tier gets the strictest checks */
  readonly tier?: Tier;
  /** A scopegate configuration whose profiles, known scopes, role permissions and policy apply to the scan. */
  readonly configuration?: ScopegateModel;
  /** The working directory: module labels and local state paths are relative to it. */
  readonly cwd: string;
}

/** A policy with nothing declared: every rule at its default severity, no waivers. */
export const DEFAULT_POLICY: PolicyModel = {
  tiers: { prod: { rules: new Map(), maxTokenValiditySeconds: undefined }, nonprod: { rules: new Map(), maxTokenValiditySeconds: undefined } },
  waivers: [],
};

/** The model of everything scanned; problems are annotations scopegate cannot read (the caller exits 2). */
export function modelOfTerraform(sources: TerraformSources, options: ScanModelOptions): { model: ScopegateModel; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const roots = [...sources.modules, ...sources.plans.map((plan) => plan.configuration)].filter((module) => module.calledBy === undefined);
  const byLabel = new Map([...sources.modules, ...sources.plans.flatMap((plan) => plan.childModules ?? [])].map((module) => [module.label, module]));
  // One tree of indexes per root module (the root, then the child modules it calls, with the values it passes them),
  // read by both the org and its roles. A tree with nothing of Genesys Cloud in it (a network module, a shared
  // backend file) is not an org.
  const trees = roots
    .map((root): ModuleTree => {
      const index = new ModuleIndex(root);
      return { root: index, children: calledModules(index, byLabel, "", new Set([root.label])) };
    })
    .filter((tree) => [tree.root, ...tree.children.map((child) => child.index)].some((index) => isGenesysModule(index.module)));
  const environments = trees.map((tree) => orgOfModule(tree, options.tier ?? "prod", options.cwd, problems));
  const indexes = trees.flatMap((tree) => [tree.root, ...tree.children.map((child) => child.index)]);
  const configuration = options.configuration;
  const model: ScopegateModel = {
    source: options.source,
    terraform: sources,
    baseDir: options.cwd,
    profiles: configuration?.profiles ?? [],
    knownScopes: configuration?.knownScopes ?? [],
    roles: rolesOf(configuration?.roles ?? [], indexes.flatMap(managedRoles)),
    policy: configuration?.policy ?? DEFAULT_POLICY,
    tenants: [...new Set(environments.map((org) => org.tenant))],
    environments,
  };
  return { model, problems };
}

/** A root module's index, and the indexes of the modules it calls (and they call), each with its address prefix. */
interface ModuleTree {
  readonly root: ModuleIndex;
  readonly children: readonly { readonly index: ModuleIndex; readonly prefix: string }[];
}

/** Calls deeper than this are not followed (Terraform has no limit; a chain this long is a mistake or a cycle). */
const MAX_MODULE_DEPTH = 8;

/**
 * The modules `caller` calls, and those they call, each indexed with the values its call passes to its variables:
 * `module.bots.` before the addresses of module `bots`. A module already on the path (a cycle) is not followed again.
 */
function calledModules(caller: ModuleIndex, byLabel: ReadonlyMap<string, TfModule>, prefix: string, path: ReadonlySet<string>): { index: ModuleIndex; prefix: string }[] {
  if (path.size > MAX_MODULE_DEPTH) return [];
  return (caller.module.calls ?? []).flatMap((call) => {
    const child = byLabel.get(call.child);
    if (makesNoInstances(call.body, caller)) return [];
    if (child === undefined || path.has(child.label)) return [];
    const values = new Map([...call.body.entries].filter(([name]) => !MODULE_META_ARGUMENTS.has(name)).map(([name, value]) => [name, passedValue(value, caller)]));
    const index = new ModuleIndex({ ...child, variableValues: values });
    const childPrefix = `${prefix}module.${call.name}.`;
    return [{ index, prefix: childPrefix }, ...calledModules(index, byLabel, childPrefix, new Set([...path, child.label]))];
  });
}

/**
 * A value a module call passes, as the child sees it: literals as the caller has them (followed through the caller's
 * variables and locals, located where written), and anything computed in the caller's scope as an expression with no
 * references the child could follow into its own blocks.
 */
function passedValue(value: TfValue, caller: ModuleIndex): TfValue {
  const resolved = caller.resolve(value) ?? value;
  switch (resolved.kind) {
    case "literal":
      return resolved;
    case "list":
      return { ...resolved, items: resolved.items.map((item) => passedValue(item, caller)) };
    case "object":
      return { ...resolved, entries: new Map([...resolved.entries].map(([key, item]) => [key, passedValue(item, caller)])) };
    case "expression":
      return { kind: "expression", text: resolved.text, references: [], loc: resolved.loc };
  }
}

/**
 * Whether a resource or module call is switched off for good: `count = 0` or `for_each` over nothing, written as a
 * literal or a variable's value. A count Terraform computes (`var.enabled ? 1 : 0`) may make instances: it is checked.
 */
function makesNoInstances(body: TfObject, index: ModuleIndex): boolean {
  const count = index.resolve(body.entries.get("count"));
  if (count?.kind === "literal" && Number(count.value) === 0 && count.value !== null && count.value !== "") return true;
  const forEach = index.resolve(body.entries.get("for_each"));
  return (forEach?.kind === "list" && forEach.items.length === 0) || (forEach?.kind === "object" && forEach.entries.size === 0);
}

/** Whether a module has a `genesyscloud` provider, resource or data source: what makes it an org of the scan. */
function isGenesysModule(module: TfModule): boolean {
  return module.blocks.some((block) => (block.kind === "provider" || block.kind === "resource" || block.kind === "data") && block.type?.startsWith("genesyscloud") === true);
}

/** The blocks of a module by Terraform address, and how to follow a reference into them. */
class ModuleIndex {
  private readonly byAddress = new Map<string, TfBlock>();
  private readonly locals = new Map<string, TfValue>();

  constructor(readonly module: TfModule) {
    for (const block of module.blocks) {
      if (block.kind === "locals") for (const [name, value] of block.body.entries) this.locals.set(name, value);
      else this.byAddress.set(addressOf(block), block);
    }
  }

  block(address: string): TfBlock | undefined {
    return this.byAddress.get(address);
  }

  /** The blocks of one kind and type, in the order read. */
  blocks(kind: TfBlock["kind"], type?: string): TfBlock[] {
    return this.module.blocks.filter((block) => block.kind === kind && (type === undefined || block.type === type));
  }

  /**
   * The value variable `name` takes, as Terraform would: the value set for it from outside (variables files,
   * `--var`), else its `default`. Undefined for a variable the module does not declare, even if a value is set.
   */
  variableValue(name: string): TfValue | undefined {
    return variableValueOf(this.module, this.block(`var.${name}`));
  }

  /**
   * A value with single references followed to a literal where the configuration has one: `var.x` to the value it
   * takes (`variableValue`), `local.x` to its value. Anything else is returned as it is.
   */
  resolve(value: TfValue | undefined, depth = 0): Resolved | undefined {
    if (value?.kind !== "expression" || depth > 8) return value;
    const reference = singleReference(value);
    if (reference === undefined) return value;
    const [root, name] = reference.split(".");
    const target = root === "var" ? this.variableValue(name) : root === "local" && reference.split(".").length === 2 ? this.locals.get(name) : undefined;
    if (target === undefined) return value;
    const resolved = this.resolve(target, depth + 1);
    return resolved === undefined || resolved.kind === "expression" ? value : withReference(resolved, reference);
  }
}

/** A value found by following a reference, which it remembers. */
type Resolved = TfValue & { readonly reference?: string };

/** Marks a value resolved through a reference. */
function withReference(value: TfValue, reference: string): Resolved {
  return { ...value, reference };
}


/** A literal's value where the value is one. */
function literalOf(value: TfValue | undefined): TfLiteral | undefined {
  return value?.kind === "literal" ? value.value : undefined;
}

function located<T>(value: T, from: TfValue): Located<T> {
  const reference = from.kind === "expression" ? (singleReference(from) ?? from.text) : (from as Resolved).reference;
  return reference === undefined ? { value, loc: from.loc } : { value, loc: from.loc, reference };
}

/** `scopegate:` annotations that say which org a module is, from the provider block and the org lookup. */
const ORG_ANNOTATIONS = ["tenant", "environment", "tier", "orgName"] as const;

/** The org a root module deploys to, with the clients of the modules it calls. */
function orgOfModule(tree: ModuleTree, defaultTier: Tier, cwd: string, problems: ConfigProblem[]): OrgEnvironment {
  const index = tree.root;
  const module = index.module;
  const provider = index.blocks("provider", "genesyscloud").find((block) => block.body.entries.get("alias") === undefined) ?? index.blocks("provider", "genesyscloud")[0];
  const orgLookup = index.blocks("data", "genesyscloud_organizations_me")[0];
  const annotation = (key: (typeof ORG_ANNOTATIONS)[number]) => orgLookup?.annotations.get(key) ?? provider?.annotations.get(key);
  const moduleLoc: SourceLocation = provider?.loc ?? module.blocks[0]?.loc ?? { file: module.files[0] ?? module.label, line: 1, column: 1 };
  const unknown = new Set<UnknownOrgSetting>();

  const declaredTier = annotation("tier");
  let tier: Located<Tier> = { value: defaultTier, loc: moduleLoc };
  if (declaredTier !== undefined) {
    if (declaredTier.value === "prod" || declaredTier.value === "nonprod") tier = { value: declaredTier.value, loc: declaredTier.loc };
    else problems.push({ ...declaredTier.loc, message: `Annotation 'scopegate: tier=${declaredTier.value}' names no tier; expected 'prod' or 'nonprod'.` });
  }
  const tenant = annotation("tenant")?.value ?? module.label;
  // A folder that does not say which environment it is is its own tenant, and its environment is named by its folder.
  const environment = annotation("environment")?.value ?? environmentNameOf(path.resolve(cwd, module.label));
  // scopegate's own stacks say which tenant and environment they are; their variables are named after the
  // environment variables holding the credentials, as in the YAML.
  const ownStack = annotation("tenant") !== undefined && annotation("environment") !== undefined;

  const region = index.resolve(provider?.body.entries.get("aws_region"));
  const regionText = literalOf(region);
  if (typeof regionText !== "string") unknown.add("region");
  const orgName = annotation("orgName");
  if (orgName === undefined) unknown.add("orgName");

  const variableOf = (key: string): Located<string> | undefined => {
    const value = provider?.body.entries.get(key);
    const reference = value === undefined ? undefined : singleReference(value);
    return reference?.startsWith("var.") ? { value: reference.slice(4), loc: value!.loc } : undefined;
  };
  const clientIdEnv = variableOf("oauthclient_id");
  const clientSecretEnv = variableOf("oauthclient_secret");
  if (!ownStack || clientIdEnv === undefined || clientSecretEnv === undefined) unknown.add("credentials");
  const state = stateOf(index, cwd);
  if (state.location === undefined) unknown.add("backend");

  return {
    tenant,
    environment,
    stackName: ownStack ? `${tenant}-${environment}` : module.label,
    scannedFrom: module.label,
    tier,
    region: typeof regionText === "string" ? located(regionText, region!) : { value: "", loc: moduleLoc },
    orgName: orgName ?? { value: "", loc: moduleLoc },
    credentials: { clientIdEnv: clientIdEnv ?? { value: "", loc: moduleLoc }, clientSecretEnv: clientSecretEnv ?? { value: "", loc: moduleLoc } },
    backend: { type: "local", loc: state.loc ?? moduleLoc },
    stateLocation: state.location,
    bindings: bindingsOf(index),
    // A child module's clients are the org's too, named by their address from the root: 'module.bots.bot'.
    oauthClients: [...clientsOf(index), ...tree.children.flatMap((child) => clientsOf(child.index).map((client) => ({ ...client, key: `${child.prefix}${client.key}` })))],
    unknown,
    loc: moduleLoc,
  };
}

/**
 * Where a module keeps its state, from its `backend` (or `cloud`) block: a local file (by default `terraform.tfstate`
 * in the module's folder; a relative path is relative to it), an S3 object, a remote workspace. Undefined where a
 * setting is computed, for other backends and for plans (which do not record the backend).
 */
function stateOf(index: ModuleIndex, cwd: string): { location?: StateLocation; loc?: SourceLocation } {
  const module = index.module;
  if (module.format === "plan") return {};
  const folder = moduleFolder(module, cwd);
  const settings = index.blocks("terraform").flatMap((block) => {
    const backend = blockBodies(block.body.entries.get("backend"))[0];
    const [type, body] = backend === undefined ? [] : [...backend.entries].filter(([key]) => key !== "//")[0] ?? [];
    if (type !== undefined && body !== undefined) return [{ type, body: blockBodies(body)[0], loc: body.loc }];
    const cloud = blockBodies(block.body.entries.get("cloud"))[0];
    return cloud === undefined ? [] : [{ type: "remote", body: cloud, loc: cloud.loc }];
  });
  const declared = settings[0];
  if (declared === undefined) return { location: { type: "local", path: path.join(folder, "terraform.tfstate") } };
  const setting = (key: string, within = declared.body) => {
    const value = literalOf(index.resolve(within?.entries.get(key)));
    return typeof value === "string" ? value : undefined;
  };
  const loc = declared.loc;
  switch (declared.type) {
    case "local":
      if (declared.body?.entries.has("path") === true && setting("path") === undefined) return { loc };
      return { location: { type: "local", path: path.resolve(folder, setting("path") ?? "terraform.tfstate") }, loc };
    case "s3": {
      const [bucket, key, region] = [setting("bucket"), setting("key"), setting("region")];
      if (bucket === undefined || key === undefined) return { loc };
      return { location: { type: "s3", bucket, key, region: region ?? "", dynamodbTable: setting("dynamodb_table") }, loc };
    }
    case "remote": {
      const workspaces = blockBodies(declared.body?.entries.get("workspaces"))[0];
      const organization = setting("organization");
      const workspace = setting("name", workspaces);
      if (organization === undefined || workspace === undefined) return { loc };
      return { location: { type: "remote", hostname: setting("hostname") ?? DEFAULT_REMOTE_HOSTNAME, organization, workspace }, loc };
    }
    default:
      return { loc };
  }
}

/** Outputs with a literal value: what an application reads per environment. */
function bindingsOf(index: ModuleIndex): BindingModel[] {
  return index.blocks("output").flatMap((block) => {
    const value = index.resolve(block.body.entries.get("value"));
    const literal = literalOf(value);
    if (literal === undefined || literal === null) return [];
    return [{ name: block.type, value: located(literal, value!) }];
  });
}

/** Every OAuth client, rotation copies of scopegate's own stacks folded into one client with its copy count. */
function clientsOf(index: ModuleIndex): OAuthClientModel[] {
  const clients: OAuthClientModel[] = [];
  for (const block of index.blocks("resource", "genesyscloud_oauth_client")) {
    if (makesNoInstances(block.body, index)) continue;
    const copy = block.annotations.get("copy");
    if (copy !== undefined && copy.value !== "1") continue;
    clients.push(clientOf(block, index));
  }
  return clients;
}

/** `scopegate:capabilities=bot-session,guest-tokens` in a description. */
const DESCRIPTION_TAG = /scopegate:capabilities=([\w:,\s*-]*[\w*-])/;

function clientOf(block: TfBlock, index: ModuleIndex): OAuthClientModel {
  const body = block.body;
  const unknown = new Set<UnknownClientSetting>();
  const attribute = (key: string) => index.resolve(body.entries.get(key));
  const text = (key: string, setting?: UnknownClientSetting): Located<string> | undefined => {
    const value = attribute(key);
    if (value === undefined) return undefined;
    const literal = literalOf(value);
    if (literal !== undefined && literal !== null) return located(String(literal), value);
    if (setting !== undefined) unknown.add(setting);
    return value.kind === "expression" ? located(value.text, value) : undefined;
  };
  const list = (key: string, setting: UnknownClientSetting): Located<string>[] => {
    const value = attribute(key);
    if (value === undefined) return [];
    if (value.kind !== "list") {
      unknown.add(setting);
      return [];
    }
    return value.items.flatMap((item) => {
      const resolved = index.resolve(item);
      const literal = literalOf(resolved);
      if (typeof literal === "string") return [located(literal, resolved!)];
      unknown.add(setting);
      return [];
    });
  };

  const rotation = block.annotations.get("rotation");
  const copies = rotation !== undefined && /^\d+$/.test(rotation.value) ? Number(rotation.value) : 1;
  const declaredName = text("name", "name") ?? { value: block.name, loc: block.loc };
  // scopegate names rotation copies `<name>-1..N`; the model holds the name they share.
  const name = copies > 1 && declaredName.value.endsWith("-1") ? { ...declaredName, value: declaredName.value.slice(0, -2) } : declaredName;
  const description = text("description");
  const grant = text("authorized_grant_type", "grant");
  if (grant === undefined) unknown.add("grant");
  const validity = attribute("access_token_validity_seconds");
  const seconds = literalOf(validity);
  const tokenValiditySeconds =
    validity === undefined ? undefined : seconds !== null && seconds !== undefined && seconds !== "" && Number.isFinite(Number(seconds)) ? located(Number(seconds), validity) : undefined;
  if (validity !== undefined && tokenValiditySeconds === undefined) unknown.add("tokenValiditySeconds");
  const exposed = literalOf(attribute("expose_client_secret"));
  if (attribute("expose_client_secret") !== undefined && exposed === undefined) unknown.add("exposeSecret");
  const state = literalOf(attribute("state"));

  return {
    key: block.annotations.get("client")?.value ?? block.name,
    name,
    description,
    grant: (grant ?? { value: "", loc: block.loc }) as Located<GrantType>,
    capabilities: capabilitiesOf(block, description, unknown),
    scopes: list("scopes", "scopes"),
    roles: roleGrantsOf(block, index, unknown),
    redirectUris: list("registered_redirect_uris", "redirectUris"),
    tokenValiditySeconds,
    rotation: rotation !== undefined ? { value: copies, loc: rotation.loc } : { value: 1, loc: block.loc },
    exposeSecret: { value: exposed === true || exposed === "true", loc: body.entries.get("expose_client_secret")?.loc ?? block.loc },
    secretDirectory: text("directory_client_secret"),
    state: { value: state === "inactive" ? "inactive" : "active", loc: body.entries.get("state")?.loc ?? block.loc },
    only: undefined,
    overridden: new Set(),
    unknown,
    loc: block.loc,
  };
}

/** From a `scopegate: capabilities=…` annotation, else a tag in the description; unknown when neither says. */
function capabilitiesOf(block: TfBlock, description: Located<string> | undefined, unknown: Set<UnknownClientSetting>): Located<string>[] {
  const annotation = block.annotations.get("capabilities");
  const tagged = description === undefined ? undefined : DESCRIPTION_TAG.exec(description.value)?.[1];
  const source = annotation ?? (tagged === undefined ? undefined : { value: tagged, loc: description!.loc });
  if (source === undefined) {
    unknown.add("capabilities");
    return [];
  }
  return source.value
    .split(/[\s,]+/)
    .filter((name) => name !== "")
    .map((name) => ({ value: name, loc: source.loc }));
}

/** Data sources and resources whose `name` is a role's or division's name. */
const ROLE_SOURCES = ["data.genesyscloud_auth_role.", "genesyscloud_auth_role."];
const DIVISION_SOURCES = ["data.genesyscloud_auth_division.", "genesyscloud_auth_division."];
const HOME_DIVISION_SOURCES = ["data.genesyscloud_auth_division_home."];

function roleGrantsOf(block: TfBlock, index: ModuleIndex, unknown: Set<UnknownClientSetting>): RoleGrant[] {
  const dynamic = blockBodies(block.body.entries.get("dynamic"));
  if (dynamic.some((body) => body.entries.has("roles"))) unknown.add("roles");
  const roles = block.body.entries.get("roles");
  if (roles !== undefined && roles.kind !== "list" && roles.kind !== "object") unknown.add("roles");
  return blockBodies(roles).map((grant): RoleGrant => {
    const roleId = grant.entries.get("role_id");
    const role = roleId === undefined ? { value: "", loc: grant.loc } : namedBy(roleId, index, ROLE_SOURCES);
    return { role, division: divisionOf(grant, index) };
  });
}

/**
 * What an id attribute names: the `name` of the role or division it reads (`data.genesyscloud_auth_role.x.id`), a
 * literal id as written (a variable's literal default counts as written), or the expression where neither applies.
 */
function namedBy(value: TfValue, index: ModuleIndex, sources: readonly string[]): Located<string> {
  const resolved = index.resolve(value)!;
  const literal = literalOf(resolved);
  if (literal !== undefined && literal !== null) return located(String(literal), resolved);
  if (value.kind !== "expression") return { value: "", loc: value.loc };
  const reference = singleReference(value);
  const source = reference === undefined ? undefined : sources.find((prefix) => reference.startsWith(prefix));
  if (reference !== undefined && source !== undefined && reference.endsWith(".id")) {
    const name = literalOf(index.resolve(index.block(reference.slice(0, -3))?.body.entries.get("name")));
    if (typeof name === "string") return { value: name, loc: value.loc, reference };
  }
  return located(value.text, value);
}

function divisionOf(grant: TfObject, index: ModuleIndex): Located<DivisionRef> {
  const value = grant.entries.get("division_id");
  if (value === undefined) return { value: { kind: "home" }, loc: grant.loc };
  const reference = singleReference(value);
  if (reference !== undefined && HOME_DIVISION_SOURCES.some((prefix) => reference.startsWith(prefix))) return { value: { kind: "home" }, loc: value.loc, reference };
  const named = namedBy(value, index, DIVISION_SOURCES);
  if (named.value === "") return { ...named, value: { kind: "home" } };
  if (named.value === "*") return { ...named, value: { kind: "all" } };
  return { ...named, value: { kind: "name", name: named.value } };
}

/**
 * One role per name (see `oneRolePerName`: scopegate's own stacks create each role in every org of a tenant, so a
 * scan reads it once per stack). A configuration's declaration (given with --config) wins over what the scan read.
 */
function rolesOf(declared: readonly DeclaredRoleModel[], scanned: readonly DeclaredRoleModel[]): DeclaredRoleModel[] {
  const declaredNames = new Set(declared.map((role) => role.role));
  return [...declared, ...oneRolePerName(scanned.filter((role) => !declaredNames.has(role.role)))];
}

/**
 * Roles the module manages, with the permissions it gives them: `permissions` and `permission_policies`, with
 * variables followed to their defaults. A role whose policies are not all literals (a `dynamic` block, a value from a
 * variable without a default) has `permissionsIncomplete`, so checks never take what could not be read as missing.
 */
function managedRoles(index: ModuleIndex): DeclaredRoleModel[] {
  return index.module.blocks.flatMap((block) => {
    if (block.kind !== "resource" || block.type !== "genesyscloud_auth_role") return [];
    const name = literalOf(index.resolve(block.body.entries.get("name")));
    if (typeof name !== "string") return [];
    const permissions: Located<string>[] = [];
    const policies: PermissionPolicyModel[] = [];
    let incomplete = blockBodies(block.body.entries.get("dynamic")).length > 0;
    const direct = index.resolve(block.body.entries.get("permissions"));
    if (direct !== undefined && direct.kind !== "list") incomplete = true;
    if (direct?.kind === "list") for (const item of direct.items) if (item.kind === "literal" && typeof item.value === "string") permissions.push({ value: item.value, loc: item.loc });
    const policyBlocks = block.body.entries.get("permission_policies");
    if (policyBlocks !== undefined && policyBlocks.kind !== "list" && policyBlocks.kind !== "object") incomplete = true;
    for (const policy of blockBodies(policyBlocks)) {
      const domain = literalOf(index.resolve(policy.entries.get("domain")));
      const entity = literalOf(index.resolve(policy.entries.get("entity_name")));
      const actions = index.resolve(policy.entries.get("action_set"));
      if (typeof domain !== "string" || typeof entity !== "string" || actions?.kind !== "list") {
        incomplete = true;
        continue;
      }
      const literalActions: string[] = [];
      for (const action of actions.items) {
        const value = literalOf(index.resolve(action));
        if (typeof value !== "string") {
          incomplete = true;
          continue;
        }
        literalActions.push(value);
        permissions.push({ value: `${domain}:${entity}:${value}`, loc: action.loc });
      }
      policies.push({ domain, entity, actions: literalActions });
    }
    return [{ role: name, permissions, policies, existing: false, ...(incomplete ? { permissionsIncomplete: true } : {}), loc: block.loc }];
  });
}
