import { LocalBackend, NamedRemoteWorkspace, RemoteBackend, S3Backend, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import type { BackendModel, OrgEnvironment } from "../config/model";
import { DirectoryLookups } from "./directory-lookups";
import { EnvironmentBindings } from "./environment-bindings";
import { GenesysProvider } from "./genesys-provider";
import { OrgIdentity } from "./org-identity";
import { TenantOAuthClient } from "./tenant-oauth-client";

export interface OrgEnvironmentStackProps {
  /** The org as the configuration declares it. */
  readonly org: OrgEnvironment;
  /** For a local backend: the state file, relative to the stack's working directory (`<outdir>/stacks/<stack>`). */
  readonly localStatePath: string;
}

/** Default S3 key prefix and HCP Terraform workspace prefix. */
export const DEFAULT_STATE_PREFIX = { s3: "scopegate", workspace: "scopegate-" } as const;

/**
 * One tenant in one environment: the provider for its org, the org lookup and identity guard, role and division
 * lookups, the OAuth clients, the environment bindings as outputs, and the stack's own state backend.
 */
export class OrgEnvironmentStack extends TerraformStack {
  /** The declared clients by key, each with its resources. */
  public readonly clients: ReadonlyMap<string, TenantOAuthClient>;

  constructor(scope: Construct, props: OrgEnvironmentStackProps) {
    const { org } = props;
    super(scope, org.stackName);

    new GenesysProvider(this, "Provider", { region: org.region.value, credentials: org.credentials, stackName: org.stackName });
    const identity = new OrgIdentity(this, "OrgIdentity", {
      orgName: org.orgName.value,
      stackName: org.stackName,
      credentialNames: [org.credentials.clientIdEnv.value, org.credentials.clientSecretEnv.value],
    });
    const lookups = new DirectoryLookups(this, "Lookups");

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

    configureBackend(this, org.stackName, org.backend, props.localStatePath);
  }
}

function configureBackend(stack: TerraformStack, stackName: string, backend: BackendModel, localStatePath: string): void {
  switch (backend.type) {
    case "local":
      new LocalBackend(stack, { path: localStatePath });
      return;
    case "s3": {
      const s3 = new S3Backend(stack, {
        bucket: backend.bucket.value,
        key: `${(backend.keyPrefix?.value ?? DEFAULT_STATE_PREFIX.s3).replace(/^\/+|\/+$/g, "")}/${stackName}.tfstate`,
        region: backend.region.value,
        encrypt: true,
        dynamodbTable: backend.dynamodbTable?.value,
      });
      // Without a DynamoDB table, lock with S3 lock files (Terraform 1.10+).
      if (backend.dynamodbTable === undefined) s3.addOverride("use_lockfile", true);
      return;
    }
    case "remote":
      new RemoteBackend(stack, {
        hostname: backend.hostname?.value ?? "app.terraform.io",
        organization: backend.organization.value,
        workspaces: new NamedRemoteWorkspace(`${backend.workspacePrefix?.value ?? DEFAULT_STATE_PREFIX.workspace}${stackName}`),
      });
      return;
  }
}
