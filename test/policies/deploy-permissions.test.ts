import * as path from "node:path";
import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { loadConfig, loadConfigText } from "../../config/load";
import type { ScopegateModel } from "../../config/model";
import { addStacks } from "../../constructs/app";
import resourcePermissions from "../../policies/data/resource-permissions.json";
import { permissionCovers } from "../../policies/permission-patterns";
import { assessDeployClient, dataSourceAddress, deployRequirements, type StackTypes, stackTypes } from "../../policies/deploy-permissions";
import { BOT_CONNECTOR, config, orgsYaml, ROOT } from "../helpers";

function modelOf(result: ReturnType<typeof loadConfig>): ScopegateModel {
  if (!result.ok) throw new Error(`test setup: the configuration does not load:\n${result.problems.map((p) => `${p.line}:${p.column} ${p.message}`).join("\n")}`);
  return result.model;
}

/** The resource and data source types of every stack cdktf synthesizes from `model`, by stack name. */
function synthesizedTypes(model: ScopegateModel): Map<string, StackTypes> {
  const app = Testing.app();
  const stacks = addStacks(app, model, { outdir: app.outdir, configDir: ROOT });
  return new Map(
    stacks.map((stack, i) => {
      const json = JSON.parse(Testing.synth(stack)) as { resource?: object; data?: object };
      return [model.environments[i].stackName, { resources: Object.keys(json.resource ?? {}).sort(), dataSources: Object.keys(json.data ?? {}).sort() }];
    }),
  );
}

/**
 * Shapes the example lacks: a stack with no client (`only: [dev]`), and one whose only grant is on all divisions
 * (no division lookup at all).
 */
const EDGE_CASES = config({
  orgs: orgsYaml({ dev: {}, prod: {}, test: {} }),
  clients: `${BOT_CONNECTOR}
  only: [dev]
reporting:
  grant: CLIENT-CREDENTIALS
  capabilities: [analytics-export]
  roles: [{ role: Analytics Reader, division: "*" }]
  only: [test]`,
});

describe("stackTypes", () => {
  const example = modelOf(loadConfig("scopegate.yaml", path.join(ROOT, "scopegate.yaml")));
  const edgeCases = modelOf(loadConfigText("edge-cases.yaml", EDGE_CASES));

  it.each([
    ["the example scopegate.yaml", example],
    ["stacks without clients or division lookups", edgeCases],
  ])("lists exactly the resource and data source types cdktf synthesizes for %s", (_, model) => {
    const synthesized = synthesizedTypes(model);
    expect(synthesized.size).toBe(model.environments.length);
    for (const org of model.environments) expect(stackTypes(org), org.stackName).toEqual(synthesized.get(org.stackName));
  });

  it("covers the shapes it claims to", () => {
    const byStack = new Map(edgeCases.environments.map((org) => [org.environment, stackTypes(org)]));
    expect(byStack.get("prod")).toEqual({ resources: [], dataSources: ["genesyscloud_organizations_me"] });
    expect(byStack.get("test")).toEqual({ resources: ["genesyscloud_oauth_client"], dataSources: ["genesyscloud_auth_role", "genesyscloud_organizations_me"] });
    const acmeDev = example.environments.find((org) => org.stackName === "acme-dev")!;
    expect(stackTypes(acmeDev).dataSources).toEqual(["genesyscloud_auth_division", "genesyscloud_auth_division_home", "genesyscloud_auth_role", "genesyscloud_organizations_me"]);
  });

  it("has every type a stack can contain in the vendored permission data", () => {
    for (const type of ["genesyscloud_oauth_client"]) expect(resourcePermissions.resources).toHaveProperty(type);
    for (const type of ["genesyscloud_organizations_me", "genesyscloud_auth_role", "genesyscloud_auth_division", "genesyscloud_auth_division_home"]) {
      expect(resourcePermissions.data_sources).toHaveProperty(type);
    }
  });
});

describe("deployRequirements", () => {
  const example = modelOf(loadConfig("scopegate.yaml", path.join(ROOT, "scopegate.yaml")));
  const acmeDev = example.environments.find((org) => org.stackName === "acme-dev")!;
  const data = resourcePermissions as unknown as Record<"resources" | "data_sources", Record<string, { permissions: string[]; scopes: string[] }>>;

  it("is the union of the vendored permissions and scopes over the stack's types, each with the types that need it, sorted", () => {
    const types = stackTypes(acmeDev);
    const entries = [
      ...types.resources.map((type) => [type, data.resources[type]] as const),
      ...types.dataSources.map((type) => [dataSourceAddress(type), data.data_sources[type]] as const),
    ];
    const union = (key: "permissions" | "scopes") => {
      const names = [...new Set(entries.flatMap(([, requirements]) => requirements[key]))].sort();
      return names.map((name) => ({ name, neededBy: entries.filter(([, requirements]) => requirements[key].includes(name)).map(([type]) => type).sort() }));
    };
    const requirements = deployRequirements(acmeDev);
    expect(requirements.types).toEqual(types);
    expect(requirements.permissions).toEqual(union("permissions"));
    expect(requirements.scopes).toEqual(union("scopes"));
    expect(requirements.permissions.find((p) => p.name === "authorization:role:view")?.neededBy).toEqual(["data.genesyscloud_auth_role"]);
    expect(requirements.scopes.find((s) => s.name === "authorization")?.neededBy).toEqual([
      "data.genesyscloud_auth_division",
      "data.genesyscloud_auth_division_home",
      "data.genesyscloud_auth_role",
      "genesyscloud_oauth_client",
    ]);
  });

  it("lists each role the stack grants once, with the clients granted it", () => {
    expect(deployRequirements(acmeDev).roles).toEqual([
      { role: "Analytics Reader", grantedTo: ["analytics-export"] },
      { role: "Bot Connector", grantedTo: ["bot-connector"] },
      { role: "CRM Sync", grantedTo: ["crm-sync"] },
      { role: "Web Messaging Guest Issuer", grantedTo: ["guest-token-backend"] },
    ]);
  });
});

describe("permissionCovers", () => {
  it.each([
    ["oauth:client:add", "oauth:client:add", true],
    ["oauth:client:*", "oauth:client:add", true],
    ["oauth:*:add", "oauth:client:add", true],
    ["oauth:*:*", "oauth:client:delete", true],
    ["*:*:*", "authorization:grant:add", true],
    ["oauth:*", "oauth:client:edit", true],
    ["oauth:client:view", "oauth:client:add", false],
    ["oauth:client:*", "oauth:clientx:add", false],
    ["oauth:*:*", "authorization:grant:add", false],
    ["oauth:client", "oauth:client:add", false],
    ["oauth:client:add:extra", "oauth:client:add", false],
    ["admin", "admin", true],
    ["admin", "oauth:client:add", false],
  ])("'%s' covers '%s': %s", (held, needed, covers) => {
    expect(permissionCovers(held, needed)).toBe(covers);
  });
});

describe("deployClient in the model", () => {
  const yaml = config({ clients: BOT_CONNECTOR }).replace(
    "credentials: { clientIdEnv: ACME_PROD_CLIENT_ID, clientSecretEnv: ACME_PROD_CLIENT_SECRET }\n",
    "credentials: { clientIdEnv: ACME_PROD_CLIENT_ID, clientSecretEnv: ACME_PROD_CLIENT_SECRET }\n        deployClient:\n          roles: [Terraform Deployer]\n          permissions: [oauth:client:*]\n",
  );
  const model = modelOf(loadConfigText("case.yaml", yaml));
  const [dev, prod] = model.environments;

  it("is undefined where not declared, and located where it is", () => {
    expect(dev.deployClient).toBeUndefined();
    expect(prod.deployClient).toEqual({
      roles: [{ value: "Terraform Deployer", loc: { file: "case.yaml", line: 16, column: 19 } }],
      permissions: [{ value: "oauth:client:*", loc: { file: "case.yaml", line: 17, column: 25 } }],
      loc: { file: "case.yaml", line: 15, column: 9 },
    });
  });

  it("assesses only orgs that declare a deploy client", () => {
    expect(assessDeployClient(dev, model)).toBeUndefined();
    const assessment = assessDeployClient(prod, model)!;
    expect(assessment.undeclaredRoles.map((role) => role.value)).toEqual(["Terraform Deployer"]);
    expect(assessment.missingPermissions).toEqual([]);
    expect(assessment.unverifiedPermissions.map((needed) => needed.name)).toEqual([
      "authorization:grant:add",
      "authorization:grant:view",
      "authorization:role:view",
      "integrations:integration:add",
      "integrations:integration:delete",
      "integrations:integration:edit",
      "integrations:integration:view",
    ]);
    expect(assessment.unheldRoleGrants.map(({ client, grant }) => `${client.key}: ${grant.role.value}`)).toEqual(["bot-connector: Bot Connector"]);
  });
});
