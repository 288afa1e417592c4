/**
 * The floor of `scopegate synth`: a bare cdktf app that creates, from the same model, the same provider, variables,
 * data sources, resources, outputs and backends with the same attribute values (the `.gen` bindings and cdktf's own
 * classes), in the same construct tree, so that its output is byte-identical to `synthesize`'s, and nothing else:
 * no scopegate constructs, no checks of props, no registries of clients and roles, no creation sites, no aspects.
 * The benchmark's ratio scopegate/bare is then scopegate's own cost.
 */
import * as path from "node:path";
import { App, Fn, LocalBackend, NamedRemoteWorkspace, RemoteBackend, S3Backend, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { AuthRole } from "../.gen/providers/genesyscloud/auth-role";
import { DataGenesyscloudAuthDivision } from "../.gen/providers/genesyscloud/data-genesyscloud-auth-division";
import { DataGenesyscloudAuthDivisionHome } from "../.gen/providers/genesyscloud/data-genesyscloud-auth-division-home";
import { DataGenesyscloudAuthRole } from "../.gen/providers/genesyscloud/data-genesyscloud-auth-role";
import { DataGenesyscloudOrganizationsMe } from "../.gen/providers/genesyscloud/data-genesyscloud-organizations-me";
import { OauthClient } from "../.gen/providers/genesyscloud/oauth-client";
import { GenesyscloudProvider } from "../.gen/providers/genesyscloud/provider";
import { clientIdOutputName, rolesCreatedFor, rotationCopyNames, stateLocationOf } from "../config/outputs";
import { regionEndpoints } from "../config/regions";
import type { DeclaredRoleModel, OrgEnvironment, ScopegateModel } from "../model/model";

const text = (value: string) => value.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
const slug = (value: string) => {
  const s = value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return /^[a-z_]/.test(s) ? s : `_${s}`;
};

/** Synthesizes every stack of `model` into `outdir` with plain cdktf. */
export function bareSynth(model: ScopegateModel, options: { readonly outdir: string; readonly configDir: string }): void {
  bareApp(model, options).synth();
}

/** The bare app of `model`, not yet synthesized. */
export function bareApp(model: ScopegateModel, options: { readonly outdir: string; readonly configDir: string }): App {
  const app = new App({ outdir: options.outdir, stackTraces: false });
  const granted = new Map<string, DeclaredRoleModel[]>();
  for (const org of model.environments) {
    if (!granted.has(org.tenant)) granted.set(org.tenant, rolesCreatedFor(model.roles, model.environments.filter((other) => other.tenant === org.tenant)));
  }
  for (const org of model.environments) bareStack(app, org, granted.get(org.tenant) ?? [], options);
  return app;
}

function bareStack(app: App, org: OrgEnvironment, roles: readonly DeclaredRoleModel[], options: { readonly outdir: string; readonly configDir: string }): void {
  const name = org.stackName;
  const stack = new TerraformStack(app, name);
  const { clientIdEnv, clientSecretEnv } = { clientIdEnv: org.credentials.clientIdEnv.value, clientSecretEnv: org.credentials.clientSecretEnv.value };
  const orgName = org.orgName.value;
  const region = org.region.value;

  const providerScope = new Construct(stack, "Provider");
  const variable = (id: string, env: string, what: string) => {
    const v = new TerraformVariable(providerScope, id, {
      type: "string",
      sensitive: true,
      nullable: false,
      description: `${what} of the OAuth client Terraform deploys ${name} with. Set TF_VAR_${env} from ${env}, or run 'npx scopegate deploy ${name}'.`,
    });
    v.overrideLogicalId(env);
    return v;
  };
  const clientId = variable("ClientId", clientIdEnv, "Client id");
  const clientSecret = variable("ClientSecret", clientSecretEnv, "Client secret");
  const provider = new GenesyscloudProvider(providerScope, "Resource", { awsRegion: region, oauthclientId: clientId.stringValue, oauthclientSecret: clientSecret.stringValue });
  provider.addOverride("//.scopegate", { tenant: org.tenant, environment: org.environment, tier: org.tier.value, orgName });

  const identity = new Construct(stack, "OrgIdentity");
  const message = (actual: string) =>
    `Stack ${name} is declared for Genesys Cloud org ${text(orgName)}, but the credentials in ${clientIdEnv} / ${clientSecretEnv} belong to org ${actual}. Refusing to plan: point the stack at the right credentials.`;
  const me = new DataGenesyscloudOrganizationsMe(identity, "Org", {
    lifecycle: { postcondition: [{ condition: `\${contains([self.name, self.third_party_org_name], ${text(JSON.stringify(orgName))})}`, errorMessage: message("${self.name} (${self.third_party_org_name})") }] },
  });
  me.overrideLogicalId("org");
  const guard = {
    condition: Fn.contains([me.name, me.thirdPartyOrgName], Fn.rawString(orgName.replace(/\\/g, "\\\\").replace(/%\{/g, "%%{"))),
    errorMessage: message(`${me.name} (${me.thirdPartyOrgName})`),
  };

  const rolesScope = new Construct(stack, "Roles");
  const lookups = new Construct(stack, "Lookups");
  const bindings = new Construct(stack, "Bindings");
  const output = (id: string, value: unknown, description: string) => {
    const out = new TerraformOutput(bindings, id, { value, description });
    out.overrideLogicalId(id);
    return out;
  };
  const endpoints = regionEndpoints(region);
  output("org_id", me.id, "Id of the Genesys Cloud org (from data.genesyscloud_organizations_me).").addOverride("precondition", [{ condition: guard.condition, error_message: guard.errorMessage }]);
  output("org_name", me.name, "Name of the Genesys Cloud org.");
  output("region", region, "Genesys Cloud region (the provider's aws_region).");
  output("api_base_url", endpoints.apiBaseUrl, "Base URL of the Platform API for this org's region.");
  output("login_base_url", endpoints.loginBaseUrl, "Base URL of the login (OAuth) service for this org's region.");

  const location = stateLocationOf(org, options.configDir);
  switch (location.type) {
    case "local":
      new LocalBackend(stack, { path: path.relative(path.resolve(options.outdir, "stacks", name), location.path).split(path.sep).join("/") });
      break;
    case "s3": {
      const s3 = new S3Backend(stack, { bucket: location.bucket, key: location.key, region: location.region, encrypt: true, dynamodbTable: location.dynamodbTable });
      if (location.dynamodbTable === undefined) s3.addOverride("use_lockfile", true);
      break;
    }
    case "remote":
      new RemoteBackend(stack, { hostname: location.hostname, organization: location.organization, workspaces: new NamedRemoteWorkspace(location.workspace) });
      break;
  }

  const defaultDescription = `Managed by scopegate (tenant ${org.tenant}, environment ${org.environment}).`;
  const roleIds = new Map<string, string>();
  for (const role of roles) {
    const address = `role_${slug(role.role)}`;
    const resource = new AuthRole(rolesScope, address, {
      name: text(role.role),
      description: text(role.description?.value ?? defaultDescription),
      permissionPolicies: role.policies.map((policy) => ({
        domain: text(policy.domain),
        entityName: text(policy.entity),
        actionSet: policy.actions.map(text),
        ...(policy.conditions === undefined
          ? {}
          : {
              conditions: {
                conjunction: policy.conditions.conjunction,
                terms: policy.conditions.terms.map((term) => ({
                  variableName: text(term.variableName),
                  operator: term.operator,
                  operands: term.operands.map((operand) => ({
                    type: operand.type,
                    value: operand.value === undefined ? undefined : text(operand.value),
                    queueId: operand.queueId === undefined ? undefined : text(operand.queueId),
                    userId: operand.userId === undefined ? undefined : text(operand.userId),
                  })),
                })),
              },
            }),
      })),
      lifecycle: { precondition: [guard] },
    });
    resource.overrideLogicalId(address);
    roleIds.set(role.role, resource.id);
  }

  const lookedUp = new Map<string, string>();
  let home: string | undefined;
  const roleId = (role: string) => {
    let id = roleIds.get(role) ?? lookedUp.get(`role:${role}`);
    if (id === undefined) {
      const address = `role_${slug(role)}`;
      const data = new DataGenesyscloudAuthRole(lookups, address, { name: text(role) });
      data.overrideLogicalId(address);
      lookedUp.set(`role:${role}`, (id = data.id));
    }
    return id;
  };
  const divisionId = (division: OrgEnvironment["oauthClients"][number]["roles"][number]["division"]["value"]) => {
    if (division.kind === "all") return "*";
    if (division.kind === "home") {
      if (home === undefined) {
        const data = new DataGenesyscloudAuthDivisionHome(lookups, "HomeDivision");
        data.overrideLogicalId("home");
        home = data.id;
      }
      return home;
    }
    let id = lookedUp.get(`division:${division.name}`);
    if (id === undefined) {
      const address = `division_${slug(division.name)}`;
      const data = new DataGenesyscloudAuthDivision(lookups, address, { name: text(division.name) });
      data.overrideLogicalId(address);
      lookedUp.set(`division:${division.name}`, (id = data.id));
    }
    return id;
  };

  for (const client of org.oauthClients) {
    const scope = new Construct(stack, client.key);
    const grants = client.roles.map((grant) => ({ roleId: roleId(grant.role.value), divisionId: divisionId(grant.division.value) }));
    const copies = client.rotation.value;
    const scopes = client.scopes.map((s) => text(s.value));
    const uris = client.redirectUris.map((uri) => text(uri.value));
    const resources = rotationCopyNames(client.name.value, copies).map((copyName, i) => {
      const copy = i + 1;
      const resource = new OauthClient(scope, copy === 1 ? "Resource" : `Resource${copy}`, {
        name: text(copyName),
        description: text(client.description?.value ?? defaultDescription),
        authorizedGrantType: client.grant.value,
        scopes: scopes.length > 0 ? scopes : undefined,
        roles: grants.length > 0 ? grants : undefined,
        registeredRedirectUris: uris.length > 0 ? uris : undefined,
        accessTokenValiditySeconds: client.tokenValiditySeconds?.value,
        state: client.state.value,
        exposeClientSecret: client.exposeSecret.value,
        directoryClientSecret: client.secretDirectory === undefined ? undefined : text(client.secretDirectory.value),
        lifecycle: { precondition: [guard] },
      });
      resource.overrideLogicalId(copy === 1 ? client.key : `${client.key}_${copy}`);
      resource.addOverride("//.scopegate", {
        client: client.key,
        capabilities: client.capabilities.map((capability) => capability.value),
        ...(copies > 1 ? { rotation: String(copies), copy: String(copy) } : {}),
      });
      return resource;
    });
    resources.forEach((resource, i) => {
      output(clientIdOutputName(client.key, i + 1), resource.clientId, `OAuth client id of '${client.key}'${resources.length > 1 ? ` (rotation copy ${i + 1})` : ""}.`);
    });
  }
  for (const binding of org.bindings) {
    const value = binding.value.value;
    output(binding.name, typeof value === "string" ? text(value) : value, `Binding '${binding.name}' declared in the scopegate configuration.`);
  }
}
