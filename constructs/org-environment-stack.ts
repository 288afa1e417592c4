import * as path from "node:path";
import { LocalBackend, NamedRemoteWorkspace, RemoteBackend, S3Backend, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import type { DeclaredRoleModel, OrgEnvironment } from "../config/model";
import { stateLocationOf } from "../config/outputs";
import { CustomRoles } from "./custom-roles";
import { DirectoryLookups } from "./directory-lookups";
import { EnvironmentBindings } from "./environment-bindings";
import { GenesysProvider } from "./genesys-provider";
import { OrgIdentity } from "./org-identity";
import { annotateForScan } from "./scan-annotations";
import { TenantOAuthClient } from "./tenant-oauth-client";

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
 * One tenant in one environment: the provider for its org, the org lookup and identity guard, the custom roles it
 * creates, role and division lookups, the OAuth clients, the environment bindings as outputs, and the stack's own state backend.
 */
export class OrgEnvironmentStack extends TerraformStack {
  /** The declared clients by key, each with its resources. */
  public readonly clients: ReadonlyMap<string, TenantOAuthClient>;

  constructor(scope: Construct, props: OrgEnvironmentStackProps) {
    const { org } = props;
    super(scope, org.stackName);

    const provider = new GenesysProvider(this, "Provider", { region: org.region.value, credentials: org.credentials, stackName: org.stackName });
    annotateForScan(provider.resource, { tenant: org.tenant, environment: org.environment, tier: org.tier.value, orgName: org.orgName.value });
    const identity = new OrgIdentity(this, "OrgIdentity", {
      orgName: org.orgName.value,
      stackName: org.stackName,
      credentialNames: [org.credentials.clientIdEnv.value, org.credentials.clientSecretEnv.value],
    });
    const customRoles = new CustomRoles(this, "Roles", {
      roles: props.roles ?? [],
      guard: identity.guard,
      defaultDescription: `Managed by scopegate (tenant ${org.tenant}, environment ${org.environment}).`,
    });
    const lookups = new DirectoryLookups(this, "Lookups", {
      createdRoleIds: new Map([...customRoles.byName].map(([name, role]) => [name, role.id])),
    });

    const clients = new Map<string, TenantOAuthClient>();
    for (const client of org.oauthClients) {
      clients.set(
        client.key,
        new TenantOAuthClient(this, client.key, {
          client,
          lookups,
          guard: identity.guard,
          defaultDescription: `Managed by scopegate (tenant ${org.tenant}, environment ${org.environment}).`,
        }),
      );
    }
    this.clients = clients;

    new EnvironmentBindings(this, "Bindings", {
      org: identity.org,
      region: org.region.value,
      clients: [...clients].map(([key, construct]) => ({ key, resources: construct.resources })),
      bindings: org.bindings,
      guard: identity.guard,
    });

    configureBackend(this, props);
  }
}

/** The backend at the state location env-isolation checks (`stateLocationOf`), so the two cannot disagree. */
function configureBackend(stack: TerraformStack, { org, configDir, workingDirectory }: OrgEnvironmentStackProps): void {
  const location = stateLocationOf(org, configDir);
  switch (location.type) {
    case "local":
      new LocalBackend(stack, { path: path.relative(workingDirectory, location.path).split(path.sep).join("/") });
      return;
    case "s3": {
      const s3 = new S3Backend(stack, { bucket: location.bucket, key: location.key, region: location.region, encrypt: true, dynamodbTable: location.dynamodbTable });
      // Without a DynamoDB table, lock with S3 lock files (Terraform 1.10+).
      if (location.dynamodbTable === undefined) s3.addOverride("use_lockfile", true);
      return;
    }
    case "remote":
      new RemoteBackend(stack, {
        hostname: location.hostname,
        organization: location.organization,
        workspaces: new NamedRemoteWorkspace(location.workspace),
      });
      return;
  }
}
