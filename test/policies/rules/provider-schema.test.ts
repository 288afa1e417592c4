import { describe, expect, it } from "vitest";
import { loadConfigText } from "../../../config/load";
import type { ScopegateModel } from "../../../model/model";
import { evaluateWithSkips } from "../../../policies/engine";
import type { Evaluation } from "../../../policies/engine";
import type { SchemaBlock, SchemaBlockKind } from "../../../policies/provider-schema";
import { blockSchemaOf, numberOf, schemaSourceOf, stringOf, typeMismatch } from "../../../policies/provider-schema";
import providerSchema, { providerSchemaRule } from "../../../policies/rules/provider-schema";
import type { TfModule, TfValue, TerraformSources } from "../../../model/terraform";
import { blocksOfJsonFile } from "../../../terraform/json-configuration";
import { BOT_CONNECTOR, config } from "../../helpers";

const FILE = "main.tf.json";
const LABEL = "stacks/acme-dev";

/** A Terraform JSON configuration as the scanner reads it, with the text's lines for finding lines by content. */
async function moduleOf(configuration: unknown, label = LABEL): Promise<{ module: TfModule; lines: string[] }> {
  const text = JSON.stringify(configuration, null, 2);
  const { blocks, problems } = await blocksOfJsonFile(FILE, text);
  if (problems.length > 0) throw new Error(`test setup: ${problems.map((problem) => problem.message).join("\n")}`);
  return { module: { label, format: "json", files: [FILE], blocks }, lines: text.split("\n") };
}

const NO_RULES = { rules: new Map(), maxTokenValiditySeconds: undefined };

/** The least model a scan gives: no orgs, no policy, only Terraform. */
function scanModel(terraform: TerraformSources): ScopegateModel {
  return {
    source: FILE,
    terraform,
    profiles: [],
    knownScopes: [],
    roles: [],
    policy: { tiers: { nonprod: NO_RULES, prod: NO_RULES }, waivers: [] },
    tenants: [],
    environments: [],
  };
}

function run(model: ScopegateModel): Evaluation {
  return evaluateWithSkips(model, { today: "2026-11-21", rules: [providerSchema] });
}

interface ExpectedFinding {
  readonly messageId: string;
  /** Text on the line the finding must point at (the first line of the JSON text containing it). */
  readonly at: string;
  /** Text on a line before it, when `at` alone is not unique: the search starts after that line. */
  readonly after?: string;
  /** Values the finding's data must include. */
  readonly data?: Readonly<Record<string, string | number>>;
}

interface Case {
  readonly name: string;
  /** A Terraform JSON configuration, written out with two-space indents. */
  readonly tf: unknown;
  readonly findings?: readonly ExpectedFinding[];
}

const ROLE = "${data.genesyscloud_auth_role.bot.id}";

/** `resource "genesyscloud_oauth_client" "bot"` with the given body. */
const client = (body: Record<string, unknown>) => ({ resource: { genesyscloud_oauth_client: { bot: body } } });
const CLIENT_BASE = { name: "Bot connector", authorized_grant_type: "CLIENT-CREDENTIALS", roles: [{ role_id: ROLE }] };

/** `provider "genesyscloud"` with the given body. */
const provider = (body: Record<string, unknown>) => ({ provider: { genesyscloud: body } });

/** `resource "genesyscloud_auth_role" "admin"` with one permission policy whose conditions are given. */
const roleWithConditions = (conditions: unknown) => ({
  resource: {
    genesyscloud_auth_role: {
      admin: { name: "Admin", permission_policies: [{ domain: "routing", entity_name: "queue", action_set: ["view"], conditions }] },
    },
  },
});

const valid: readonly Case[] = [
  {
    // The docs-derived schema: an attribute named 'description', a nested block with only some of its fields, and an
    // argument the docs call read-only that the provider's own example sets.
    name: "ordinary resources of types outside the Go-derived schema, as the provider's examples write them",
    tf: {
      resource: {
        genesyscloud_routing_wrapupcode: { sale: { name: "Sale", description: "Customer bought" } },
        genesyscloud_user: { agent: { email: "agent@example.com", name: "Agent", employer_info: [{ employee_id: "123" }] } },
        genesyscloud_flow: { inbound: { filepath: "flows/inbound.yaml", file_content_hash: '${filesha256("flows/inbound.yaml")}' } },
        genesyscloud_architect_user_prompt: { welcome: { name: "Welcome", description: "x", resources: [{ language: "en-us", text: "Hi" }] } },
      },
    },
  },
  {
    name: "a complete OAuth client with roles, written as literals",
    tf: {
      "//": { generator: "cdktf" },
      resource: {
        genesyscloud_oauth_client: {
          bot: {
            "//": { scopegate: { capabilities: ["bot-connector"] } },
            name: "Bot connector",
            description: "Connects the bot platform.",
            authorized_grant_type: "CLIENT-CREDENTIALS",
            access_token_validity_seconds: 86400,
            registered_redirect_uris: [],
            scopes: ["textbots", "textbots:readonly"],
            state: "inactive",
            expose_client_secret: false,
            directory_client_secret: "./secrets",
            integration_credential_name: "Bot connector credential",
            client_secret: null,
            roles: [
              { role_id: ROLE, division_id: "*" },
              { role_id: "${data.genesyscloud_auth_role.reader.id}", division_id: "${data.genesyscloud_auth_division_home.home.id}" },
            ],
          },
        },
      },
    },
  },
  {
    name: "literals Terraform converts: numbers and bools as strings, numeric strings as numbers, 'true' and '0' as bools",
    tf: {
      resource: {
        genesyscloud_oauth_client: {
          web: {
            name: 42,
            authorized_grant_type: "CODE",
            access_token_validity_seconds: "3600",
            description: true,
            expose_client_secret: "true",
            scopes: ["conversations", 7],
            registered_redirect_uris: ["https://chat.acme.example/cb"],
          },
        },
        genesyscloud_auth_division: { care: { name: "Customer Care", home: "0" } },
        genesyscloud_integration_credential: { creds: { name: "Creds", credential_type_name: "basicAuth", fields: { userName: "bot", port: 8443 } } },
      },
    },
  },
  {
    name: "a provider block with every setting, an alias and its nested blocks",
    tf: provider({
      alias: "eu",
      aws_region: "EU-West-1",
      oauthclient_id: "${var.client_id}",
      oauthclient_secret: "${var.client_secret}",
      token_pool_size: "10",
      max_concurrent_pages: 75,
      sdk_debug: "false",
      sdk_debug_format: "Json",
      token_acquire_timeout: "5m",
      gateway: { host: "gw.acme.example", port: 8443, protocol: "https", auth: { username: "u", password: "p" }, path_params: [{ path_name: "a", path_value: "b" }, { path_name: "c", path_value: "d" }] },
      proxy: [{ host: "proxy.acme.example", port: "3128", protocol: "http" }],
    }),
  },
  {
    name: "two provider configurations, one aliased, and an empty one",
    tf: { provider: { genesyscloud: [{ aws_region: "us-east-1" }, { alias: "au", aws_region: "ap-southeast-2" }, {}] } },
  },
  {
    name: "data sources with their meta-arguments",
    tf: {
      data: {
        genesyscloud_organizations_me: { me: {} },
        genesyscloud_auth_division_home: { home: { provider: "genesyscloud.eu" } },
        genesyscloud_auth_role: { bot: { name: "Bot Connector", depends_on: ["genesyscloud_auth_division.care"], lifecycle: { postcondition: [{ condition: "${self.id != \"\"}", error_message: "No role." }] } } },
        genesyscloud_auth_division: { each: { for_each: "${toset(var.divisions)}", name: "${each.key}" } },
        genesyscloud_oauth_client: { existing: { count: 1, name: "Legacy" } },
        genesyscloud_integration_credential: { creds: { name: "Creds" } },
      },
    },
  },
  {
    name: "resource meta-arguments, without checking inside lifecycle, provisioner and connection",
    tf: client({
      ...CLIENT_BASE,
      count: "${var.enabled ? 1 : 0}",
      depends_on: ["genesyscloud_auth_role.admin"],
      provider: "genesyscloud.eu",
      lifecycle: { prevent_destroy: true, ignore_changes: ["description"], anything: "goes" },
      provisioner: { "local-exec": { command: "echo created" } },
      connection: { type: "ssh", host: "example" },
    }),
  },
  {
    name: "an expression in every attribute, and roles from a dynamic block",
    tf: client({
      for_each: "${var.clients}",
      name: "${each.value.name}",
      description: "${each.value.description}",
      authorized_grant_type: "${each.value.grant}",
      access_token_validity_seconds: "${each.value.ttl}",
      registered_redirect_uris: "${each.value.redirects}",
      scopes: ["${var.scope}", "textbots"],
      state: "${each.value.state}",
      expose_client_secret: "${each.value.expose}",
      directory_client_secret: "${var.dir}",
      integration_credential_name: "${var.credential}",
      dynamic: { roles: { for_each: "${each.value.roles}", content: { role_id: "${roles.value}", whatever: 1 } } },
    }),
  },
  {
    name: "null for optional attributes and for a block",
    tf: client({ ...CLIENT_BASE, description: null, scopes: null, roles: null }),
  },
  {
    name: "a role whose required nested blocks are written, or come from a dynamic block",
    tf: {
      resource: {
        genesyscloud_auth_role: {
          admin: {
            name: "Admin",
            permissions: ["group_creation"],
            permission_policies: [
              {
                domain: "routing",
                entity_name: "queue",
                action_set: ["*"],
                conditions: { conjunction: "AND", terms: [{ variable_name: "Queue.id", operator: "IN", operands: [{ type: "QUEUE", queue_id: "${genesyscloud_routing_queue.q.id}" }] }] },
              },
              { domain: "directory", entity_name: "user", action_set: ["view"], conditions: [{ conjunction: "OR", dynamic: { terms: [{ for_each: "${var.terms}", content: {} }] } }] },
            ],
          },
        },
      },
    },
  },
  {
    name: "dynamic blocks written as a list of objects, with comments",
    tf: roleWithConditions({
      conjunction: "AND",
      dynamic: [{ "//": "terms from the variable", terms: { for_each: "${var.terms}", content: {} } }, { "//": "no block types here" }],
    }),
  },
  {
    name: "numbers at the ends of the provider's ranges",
    tf: {
      resource: { genesyscloud_oauth_client: { short: { ...CLIENT_BASE, access_token_validity_seconds: 300 }, long: { ...CLIENT_BASE, access_token_validity_seconds: "38880000" } } },
      provider: { genesyscloud: [{ token_pool_size: 1, max_concurrent_pages: 1 }, { alias: "most", token_pool_size: 50, max_concurrent_pages: 75 }] },
    },
  },
  {
    name: "variables and outputs named like provider types, and a resource type that is only the provider's name",
    tf: {
      variable: { genesyscloud: { type: "string" }, genesyscloud_oauth_client: { type: "string" } },
      output: { genesyscloud_auth_role: { value: "${var.genesyscloud}" } },
      resource: { genesyscloud: { x: { region: "eu" } } },
    },
  },
  {
    name: "resources and providers of other providers",
    tf: { provider: { aws: { region: "eu-west-1", anything: true } }, resource: { aws_s3_bucket: { state: { bucket: ["not", "checked"] } } }, data: { external: { x: { program: 1 } } } },
  },
];

const invalid: readonly Case[] = [
  {
    name: "an argument the resource does not have, with the nearest name",
    tf: client({ ...CLIENT_BASE, scope: ["textbots"] }),
    findings: [{ messageId: "unknownName", at: '"scope":', data: { name: "scope", where: "resource 'genesyscloud_oauth_client.bot'", expected: "'scopes'" } }],
  },
  {
    name: "a name near nothing, with every settable name (computed-only ones left out)",
    tf: { data: { genesyscloud_auth_role: { bot: { name: "Bot", colour: "blue" } } } },
    findings: [{ messageId: "unknownName", at: '"colour":', data: { name: "colour", where: "data source 'data.genesyscloud_auth_role.bot'", expected: "one of 'id' or 'name'" } }],
  },
  {
    name: "an unknown name in a nested block, and a resource meta-argument in a data source",
    tf: {
      resource: { genesyscloud_oauth_client: { bot: { ...CLIENT_BASE, roles: { role: ROLE } } } },
      data: { genesyscloud_auth_role: { bot: { name: "Bot", provisioner: { "local-exec": {} } } } },
    },
    findings: [
      { messageId: "missingArgument", at: '"roles":', data: { name: "role_id", where: "block 'roles' of resource 'genesyscloud_oauth_client.bot'" } },
      { messageId: "unknownName", at: '"role":', data: { name: "role", where: "block 'roles' of resource 'genesyscloud_oauth_client.bot'", expected: "'role_id'" } },
      { messageId: "unknownName", at: '"provisioner":', data: { name: "provisioner", where: "data source 'data.genesyscloud_auth_role.bot'" } },
    ],
  },
  {
    name: "a name near nothing in a resource, with every settable argument and block in order (computed-only ones left out)",
    tf: client({ ...CLIENT_BASE, xyzzy: 1 }),
    findings: [
      {
        messageId: "unknownName",
        at: '"xyzzy":',
        data: {
          expected:
            "one of 'access_token_validity_seconds', 'authorized_grant_type', 'client_secret', 'description', 'directory_client_secret', 'expose_client_secret', 'id', 'integration_credential_name', 'name', 'registered_redirect_uris', 'roles', 'scopes' or 'state'",
        },
      },
    ],
  },
  {
    name: "a provider setting with a typo, in a provider whose alias is not a string",
    tf: provider({ alias: null, regin: "eu-west-1" }),
    findings: [{ messageId: "unknownName", at: '"regin":', data: { name: "regin", where: "provider 'genesyscloud'" } }],
  },
  {
    name: "a provider setting with a typo",
    tf: provider({ region: "eu-west-1" }),
    findings: [{ messageId: "unknownName", at: '"region":', data: { name: "region", where: "provider 'genesyscloud'" } }],
  },
  {
    name: "a dynamic block of a block type the resource does not have",
    tf: client({ ...CLIENT_BASE, dynamic: { rolez: { for_each: "${var.roles}", content: { role_id: "${rolez.value}" } } } }),
    findings: [{ messageId: "unknownDynamicBlock", at: '"rolez":', data: { name: "rolez", where: "resource 'genesyscloud_oauth_client.bot'", expected: "'roles'" } }],
  },
  {
    name: "a dynamic block in a block that has no nested blocks",
    tf: client({ ...CLIENT_BASE, roles: { role_id: ROLE, dynamic: { extra: { for_each: [], content: {} } } } }),
    findings: [{ messageId: "unknownDynamicBlock", at: '"extra":', data: { name: "extra", expected: "none: it has no nested blocks" } }],
  },
  {
    name: "a resource without its required arguments, at the resource's name",
    tf: client({ roles: [{ role_id: ROLE }] }),
    findings: [
      { messageId: "missingArgument", at: '"bot":', data: { name: "authorized_grant_type", where: "resource 'genesyscloud_oauth_client.bot'" } },
      { messageId: "missingArgument", at: '"bot":', data: { name: "name", where: "resource 'genesyscloud_oauth_client.bot'" } },
    ],
  },
  {
    name: "a required argument set to null, and a data source without its required argument",
    tf: { resource: { genesyscloud_oauth_client: { bot: { ...CLIENT_BASE, name: null } } }, data: { genesyscloud_auth_division: { care: {} } } },
    findings: [
      { messageId: "missingArgument", at: '"name": null', data: { name: "name" } },
      { messageId: "missingArgument", at: '"care":', data: { name: "name", where: "data source 'data.genesyscloud_auth_division.care'" } },
    ],
  },
  {
    name: "a block without a required nested block (min_items 1)",
    tf: roleWithConditions({ conjunction: "AND" }),
    findings: [{ messageId: "missingBlock", at: '"conditions":', data: { name: "terms", where: "block 'permission_policies.conditions' of resource 'genesyscloud_auth_role.admin'", min: 1 } }],
  },
  {
    name: "a required nested block written as an empty list",
    tf: roleWithConditions({ conjunction: "AND", terms: [] }),
    findings: [{ messageId: "missingBlock", at: '"terms":', data: { name: "terms", min: 1 } }],
  },
  {
    name: "attributes the provider computes",
    tf: client({ ...CLIENT_BASE, client_id: "abc", integration_credential_id: "${var.credential_id}" }),
    findings: [
      { messageId: "computedArgument", at: '"client_id":', data: { name: "client_id", where: "resource 'genesyscloud_oauth_client.bot'" } },
      { messageId: "computedArgument", at: '"integration_credential_id":', data: { name: "integration_credential_id" } },
    ],
  },
  {
    name: "values of the wrong type, at the offending value",
    tf: client({
      ...CLIENT_BASE,
      description: ["a", "list"],
      access_token_validity_seconds: "soon",
      expose_client_secret: "yes",
      scopes: "textbots",
      registered_redirect_uris: ["https://a.example/cb", { uri: "https://b.example/cb" }],
    }),
    findings: [
      { messageId: "wrongType", at: '"description":', data: { name: "description", found: "a list", expected: "a string" } },
      { messageId: "wrongType", at: '"access_token_validity_seconds":', data: { name: "access_token_validity_seconds", found: "the string 'soon'", expected: "a number" } },
      { messageId: "wrongType", at: '"expose_client_secret":', data: { name: "expose_client_secret", found: "the string 'yes'", expected: "a bool" } },
      { messageId: "wrongType", at: '"scopes":', data: { name: "scopes", found: "the string 'textbots'", expected: "a set of string" } },
      { messageId: "wrongType", at: "{", after: '"registered_redirect_uris":', data: { name: "registered_redirect_uris[1]", found: "an object", expected: "a string" } },
    ],
  },
  {
    name: "a null element, a map value of the wrong type, a bool for a number, and a block given as an expression",
    tf: {
      resource: {
        genesyscloud_auth_role: { admin: { name: "Admin", permissions: ["a", null] } },
        genesyscloud_integration_credential: { creds: { credential_type_name: "basicAuth", fields: { userName: ["bot"] } } },
        genesyscloud_oauth_client: { bot: { ...CLIENT_BASE, roles: "${var.roles}" } },
      },
      provider: { genesyscloud: { token_pool_size: true } },
    },
    findings: [
      { messageId: "wrongType", at: "null", data: { name: "permissions[1]", found: "null", expected: "a string" } },
      { messageId: "wrongType", at: '"userName":', data: { name: 'fields["userName"]', found: "a list", expected: "a string" } },
      { messageId: "wrongType", at: '"roles":', data: { name: "roles", found: "an expression", expected: "a block: an object, or a list of objects" } },
      { messageId: "wrongType", at: '"token_pool_size":', data: { name: "token_pool_size", where: "provider 'genesyscloud'", found: "the bool true", expected: "a number" } },
    ],
  },
  {
    name: "blocks written as literals, as the wrong type only (a required one not also as missing)",
    tf: {
      resource: {
        genesyscloud_oauth_client: { bot: { ...CLIENT_BASE, roles: "admin" } },
        genesyscloud_auth_role: { admin: { name: "Admin", permission_policies: [{ domain: "routing", entity_name: "queue", action_set: ["view"], conditions: { conjunction: "AND", terms: [7] } }] } },
      },
    },
    findings: [
      { messageId: "wrongType", at: '"roles":', data: { name: "roles", found: "the string 'admin'", expected: "a block: an object, or a list of objects" } },
      { messageId: "wrongType", at: "7", data: { name: "terms[0]", where: "block 'permission_policies.conditions' of resource 'genesyscloud_auth_role.admin'", found: "the number 7" } },
    ],
  },
  {
    name: "a block that allows one written three times",
    tf: provider({ proxy: [{ host: "a" }, { host: "b" }, { host: "c" }] }),
    findings: [{ messageId: "blockCount", at: '"proxy":', data: { written: "3 times", expected: "at most 1" } }],
  },
  {
    name: "a block that allows one written twice",
    tf: provider({ proxy: [{ host: "a" }, { host: "b" }] }),
    findings: [{ messageId: "blockCount", at: '"proxy":', data: { name: "proxy", where: "provider 'genesyscloud'", written: "twice", expected: "at most 1" } }],
  },
  {
    name: "a nested block over its max_items",
    tf: roleWithConditions([{ conjunction: "AND", terms: { variable_name: "a", operator: "EQ", operands: { type: "SCALAR" } } }, { conjunction: "OR", dynamic: { terms: {} } }]),
    findings: [{ messageId: "blockCount", at: '"conditions":', data: { name: "conditions", where: "block 'permission_policies' of resource 'genesyscloud_auth_role.admin'", written: "twice" } }],
  },
  {
    name: "grant types the provider does not have, compared with case",
    tf: {
      resource: {
        genesyscloud_oauth_client: {
          bot: { ...CLIENT_BASE, authorized_grant_type: "CLIENT_CREDENTIALS" },
          web: { name: "Web", authorized_grant_type: "code", scopes: ["conversations"] },
          odd: { name: "Odd", authorized_grant_type: "IMPLICIT-ISH-GRANT", scopes: ["conversations"] },
        },
      },
    },
    findings: [
      { messageId: "unknownGrantType", at: '"CLIENT_CREDENTIALS"', data: { where: "resource 'genesyscloud_oauth_client.bot'", value: "CLIENT_CREDENTIALS", expected: "'CLIENT-CREDENTIALS'" } },
      { messageId: "unknownGrantType", at: '"code"', data: { value: "code", expected: "'CODE'" } },
      {
        messageId: "unknownGrantType",
        at: '"IMPLICIT-ISH-GRANT"',
        data: { value: "IMPLICIT-ISH-GRANT", expected: "one of 'CODE', 'TOKEN', 'SAML2BEARER', 'SAML2-BEARER', 'PASSWORD' or 'CLIENT-CREDENTIALS'" },
      },
    ],
  },
  {
    name: "a client state other than 'active' or 'inactive' (compared with case)",
    tf: client({ ...CLIENT_BASE, state: "Active" }),
    findings: [{ messageId: "unknownState", at: '"state":', data: { value: "Active" } }],
  },
  {
    name: "numbers outside the provider's ranges, literal or numeric strings",
    tf: {
      resource: { genesyscloud_oauth_client: { bot: { ...CLIENT_BASE, access_token_validity_seconds: 60 } } },
      provider: { genesyscloud: { token_pool_size: "51", max_concurrent_pages: 0 } },
    },
    findings: [
      { messageId: "outOfRange", at: '"access_token_validity_seconds":', data: { name: "access_token_validity_seconds", value: 60, min: 300, max: 38880000 } },
      { messageId: "outOfRange", at: '"token_pool_size":', data: { name: "token_pool_size", where: "provider 'genesyscloud'", value: 51, min: 1, max: 50 } },
      { messageId: "outOfRange", at: '"max_concurrent_pages":', data: { name: "max_concurrent_pages", value: 0, min: 1, max: 75 } },
    ],
  },
  {
    name: "regions the provider does not know, with the nearest one",
    tf: { provider: { genesyscloud: [{ aws_region: "eu-west-3" }, { alias: "x", aws_region: "europe" }] } },
    findings: [
      { messageId: "unknownRegion", at: '"eu-west-3"', data: { where: "provider 'genesyscloud'", value: "eu-west-3", expected: "'eu-west-1'" } },
      { messageId: "unknownRegion", at: '"europe"', data: { where: "provider 'genesyscloud' (alias 'x')", value: "europe" } },
    ],
  },
  {
    name: "a value outside the list the docs give for a type outside the Go-derived schema, and a misspelled argument of one",
    tf: {
      resource: {
        genesyscloud_user: { agent: { email: "agent@example.com", name: "Agent", state: "sleeping" } },
        genesyscloud_routing_queue: { support: { name: "Support", acw_wrapup_promt: "MANDATORY_TIMEOUT" } },
      },
    },
    findings: [
      {
        messageId: "notInDocsList",
        at: '"state":',
        data: { name: "state", where: "resource 'genesyscloud_user.agent'", value: "sleeping", allowed: "'active' or 'inactive'" },
      },
      { messageId: "unknownName", at: '"acw_wrapup_promt":', data: { name: "acw_wrapup_promt", expected: "'acw_wrapup_prompt'" } },
    ],
  },
];

/** The number of the first line containing `text`, after line `after` when given. */
function lineOf(lines: readonly string[], text: string, after = 0): number {
  const index = lines.findIndex((line, i) => i >= after && line.includes(text));
  if (index < 0) throw new Error(`test setup: no line contains '${text}'`);
  return index + 1;
}

describe("provider-schema", () => {
  it.each(valid.map((c) => [c.name, c] as const))("accepts %s", async (_, testCase) => {
    const { module } = await moduleOf(testCase.tf);
    const { findings, skipped } = run(scanModel({ modules: [module], plans: [] }));
    expect(findings.map((f) => `${f.line}: ${f.message}`)).toEqual([]);
    expect(skipped).toEqual([]);
  });

  it.each(invalid.map((c) => [c.name, c] as const))("reports %s", async (_, testCase) => {
    const { module, lines } = await moduleOf(testCase.tf);
    const { findings } = run(scanModel({ modules: [module], plans: [] }));
    const expected = testCase.findings ?? [];
    const actual = findings.map((finding, i) => ({
      messageId: finding.messageId,
      line: finding.line,
      ...(expected[i]?.data !== undefined ? { data: Object.fromEntries(Object.keys(expected[i].data ?? {}).map((key) => [key, finding.data[key]])) } : {}),
    }));
    const wanted = expected.map((want) => ({ messageId: want.messageId, line: lineOf(lines, want.at, want.after === undefined ? 0 : lineOf(lines, want.after)), ...(want.data !== undefined ? { data: want.data } : {}) }));
    expect(actual, findings.map((f) => `${f.line}:${f.column} ${f.message}`).join("\n")).toEqual(wanted);
    for (const finding of findings) {
      expect(finding.message).toMatch(/^[A-Z'].*\.$/);
      // A value outside a docs list is a warning (the list may be too narrow); everything else is an error.
      expect(finding.severity).toBe(finding.messageId === "notInDocsList" ? "warning" : "error");
      expect(finding.file).toBe(FILE);
    }
  });

  it("reports against the scanned folder when no org pairs with it, with the block as target", async () => {
    const { module } = await moduleOf({ ...client({ ...CLIENT_BASE, scope: [] }), ...provider({ regin: "x" }), data: { genesyscloud_auth_role: { bot: { nam: "x", name: "Bot" } } } });
    const { findings } = run(scanModel({ modules: [module], plans: [] }));
    expect(findings.map((f) => [f.target, f.tenant, f.environment])).toEqual([
      ["resource/genesyscloud_oauth_client.bot", LABEL, "acme-dev"],
      ["provider/genesyscloud", LABEL, "acme-dev"],
      ["data/genesyscloud_auth_role.bot", LABEL, "acme-dev"],
    ]);
  });

  it("reports in the org the scan read from the folder, at that org's severity", async () => {
    const loaded = loadConfigText("case.yaml", config({ clients: BOT_CONNECTOR }));
    if (!loaded.ok) throw new Error("test setup: the configuration does not load");
    const { module } = await moduleOf(client({ ...CLIENT_BASE, scope: [] }), "stacks/acme-prod");
    const environments = loaded.model.environments.map((org) => (org.environment === "prod" ? { ...org, scannedFrom: "stacks/acme-prod" } : org));
    const model: ScopegateModel = { ...loaded.model, environments, terraform: { modules: [module], plans: [] } };
    const { findings } = run(model);
    expect(findings.map((f) => [f.messageId, f.tenant, f.environment, f.severity])).toEqual([["unknownName", "acme", "prod", "error"]]);
  });

  it("notes once, with a count, the genesyscloud types the vendored schema does not cover", async () => {
    const { module, lines } = await moduleOf({
      resource: { genesyscloud_bcp_tf_exporter: { support: { name: "Support", no_such_argument: 1 }, sales: { name: "Sales" } } },
      data: { genesyscloud_no_such_type: { support: { name: "Support" } } },
    });
    const { findings, skipped } = run(scanModel({ modules: [module], plans: [] }));
    expect(findings).toEqual([]);
    expect(skipped).toEqual([
      { ruleId: "provider-schema", reason: "Data source type 'genesyscloud_no_such_type' is not in the vendored provider schema; its blocks were not checked.", count: 1, file: FILE, line: lineOf(lines, '"support":', lineOf(lines, '"data":')), column: 7 },
      {
        ruleId: "provider-schema",
        reason: "Resource type 'genesyscloud_bcp_tf_exporter' is not in the vendored provider schema; its blocks were not checked.",
        count: 2,
        file: FILE,
        line: lineOf(lines, '"support":'),
        column: 7,
        alsoAt: [{ file: FILE, line: lineOf(lines, '"sales":'), column: 7 }],
      },
    ]);
  });

  it("leaves a plan's configuration alone: Terraform validated it when it made the plan", async () => {
    const { module } = await moduleOf(client({ scope: "x" }), "plan.json");
    const { findings, skipped } = run(scanModel({ modules: [], plans: [{ file: "plan.json", configuration: module, changes: [] }] }));
    expect(findings).toEqual([]);
    expect(skipped).toEqual([]);
  });
});

describe("provider-schema on nesting modes and limits the vendored schema lacks", () => {
  /** `genesyscloud_thing`: blocks by label (map), exactly-one blocks (single, group) and a block written 2 to 3 times. */
  const THING: SchemaBlock = {
    attributes: { name: { type: "string", optional: true } },
    block_types: {
      labelled: { nesting_mode: "map", block: { attributes: { size: { type: "number", optional: true } } } },
      one: { nesting_mode: "single", block: {} },
      grouped: { nesting_mode: "group", block: {} },
      pair: { nesting_mode: "list", min_items: 2, max_items: 3, block: {} },
    },
  };
  const schemaOf = (kind: SchemaBlockKind, type: string) => (type === "genesyscloud_thing" ? THING : blockSchemaOf(kind, type));
  const thing = (body: Record<string, unknown>) => ({ resource: { genesyscloud_thing: { x: body } } });

  async function messagesOf(configuration: unknown): Promise<string[]> {
    const { module } = await moduleOf(configuration);
    const { findings, skipped } = evaluateWithSkips(scanModel({ modules: [module], plans: [] }), { today: "2026-11-21", rules: [providerSchemaRule(schemaOf)] });
    expect(skipped).toEqual([]);
    return findings.map((finding) => `${finding.line}: ${finding.message}`);
  }

  it("accepts blocks by label (as an object or a list of objects, with comments), single blocks once, and 2 or 3 of a block", async () => {
    expect(await messagesOf(thing({ labelled: { "//": "by label", a: { size: 1 }, b: {} }, one: {}, grouped: [{}], pair: [{}, {}, {}] }))).toEqual([]);
    expect(await messagesOf(thing({ labelled: [{ a: {} }, { b: { size: "2" } }], pair: [{}, {}] }))).toEqual([]);
  });

  it("reports what is not a body among blocks by label, and checks the bodies", async () => {
    expect(await messagesOf(thing({ labelled: [{ a: { size: "big" } }, { b: "x" }, 7], pair: [{}, {}] }))).toEqual([
      "8: 'size' of block 'labelled' of resource 'genesyscloud_thing.x' is the string 'big'; expected a number.",
      "12: 'labelled[1].b' of resource 'genesyscloud_thing.x' is the string 'x'; expected a block: an object, or a list of objects.",
      "14: 'labelled[2]' of resource 'genesyscloud_thing.x' is the number 7; expected a block: an object, or a list of objects.",
    ]);
  });

  it("reports single and group blocks written twice, and a block written fewer times than its minimum", async () => {
    expect(await messagesOf(thing({ one: [{}, {}], grouped: [{}, {}], pair: {} }))).toEqual([
      "5: Block 'one' of resource 'genesyscloud_thing.x' is written twice; expected at most 1.",
      "9: Block 'grouped' of resource 'genesyscloud_thing.x' is written twice; expected at most 1.",
      "13: Block 'pair' of resource 'genesyscloud_thing.x' is written once; expected at least 2.",
    ]);
  });

  it("reports any name in a block that takes no arguments or blocks", async () => {
    expect(await messagesOf(thing({ one: { size: 1 }, pair: [{}, {}] }))).toEqual([
      "6: 'size' is not an argument or block of block 'one' of resource 'genesyscloud_thing.x'; expected none: it takes no arguments or blocks.",
    ]);
  });

  it("reports a block missing below its minimum, unless a dynamic block may write it", async () => {
    expect(await messagesOf(thing({ name: "x" }))).toEqual(["4: Required block 'pair' of resource 'genesyscloud_thing.x' is not written; expected at least 2."]);
    expect(await messagesOf(thing({ pair: {}, dynamic: { pair: { for_each: "${var.pairs}", content: {} } } }))).toEqual([]);
  });
});

describe("typeMismatch", () => {
  const loc = { file: FILE, line: 1, column: 1 };
  const literal = (value: string | number | boolean | null): TfValue => ({ kind: "literal", value, loc });
  const list = (...items: TfValue[]): TfValue => ({ kind: "list", items, loc });
  const object = (entries: Record<string, TfValue>): TfValue => ({ kind: "object", entries: new Map(Object.entries(entries)), loc });

  it.each([
    ["a numeric string as a number", literal("1e3"), "number"],
    ["'1' as a bool", literal("1"), "bool"],
    ["anything as dynamic", list(literal(1), object({})), "dynamic"],
    ["an object with the attributes of an object type, extra ones dropped", object({ a: literal("x"), b: literal(null), extra: list() }), ["object", { a: "string", b: "number" }]],
    ["an object without an optional attribute", object({}), ["object", { a: "string" }, ["a"]]],
    ["a tuple of the right length and types", list(literal("x"), literal(true)), ["tuple", ["string", "bool"]]],
    ["a list of lists", list(list(literal(1))), ["list", ["list", "number"]]],
    ["anything for an attribute without a type (a nested_type attribute)", list(literal(null)), undefined],
  ] as const)("accepts %s", (_, value, type) => {
    expect(typeMismatch(value, type)).toBeUndefined();
  });

  it.each([
    ["a string that is no number", literal("12 apples"), "number", { path: "", found: "the string '12 apples'", expected: "a number" }],
    ["'True' as a bool", literal("True"), "bool", { path: "", found: "the string 'True'", expected: "a bool" }],
    ["a number as a bool", literal(1), "bool", { path: "", found: "the number 1", expected: "a bool" }],
    ["an object without a required attribute", object({}), ["object", { a: "string" }], { path: ".a", found: "missing", expected: "a string" }],
    ["a wrong element deep down", list(list(literal("x"))), ["list", ["list", "number"]], { path: "[0][0]", found: "the string 'x'", expected: "a number" }],
    ["a tuple of the wrong length", list(literal("x")), ["tuple", ["string", "bool"]], { path: "", found: "a list", expected: "a tuple of 2 elements" }],
    ["an object for a tuple", object({}), ["tuple", ["string"]], { path: "", found: "an object", expected: "a tuple of 1 element" }],
    ["a wrong element of a tuple after a right one", list(literal("x"), literal("y")), ["tuple", ["string", "bool"]], { path: "[1]", found: "the string 'y'", expected: "a bool" }],
    ["null in a tuple", list(literal(null)), ["tuple", ["string"]], { path: "[0]", found: "null", expected: "a string" }],
    ["null in a list of any type", list(literal("x"), literal(null)), ["list", "dynamic"], { path: "[1]", found: "null", expected: "a value of any type" }],
    ["a string for a list", literal("x"), ["list", "string"], { path: "", found: "the string 'x'", expected: "a list of string" }],
    ["a list for a map", list(), ["map", "number"], { path: "", found: "a list", expected: "a map of number" }],
    ["a wrong value of a map after a right one", object({ a: literal("x"), b: list() }), ["map", "string"], { path: '["b"]', found: "a list", expected: "a string" }],
    ["a list for an object", list(), ["object", { a: "string", b: "number" }], { path: "", found: "a list", expected: "an object with attributes 'a', 'b'" }],
    ["a string for an object without attributes", literal("x"), ["object", {}], { path: "", found: "the string 'x'", expected: "an object" }],
    ["a wrong attribute of an object, at its path", object({ a: list(literal("x")) }), ["object", { a: ["list", "number"] }], { path: ".a[0]", found: "the string 'x'", expected: "a number" }],
    ["a string of 60 characters, in full", literal("x".repeat(60)), "bool", { path: "", found: `the string '${"x".repeat(60)}'`, expected: "a bool" }],
    ["a string of 61 characters, cut to 57 and '...'", literal("y".repeat(61)), "number", { path: "", found: `the string '${"y".repeat(57)}...'`, expected: "a number" }],
  ] as const)("rejects %s", (_, value, type, mismatch) => {
    expect(typeMismatch(value, type)).toEqual({ ...mismatch, loc });
  });
});

describe("blockSchemaOf", () => {
  it("takes a type the Go-derived schema lacks from the docs-derived one, and says which", () => {
    expect(blockSchemaOf("resource", "genesyscloud_routing_queue")?.attributes?.name).toMatchObject({ required: true });
    expect(blockSchemaOf("data", "genesyscloud_routing_queue")?.attributes?.name).toMatchObject({ required: true });
    expect([schemaSourceOf("resource", "genesyscloud_oauth_client"), schemaSourceOf("resource", "genesyscloud_routing_queue"), schemaSourceOf("resource", "genesyscloud_bcp_tf_exporter")]).toEqual([
      "go",
      "docs",
      undefined,
    ]);
    // Where both cover a type, the Go-derived schema wins: the docs list no 'SAML2BEARER', which the provider accepts.
    expect(blockSchemaOf("resource", "genesyscloud_oauth_client")?.attributes?.authorized_grant_type?.["x-allowed-values"]).toBeUndefined();
  });

  it("gives the schema of the genesyscloud provider block, resources and data sources", () => {
    expect(Object.keys(blockSchemaOf("provider", "genesyscloud")?.block_types ?? {})).toEqual(["gateway", "proxy"]);
    expect(blockSchemaOf("resource", "genesyscloud_oauth_client")?.attributes?.authorized_grant_type).toMatchObject({ required: true });
    expect(blockSchemaOf("data", "genesyscloud_oauth_client")?.attributes?.authorized_grant_type).toBeUndefined();
  });

  it.each([
    ["another provider", "provider", "aws"],
    ["a resource type neither schema covers", "resource", "genesyscloud_bcp_tf_exporter"],
    ["a data source type neither schema covers", "data", "genesyscloud_no_such_type"],
    ["a name every object has", "resource", "toString"],
  ] as const)("has none for %s", (_, kind, type) => {
    expect(blockSchemaOf(kind, type)).toBeUndefined();
  });
});

describe("numberOf and stringOf", () => {
  const loc = { file: FILE, line: 1, column: 1 };
  const literal = (value: string | number | boolean | null): TfValue => ({ kind: "literal", value, loc });
  const expression: TfValue = { kind: "expression", text: "${var.x}", references: ["var.x"], loc };

  it.each([
    [literal(3), 3],
    [literal("-1.5e2"), -150],
    [literal(".5"), 0.5],
    [literal("3 apples"), undefined],
    [literal(true), undefined],
    [literal(null), undefined],
    [expression, undefined],
  ] as const)("numberOf(%j) is %j", (value, number) => {
    expect(numberOf(value)).toBe(number);
  });

  it.each([
    [literal("CODE"), "CODE"],
    [literal(300), "300"],
    [literal(false), "false"],
    [literal(null), undefined],
    [expression, undefined],
  ] as const)("stringOf(%j) is %j", (value, text) => {
    expect(stringOf(value)).toBe(text);
  });
});
