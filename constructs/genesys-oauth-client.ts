import { Construct } from "constructs";
import { OauthClient } from "../.gen/providers/genesyscloud/oauth-client";
import type { GrantType, Located, OAuthClientModel, RoleGrant, SourceLocation } from "../model/model";
import { rotationCopyNames } from "../config/outputs";
import { type CreationSite, creationSite, siteOf } from "./creation-site";
import type { GenesysCustomRole } from "./genesys-custom-role";
import { GenesysDivision } from "./genesys-division";
import { GenesysOrgStack } from "./genesys-org-stack";
import { templateText } from "./hcl";
import { annotateForScan } from "./scan-annotations";

/** A role granted to a client-credentials client, in a division. */
export interface GenesysRoleGrant {
  /**
   * The role: its name in the org (the stack's own `GenesysCustomRole` of that name, which must then be created before
   * the client, else a role looked up in the org), or the construct.
   */
  readonly role: string | GenesysCustomRole;
  /**
   * Where the role applies.
   * @default GenesysDivision.HOME
   */
  readonly division?: GenesysDivision;
}

export interface GenesysOAuthClientProps {
  /** The client's name in Genesys Cloud (rotation copies add `-1` … `-N`). */
  readonly name: string;
  /** The OAuth grant: `CLIENT-CREDENTIALS` (roles), `CODE`, `TOKEN`, `SAML2BEARER` or `PASSWORD` (scopes). */
  readonly grantType: GrantType;
  /**
   * What the client's integration does, as scopegate capabilities (`bot-connector`, `open-messaging`, …): the policy
   * rules check that the client can call the API operations these need.
   * @default - none (the rules then say what they could not check)
   */
  readonly capabilities?: readonly string[];
  /**
   * Scopes a user-granted client asks for.
   * @default - none
   */
  readonly scopes?: readonly string[];
  /**
   * Roles of a client-credentials client.
   * @default - none
   */
  readonly roles?: readonly GenesysRoleGrant[];
  /**
   * Redirect URIs of a code or implicit grant client, matched exactly by Genesys Cloud.
   * @default - none
   */
  readonly redirectUris?: readonly string[];
  /**
   * Access-token lifetime in seconds.
   * @default - the provider's default (86400)
   */
  readonly accessTokenValiditySeconds?: number;
  /**
   * Identical copies of the client for credential rotation; copy 1 keeps the address `<id>`.
   * @default 1
   */
  readonly rotation?: number;
  /**
   * The client's description.
   * @default "Managed by scopegate (tenant <tenant>, environment <environment>)."
   */
  readonly description?: string;
  /**
   * The client's state.
   * @default "active"
   */
  readonly state?: "active" | "inactive";
  /**
   * Whether the provider exposes the client secret as an attribute (in state); `secret-exposure` reports it.
   * @default false
   */
  readonly exposeClientSecret?: boolean;
  /**
   * A directory the provider writes the client secret to.
   * @default - none
   */
  readonly directoryClientSecret?: string;
}

/**
 * One OAuth client in one org: `rotation` identical `genesyscloud_oauth_client` resources (construct ids `Resource`,
 * `Resource2` …; Terraform addresses `<id>`, `<id>_2` …), each guarded by the org-identity check, and an output of
 * each client id. Must be created inside a `GenesysOrgStack`; its id is the client's key in findings and outputs.
 * Text is written as literal text: a `${` in a name or URI never becomes a Terraform interpolation.
 */
export class GenesysOAuthClient extends Construct {
  /** The generated resources, copy 1 first. */
  public readonly resources: readonly OauthClient[];
  private readonly site: CreationSite;
  private readonly props: GenesysOAuthClientProps;

  constructor(scope: Construct, id: string, props: GenesysOAuthClientProps) {
    super(scope, id);
    const stack = GenesysOrgStack.of(this);
    this.site = creationSite();
    this.props = props;
    checkProps(this, stack, props);
    const copies = props.rotation ?? 1;
    const roles = (props.roles ?? []).map((grant) => ({
      roleId: typeof grant.role === "string" ? stack.lookups.roleId(grant.role) : grant.role.id,
      divisionId: stack.lookups.divisionId((grant.division ?? GenesysDivision.HOME).ref),
    }));
    const names = rotationCopyNames(props.name, copies);
    // A loop rather than a callback: cdktf keeps a whole stack trace per reference it makes (the resource makes some).
    const resources: OauthClient[] = [];
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      const copy = i + 1;
      const resource = new OauthClient(this, copy === 1 ? "Resource" : `Resource${copy}`, {
        name: templateText(name),
        description: templateText(props.description ?? stack.defaultDescription),
        authorizedGrantType: props.grantType,
        scopes: props.scopes !== undefined && props.scopes.length > 0 ? props.scopes.map(templateText) : undefined,
        roles: roles.length > 0 ? roles : undefined,
        registeredRedirectUris: props.redirectUris !== undefined && props.redirectUris.length > 0 ? props.redirectUris.map(templateText) : undefined,
        accessTokenValiditySeconds: props.accessTokenValiditySeconds,
        state: props.state ?? "active",
        exposeClientSecret: props.exposeClientSecret ?? false,
        directoryClientSecret: props.directoryClientSecret === undefined ? undefined : templateText(props.directoryClientSecret),
        lifecycle: { precondition: [stack.guard] },
      });
      resource.overrideLogicalId(copy === 1 ? id : `${id}_${copy}`);
      annotateForScan(resource, {
        client: id,
        capabilities: props.capabilities ?? [],
        ...(copies > 1 ? { rotation: String(copies), copy: String(copy) } : {}),
      });
      resources.push(resource);
    }
    this.resources = resources;
    stack.bindings.addClient(id, this.resources);
    stack.registerClient(this);
  }

  /** The client as scopegate's policy rules read it, located where the construct was created. */
  public get model(): OAuthClientModel {
    return clientModel(this.node.id, this.props, siteOf(this.site) ?? { file: this.node.path, line: 1, column: 1 });
  }
}

/** Most rotation copies, as the configuration's schema allows. */
const MAX_ROTATION = 10;

/**
 * What Terraform and Genesys Cloud would reject later, rejected now: the id is the Terraform address and the output
 * name, so it must be a Terraform identifier; `rotation` is a whole number of copies; a role granted by construct is
 * a role of this org, never another stack's (its id would arrive from that org's state).
 */
function checkProps(client: GenesysOAuthClient, stack: GenesysOrgStack, props: GenesysOAuthClientProps): void {
  const id = client.node.id;
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(id)) {
    throw new Error(`GenesysOAuthClient '${client.node.path}': id '${id}' is its Terraform address and output name; expected letters, digits, '_' and '-', starting with a letter or '_'.`);
  }
  const rotation = props.rotation;
  if (rotation !== undefined && !(Number.isInteger(rotation) && rotation >= 1 && rotation <= MAX_ROTATION)) {
    throw new Error(`GenesysOAuthClient '${client.node.path}': rotation ${rotation} is not a number of copies; expected a whole number from 1 to ${MAX_ROTATION}.`);
  }
  for (const grant of props.roles ?? []) {
    if (typeof grant.role === "string") {
      const name = grant.role;
      const own = stack.customRoleNamed(name);
      if (own !== undefined && own.name !== name) {
        throw new Error(
          `GenesysOAuthClient '${client.node.path}' grants role '${name}', which stack '${stack.node.id}' creates as '${own.name}'; expected the name as created, so that the client gets that role rather than a lookup.`,
        );
      }
      continue;
    }
    const owner = GenesysOrgStack.of(grant.role);
    if (owner !== stack) {
      throw new Error(
        `GenesysOAuthClient '${client.node.path}' is granted role '${grant.role.model.role}' of stack '${owner.node.id}'; a client can hold only roles of its own org ('${stack.node.id}'): create the role in '${stack.node.id}' too, or grant it by name.`,
      );
    }
  }
}

/** The client's props as scopegate's model of a client, every value located where the construct was created. */
function clientModel(key: string, props: GenesysOAuthClientProps, at: SourceLocation): OAuthClientModel {
  const located = <T,>(value: T): Located<T> => ({ value, loc: at });
  const roles: RoleGrant[] = (props.roles ?? []).map((grant) => ({
    role: located(typeof grant.role === "string" ? grant.role : grant.role.model.role),
    division: located((grant.division ?? GenesysDivision.HOME).ref),
  }));
  return {
    key,
    name: located(props.name),
    description: props.description === undefined ? undefined : located(props.description),
    grant: located(props.grantType),
    capabilities: (props.capabilities ?? []).map(located),
    scopes: (props.scopes ?? []).map(located),
    roles,
    redirectUris: (props.redirectUris ?? []).map(located),
    tokenValiditySeconds: props.accessTokenValiditySeconds === undefined ? undefined : located(props.accessTokenValiditySeconds),
    rotation: located(props.rotation ?? 1),
    exposeSecret: located(props.exposeClientSecret ?? false),
    secretDirectory: props.directoryClientSecret === undefined ? undefined : located(props.directoryClientSecret),
    state: located(props.state ?? "active"),
    only: undefined,
    overridden: new Set(),
    loc: at,
  };
}
