import * as path from "node:path";
import type { Construct } from "constructs";
import type { DeclaredRoleModel, OAuthClientModel, OrgEnvironment } from "../model/model";
import { stateLocationOf } from "../config/outputs";
import { setDeclaredSite } from "./creation-site";
import { GenesysCustomRole } from "./genesys-custom-role";
import { GenesysDivision } from "./genesys-division";
import type { GenesysOAuthClientProps } from "./genesys-oauth-client";
import { GenesysOAuthClient } from "./genesys-oauth-client";
import type { GenesysStateBackend } from "./genesys-org-stack";
import { GenesysOrgStack } from "./genesys-org-stack";

export interface OrgEnvironmentStackProps {
  /** The org as the configuration declares it. */
  readonly org: OrgEnvironment;
  /** Roles to create in this org (see `rolesCreatedFor`): each not `existing` is. @default - none */
  readonly roles?: readonly DeclaredRoleModel[];
  /** Directory of the configuration file: a local backend's state path is relative to it. */
  readonly configDir: string;
  /** Where Terraform runs the synthesized stack (`<outdir>/stacks/<stack>`): the local state path is written relative to it. */
  readonly workingDirectory: string;
}

/**
 * One tenant in one environment of a `scopegate.yaml`: the YAML app's use of the construct library, a
 * `GenesysOrgStack` with the roles the configuration creates, its OAuth clients and its bindings. Its constructs are
 * located where the configuration declares them (no stack traces are captured).
 */
export class OrgEnvironmentStack extends GenesysOrgStack {
  /** The declared clients by key. */
  public readonly clients: ReadonlyMap<string, GenesysOAuthClient>;

  constructor(scope: Construct, props: OrgEnvironmentStackProps) {
    const { org } = props;
    super(scope, {
      tenant: org.tenant,
      environment: org.environment,
      orgName: org.orgName.value,
      region: org.region.value,
      tier: org.tier.value,
      credentials: { clientIdEnv: org.credentials.clientIdEnv.value, clientSecretEnv: org.credentials.clientSecretEnv.value },
      backend: backendOf(props),
      fromConfiguration: true,
      declaredAt: org.loc,
    });
    // Loops rather than callbacks: cdktf keeps a whole stack trace per reference it makes, so every frame here costs
    // memory per resource.
    for (const role of props.roles ?? []) {
      if (role.existing) continue;
      // Construct id and Terraform address alike, as the YAML app has always written them. Located where declared.
      const previous = setDeclaredSite(role.loc);
      try {
        new GenesysCustomRole(this.roles, this.nextRoleAddress(role.role), {
          name: role.role,
          permissionPolicies: role.policies,
          ...(role.description === undefined ? {} : { description: role.description.value }),
        });
      } finally {
        setDeclaredSite(previous);
      }
    }
    const clients = new Map<string, GenesysOAuthClient>();
    for (const client of org.oauthClients) {
      const previous = setDeclaredSite(client.loc);
      try {
        clients.set(client.key, new GenesysOAuthClient(this, client.key, clientProps(client)));
      } finally {
        setDeclaredSite(previous);
      }
    }
    this.clients = clients;
    for (const binding of org.bindings) this.addBinding(binding.name, binding.value.value);
  }
}

/** A declared client as the construct's props. */
function clientProps(client: OAuthClientModel): GenesysOAuthClientProps {
  return {
    name: client.name.value,
    grantType: client.grant.value,
    capabilities: client.capabilities.map((capability) => capability.value),
    scopes: client.scopes.map((scope) => scope.value),
    roles: client.roles.map((grant) => ({ role: grant.role.value, division: divisionOf(grant.division.value) })),
    redirectUris: client.redirectUris.map((uri) => uri.value),
    accessTokenValiditySeconds: client.tokenValiditySeconds?.value,
    rotation: client.rotation.value,
    state: client.state.value,
    exposeClientSecret: client.exposeSecret.value,
    ...(client.description === undefined ? {} : { description: client.description.value }),
    ...(client.secretDirectory === undefined ? {} : { directoryClientSecret: client.secretDirectory.value }),
  };
}

function divisionOf(ref: OAuthClientModel["roles"][number]["division"]["value"]): GenesysDivision {
  return ref.kind === "home" ? GenesysDivision.HOME : ref.kind === "all" ? GenesysDivision.ALL : GenesysDivision.named(ref.name);
}

/** The backend at the state location env-isolation checks (`stateLocationOf`), so the two cannot disagree. */
function backendOf({ org, configDir, workingDirectory }: OrgEnvironmentStackProps): GenesysStateBackend {
  const location = stateLocationOf(org, configDir);
  switch (location.type) {
    case "local":
      return { type: "local", path: path.relative(workingDirectory, location.path).split(path.sep).join("/") };
    case "s3":
      return { type: "s3", bucket: location.bucket, key: location.key, region: location.region, dynamodbTable: location.dynamodbTable };
    case "remote":
      return { type: "remote", hostname: location.hostname, organization: location.organization, workspace: location.workspace };
  }
}
