import { describe, expect, it } from "vitest";
import type { TfBlock, TfObject, TfPlan, TfValue } from "../../model/terraform";
import { parseJsonFile } from "../../terraform/json-file";
import { isTerraformPlan, readPlan } from "../../terraform/plan";

/** A plan as `terraform show -json` writes it (pretty-printed): a tainted bot client replaced, a CRM credential using it. */
const PLAN = `{
  "format_version": "1.2",
  "terraform_version": "1.9.8",
  "planned_values": { "root_module": {} },
  "resource_changes": [
    {
      "address": "data.genesyscloud_auth_role.bot",
      "mode": "data",
      "type": "genesyscloud_auth_role",
      "name": "bot",
      "provider_name": "registry.terraform.io/mypurecloud/genesyscloud",
      "change": { "actions": ["read"], "before": null, "after": { "name": "Bot Connector" }, "after_unknown": { "id": true } },
      "action_reason": "read_because_dependency_pending"
    },
    {
      "address": "genesyscloud_oauth_client.bot",
      "mode": "managed",
      "type": "genesyscloud_oauth_client",
      "name": "bot",
      "provider_name": "registry.terraform.io/mypurecloud/genesyscloud",
      "change": {
        "actions": ["delete", "create"],
        "before": {
          "access_token_validity_seconds": 86400,
          "authorized_grant_type": "CLIENT-CREDENTIALS",
          "client_id": "0b5f6a1e-7c1d-4a55-9d0e-2f3b4c5d6e7f",
          "description": null,
          "id": "0b5f6a1e-7c1d-4a55-9d0e-2f3b4c5d6e7f",
          "integration_credential_name": "bot-connector-credential",
          "name": "Bot Connector",
          "roles": [
            { "division_id": "*", "role_id": "3f2a9c41-8e7d-4b6a-a1c2-d3e4f5a6b7c8" }
          ],
          "scopes": null,
          "state": "active"
        },
        "after": {
          "access_token_validity_seconds": 86400,
          "authorized_grant_type": "CLIENT-CREDENTIALS",
          "description": null,
          "integration_credential_name": "bot-connector-credential",
          "name": "Bot Connector 2",
          "roles": [
            { "division_id": "*", "role_id": "3f2a9c41-8e7d-4b6a-a1c2-d3e4f5a6b7c8" }
          ],
          "scopes": null,
          "state": "active"
        },
        "after_unknown": { "client_id": true, "id": true, "integration_credential_id": true },
        "before_sensitive": { "client_secret": true },
        "after_sensitive": { "client_secret": true },
        "replace_paths": [["name"], ["roles", 0, "role_id"]]
      },
      "action_reason": "replace_because_cannot_update"
    },
    {
      "address": "genesyscloud_integration_credential.crm",
      "mode": "managed",
      "type": "genesyscloud_integration_credential",
      "name": "crm",
      "provider_name": "registry.terraform.io/mypurecloud/genesyscloud",
      "change": {
        "actions": ["create"],
        "before": null,
        "after": { "credential_type_name": "pureCloudOAuthClient", "name": "CRM connector" },
        "after_unknown": { "fields": true, "id": true }
      }
    },
    {
      "address": "genesyscloud_oauth_client.legacy",
      "mode": "managed",
      "type": "genesyscloud_oauth_client",
      "name": "legacy",
      "change": {
        "actions": ["delete"],
        "before": { "authorized_grant_type": "CODE", "name": "Legacy portal", "scopes": ["users:readonly"] },
        "after": null
      },
      "action_reason": "delete_because_no_resource_config"
    }
  ],
  "configuration": {
    "provider_config": {
      "genesyscloud": {
        "name": "genesyscloud",
        "full_name": "registry.terraform.io/mypurecloud/genesyscloud",
        "version_constraint": "1.84.1",
        "expressions": {
          "aws_region": { "constant_value": "eu-west-1" }
        }
      },
      "module.shared:genesyscloud": {
        "name": "genesyscloud",
        "module_address": "module.shared",
        "expressions": {}
      }
    },
    "root_module": {
      "outputs": {
        "bot_client_id": {
          "expression": { "references": ["genesyscloud_oauth_client.bot.client_id", "genesyscloud_oauth_client.bot"] }
        }
      },
      "resources": [
        {
          "address": "genesyscloud_oauth_client.bot",
          "mode": "managed",
          "type": "genesyscloud_oauth_client",
          "name": "bot",
          "provider_config_key": "genesyscloud",
          "expressions": {
            "authorized_grant_type": { "constant_value": "CLIENT-CREDENTIALS" },
            "integration_credential_name": { "constant_value": "bot-connector-credential" },
            "name": { "constant_value": "Bot Connector 2" },
            "description": { "constant_value": "Uses \${literal} text" },
            "roles": [
              {
                "division_id": { "constant_value": "*" },
                "role_id": { "references": ["data.genesyscloud_auth_role.bot.id", "data.genesyscloud_auth_role.bot"] }
              },
              {
                "role_id": { "constant_value": "5b3c0d9e-1f2a-4b3c-8d4e-5f6a7b8c9d0e" }
              }
            ]
          },
          "schema_version": 1
        },
        {
          "address": "genesyscloud_integration_credential.crm",
          "mode": "managed",
          "type": "genesyscloud_integration_credential",
          "name": "crm",
          "provider_config_key": "genesyscloud",
          "expressions": {
            "credential_type_name": { "constant_value": "pureCloudOAuthClient" },
            "fields": { "references": ["genesyscloud_oauth_client.bot.client_id", "genesyscloud_oauth_client.bot", "genesyscloud_oauth_client.bot.client_secret", "genesyscloud_oauth_client.bot"] },
            "name": { "constant_value": "CRM connector" }
          },
          "schema_version": 1,
          "count_expression": { "references": ["var.crm_enabled"] }
        },
        {
          "address": "data.genesyscloud_auth_role.bot",
          "mode": "data",
          "type": "genesyscloud_auth_role",
          "name": "bot",
          "provider_config_key": "genesyscloud",
          "expressions": {
            "name": { "constant_value": "Bot Connector" }
          },
          "schema_version": 0
        }
      ],
      "module_calls": {
        "shared": { "source": "./shared", "module": { "resources": [] } }
      },
      "variables": {
        "crm_enabled": { "default": 1, "description": "Whether the CRM credential exists." },
        "region": { "description": "Genesys Cloud region." }
      }
    }
  },
  "timestamp": "2026-11-21T09:30:00Z",
  "errored": false
}
`;

/** The 1-based line of the `nth` line containing `text`. */
function lineOf(source: string, text: string, nth = 1): number {
  let seen = 0;
  const lines = source.split("\n");
  for (let i = 0; i < lines.length; i++) if (lines[i].includes(text) && ++seen === nth) return i + 1;
  throw new Error(`test setup: no line ${nth} contains '${text}'`);
}

async function read(text: string, file = "plans/acme-prod.json") {
  const parsed = parseJsonFile(file, text);
  if (!("json" in parsed)) throw new Error(`test setup: ${parsed.problem.message}`);
  return readPlan(parsed.json);
}

async function planOf(text: string): Promise<TfPlan> {
  const { plan, problems } = await read(text);
  expect(problems).toEqual([]);
  return plan;
}

function entry(object: TfObject | undefined, ...path: (string | number)[]): TfValue | undefined {
  let value: TfValue | undefined = object;
  for (const step of path) {
    if (value?.kind === "object" && typeof step === "string") value = value.entries.get(step);
    else if (value?.kind === "list" && typeof step === "number") value = value.items[step];
    else return undefined;
  }
  return value;
}

function blockOf(plan: TfPlan, kind: TfBlock["kind"], type: string, name = ""): TfBlock {
  const found = plan.configuration.blocks.find((block) => block.kind === kind && block.type === type && block.name === name);
  if (found === undefined) throw new Error(`test setup: no ${kind} ${type} ${name}`);
  return found;
}

describe("isTerraformPlan", () => {
  it.each([
    ["a plan with resource changes", { format_version: "1.2", resource_changes: [] }],
    ["a plan with only planned values", { format_version: "1.2", planned_values: {} }],
    ["a plan with only its configuration", { format_version: "1.2", configuration: {} }],
  ])("recognises %s", (_, value) => expect(isTerraformPlan(value)).toBe(true));

  it.each([
    ["a Terraform JSON configuration", { resource: { genesyscloud_oauth_client: {} } }],
    ["a format version alone (provider schemas, state)", { format_version: "1.0", provider_schemas: {} }],
    ["changes without a format version", { resource_changes: [] }],
    ["a list", [{ format_version: "1.2", resource_changes: [] }]],
    ["null", null],
  ])("does not take %s for a plan", (_, value) => expect(isTerraformPlan(value)).toBe(false));
});

describe("readPlan: resource changes", () => {
  it("reads managed changes in order with their actions and replace paths, leaving data sources out", async () => {
    const plan = await planOf(PLAN);
    expect(plan.file).toBe("plans/acme-prod.json");
    expect(plan.changes.map((change) => [change.address, change.type, change.name, change.actions])).toEqual([
      ["genesyscloud_oauth_client.bot", "genesyscloud_oauth_client", "bot", ["delete", "create"]],
      ["genesyscloud_integration_credential.crm", "genesyscloud_integration_credential", "crm", ["create"]],
      ["genesyscloud_oauth_client.legacy", "genesyscloud_oauth_client", "legacy", ["delete"]],
    ]);
    expect(plan.changes[0].replacePaths).toEqual([["name"], ["roles", 0, "role_id"]]);
    expect(plan.changes[1].replacePaths).toEqual([]);
  });

  it("locates each change at its address key in the plan file", async () => {
    const plan = await planOf(PLAN);
    expect(plan.changes.map((change) => change.loc)).toEqual([
      { file: "plans/acme-prod.json", line: lineOf(PLAN, `"address": "genesyscloud_oauth_client.bot"`), column: 7 },
      { file: "plans/acme-prod.json", line: lineOf(PLAN, `"address": "genesyscloud_integration_credential.crm"`), column: 7 },
      { file: "plans/acme-prod.json", line: lineOf(PLAN, `"address": "genesyscloud_oauth_client.legacy"`), column: 7 },
    ]);
  });

  it("reads before and after as values located where the plan writes them", async () => {
    const [bot, crm, legacy] = (await planOf(PLAN)).changes;
    expect(entry(bot.before, "name")).toEqual({ kind: "literal", value: "Bot Connector", loc: { file: "plans/acme-prod.json", line: lineOf(PLAN, `"name": "Bot Connector",`), column: 11 } });
    expect(entry(bot.after, "name")).toMatchObject({ kind: "literal", value: "Bot Connector 2", loc: { line: lineOf(PLAN, `"name": "Bot Connector 2",`) } });
    expect(entry(bot.before, "roles", 0, "role_id")).toMatchObject({ kind: "literal", value: "3f2a9c41-8e7d-4b6a-a1c2-d3e4f5a6b7c8", loc: { line: lineOf(PLAN, `"role_id": "3f2a9c41`) } });
    expect(entry(bot.before, "scopes")).toMatchObject({ kind: "literal", value: null });
    expect(entry(bot.before, "access_token_validity_seconds")).toMatchObject({ kind: "literal", value: 86400 });
    expect(bot.before?.loc.line).toBe(lineOf(PLAN, `"before": {`));
    expect(crm.before).toBeUndefined();
    expect(entry(crm.after, "credential_type_name")).toMatchObject({ kind: "literal", value: "pureCloudOAuthClient" });
    expect(legacy.after).toBeUndefined();
    expect(entry(legacy.before, "scopes")).toMatchObject({ kind: "list", items: [{ kind: "literal", value: "users:readonly" }] });
  });

  it("reads a plan without resource changes or configuration as empty", async () => {
    const plan = await planOf(`{ "format_version": "1.2", "planned_values": { "root_module": {} } }`);
    expect(plan.changes).toEqual([]);
    expect(plan.configuration).toEqual({ label: "plans/acme-prod.json", format: "plan", files: ["plans/acme-prod.json"], blocks: [] });
  });
});

describe("readPlan: configuration", () => {
  it("is a module labelled with the plan file as given, in plan format", async () => {
    const { configuration } = await planOf(PLAN);
    expect([configuration.label, configuration.format, configuration.files]).toEqual(["plans/acme-prod.json", "plan", ["plans/acme-prod.json"]]);
    expect(configuration.blocks.map((block) => `${block.kind} ${block.type} ${block.name}`.trim())).toEqual([
      "provider genesyscloud",
      "resource genesyscloud_oauth_client bot",
      "resource genesyscloud_integration_credential crm",
      "data genesyscloud_auth_role bot",
      "variable crm_enabled",
      "variable region",
      "output bot_client_id",
    ]);
    expect(configuration.blocks.every((block) => block.annotations.size === 0)).toBe(true);
  });

  it("marks a referenced value as an expression with its references, and a constant as a literal", async () => {
    const plan = await planOf(PLAN);
    const client = blockOf(plan, "resource", "genesyscloud_oauth_client", "bot");
    expect(client.loc.line).toBe(lineOf(PLAN, `"address": "genesyscloud_oauth_client.bot"`, 2));
    expect(entry(client.body, "roles", 0, "role_id")).toEqual({
      kind: "expression",
      text: "${data.genesyscloud_auth_role.bot.id}",
      references: ["data.genesyscloud_auth_role.bot.id", "data.genesyscloud_auth_role.bot"],
      loc: { file: "plans/acme-prod.json", line: lineOf(PLAN, `"role_id": { "references"`), column: 17 },
    });
    expect(entry(client.body, "roles", 0, "division_id")).toMatchObject({ kind: "literal", value: "*", loc: { line: lineOf(PLAN, `"division_id": { "constant_value": "*" }`) } });
    expect(entry(client.body, "roles", 1, "role_id")).toMatchObject({ kind: "literal", value: "5b3c0d9e-1f2a-4b3c-8d4e-5f6a7b8c9d0e", loc: { line: lineOf(PLAN, `"role_id": { "constant_value"`) } });
    expect(entry(client.body, "roles")).toMatchObject({ kind: "list", loc: { line: lineOf(PLAN, `"roles": [`, 3) } });
    expect(entry(client.body, "name")).toMatchObject({ kind: "literal", value: "Bot Connector 2", loc: { line: lineOf(PLAN, `"name": { "constant_value": "Bot Connector 2" }`) } });
  });

  it("keeps a constant with ${ in it a literal", async () => {
    const client = blockOf(await planOf(PLAN), "resource", "genesyscloud_oauth_client", "bot");
    expect(entry(client.body, "description")).toMatchObject({ kind: "literal", value: "Uses ${literal} text" });
  });

  it("reads an integration credential's fields as an expression referencing the client, and count as a meta-argument", async () => {
    const credential = blockOf(await planOf(PLAN), "resource", "genesyscloud_integration_credential", "crm");
    expect(entry(credential.body, "fields")).toMatchObject({ kind: "expression", text: "${genesyscloud_oauth_client.bot.client_id}", references: expect.arrayContaining(["genesyscloud_oauth_client.bot"]) });
    expect(entry(credential.body, "count")).toMatchObject({ kind: "expression", references: ["var.crm_enabled"] });
    expect(entry(credential.body, "name")).toMatchObject({ kind: "literal", value: "CRM connector" });
  });

  it("reads the root provider, variables with and without default and outputs; a child module's provider is left out", async () => {
    const plan = await planOf(PLAN);
    const provider = blockOf(plan, "provider", "genesyscloud");
    expect(plan.configuration.blocks.filter((block) => block.kind === "provider")).toHaveLength(1);
    expect(provider.loc.line).toBe(lineOf(PLAN, `"genesyscloud": {`));
    expect(entry(provider.body, "aws_region")).toMatchObject({ kind: "literal", value: "eu-west-1", loc: { line: lineOf(PLAN, `"aws_region"`) } });
    expect(entry(blockOf(plan, "variable", "crm_enabled").body, "default")).toMatchObject({ kind: "literal", value: 1, loc: { line: lineOf(PLAN, `"crm_enabled": { "default": 1`) } });
    expect(blockOf(plan, "variable", "region").body.entries.size).toBe(0);
    const output = blockOf(plan, "output", "bot_client_id");
    expect(entry(output.body, "value")).toMatchObject({ kind: "expression", text: "${genesyscloud_oauth_client.bot.client_id}", references: ["genesyscloud_oauth_client.bot.client_id", "genesyscloud_oauth_client.bot"] });
  });

  it("reads an expression Terraform lists no references for (a function call) as an expression", async () => {
    const text = `{
  "format_version": "1.2",
  "configuration": { "root_module": { "resources": [
    { "address": "genesyscloud_oauth_client.bot", "mode": "managed", "type": "genesyscloud_oauth_client", "name": "bot",
      "expressions": { "description": {}, "scopes": { "constant_value": ["users:readonly"] } } }
  ] } }
}`;
    const client = blockOf(await planOf(text), "resource", "genesyscloud_oauth_client", "bot");
    expect(entry(client.body, "description")).toMatchObject({ kind: "expression", references: [] });
    expect(entry(client.body, "scopes")).toMatchObject({ kind: "list", items: [{ kind: "literal", value: "users:readonly" }], loc: { line: 5 } });
  });
});

describe("readPlan: shapes terraform show -json does not write", () => {
  const problemsOf = async (text: string) => (await read(text, "plan.json")).problems;

  it("reports resource_changes that is not a list, at its key", async () => {
    const text = `{
  "format_version": "1.2",
  "resource_changes": { "address": "genesyscloud_oauth_client.bot" }
}`;
    expect(await problemsOf(text)).toEqual([
      { file: "plan.json", line: 3, column: 3, message: "The plan's 'resource_changes' is an object; expected a list of resource changes." },
    ]);
  });

  it("reports entries without address, type or change.actions, and an entry that is not an object", async () => {
    const text = `{
  "format_version": "1.2",
  "resource_changes": [
    { "mode": "managed", "type": "genesyscloud_oauth_client", "name": "bot", "change": { "actions": ["create"] } },
    { "address": "genesyscloud_oauth_client.b", "mode": "managed", "name": "b", "change": { "actions": ["create"] } },
    { "address": "genesyscloud_oauth_client.c", "mode": "managed", "type": "genesyscloud_oauth_client", "name": "c",
      "change": { "before": null } },
    { "address": "genesyscloud_oauth_client.d", "mode": "managed", "type": "genesyscloud_oauth_client", "name": "d",
      "change": { "actions": "update" } },
    "genesyscloud_oauth_client.e",
    { "address": "genesyscloud_oauth_client.f", "mode": "managed", "type": "genesyscloud_oauth_client", "name": "f",
      "change": { "actions": ["update"], "before": "active", "after": {} } }
  ]
}`;
    const { plan, problems } = await read(text, "plan.json");
    expect(problems.map((problem) => [problem.line, problem.column, problem.message])).toEqual([
      [4, 5, "Resource change 0 has no 'address'; expected a string such as 'genesyscloud_oauth_client.bot'."],
      [5, 5, "Resource change 'genesyscloud_oauth_client.b' has no 'type'; expected a string such as 'genesyscloud_oauth_client'."],
      [7, 7, `Resource change 'genesyscloud_oauth_client.c' has no 'change.actions'; expected a list of actions such as ["update"].`],
      [9, 19, `Resource change 'genesyscloud_oauth_client.d' has a 'change.actions' that is a string; expected a list of actions such as ["update"].`],
      [10, 5, "Resource change 4 is a string; expected an object with 'address', 'type' and 'change'."],
      [12, 42, "Resource change 'genesyscloud_oauth_client.f' has a 'before' that is a string; expected an object of attribute values, or null."],
    ]);
    expect(plan.changes.map((change) => change.address)).toEqual(["genesyscloud_oauth_client.f"]);
  });

  it("reports a plan that is not an object, and configuration parts of the wrong shape", async () => {
    expect(await problemsOf(`[]`)).toEqual([
      { file: "plan.json", line: 1, column: 1, message: "A plan is a JSON object, but this file holds a list; expected the output of 'terraform show -json <planfile>'." },
    ]);
    const text = `{
  "format_version": "1.2",
  "configuration": { "root_module": {
    "resources": { "genesyscloud_oauth_client": {} },
    "variables": { "region": "eu-west-1" }
  } }
}`;
    expect((await problemsOf(text)).map((problem) => [problem.line, problem.message])).toEqual([
      [4, "The plan's 'configuration.root_module.resources' is an object; expected a list of resources."],
      [5, "The plan's 'configuration.root_module.variables.region' is a string; expected an object."],
    ]);
  });
});
