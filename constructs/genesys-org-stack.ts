import { Aspects, type IAspect, LocalBackend, NamedRemoteWorkspace, RemoteBackend, S3Backend, TerraformStack } from "cdktf";
import { Construct, type IConstruct } from "constructs";
import type { DeclaredRoleModel, OAuthClientModel, SourceLocation, Tier } from "../model/model";
import { foldRoleName } from "../policies/builtin-roles";
import { type CreationSite, creationSite, siteOf } from "./creation-site";
import { DirectoryLookups } from "./directory-lookups";
import { EnvironmentBindings } from "./environment-bindings";
import { GenesysProvider } from "./genesys-provider";
import { identifierFrom } from "./hcl";
import { OrgIdentity } from "./org-identity";
import { annotateForScan } from "./scan-annotations";

/** Where the stack's Terraform state lives; one state per org, never shared between environments. */
export type GenesysStateBackend =
  | { readonly type: "local"; /** The state file, relative to the stack's folder under `cdktf.out/stacks/`. */ readonly path: string }
  | { readonly type: "s3"; readonly bucket: string; readonly key: string; readonly region: string; /** @default - S3 lock files */ readonly dynamodbTable?: string }
  | { readonly type: "remote"; readonly organization: string; readonly workspace: string; /** @default "app.terraform.io" */ readonly hostname?: string };

/** An OAuth client the stack holds (a `GenesysOAuthClient`): the construct, and scopegate's model of it. */
export interface OrgStackClient extends IConstruct {
  readonly model: OAuthClientModel;
}

/** A custom role the stack creates (a `GenesysCustomRole`): the construct, and scopegate's model of it. */
export interface OrgStackRole extends IConstruct {
  readonly model: DeclaredRoleModel;
}

/** Names of the environment variables holding the id and secret of the OAuth client Terraform deploys the stack with. */
export interface GenesysDeployCredentials {
  readonly clientIdEnv: string;
  readonly clientSecretEnv: string;
}

export interface GenesysOrgStackProps {
  /** The customer (tenant) the org belongs to: findings and promotion group orgs by it. */
  readonly tenant: string;
  /** The environment the org serves (`dev`, `test`, `prod` …). */
  readonly environment: string;
  /** The org's name or short (login) name: the org-identity guard refuses to plan with credentials of another org. */
  readonly orgName: string;
  /** The org's region, as the provider's `aws_region` (`eu-west-1`, `us-east-1` …). */
  readonly region: string;
  /**
   * The policy tier: `prod` orgs get the stricter rules.
   * @default "prod" for an environment named `prod` or `production`, else "nonprod"
   */
  readonly tier?: Tier;
  /**
   * The deploying client's credentials, as environment variable names (sensitive Terraform variables of the same name).
   * @default `<TENANT>_<ENVIRONMENT>_CLIENT_ID` and `<TENANT>_<ENVIRONMENT>_CLIENT_SECRET`
   */
  readonly credentials?: GenesysDeployCredentials;
  /**
   * Where the state lives.
   * @default - cdktf's local backend (`terraform.<stack>.tfstate` in the stack's folder)
   */
  readonly backend?: GenesysStateBackend;
  /**
   * Description of the roles and clients that declare none.
   * @default "Managed by scopegate (tenant <tenant>, environment <environment>)."
   */
  readonly defaultDescription?: string;
  /** @internal Set by the YAML app: the stack comes from a scopegate.yaml, which `scopegate deploy` deploys. */
  readonly fromConfiguration?: boolean;
  /** @internal Set by the YAML app: where the org is declared, instead of where the code that created the stack is. */
  readonly declaredAt?: SourceLocation;
}

/**
 * One Genesys Cloud org (a tenant in one environment) as one Terraform stack named `<tenant>-<environment>`: the
 * `genesyscloud` provider with sensitive credential variables, the org lookup (`data.genesyscloud_organizations_me`;
 * the org id is never typed in) with the org-identity guard every resource carries, shared role and division lookups,
 * the state backend, and the bindings an application needs as outputs. Add `GenesysCustomRole`s and
 * `GenesysOAuthClient`s to it.
 */
export class GenesysOrgStack extends TerraformStack {
  /** The stack an OAuth client or custom role belongs to; throws when it is not inside a `GenesysOrgStack`. */
  public static of(construct: Construct): GenesysOrgStack {
    const stack = TerraformStack.of(construct);
    if (!(stack instanceof GenesysOrgStack)) throw new Error(`'${construct.node.path}' must be created inside a GenesysOrgStack.`);
    return stack;
  }

  /** Whether a construct is a `GenesysOrgStack`. */
  public static isGenesysOrgStack(construct: unknown): construct is GenesysOrgStack {
    return construct instanceof GenesysOrgStack;
  }

  public readonly tenant: string;
  public readonly environment: string;
  public readonly orgName: string;
  public readonly region: string;
  public readonly tier: Tier;
  public readonly credentials: GenesysDeployCredentials;
  public readonly backend: GenesysStateBackend | undefined;
  /** The provider (construct id `Provider`). */
  public readonly provider: GenesysProvider;
  /** The org lookup and its guard (construct id `OrgIdentity`). */
  public readonly identity: OrgIdentity;
  /** Role and division lookups by name, shared by the stack's clients (construct id `Lookups`). */
  public readonly lookups: DirectoryLookups;
  /** The outputs: org id, name, region, URLs, each client's id, and `addBinding` values (construct id `Bindings`). */
  public readonly bindings: EnvironmentBindings;
  /** A construct to hold custom roles (id `Roles`); roles may be created anywhere in the stack. */
  public readonly roles: Construct;
  public readonly defaultDescription: string;
  private readonly site: CreationSite;
  private readonly clientConstructs: OrgStackClient[] = [];
  private readonly roleConstructs: OrgStackRole[] = [];
  /** The custom roles by folded name (`foldRoleName`): one per name, as Genesys Cloud compares them. */
  private readonly rolesByName = new Map<string, { readonly name: string; readonly role: OrgStackRole }>();
  private readonly roleAddresses = new Set<string>();

  constructor(scope: Construct, props: GenesysOrgStackProps) {
    const stackName = `${props.tenant}-${props.environment}`;
    super(scope, stackName);
    // The stack name is the folder cdktf writes the stack to and its state key: two stacks of one name in different
    // scopes would silently overwrite each other.
    const names = stackNamesOf(this.node.root);
    const twin = names.get(stackName);
    names.set(stackName, twin ?? this);
    if (twin !== undefined) {
      throw new Error(`GenesysOrgStack '${this.node.path}' (tenant '${props.tenant}', environment '${props.environment}') has the stack name of '${twin.node.path}'; expected one stack per '<tenant>-<environment>' in the app.`);
    }
    this.site = props.declaredAt ?? creationSite();
    this.tenant = props.tenant;
    this.environment = props.environment;
    this.orgName = props.orgName;
    this.region = props.region;
    this.tier = props.tier ?? (/^prod(uction)?$/i.test(props.environment) ? "prod" : "nonprod");
    const prefix = stackName.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
    this.credentials = props.credentials ?? { clientIdEnv: `${prefix}_CLIENT_ID`, clientSecretEnv: `${prefix}_CLIENT_SECRET` };
    checkCredentials(stackName, this.credentials, props.credentials === undefined);
    this.backend = props.backend;
    this.defaultDescription = props.defaultDescription ?? `Managed by scopegate (tenant ${props.tenant}, environment ${props.environment}).`;

    const fromConfiguration = props.fromConfiguration === true;
    this.provider = new GenesysProvider(this, "Provider", { region: props.region, credentials: this.credentials, stackName, deployedByScopegate: fromConfiguration });
    annotateForScan(this.provider.resource, { tenant: props.tenant, environment: props.environment, tier: this.tier, orgName: props.orgName });
    this.identity = new OrgIdentity(this, "OrgIdentity", {
      orgName: props.orgName,
      stackName,
      credentialNames: [this.credentials.clientIdEnv, this.credentials.clientSecretEnv],
    });
    this.roles = new Construct(this, "Roles");
    this.lookups = new DirectoryLookups(this, "Lookups");
    this.bindings = new EnvironmentBindings(this, "Bindings", { org: this.identity.org, region: props.region, guard: this.identity.guard, fromConfiguration });
    if (props.backend !== undefined) configureBackend(this, props.backend);
    // `Testing.synth(stack, true)` and `Testing.fullSynth(stack)` invoke the stack's aspects but never prepareStack:
    // this one applies the whole-app aspects (the policy gate added to the app) then too.
    Aspects.of(this).add({ visit: (node) => (node === this ? applyWholeAppAspectsOnce(this) : undefined) });
  }

  /** The org's id, from the org lookup (a reference, made when asked: each costs cdktf a stack trace). */
  public get orgId(): string {
    return this.identity.org.id;
  }

  /** Where the code that created the stack is (file and line), for findings about the org. */
  public get declaredAt(): SourceLocation {
    return siteOf(this.site) ?? { file: this.node.path, line: 1, column: 1 };
  }

  /**
   * cdktf applies a stack's own aspects only, each while that stack is synthesized; a `ScopegatePolicy` reads the
   * whole app, so wherever it was added (to the app, as cdk-nag is, or to any one stack) it is applied here, before
   * any stack is synthesized, so that its error findings on every stack stop synth.
   */
  public prepareStack(): void {
    prepareWithWholeAppAspects(this);
    super.prepareStack();
  }

  /** The precondition every resource of the stack carries: the credentials belong to the declared org. */
  public get guard() {
    return this.identity.guard;
  }

  /** The OAuth clients created in the stack, in order. */
  public get oauthClients(): readonly OrgStackClient[] {
    return this.clientConstructs;
  }

  /** The custom roles created in the stack, in order. */
  public get customRoles(): readonly OrgStackRole[] {
    return this.roleConstructs;
  }

  /** A value an application needs in this environment, as a Terraform output of that name. */
  public addBinding(name: string, value: string | number | boolean): void {
    this.bindings.addBinding(name, value);
  }

  /** @internal Called by `GenesysOAuthClient`. */
  public registerClient(client: OrgStackClient): void {
    this.clientConstructs.push(client);
  }

  /** @internal Called by `GenesysCustomRole`, with the role's name. */
  public registerRole(role: OrgStackRole, name: string): void {
    this.roleConstructs.push(role);
    if (!this.rolesByName.has(foldRoleName(name))) this.rolesByName.set(foldRoleName(name), { name, role });
  }

  /**
   * @internal The custom role Genesys Cloud would take for `name` (names compare without case and surrounding spaces),
   * with its name as created, if the stack creates one.
   */
  public customRoleNamed(name: string): { readonly name: string; readonly role: OrgStackRole } | undefined {
    return this.rolesByName.get(foldRoleName(name));
  }

  /** The Terraform address the next custom role of this name gets: `role_<name>`, else `role_<name>_2` … */
  public nextRoleAddress(roleName: string): string {
    const base = `role_${identifierFrom(roleName)}`;
    let address = base;
    for (let n = 2; this.roleAddresses.has(address); n++) address = `${base}_${n}`;
    return address;
  }

  /** @internal Takes the address `nextRoleAddress` gives; called by `GenesysCustomRole`. */
  public takeRoleAddress(roleName: string): string {
    const address = this.nextRoleAddress(roleName);
    this.roleAddresses.add(address);
    return address;
  }
}

/** The app's `GenesysOrgStack`s by stack name. */
const STACK_NAMES = new WeakMap<IConstruct, Map<string, GenesysOrgStack>>();

function stackNamesOf(root: IConstruct): Map<string, GenesysOrgStack> {
  let names = STACK_NAMES.get(root);
  if (names === undefined) STACK_NAMES.set(root, (names = new Map()));
  return names;
}

/**
 * One synth of the app (`App.synth` prepares every stack, then synthesizes each): the whole-app aspects found once for
 * all its stacks, the stacks prepared so far, and those whose own aspects ran since. Finding the aspects walks the whole
 * tree; done per stack, that made synth quadratic in the number of stacks.
 */
interface SynthPass {
  readonly aspects: readonly IAspect[];
  readonly prepared: Set<GenesysOrgStack>;
  readonly aspectsInvoked: Set<GenesysOrgStack>;
}

const PASSES = new WeakMap<IConstruct, SynthPass>();

/** `prepareStack`: a stack prepared again starts a new pass (the app is synthesized again), so aspects added since count. */
function prepareWithWholeAppAspects(stack: GenesysOrgStack): void {
  const root = stack.node.root;
  let pass = PASSES.get(root);
  if (pass === undefined || pass.prepared.has(stack)) PASSES.set(root, (pass = { aspects: wholeAppAspects(root), prepared: new Set(), aspectsInvoked: new Set() }));
  pass.prepared.add(stack);
  for (const aspect of pass.aspects) aspect.visit(stack);
}

/**
 * The stack's own aspects run (cdktf's synthesizer, `Testing.synth`, `Testing.fullSynth`): nothing more to do right after
 * `prepareStack` applied the whole-app aspects in this pass; else (Testing never prepares a stack) apply them now.
 */
function applyWholeAppAspectsOnce(stack: GenesysOrgStack): void {
  const pass = PASSES.get(stack.node.root);
  if (pass !== undefined && pass.prepared.has(stack) && !pass.aspectsInvoked.has(stack)) {
    pass.aspectsInvoked.add(stack);
    return;
  }
  for (const aspect of wholeAppAspects(stack.node.root)) aspect.visit(stack);
}

/**
 * @internal The synth pass of the app `root` is in (a new one each time `App.synth` prepares its stacks again), or
 * undefined before any (`Testing.synth` never prepares a stack): a whole-app aspect evaluates the app once per pass.
 */
export function synthPassOf(root: IConstruct): object | undefined {
  return PASSES.get(root);
}

/** How many aspects that read the whole app have been created (see `noteWholeAppAspect`). */
let wholeAppAspectsCreated = 0;

/** @internal Called by each `ScopegatePolicy`: until one exists, no app has such an aspect, and none is looked for. */
export function noteWholeAppAspect(): void {
  wholeAppAspectsCreated++;
}

/**
 * Every aspect of the app that reads the whole app (`ScopegatePolicy`), wherever it was added, once each, in tree
 * order; none without walking the tree while no such aspect exists (the YAML app's synth).
 */
function wholeAppAspects(root: IConstruct): IAspect[] {
  if (wholeAppAspectsCreated === 0) return [];
  const found = new Set<IAspect>();
  for (const construct of root.node.findAll()) {
    for (const aspect of Aspects.of(construct).all) {
      if ((aspect as { readonly appliesToWholeApp?: boolean }).appliesToWholeApp === true) found.add(aspect);
    }
  }
  return [...found];
}

/**
 * The credential names are environment variables and Terraform variables of the same name: identifiers (a name
 * Terraform rejects would surface only at plan), and two of them.
 */
function checkCredentials(stackName: string, credentials: GenesysDeployCredentials, defaulted: boolean): void {
  for (const name of [credentials.clientIdEnv, credentials.clientSecretEnv]) {
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
    const why = defaulted ? ` (the default, made from the stack name '${stackName}'; set 'credentials' to name the variables)` : "";
    throw new Error(`GenesysOrgStack '${stackName}': credential variable '${name}'${why} is not an environment and Terraform variable name; expected letters, digits and '_', starting with a letter or '_'.`);
  }
  if (credentials.clientIdEnv === credentials.clientSecretEnv) {
    throw new Error(`GenesysOrgStack '${stackName}': 'clientIdEnv' and 'clientSecretEnv' both name '${credentials.clientIdEnv}'; expected two variables, one for the client id and one for the secret.`);
  }
}

function configureBackend(stack: TerraformStack, backend: GenesysStateBackend): void {
  switch (backend.type) {
    case "local":
      new LocalBackend(stack, { path: backend.path });
      return;
    case "s3": {
      const s3 = new S3Backend(stack, { bucket: backend.bucket, key: backend.key, region: backend.region, encrypt: true, dynamodbTable: backend.dynamodbTable });
      // Without a DynamoDB table, lock with S3 lock files (Terraform 1.10+).
      if (backend.dynamodbTable === undefined) s3.addOverride("use_lockfile", true);
      return;
    }
    case "remote":
      new RemoteBackend(stack, { hostname: backend.hostname, organization: backend.organization, workspaces: new NamedRemoteWorkspace(backend.workspace) });
      return;
  }
}
