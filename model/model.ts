/**
 * The normalized model: one `OrgEnvironment` per tenant × environment, with its OAuth clients after per-environment
 * overrides. The YAML loader builds it; later, scanners of Terraform JSON and HCL build the same shape. Constructs
 * and the policy engine read only this model, never the YAML.
 *
 * Every value that came from a file carries where it came from (`Located`), so that a finding or an error can point
 * at the exact line and column.
 */

import type { Located, SourceLocation } from "./location";
import type { TerraformSources } from "./terraform";

export type { Located, SourceLocation } from "./location";

/**
 * Where one stack's Terraform state lives, defaults applied (`stateLocationOf` in config/outputs.ts): a local file
 * (absolute path), an S3 object (with the bucket's region and lock table, which the backend needs but which do not
 * tell two states apart), or a remote workspace.
 */
export type StateLocation =
  | { readonly type: "local"; readonly path: string }
  | { readonly type: "s3"; readonly bucket: string; readonly key: string; readonly region: string; readonly dynamodbTable: string | undefined }
  | { readonly type: "remote"; readonly hostname: string; readonly organization: string; readonly workspace: string };

/** How strict policy is for an org. */
export type Tier = "nonprod" | "prod";

/** The grant types the provider accepts for `authorized_grant_type` (case-sensitive). */
export const GRANT_TYPES = ["CODE", "TOKEN", "SAML2BEARER", "SAML2-BEARER", "PASSWORD", "CLIENT-CREDENTIALS"] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

/** Where Terraform keeps a stack's state. */
export type BackendModel =
  | { readonly type: "local"; readonly path?: Located<string>; readonly loc: SourceLocation }
  | {
      readonly type: "s3";
      readonly bucket: Located<string>;
      readonly region: Located<string>;
      readonly keyPrefix: Located<string> | undefined;
      readonly dynamodbTable: Located<string> | undefined;
      readonly loc: SourceLocation;
    }
  | {
      readonly type: "remote";
      readonly organization: Located<string>;
      readonly hostname: Located<string> | undefined;
      readonly workspacePrefix: Located<string> | undefined;
      readonly loc: SourceLocation;
    };

/** Names of the environment variables holding the deploying client's credentials; never the values. */
export interface CredentialsModel {
  readonly clientIdEnv: Located<string>;
  readonly clientSecretEnv: Located<string>;
}

/**
 * The OAuth client Terraform deploys an org's stack with, as declared under `deployClient`: the roles it holds (by
 * name) and the permissions it holds directly. Both empty when the key is present but lists nothing.
 */
export interface DeployClientModel {
  readonly roles: readonly Located<string>[];
  readonly permissions: readonly Located<string>[];
  /** The `deployClient` key. */
  readonly loc: SourceLocation;
}

/** Division of a role grant: the org's home division, all divisions, or a division looked up by name. */
export type DivisionRef =
  | { readonly kind: "home" }
  | { readonly kind: "all" }
  | { readonly kind: "name"; readonly name: string };

/** A role granted to a CLIENT-CREDENTIALS client, both looked up by name in the org. */
export interface RoleGrant {
  readonly role: Located<string>;
  readonly division: Located<DivisionRef>;
}

/** One declared OAuth client as it applies to one environment (overrides applied). */
export interface OAuthClientModel {
  /** The key under `oauthClients:`; Terraform-safe, stable. */
  readonly key: string;
  /** Name shown in Genesys Cloud (rotation copies add `-1..N`). */
  readonly name: Located<string>;
  readonly description: Located<string> | undefined;
  readonly grant: Located<GrantType>;
  readonly capabilities: readonly Located<string>[];
  readonly scopes: readonly Located<string>[];
  readonly roles: readonly RoleGrant[];
  readonly redirectUris: readonly Located<string>[];
  /** Access-token lifetime; undefined means the provider's default (86400 s). */
  readonly tokenValiditySeconds: Located<number> | undefined;
  /** Number of identical clients for credential rotation; 1 when not declared. */
  readonly rotation: Located<number>;
  readonly exposeSecret: Located<boolean>;
  /** Directory the provider writes the client secret to (`directory_client_secret`), if any. */
  readonly secretDirectory: Located<string> | undefined;
  readonly state: Located<"active" | "inactive">;
  /** The client's `only:` list, when it is limited to some environments. */
  readonly only: Located<readonly string[]> | undefined;
  /** Keys whose value in this environment comes from `environments.<env>` rather than the base declaration. */
  readonly overridden: ReadonlySet<string>;
  /**
   * Settings a scan could not read as values (a whole list from an unresolved variable, a `dynamic` block), which
   * rules must not take as empty. Undefined or empty for configurations.
   */
  readonly unknown?: ReadonlySet<UnknownClientSetting>;
  /** The client's declaration. */
  readonly loc: SourceLocation;
}

/** Client settings a scanned configuration may leave unknown. */
export type UnknownClientSetting = "name" | "grant" | "capabilities" | "scopes" | "roles" | "redirectUris" | "tokenValiditySeconds" | "exposeSecret";

/** An extra value an application needs in this environment, emitted as a Terraform output. */
export interface BindingModel {
  readonly name: string;
  readonly value: Located<string | number | boolean>;
}

/** One Genesys Cloud org: a tenant in one environment. Becomes one Terraform stack. */
export interface OrgEnvironment {
  readonly tenant: string;
  readonly environment: string;
  /** `<tenant>-<environment>`: the stack's name and its state key. */
  readonly stackName: string;
  /** The folder, file or plan a scan read the org from (`TfModule.label`); undefined for configurations. */
  readonly scannedFrom?: string;
  /** Where a scanned org's state lives, read from its backend; configurations compute it from `backend`. */
  readonly stateLocation?: StateLocation;
  readonly tier: Located<Tier>;
  readonly region: Located<string>;
  readonly orgName: Located<string>;
  readonly credentials: CredentialsModel;
  /** What the deploying OAuth client holds, when the configuration says; undefined when it does not. */
  readonly deployClient?: DeployClientModel;
  readonly backend: BackendModel;
  readonly bindings: readonly BindingModel[];
  readonly oauthClients: readonly OAuthClientModel[];
  /**
   * Settings a scan could not read: the region (no literal `aws_region`), the org name (only scopegate's own stacks
   * carry it), credentials and backend (compared only for scopegate's own stacks). Undefined or empty for
   * configurations.
   */
  readonly unknown?: ReadonlySet<UnknownOrgSetting>;
  /** The org's declaration. */
  readonly loc: SourceLocation;
}

/** Org settings a scanned configuration may leave unknown. */
export type UnknownOrgSetting = "region" | "orgName" | "credentials" | "backend";

/** A capability as declared under `profiles:`: the API operations it calls, and scopes and permissions it needs. */
export interface CapabilityProfileModel {
  readonly name: string;
  readonly description: string | undefined;
  /** API operations as written (`POST /api/v2/...` or an SDK operation id); the config loader rejects unknown ones. */
  readonly operations: readonly Located<string>[];
  readonly require: readonly Located<string>[];
  readonly allow: readonly Located<string>[];
  readonly permissions: readonly Located<string>[];
  readonly refreshWindowSeconds: Located<number> | undefined;
  readonly loc: SourceLocation;
}

/** How a finding counts: `error` fails the gate, `warning` and `info` are reported only. */
export type Severity = "error" | "warning" | "info";

/** Policy settings of one tier, as declared under `policy.tiers.<tier>`. */
export interface TierPolicyModel {
  /** Severity per rule id; `off` silences the rule in this tier. */
  readonly rules: ReadonlyMap<string, Located<Severity | "off">>;
  readonly maxTokenValiditySeconds: Located<number> | undefined;
}

/** An accepted finding, declared under `policy.waivers`. */
export interface WaiverModel {
  /** Position in `policy.waivers`, from 0. */
  readonly index: number;
  readonly rule: Located<string>;
  readonly tenant: Located<string>;
  readonly environment: Located<string> | undefined;
  readonly client: Located<string> | undefined;
  readonly reason: Located<string>;
  readonly owner: Located<string>;
  /** `YYYY-MM-DD`; the waiver applies up to and including this day. */
  readonly expires: Located<string>;
  readonly loc: SourceLocation;
}

/** What the configuration says about policy. */
export interface PolicyModel {
  readonly tiers: Readonly<Record<Tier, TierPolicyModel>>;
  readonly waivers: readonly WaiverModel[];
}

/** One permission policy of a role, as the provider's `permission_policies` block takes it. */
export interface PermissionPolicyModel {
  readonly domain: string;
  readonly entity: string;
  readonly actions: readonly string[];
  /** The policy's conditions as declared (`conjunction`, `terms`), passed to the provider unchanged. */
  readonly conditions?: PermissionConditionsModel;
}

/** Conditions of a permission policy (provider `conditions` block). */
export interface PermissionConditionsModel {
  readonly conjunction: "AND" | "OR";
  readonly terms: readonly {
    readonly variableName: string;
    readonly operator: string;
    readonly operands: readonly { readonly type: string; readonly value?: string; readonly queueId?: string; readonly userId?: string }[];
  }[];
}

/**
 * A role as declared under `roles:` (or, in a scan, a `genesyscloud_auth_role` resource): the permissions it grants.
 * scopegate creates it in every org unless it is `existing`.
 */
export interface DeclaredRoleModel {
  /** The role's name, the same in every org. */
  readonly role: string;
  readonly description?: Located<string>;
  /** Every permission it grants as `domain:entity:action` (`*` segments are wildcards), from both declared forms. */
  readonly permissions: readonly Located<string>[];
  /** The same permissions grouped as the provider's `permission_policies` take them, conditions included. */
  readonly policies: readonly PermissionPolicyModel[];
  /** The role already exists in every org: nothing is synthesized, its declared permissions are trusted. */
  readonly existing: boolean;
  /**
   * Whether `permissions` may not be all it grants: an `existing` role declared without permissions, or a scanned role
   * whose permission policies are not all literals (a `dynamic` block, a variable without a default). Checks then treat
   * what it is known to hold as held, and anything else as unknown rather than missing.
   */
  readonly permissionsIncomplete?: boolean;
  readonly loc: SourceLocation;
}

/** Everything one configuration declares. */
export interface ScopegateModel {
  /** The file the model was read from, as given; for a scan, the paths scanned. */
  readonly source: string;
  /** Terraform a scan read, as written; undefined for a model read from scopegate's YAML. */
  readonly terraform?: TerraformSources;
  /**
   * The folder relative paths in findings are shown against: the configuration's folder for a configuration (the
   * default), the working directory for a scan.
   */
  readonly baseDir?: string;
  readonly profiles: readonly CapabilityProfileModel[];
  /** Scope names declared under `scopes.known`. */
  readonly knownScopes: readonly Located<string>[];
  /** Roles whose permissions the configuration declares (managed, or `existing`). */
  readonly roles: readonly DeclaredRoleModel[];
  readonly policy: PolicyModel;
  readonly tenants: readonly string[];
  /** One entry per tenant × environment, tenants and environments in declaration order. */
  readonly environments: readonly OrgEnvironment[];
}
