import type {
  BackendModel,
  BindingModel,
  CapabilityProfileModel,
  DeclaredRoleModel,
  DivisionRef,
  GrantType,
  Located,
  OAuthClientModel,
  OrgEnvironment,
  PermissionPolicyModel,
  PolicyModel,
  RoleGrant,
  ScopegateModel,
  SourceLocation,
  Tier,
  TierPolicyModel,
  WaiverModel,
} from "../model/model";
import { policiesOfPermissions } from "../policies/permission-patterns";
import type { RawBackend, RawClientSettings, RawConfig, RawOAuthClient, RawOrg, RawPolicy, RawRole, RawRoleGrant } from "./raw-config";
import { clientExistsIn, isOverridden, OVERRIDABLE_CLIENT_KEYS, settingIn } from "./raw-config";
import type { DocPath, YamlSource } from "./yaml-source";

/**
 * Builds the normalized model from a configuration that passed the schema and the semantic checks: one
 * `OrgEnvironment` per tenant × environment, each client with its overrides for that environment applied.
 */
export function normalize(config: RawConfig, source: YamlSource): ScopegateModel {
  const located = <T>(value: T, path: DocPath): Located<T> => ({ value, loc: source.locate(path) });
  const locatedList = <T>(values: readonly T[] | undefined, path: DocPath): Located<T>[] =>
    (values ?? []).map((value, i) => located(value, [...path, i]));

  const profiles: CapabilityProfileModel[] = Object.entries(config.profiles ?? {}).map(([name, profile]) => {
    const path = ["profiles", name];
    return {
      name,
      description: profile.description,
      refreshWindowSeconds: profile.refreshWindowSeconds === undefined ? undefined : located(profile.refreshWindowSeconds, [...path, "refreshWindowSeconds"]),
      operations: locatedList(profile.operations, [...path, "operations"]),
      require: locatedList(profile.scopes?.require, [...path, "scopes", "require"]),
      allow: locatedList(profile.scopes?.allow, [...path, "scopes", "allow"]),
      permissions: locatedList(profile.permissions, [...path, "permissions"]),
      loc: source.locate(path, "key"),
    };
  });

  const environments: OrgEnvironment[] = [];
  for (const [tenant, tenantConfig] of Object.entries(config.tenants)) {
    for (const [environment, org] of Object.entries(tenantConfig.orgs)) {
      const orgPath = ["tenants", tenant, "orgs", environment];
      const oauthClients = Object.entries(tenantConfig.oauthClients ?? {})
        .filter(([, client]) => clientExistsIn(client, environment))
        .map(([key, client]) => clientFor(key, client, ["tenants", tenant, "oauthClients", key], environment, located, locatedList, source));
      environments.push({
        tenant,
        environment,
        stackName: `${tenant}-${environment}`,
        tier: located(org.tier, [...orgPath, "tier"]),
        region: located(org.region, [...orgPath, "region"]),
        orgName: located(org.orgName, [...orgPath, "orgName"]),
        credentials: {
          clientIdEnv: located(org.credentials.clientIdEnv, [...orgPath, "credentials", "clientIdEnv"]),
          clientSecretEnv: located(org.credentials.clientSecretEnv, [...orgPath, "credentials", "clientSecretEnv"]),
        },
        ...(org.deployClient === undefined
          ? {}
          : {
              deployClient: {
                roles: locatedList(org.deployClient.roles, [...orgPath, "deployClient", "roles"]),
                permissions: locatedList(org.deployClient.permissions, [...orgPath, "deployClient", "permissions"]),
                loc: source.locate([...orgPath, "deployClient"], "key"),
              },
            }),
        backend: backendFor(org, orgPath, located, source),
        bindings: bindingsFor(org, orgPath, located),
        oauthClients,
        loc: source.locate(orgPath, "key"),
      });
    }
  }

  return {
    source: source.file,
    profiles,
    knownScopes: locatedList(config.scopes?.known, ["scopes", "known"]),
    roles: Object.entries(config.roles ?? {}).map(([role, declared]) => roleFor(role, declared, located, locatedList, source)),
    policy: policyFor(config.policy, located, source),
    tenants: Object.keys(config.tenants),
    environments,
  };
}

function policyFor(policy: RawPolicy | undefined, located: LocateValue, source: YamlSource): PolicyModel {
  const tierPolicy = (tier: Tier): TierPolicyModel => {
    const declared = policy?.tiers?.[tier];
    const path = ["policy", "tiers", tier];
    return {
      rules: new Map(Object.entries(declared?.rules ?? {}).map(([rule, severity]) => [rule, located(severity, [...path, "rules", rule])])),
      maxTokenValiditySeconds: declared?.maxTokenValiditySeconds === undefined ? undefined : located(declared.maxTokenValiditySeconds, [...path, "maxTokenValiditySeconds"]),
    };
  };
  const waivers = (policy?.waivers ?? []).map((waiver, index): WaiverModel => {
    const path = ["policy", "waivers", index];
    const maybe = (value: string | undefined, key: string) => (value === undefined ? undefined : located(value, [...path, key]));
    return {
      index,
      rule: located(waiver.rule, [...path, "rule"]),
      tenant: located(waiver.tenant, [...path, "tenant"]),
      environment: maybe(waiver.environment, "environment"),
      client: maybe(waiver.client, "client"),
      reason: located(waiver.reason, [...path, "reason"]),
      owner: located(waiver.owner, [...path, "owner"]),
      expires: located(waiver.expires, [...path, "expires"]),
      loc: source.locate(path),
    };
  });
  return { tiers: { prod: tierPolicy("prod"), nonprod: tierPolicy("nonprod") }, waivers };
}

type LocateValue = <T>(value: T, path: DocPath) => Located<T>;
type LocateList = <T>(values: readonly T[] | undefined, path: DocPath) => Located<T>[];

function clientFor(
  key: string,
  client: RawOAuthClient,
  clientPath: DocPath,
  environment: string,
  located: LocateValue,
  locatedList: LocateList,
  source: YamlSource,
): OAuthClientModel {
  const overridden = new Set<string>(OVERRIDABLE_CLIENT_KEYS.filter((k) => isOverridden(client, environment, k)));
  /** The effective value of a setting and the path it was written at. */
  const setting = <K extends keyof RawClientSettings>(k: K): { value: RawClientSettings[K]; path: DocPath } => ({
    value: settingIn(client, environment, k),
    path: overridden.has(k) ? [...clientPath, "environments", environment, k] : [...clientPath, k],
  });
  const clientLoc = source.locate(clientPath, "key");
  const withDefault = <T>(k: keyof RawClientSettings, fallback: T): Located<T> => {
    const { value, path } = setting(k);
    return value === undefined ? { value: fallback, loc: clientLoc } : located(value as T, path);
  };
  const optional = <T>(k: keyof RawClientSettings): Located<T> | undefined => {
    const { value, path } = setting(k);
    return value === undefined ? undefined : located(value as T, path);
  };

  const roles = setting("roles");
  return {
    key,
    name: client.name === undefined ? { value: key, loc: clientLoc } : located(client.name, [...clientPath, "name"]),
    description: optional<string>("description"),
    grant: located(client.grant as GrantType, [...clientPath, "grant"]),
    capabilities: locatedList(setting("capabilities").value, setting("capabilities").path),
    scopes: locatedList(setting("scopes").value, setting("scopes").path),
    roles: (roles.value ?? []).map((grant, i) => roleGrantFor(grant, [...roles.path, i], located, source)),
    redirectUris: locatedList(setting("redirectUris").value, setting("redirectUris").path),
    tokenValiditySeconds: optional<number>("tokenValiditySeconds"),
    rotation: withDefault("rotation", 1),
    exposeSecret: withDefault("exposeSecret", false),
    secretDirectory: optional<string>("secretDirectory"),
    state: withDefault<"active" | "inactive">("state", "active"),
    only: client.only === undefined ? undefined : located(client.only, [...clientPath, "only"]),
    overridden,
    loc: clientLoc,
  };
}

function roleGrantFor(grant: RawRoleGrant, path: DocPath, located: LocateValue, source: YamlSource): RoleGrant {
  const division: DivisionRef =
    grant.division === undefined || grant.division === "home"
      ? { kind: "home" }
      : grant.division === "*"
        ? { kind: "all" }
        : { kind: "name", name: grant.division };
  return {
    role: located(grant.role, [...path, "role"]),
    division: { value: division, loc: source.locate(grant.division === undefined ? path : [...path, "division"]) },
  };
}

function backendFor(org: RawOrg, orgPath: DocPath, located: LocateValue, source: YamlSource): BackendModel {
  const backend: RawBackend = org.backend ?? { type: "local" };
  const path = [...orgPath, "backend"];
  const loc: SourceLocation = source.locate(org.backend === undefined ? orgPath : path, "key");
  const maybe = (value: string | undefined, key: string) => (value === undefined ? undefined : located(value, [...path, key]));
  switch (backend.type) {
    case "local":
      return { type: "local", path: maybe(backend.path, "path"), loc };
    case "s3":
      return {
        type: "s3",
        bucket: located(backend.bucket, [...path, "bucket"]),
        region: located(backend.region, [...path, "region"]),
        keyPrefix: maybe(backend.keyPrefix, "keyPrefix"),
        dynamodbTable: maybe(backend.dynamodbTable, "dynamodbTable"),
        loc,
      };
    case "remote":
      return {
        type: "remote",
        organization: located(backend.organization, [...path, "organization"]),
        hostname: maybe(backend.hostname, "hostname"),
        workspacePrefix: maybe(backend.workspacePrefix, "workspacePrefix"),
        loc,
      };
  }
}

function bindingsFor(org: RawOrg, orgPath: DocPath, located: LocateValue): BindingModel[] {
  return Object.entries(org.bindings ?? {}).map(([name, value]) => ({ name, value: located(value, [...orgPath, "bindings", name]) }));
}

/**
 * A declared role: `permissions` entries and `permissionPolicies` both become permissions (`domain:entity:action`,
 * one per action) for the checks, and policies for the provider (entries grouped by domain and entity, in order).
 */
function roleFor(role: string, declared: RawRole, located: LocateValue, locatedList: LocateList, source: YamlSource): DeclaredRoleModel {
  const path = ["roles", role];
  const permissions = locatedList(declared.permissions, [...path, "permissions"]);
  const policies: PermissionPolicyModel[] = policiesOfPermissions(permissions.map(({ value }) => value));
  (declared.permissionPolicies ?? []).forEach((policy, i) => {
    const policyPath = [...path, "permissionPolicies", i];
    policies.push({ domain: policy.domain, entity: policy.entity, actions: policy.actions, ...(policy.conditions === undefined ? {} : { conditions: policy.conditions }) });
    policy.actions.forEach((action, j) => permissions.push(located(`${policy.domain}:${policy.entity}:${action}`, [...policyPath, "actions", j])));
  });
  return {
    role,
    ...(declared.description === undefined ? {} : { description: located(declared.description, [...path, "description"]) }),
    permissions,
    policies,
    existing: declared.existing === true,
    // An existing role that says nothing of its permissions holds something unknown, not nothing.
    ...(declared.existing === true && declared.permissions === undefined && declared.permissionPolicies === undefined ? { permissionsIncomplete: true } : {}),
    loc: source.locate(path, "key"),
  };
}
