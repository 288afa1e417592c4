import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { loadConfig, loadConfigText } from "../../config/load";
import type { OrgEnvironment, ScopegateModel } from "../../model/model";
import { addStacks } from "../../constructs/app";
import resourcePermissions from "../../policies/data/resource-permissions.json";
import type { DeployRequirements, Needed } from "../../policies/deploy-permissions";
import { assessDeployClient, collectNeeds, dataSourceAddress, deployClientFallsShort, deployRequirements, permissionNeeds, type StackTypes, stackTypes } from "../../policies/deploy-permissions";
import { isStandardPermission, operationCatalog } from "../../policies/operations";
import { permissionCovers, splitPermission } from "../../policies/permission-patterns";
import { CALL_REQUIREMENTS, CALL_REQUIREMENTS_VERSION, DATA_SOURCE_CALLS, RESOURCE_CALLS, type TypeCalls } from "../../policies/provider-calls";
import { config, orgsYaml, ROOT } from "../helpers";

/** A bot connector granted role 'Bot Connector': the role these cases give the deploy client, or not. */
const BOT_CONNECTOR = `bot-connector:
  grant: CLIENT-CREDENTIALS
  capabilities: [bot-connector]
  roles: [{ role: Bot Connector }]`;

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

/**
 * Roles as code: 'Bot Connector' is created in every org (so the bot connector's grant references it), 'Analytics
 * Reader' exists already (looked up by name), 'Terraform Deployer' exists and is what dev's deploy client holds.
 */
const WITH_ROLES = config({
  orgs: orgsYaml({ dev: {}, prod: {} }).replace(
    "credentials: { clientIdEnv: ACME_DEV_CLIENT_ID, clientSecretEnv: ACME_DEV_CLIENT_SECRET }\n",
    "credentials: { clientIdEnv: ACME_DEV_CLIENT_ID, clientSecretEnv: ACME_DEV_CLIENT_SECRET }\n        deployClient: { roles: [Terraform Deployer, Bot Connector, Analytics Reader] }\n",
  ),
  clients: `${BOT_CONNECTOR}
reporting:
  grant: CLIENT-CREDENTIALS
  capabilities: [analytics-export]
  roles: [{ role: Analytics Reader, division: "*" }]
  only: [dev]`,
  top: `roles:
  Terraform Deployer: { existing: true, permissions: ["oauth:client:*", "authorization:role:view"] }
  Bot Connector: { permissions: ["textbots:botFlowSession:execute"] }
  Analytics Reader: { existing: true, permissions: ["analytics:conversationAggregate:view"] }`,
});

/** The stack of one environment of a model. */
function orgOf(model: ScopegateModel, environment: string): OrgEnvironment {
  const org = model.environments.find((candidate) => candidate.environment === environment);
  if (org === undefined) throw new Error(`test setup: no environment '${environment}'`);
  return org;
}

/** Every type the call table knows, as `[needer, calls]`: resource types as they are, data sources as `data.<type>`. */
const TABLE: readonly (readonly [string, TypeCalls])[] = [
  ...Object.entries(RESOURCE_CALLS),
  ...Object.entries(DATA_SOURCE_CALLS).map(([type, calls]) => [dataSourceAddress(type), calls] as const),
];

describe("stackTypes", () => {
  const example = modelOf(loadConfig("scopegate.yaml", path.join(ROOT, "scopegate.yaml")));
  const edgeCases = modelOf(loadConfigText("edge-cases.yaml", EDGE_CASES));
  const withRoles = modelOf(loadConfigText("with-roles.yaml", WITH_ROLES));

  it.each([
    ["the example scopegate.yaml", example],
    ["stacks without clients or division lookups", edgeCases],
    ["stacks creating a role and looking another up", withRoles],
  ])("lists exactly the resource and data source types cdktf synthesizes for %s", (_, model) => {
    const synthesized = synthesizedTypes(model);
    expect(synthesized.size).toBe(model.environments.length);
    for (const org of model.environments) expect(stackTypes(org, model.roles), org.stackName).toEqual(synthesized.get(org.stackName));
  });

  it("covers the shapes it claims to", () => {
    expect(stackTypes(orgOf(edgeCases, "prod"), edgeCases.roles)).toEqual({ resources: [], dataSources: ["genesyscloud_organizations_me"] });
    expect(stackTypes(orgOf(edgeCases, "test"), edgeCases.roles)).toEqual({ resources: ["genesyscloud_oauth_client"], dataSources: ["genesyscloud_auth_role", "genesyscloud_organizations_me"] });
    expect(stackTypes(orgOf(edgeCases, "dev"), edgeCases.roles).dataSources).toEqual(["genesyscloud_auth_division_home", "genesyscloud_auth_role", "genesyscloud_organizations_me"]);
  });

  it("adds the role resource where the configuration declares roles scopegate creates, and looks up only the others", () => {
    const model = withRoles;
    // prod: the bot connector's only grant is of the created 'Bot Connector': referenced, not looked up.
    expect(stackTypes(orgOf(model, "prod"), model.roles)).toEqual({
      resources: ["genesyscloud_auth_role", "genesyscloud_oauth_client"],
      dataSources: ["genesyscloud_auth_division_home", "genesyscloud_organizations_me"],
    });
    // dev: 'Analytics Reader' exists, so it is looked up by name.
    expect(stackTypes(orgOf(model, "dev"), model.roles)).toEqual({
      resources: ["genesyscloud_auth_role", "genesyscloud_oauth_client"],
      dataSources: ["genesyscloud_auth_division_home", "genesyscloud_auth_role", "genesyscloud_organizations_me"],
    });
    // Created roles are created in a stack without clients too; only existing roles create nothing.
    const onlyExisting = model.roles.map((role) => ({ ...role, existing: true }));
    expect(stackTypes(orgOf(edgeCases, "prod"), model.roles).resources).toEqual(["genesyscloud_auth_role"]);
    expect(stackTypes(orgOf(model, "prod"), onlyExisting).resources).toEqual(["genesyscloud_oauth_client"]);
  });

  it("has every type a stack can contain in the call table", () => {
    expect(Object.keys(RESOURCE_CALLS).sort()).toEqual(["genesyscloud_auth_role", "genesyscloud_oauth_client"]);
    expect(Object.keys(DATA_SOURCE_CALLS).sort()).toEqual(["genesyscloud_auth_division", "genesyscloud_auth_division_home", "genesyscloud_auth_role", "genesyscloud_organizations_me"]);
  });
});

describe("the provider call table (policies/provider-calls.ts)", () => {
  const catalog = operationCatalog();
  const allCalls = TABLE.flatMap(([, calls]) => [...calls.calls, ...calls.skipped]);

  it("copies each call's permissions and scopes from the operations catalog, at the version it names", () => {
    expect(CALL_REQUIREMENTS_VERSION).toBe(catalog.version);
    for (const [call, requirements] of Object.entries(CALL_REQUIREMENTS)) {
      const operation = catalog.find(call);
      expect(operation?.key, call).toBe(call);
      expect(requirements, call).toEqual({ permissions: operation!.permissions, scopes: operation!.scopes });
      expect(operation!.permissions.list.every(isStandardPermission), call).toBe(true);
    }
  });

  it("has the requirements of exactly the calls it lists, each listed once per type", () => {
    expect([...new Set(allCalls.map(({ call }) => call))].sort()).toEqual(Object.keys(CALL_REQUIREMENTS).sort());
    for (const [needer, calls] of TABLE) {
      const keys = [...calls.calls, ...calls.skipped].map(({ call }) => call);
      expect(new Set(keys).size, needer).toBe(keys.length);
      expect(calls.sources.length, needer).toBeGreaterThan(0);
    }
  });

  it("accounts for every permission and scope the provider's docs list for a type: a call it makes, or one it skips with a reason", () => {
    const docs = resourcePermissions as unknown as Record<"resources" | "data_sources", Record<string, { permissions: string[]; scopes: string[] }>>;
    const union = (calls: TypeCalls, key: "permissions" | "scopes") =>
      [...new Set([...calls.calls, ...calls.skipped].flatMap(({ call }) => (key === "permissions" ? CALL_REQUIREMENTS[call].permissions.list : CALL_REQUIREMENTS[call].scopes)))].sort();
    for (const [type, calls] of Object.entries(RESOURCE_CALLS)) {
      expect(union(calls, "permissions"), type).toEqual([...docs.resources[type].permissions].sort());
      expect(union(calls, "scopes"), type).toEqual([...docs.resources[type].scopes].sort());
    }
    for (const [type, calls] of Object.entries(DATA_SOURCE_CALLS)) {
      expect(union(calls, "permissions"), type).toEqual([...docs.data_sources[type].permissions].sort());
      expect(union(calls, "scopes"), type).toEqual([...docs.data_sources[type].scopes].sort());
    }
  });

  it("skips the user-token and integration-credential calls of genesyscloud_oauth_client, and nothing a stack makes", () => {
    const { calls, skipped } = RESOURCE_CALLS.genesyscloud_oauth_client;
    const demanded = calls.flatMap(({ call }) => CALL_REQUIREMENTS[call].permissions.list);
    expect(demanded.sort()).toEqual(["oauth:client:add", "oauth:client:delete", "oauth:client:edit", "oauth:client:view"]);
    expect(skipped.flatMap(({ call }) => CALL_REQUIREMENTS[call].permissions.list).sort()).toEqual([
      "authorization:grant:add",
      "authorization:grant:view",
      "integrations:integration:add",
      "integrations:integration:delete",
      "integrations:integration:edit",
      "integrations:integration:view",
    ]);
    // The org check is made, and needs no permission.
    expect(calls.map(({ call }) => call)).toContain("GET /api/v2/tokens/me");
    for (const call of skipped) expect(call.skippedBecause.length, call.call).toBeGreaterThan(20);
  });
});

/** What `deployRequirements` should say, derived independently: the table's calls of the stack's types, read through the catalog. */
function expectedThroughCatalog(types: StackTypes, key: "permissions" | "scopes"): { name: string; anyOf: string[]; neededBy: string[]; calls: { call: string; neededBy: string[] }[] }[] {
  const entries = [
    ...types.resources.map((type) => [type, RESOURCE_CALLS[type]] as const),
    ...types.dataSources.map((type) => [dataSourceAddress(type), DATA_SOURCE_CALLS[type]] as const),
  ];
  const byNeed = new Map<string, { anyOf: string[]; calls: Map<string, string[]> }>();
  for (const [needer, { calls }] of entries) {
    for (const { call } of calls) {
      const operation = operationCatalog().find(call)!;
      const { type, list } = operation.permissions;
      const needs = key === "scopes" ? (operation.scopes!.length === 0 ? [] : [operation.scopes!]) : type === "NONE" ? [] : type === "ANY" ? [list] : list.map((permission) => [permission]);
      for (const need of needs) {
        const anyOf = [...need].sort();
        const entry = byNeed.get(anyOf.join(" ")) ?? { anyOf, calls: new Map<string, string[]>() };
        byNeed.set(anyOf.join(" "), entry);
        entry.calls.set(call, [...(entry.calls.get(call) ?? []), needer].sort());
      }
    }
  }
  return [...byNeed.values()]
    .map(({ anyOf, calls }) => ({
      name: anyOf.join(" or "),
      anyOf,
      neededBy: [...new Set([...calls.values()].flat())].sort(),
      calls: [...calls].sort(([a], [b]) => (a < b ? -1 : 1)).map(([call, neededBy]) => ({ call, neededBy })),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

describe("deployRequirements", () => {
  const example = modelOf(loadConfig("scopegate.yaml", path.join(ROOT, "scopegate.yaml")));
  const withRoles = modelOf(loadConfigText("with-roles.yaml", WITH_ROLES));

  it.each([
    ...example.environments.map((org) => [`example ${org.stackName}`, org, example] as const),
    ...withRoles.environments.map((org) => [`roles as code ${org.stackName}`, org, withRoles] as const),
  ])("is, for %s, what the calls of the stack's types need through the operations catalog, each with the calls and types needing it", (_, org, model) => {
    const requirements = deployRequirements(org, model.roles);
    expect(requirements.types).toEqual(stackTypes(org, model.roles));
    expect(requirements.permissions).toEqual(expectedThroughCatalog(requirements.types, "permissions"));
    expect(requirements.scopes).toEqual(expectedThroughCatalog(requirements.types, "scopes"));
  });

  it("asks a stack of CLIENT-CREDENTIALS clients for the oauth client calls and the role lookup: no 'authorization:grant:*', no 'integrations:*'", () => {
    const stack = modelOf(loadConfigText("bot.yaml", config({ clients: BOT_CONNECTOR })));
    const requirements = deployRequirements(orgOf(stack, "prod"), stack.roles);
    expect(requirements.permissions.map(({ name }) => name)).toEqual(["authorization:role:view", "oauth:client:add", "oauth:client:delete", "oauth:client:edit", "oauth:client:view"]);
    expect(requirements.permissions.find(({ name }) => name === "oauth:client:add")).toEqual({
      name: "oauth:client:add",
      anyOf: ["oauth:client:add"],
      neededBy: ["genesyscloud_oauth_client"],
      calls: [{ call: "POST /api/v2/oauth/clients", neededBy: ["genesyscloud_oauth_client"] }],
    });
    expect(requirements.permissions.find(({ name }) => name === "authorization:role:view")?.calls).toEqual([{ call: "GET /api/v2/authorization/roles", neededBy: ["data.genesyscloud_auth_role"] }]);
    expect(requirements.scopes.find(({ name }) => name === "oauth or oauth:readonly")?.calls).toEqual([{ call: "GET /api/v2/oauth/clients/{clientId}", neededBy: ["genesyscloud_oauth_client"] }]);
  });

  it("asks a stack creating roles for what managing 'genesyscloud_auth_role' needs", () => {
    const requirements = deployRequirements(orgOf(withRoles, "dev"), withRoles.roles);
    const byName = new Map(requirements.permissions.map((needed) => [needed.name, needed]));
    for (const [permission, call] of [
      ["authorization:role:add", "POST /api/v2/authorization/roles"],
      ["authorization:role:edit", "PUT /api/v2/authorization/roles/{roleId}"],
      ["authorization:role:delete", "DELETE /api/v2/authorization/roles/{roleId}"],
    ]) {
      expect(byName.get(permission)?.calls, permission).toEqual([{ call, neededBy: ["genesyscloud_auth_role"] }]);
    }
    // Reading a created role and looking up an existing one need the same permission.
    expect(byName.get("authorization:role:view")?.calls).toEqual([
      { call: "GET /api/v2/authorization/roles", neededBy: ["data.genesyscloud_auth_role"] },
      { call: "GET /api/v2/authorization/roles/{roleId}", neededBy: ["genesyscloud_auth_role"] },
    ]);
    expect([...byName.keys()].filter((name) => name.startsWith("authorization:grant") || name.startsWith("integrations:"))).toEqual([]);
  });

  it("lists each role the stack grants once, with the clients granted it", () => {
    expect(deployRequirements(orgOf(withRoles, "dev"), withRoles.roles).roles).toEqual([
      { role: "Analytics Reader", grantedTo: ["reporting"] },
      { role: "Bot Connector", grantedTo: ["bot-connector"] },
    ]);
  });

  it("lists the clients granted a role sorted by key, whatever their order in the configuration", () => {
    const client = (key: string) => `${key}:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [bot-connector]\n  roles: [{ role: Bot Connector }]`;
    const model = modelOf(loadConfigText("case.yaml", config({ clients: [client("zeta-bot"), client("alpha-bot"), client("mid-bot")].join("\n") })));
    expect(deployRequirements(orgOf(model, "prod"), model.roles).roles).toEqual([{ role: "Bot Connector", grantedTo: ["alpha-bot", "mid-bot", "zeta-bot"] }]);
  });
});

describe("collectNeeds", () => {
  it("makes one need of the same alternatives, whatever their order and repeats, with every call and type needing it", () => {
    expect(
      collectNeeds([
        { anyOf: ["routing:queue:view", "routing:queue:edit"], call: "PUT /api/v2/routing/queues/{queueId}", needer: "genesyscloud_routing_queue" },
        { anyOf: ["routing:queue:edit", "routing:queue:view", "routing:queue:edit"], call: "GET /api/v2/routing/queues", needer: "data.genesyscloud_routing_queue" },
        { anyOf: ["routing:queue:edit", "routing:queue:view"], call: "GET /api/v2/routing/queues", needer: "genesyscloud_routing_queue" },
      ]),
    ).toEqual([
      {
        name: "routing:queue:edit or routing:queue:view",
        anyOf: ["routing:queue:edit", "routing:queue:view"],
        neededBy: ["data.genesyscloud_routing_queue", "genesyscloud_routing_queue"],
        calls: [
          { call: "GET /api/v2/routing/queues", neededBy: ["data.genesyscloud_routing_queue", "genesyscloud_routing_queue"] },
          { call: "PUT /api/v2/routing/queues/{queueId}", neededBy: ["genesyscloud_routing_queue"] },
        ],
      },
    ]);
  });

  it("lists needs by name, and none for a call listing no alternative", () => {
    const need = (anyOf: string[]) => ({ anyOf, call: "GET /api/v2/example", needer: "genesyscloud_example" });
    expect(collectNeeds([need(["oauth"]), need([]), need(["analytics", "analytics:readonly"])]).map(({ name }) => name)).toEqual(["analytics or analytics:readonly", "oauth"]);
    expect(collectNeeds([need([])])).toEqual([]);
  });
});

describe("permissionNeeds", () => {
  it("reads ANY as one need of alternatives, ALL as one need per permission, NONE as none", () => {
    expect(permissionNeeds({ type: "ANY", list: ["analytics:conversationDetail:view", "analytics:agentConversationDetail:view"] })).toEqual([["analytics:conversationDetail:view", "analytics:agentConversationDetail:view"]]);
    expect(permissionNeeds({ type: "ALL", list: ["a:b:c", "d:e:f"] })).toEqual([["a:b:c"], ["d:e:f"]]);
    expect(permissionNeeds({ type: "NONE", list: [] })).toEqual([]);
  });

  it("reads ANY of no permission as no need, and NONE as no need whatever it lists", () => {
    expect(permissionNeeds({ type: "ANY", list: [] })).toEqual([]);
    expect(permissionNeeds({ type: "NONE", list: ["a:b:c"] })).toEqual([]);
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
    ["oauth:client:add:*", "oauth:client:add", false],
    ["oauth:*:add", "oauth:client", false],
    ["admin", "admin", true],
    ["admin", "oauth:client:add", false],
  ])("'%s' covers '%s': %s", (held, needed, covers) => {
    expect(permissionCovers(held, needed)).toBe(covers);
  });
});

describe("splitPermission", () => {
  it.each([
    ["oauth:client:add", ["oauth", "client", "add"]],
    ["oauth:*", ["oauth", "*", "*"]],
    ["oauth", ["oauth", "*", "*"]],
    ["a:b:c:d", ["a", "b", "c:d"]],
  ])("'%s' is %j", (permission, parts) => {
    expect(splitPermission(permission)).toEqual(parts);
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
    // 'oauth:client:*' covers the client's calls; only the role lookup is left to the undeclared role.
    expect(assessment.unverifiedPermissions.map((needed) => needed.name)).toEqual(["authorization:role:view"]);
    expect(assessment.unheldRoleGrants.map(({ client, grant }) => `${client.key}: ${grant.role.value}`)).toEqual(["bot-connector: Bot Connector"]);
  });
});

describe("assessDeployClient", () => {
  /**
   * The bot connector's stack in prod with a deploy client holding `permissions` directly and the role its client is
   * granted, an existing role whose permissions are declared.
   */
  function assess(permissions: readonly string[], requirements?: DeployRequirements) {
    const yaml = config({ clients: BOT_CONNECTOR, top: `roles:\n  Bot Connector: { existing: true, permissions: ["textbots:botFlowSession:execute"] }` }).replace(
      "credentials: { clientIdEnv: ACME_PROD_CLIENT_ID, clientSecretEnv: ACME_PROD_CLIENT_SECRET }\n",
      `credentials: { clientIdEnv: ACME_PROD_CLIENT_ID, clientSecretEnv: ACME_PROD_CLIENT_SECRET }\n        deployClient: { roles: [Bot Connector], permissions: ${JSON.stringify(permissions)} }\n`,
    );
    const model = modelOf(loadConfigText("case.yaml", yaml));
    return assessDeployClient(orgOf(model, "prod"), model, requirements)!;
  }

  it("passes a CLIENT-CREDENTIALS stack's deploy client holding the oauth client permissions and the role lookup's, without 'authorization:grant:*' or 'integrations:*'", () => {
    const assessment = assess(["oauth:client:add", "oauth:client:view", "oauth:client:edit", "oauth:client:delete", "authorization:role:view"]);
    expect(assessment).toMatchObject({ missingPermissions: [], unverifiedPermissions: [], undeclaredRoles: [], unheldRoleGrants: [], missingRoles: [] });
  });

  it("meets a need of an ANY call with either of its permissions, and reports it once when neither is held", () => {
    const operation = operationCatalog().find("POST /api/v2/analytics/conversations/details/jobs")!;
    expect(operation.permissions).toEqual({ type: "ANY", list: ["analytics:conversationDetail:view", "analytics:agentConversationDetail:view"] });
    const [anyOf] = permissionNeeds(operation.permissions);
    const need: Needed = { name: [...anyOf].sort().join(" or "), anyOf: [...anyOf].sort(), neededBy: ["genesyscloud_example"], calls: [{ call: operation.key, neededBy: ["genesyscloud_example"] }] };
    const requirements: DeployRequirements = { types: { resources: ["genesyscloud_example"], dataSources: [] }, permissions: [need], scopes: [], roles: [] };
    expect(assess(["analytics:conversationDetail:view"], requirements).missingPermissions).toEqual([]);
    expect(assess(["analytics:agentConversationDetail:view"], requirements).missingPermissions).toEqual([]);
    expect(assess(["analytics:*:view"], requirements).missingPermissions).toEqual([]);
    expect(assess(["analytics:conversationAggregate:view"], requirements).missingPermissions).toEqual([need]);
  });

  it("needs each permission of an ALL call", () => {
    const needs = permissionNeeds({ type: "ALL", list: ["routing:queue:view", "routing:queue:edit"] }).map(
      (anyOf): Needed => ({ name: anyOf.join(" or "), anyOf, neededBy: ["genesyscloud_example"], calls: [{ call: "PUT /api/v2/example", neededBy: ["genesyscloud_example"] }] }),
    );
    const requirements: DeployRequirements = { types: { resources: ["genesyscloud_example"], dataSources: [] }, permissions: needs, scopes: [], roles: [] };
    expect(assess(["routing:queue:view"], requirements).missingPermissions.map(({ name }) => name)).toEqual(["routing:queue:edit"]);
    expect(assess(["routing:queue:*"], requirements).missingPermissions).toEqual([]);
  });

  it("reports what managing created roles needs when the deploy client lacks it", () => {
    const model = modelOf(loadConfigText("with-roles.yaml", WITH_ROLES));
    const assessment = assessDeployClient(orgOf(model, "dev"), model)!;
    expect(assessment.undeclaredRoles).toEqual([]);
    expect(assessment.missingPermissions.map(({ name }) => name)).toEqual(["authorization:role:add", "authorization:role:delete", "authorization:role:edit"]);
    expect(assessment.missingRoles).toEqual([]);
  });

  it("falls short on a missing permission, one it cannot verify, or a role it cannot pass on, and on nothing else", () => {
    const sufficient = assess(["oauth:client:add", "oauth:client:view", "oauth:client:edit", "oauth:client:delete", "authorization:role:view"]);
    const short = assess([]);
    const [need] = short.missingPermissions;
    expect(need).toBeDefined();
    expect(deployClientFallsShort(sufficient)).toBe(false);
    expect(deployClientFallsShort({ ...sufficient, missingPermissions: [need!] })).toBe(true);
    expect(deployClientFallsShort({ ...sufficient, unverifiedPermissions: [need!] })).toBe(true);
    const client = orgOf(modelOf(loadConfigText("case.yaml", config({ clients: BOT_CONNECTOR }))), "prod").oauthClients[0]!;
    expect(deployClientFallsShort({ ...sufficient, unheldRoleGrants: [{ client, grant: client.roles[0]! }] })).toBe(true);
  });

  // A spawned process never runs a mutant: `npm run mutate` skips it (vitest.mutation.config.mts).
  it.skipIf(process.env.SCOPEGATE_MUTATION_RUN === "1")("never loads the operations catalog, with or without a deploy client", () => {
    const probe = `const { loadConfigText } = require("./config/load.ts");
      const { default: rule } = require("./policies/rules/deploy-client-privilege.ts");
      const loaded = loadConfigText("case.yaml", ${JSON.stringify(WITH_ROLES)});
      const reports = [];
      rule.check({ model: loaded.model, report: (finding) => reports.push(finding.messageId) });
      const catalog = Object.keys(require.cache).filter((file) => /api-operations[\\\\/]/.test(file));
      console.log(JSON.stringify({ ok: loaded.ok, reports, catalog }));`;
    const { CDKTF_OUTDIR: _ignored, ...env } = process.env;
    const result = spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), ["-e", probe], { cwd: ROOT, env, encoding: "utf8", timeout: 120_000 });
    expect(JSON.parse(result.stdout)).toEqual({ ok: true, reports: ["missingPermission", "missingPermission", "missingPermission"], catalog: [] });
  });
});
