import * as path from "node:path";
import type { DeclaredRoleModel, OrgEnvironment, StateLocation } from "../model/model";

/**
 * Names of what each stack produces: its Terraform outputs, its clients' names in Genesys Cloud and where its state
 * lives. The loader and the policy rules use them to find names that would collide; the constructs use them to name
 * what they create and to configure each stack's backend.
 */

/** Outputs every stack has, whatever it declares. */
export const ORG_OUTPUT_NAMES = ["org_id", "org_name", "region", "api_base_url", "login_base_url"] as const;

/** `bot-connector` -> `bot_connector`: client keys have no underscores, so this never maps two keys to one name. */
function snakeCase(key: string): string {
  return key.replace(/-/g, "_");
}

/**
 * Output holding the id of rotation copy `copy` (1-based) of a client: `<key>_client_id` for copy 1 whether or not
 * the client is rotated (so applications keep reading the same output when rotation is turned on), then
 * `<key>_2_client_id`, `<key>_3_client_id`, ...
 */
export function clientIdOutputName(clientKey: string, copy = 1): string {
  return copy === 1 ? `${snakeCase(clientKey)}_client_id` : `${snakeCase(clientKey)}_${copy}_client_id`;
}

/** The names a client has in Genesys Cloud: its name, or `<name>-1..N` when it is rotated with N copies. */
export function rotationCopyNames(name: string, copies: number): string[] {
  return copies === 1 ? [name] : Array.from({ length: copies }, (_, i) => `${name}-${i + 1}`);
}

/** Where a stack with a local backend keeps its state by default, relative to the configuration file. */
export function defaultLocalStatePath(stackName: string): string {
  return path.join("state", `${stackName}.tfstate`);
}

/** Default S3 key prefix and HCP Terraform workspace prefix. */
export const DEFAULT_STATE_PREFIX = { s3: "scopegate", workspace: "scopegate-" } as const;

/** HCP Terraform's host, where a remote backend keeps state unless it names another `hostname`. */
export const DEFAULT_REMOTE_HOSTNAME = "app.terraform.io";

/**
 * Where a stack keeps its state, defaults applied: a local path resolved against `configDir` (the configuration
 * file's directory), the S3 key `<keyPrefix>/<stack>.tfstate`, the workspace `<workspacePrefix><stack>`. The stack
 * configures its backend from this and env-isolation compares it, so the two cannot disagree.
 */
export function stateLocationOf(org: Pick<OrgEnvironment, "stackName" | "backend">, configDir: string): StateLocation {
  const { backend, stackName } = org;
  switch (backend.type) {
    case "local":
      return { type: "local", path: path.resolve(configDir, backend.path?.value ?? defaultLocalStatePath(stackName)) };
    case "s3": {
      const prefix = (backend.keyPrefix?.value ?? DEFAULT_STATE_PREFIX.s3).replace(/^\/+|\/+$/g, "");
      return { type: "s3", bucket: backend.bucket.value, key: `${prefix}/${stackName}.tfstate`, region: backend.region.value, dynamodbTable: backend.dynamodbTable?.value };
    }
    case "remote":
      return {
        type: "remote",
        hostname: backend.hostname?.value ?? DEFAULT_REMOTE_HOSTNAME,
        organization: backend.organization.value,
        workspace: `${backend.workspacePrefix?.value ?? DEFAULT_STATE_PREFIX.workspace}${stackName}`,
      };
  }
}

/** The directory a configuration file's relative paths (local state files) are resolved against. */
export function configDirOf(configFile: string): string {
  return path.dirname(path.resolve(configFile));
}

/**
 * Equal for two locations that are the same state: the same local file, S3 object, or workspace (host names compared
 * without case).
 */
export function stateLocationKey(location: StateLocation): string {
  switch (location.type) {
    case "local":
      return JSON.stringify(["local", location.path]);
    case "s3":
      return JSON.stringify(["s3", location.bucket, location.key]);
    case "remote":
      return JSON.stringify(["remote", location.hostname.toLowerCase(), location.organization, location.workspace]);
  }
}

/**
 * `local state file 'state/acme-dev.tfstate'`, `S3 object 's3://bucket/key'` or `workspace 'org/name' on host`, for
 * messages; local paths relative to `configDir` when they are inside it, so that messages do not depend on the machine.
 */
export function describeStateLocation(location: StateLocation, configDir: string): string {
  switch (location.type) {
    case "local": {
      const relative = path.relative(path.resolve(configDir), location.path);
      const shown = relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative.split(path.sep).join("/") : location.path;
      return `local state file '${shown}'`;
    }
    case "s3":
      return `S3 object 's3://${location.bucket}/${location.key}'`;
    case "remote":
      return `workspace '${location.organization}/${location.workspace}' on '${location.hostname}'`;
  }
}

/**
 * The declared roles scopegate creates in the orgs of one tenant: those not `existing` that some client of the tenant
 * is granted, in any of its environments. Every org of the tenant gets the same roles, so promoting a client never
 * waits for its role; another tenant (another customer) gets none of them.
 */
export function rolesCreatedFor(roles: readonly DeclaredRoleModel[], tenantOrgs: readonly OrgEnvironment[]): DeclaredRoleModel[] {
  const granted = new Set(tenantOrgs.flatMap((org) => org.oauthClients.flatMap((client) => client.roles.map((grant) => grant.role.value))));
  return roles.filter((role) => !role.existing && granted.has(role.role));
}
