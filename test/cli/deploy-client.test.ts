import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { Testing } from "cdktf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config/load";
import { addStacks } from "../../constructs/app";
import { operationCatalog } from "../../policies/operations";
import { DATA_SOURCE_CALLS, RESOURCE_CALLS } from "../../policies/provider-calls";
import { config, orgsYaml, ROOT, run, tempDir } from "../helpers";

function scopegate(argv: string[], cwd = ROOT) {
  return run(argv, { cwd, env: {}, today: "2026-11-21" });
}

/** A need as the JSON output has it. */
interface NeedJson {
  name: string;
  anyOf: string[];
  neededBy: string[];
  calls: { call: string; neededBy: string[] }[];
}

/**
 * What each stack of the example really contains, from an in-process synth, and what the provider's calls for those
 * types need through the operations catalog: permissions (ANY: one need of alternatives, ALL: one per permission) and
 * scopes (one need of alternatives per call), each with the calls and types (`data.<type>` for data sources) needing it.
 */
function expectedFromSynth(): Map<string, { permissions: NeedJson[]; scopes: NeedJson[] }> {
  const loaded = loadConfig("scopegate.yaml", path.join(ROOT, "scopegate.yaml"));
  if (!loaded.ok) throw new Error("test setup: scopegate.yaml does not load");
  const app = Testing.app();
  const stacks = addStacks(app, loaded.model, { outdir: app.outdir, configDir: ROOT });
  const expected = new Map<string, { permissions: NeedJson[]; scopes: NeedJson[] }>();
  stacks.forEach((stack, i) => {
    const json = JSON.parse(Testing.synth(stack)) as { resource?: object; data?: object };
    const types = [
      ...Object.keys(json.resource ?? {}).map((type) => [type, RESOURCE_CALLS[type]] as const),
      ...Object.keys(json.data ?? {}).map((type) => [`data.${type}`, DATA_SOURCE_CALLS[type]] as const),
    ];
    const needs = (key: "permissions" | "scopes"): NeedJson[] => {
      const byNeed = new Map<string, Map<string, string[]>>();
      for (const [needer, { calls }] of types) {
        for (const { call } of calls) {
          const operation = operationCatalog().find(call)!;
          const { type, list } = operation.permissions;
          const alternatives = key === "scopes" ? (operation.scopes!.length > 0 ? [operation.scopes!] : []) : type === "ANY" ? [list] : type === "ALL" ? list.map((permission) => [permission]) : [];
          for (const anyOf of alternatives) {
            const name = [...anyOf].sort().join(" or ");
            const calls = byNeed.get(name) ?? new Map<string, string[]>();
            byNeed.set(name, calls);
            calls.set(call, [...(calls.get(call) ?? []), needer].sort());
          }
        }
      }
      return [...byNeed]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([name, calls]) => ({
          name,
          anyOf: name.split(" or "),
          neededBy: [...new Set([...calls.values()].flat())].sort(),
          calls: [...calls].sort(([a], [b]) => (a < b ? -1 : 1)).map(([call, neededBy]) => ({ call, neededBy })),
        }));
    };
    expected.set(loaded.model.environments[i].stackName, { permissions: needs("permissions"), scopes: needs("scopes") });
  });
  return expected;
}

/** How the text output writes a need's calls: `(POST /api/v2/oauth/clients, for genesyscloud_oauth_client; ...)`. */
function callsText(need: NeedJson): string {
  return `(${need.calls.map(({ call, neededBy }) => `${call}, for ${neededBy.join(", ")}`).join("; ")})`;
}

/** The rows of a text section: the lines after the header that starts with `heading`, while indented deeper than it. */
function section(text: string, heading: string): string[][] {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line.startsWith(heading));
  if (start < 0) throw new Error(`no section '${heading}' in:\n${text}`);
  const indent = (line: string) => line.length - line.trimStart().length;
  const end = lines.findIndex((line, i) => i > start && (line.trim() === "" || indent(line) <= indent(lines[start])));
  return lines.slice(start + 1, end).map((line) => line.trim().split(/\s{2,}/));
}

/**
 * A configuration of its own (the example changes as the project grows): in acme's prod org a stack that creates
 * 'Bot Flow Sessions' and looks up the existing 'Analytics Reader'; a deploy client that holds everything (prod), and
 * one that lacks what managing roles needs (dev, through the existing 'Terraform Deployer').
 */
const DECLARED = config({
  orgs: orgsYaml({ dev: {}, prod: {} })
    .replace(
      "credentials: { clientIdEnv: ACME_DEV_CLIENT_ID, clientSecretEnv: ACME_DEV_CLIENT_SECRET }\n",
      "credentials: { clientIdEnv: ACME_DEV_CLIENT_ID, clientSecretEnv: ACME_DEV_CLIENT_SECRET }\n        deployClient: { roles: [Terraform Deployer, Bot Flow Sessions, Analytics Reader] }\n",
    )
    .replace(
      "credentials: { clientIdEnv: ACME_PROD_CLIENT_ID, clientSecretEnv: ACME_PROD_CLIENT_SECRET }\n",
      `credentials: { clientIdEnv: ACME_PROD_CLIENT_ID, clientSecretEnv: ACME_PROD_CLIENT_SECRET }\n        deployClient: { roles: [Bot Flow Sessions, Analytics Reader], permissions: ["oauth:client:*", "authorization:role:*"] }\n`,
    ),
  clients: `bot-session:
  grant: CLIENT-CREDENTIALS
  capabilities: [bot-session]
  roles: [{ role: Bot Flow Sessions, division: home }]
reporting:
  grant: CLIENT-CREDENTIALS
  capabilities: [analytics-export]
  roles: [{ role: Analytics Reader, division: "*" }]`,
  top: `roles:
  Terraform Deployer: { existing: true, permissions: ["oauth:client:*", "authorization:role:view"] }
  Bot Flow Sessions: { permissions: ["textbots:botFlowSession:execute"] }
  Analytics Reader: { existing: true, permissions: ["analytics:conversationAggregate:view", "analytics:conversationDetail:view"] }`,
});

const STACKS = [
  ["acme", "dev"],
  ["acme", "prod"],
  ["globex", "dev"],
  ["globex", "prod"],
] as const;

describe("scopegate deploy-client", () => {
  const expected = expectedFromSynth();
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
    fs.writeFileSync(path.join(dir, "declared.yaml"), DECLARED);
    fs.writeFileSync(path.join(dir, "bad.yaml"), DECLARED.replace("deployClient: { roles: [Bot Flow Sessions,", "deployClient: { role: [Bot Flow Sessions,"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("knows every stack of the example", () => {
    expect([...expected.keys()].sort()).toEqual(STACKS.map(([tenant, env]) => `${tenant}-${env}`));
  });

  it.each(STACKS)("lists, for %s-%s, exactly what the provider's calls for the types synth writes need, each with its calls and types (text)", async (tenant, env) => {
    const result = await scopegate(["deploy-client", "--tenant", tenant, "--env", env]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const want = expected.get(`${tenant}-${env}`)!;
    expect(section(result.stdout, "Permissions it needs")).toEqual(want.permissions.map((need) => [need.name, callsText(need)]));
    expect(result.stdout).toContain(`Permissions it needs (${want.permissions.length})`);
    expect(section(result.stdout, "OAuth scopes")).toEqual(want.scopes.map((need) => [need.name, callsText(need)]));
  });

  it.each(STACKS)("lists, for %s-%s, the same permissions and scopes as JSON", async (tenant, env) => {
    const result = await scopegate(["deploy-client", "--tenant", tenant, "--env", env, "--format", "json"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { stack: string; permissions: NeedJson[]; scopes: NeedJson[] };
    const want = expected.get(`${tenant}-${env}`)!;
    expect(report.stack).toBe(`${tenant}-${env}`);
    expect(report.permissions).toEqual(want.permissions);
    expect(report.scopes).toEqual(want.scopes);
  });

  it("never asks a stack's deploy client for 'authorization:grant:*' or 'integrations:*'", async () => {
    for (const [tenant, env] of STACKS) {
      const report = JSON.parse((await scopegate(["deploy-client", "--tenant", tenant, "--env", env, "--format", "json"])).stdout) as { permissions: NeedJson[] };
      const names = report.permissions.flatMap(({ anyOf }) => anyOf);
      expect(names.filter((name) => /^(authorization:grant:|integrations:)/.test(name)), `${tenant}-${env}`).toEqual([]);
      expect(names, `${tenant}-${env}`).toContain("oauth:client:add");
    }
  });

  it("prints a stable JSON object: the types, the needs with their calls and alternatives, the roles to hold, and the declared deploy client", async () => {
    const result = await scopegate(["deploy-client", "--tenant", "acme", "--env", "prod", "--config", "declared.yaml", "--format", "json"], dir);
    expect(result.code).toBe(0);
    const prod = JSON.parse(result.stdout);
    expect(Object.keys(prod)).toEqual(["stack", "tenant", "environment", "source", "resourceTypes", "dataSourceTypes", "permissions", "scopes", "roles", "deployClient"]);
    expect(prod.source).toMatch(/terraform-provider-genesyscloud v1\.84\.1/);
    expect(prod.source).toMatch(/operations catalog \(SDK 259\.0\.0, 2026-08-15\)/);
    expect(prod.resourceTypes).toEqual(["genesyscloud_auth_role", "genesyscloud_oauth_client"]);
    expect(prod.dataSourceTypes).toEqual(["data.genesyscloud_auth_division_home", "data.genesyscloud_auth_role", "data.genesyscloud_organizations_me"]);
    expect(prod.permissions.map((need: NeedJson) => need.name)).toEqual([
      "authorization:role:add",
      "authorization:role:delete",
      "authorization:role:edit",
      "authorization:role:view",
      "oauth:client:add",
      "oauth:client:delete",
      "oauth:client:edit",
      "oauth:client:view",
    ]);
    expect(prod.permissions.find((need: NeedJson) => need.name === "oauth:client:add")).toEqual({
      name: "oauth:client:add",
      anyOf: ["oauth:client:add"],
      neededBy: ["genesyscloud_oauth_client"],
      calls: [{ call: "POST /api/v2/oauth/clients", neededBy: ["genesyscloud_oauth_client"] }],
    });
    // Alternatives: a call any of whose scopes allows it.
    expect(prod.scopes.find((need: NeedJson) => need.name === "oauth or oauth:readonly")).toEqual({
      name: "oauth or oauth:readonly",
      anyOf: ["oauth", "oauth:readonly"],
      neededBy: ["genesyscloud_oauth_client"],
      calls: [{ call: "GET /api/v2/oauth/clients/{clientId}", neededBy: ["genesyscloud_oauth_client"] }],
    });
    expect(prod.roles).toEqual([
      { role: "Analytics Reader", grantedTo: ["reporting"] },
      { role: "Bot Flow Sessions", grantedTo: ["bot-session"] },
    ]);
    expect(prod.deployClient).toEqual({ file: "declared.yaml", line: 16, column: 9, ok: true, missingPermissions: [], unverifiedPermissions: [], undeclaredRoles: [], missingRoles: [] });
    const text = await scopegate(["deploy-client", "--tenant", "acme", "--env", "prod", "--config", "declared.yaml"], dir);
    expect(text.stdout).toContain("The deploy client declared at declared.yaml:16:9 holds all of it.");
    expect(text.stdout).toContain("\n  oauth:client:add           (POST /api/v2/oauth/clients, for genesyscloud_oauth_client)\n");
    expect(section(text.stdout, "OAuth scopes")).toContainEqual(["oauth or oauth:readonly", "(GET /api/v2/oauth/clients/{clientId}, for genesyscloud_oauth_client)"]);
  });

  it("exits 1 and lists what managing the roles the stack creates needs, when the deploy client lacks it (text and JSON)", async () => {
    const text = await scopegate(["deploy-client", "acme-dev", "--config", "declared.yaml"], dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("The deploy client declared at declared.yaml:10:9 falls short:");
    expect(section(text.stdout, "  lacks permissions")).toEqual([
      ["authorization:role:add", "(POST /api/v2/authorization/roles, for genesyscloud_auth_role)"],
      ["authorization:role:delete", "(DELETE /api/v2/authorization/roles/{roleId}, for genesyscloud_auth_role)"],
      ["authorization:role:edit", "(PUT /api/v2/authorization/roles/{roleId}, for genesyscloud_auth_role)"],
    ]);
    expect(text.stdout).not.toContain("lacks roles");
    const json = JSON.parse((await scopegate(["deploy-client", "acme-dev", "--config", "declared.yaml", "--format", "json"], dir)).stdout);
    expect(json.deployClient.missingPermissions.map((need: NeedJson) => [need.name, need.anyOf, need.calls.map(({ call }) => call)])).toEqual([
      ["authorization:role:add", ["authorization:role:add"], ["POST /api/v2/authorization/roles"]],
      ["authorization:role:delete", ["authorization:role:delete"], ["DELETE /api/v2/authorization/roles/{roleId}"]],
      ["authorization:role:edit", ["authorization:role:edit"], ["PUT /api/v2/authorization/roles/{roleId}"]],
    ]);
  });

  it("rejects control characters in a role name, never sending them to the terminal", async () => {
    const dir = tempDir();
    const declared = DECLARED.replace("roles: [{ role: Bot Flow Sessions, division: home }]", 'roles: [{ role: "Bot\\e[2JFlow Sessions", division: home }]');
    if (declared === DECLARED) throw new Error("test setup: the role grant was not found");
    fs.writeFileSync(path.join(dir, "scopegate.yaml"), declared);
    const result = await scopegate(["deploy-client", "--tenant", "acme", "--env", "prod"], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/roles\.0\.role' contains control character U\+001B \(ESC\) at character 4; expected text without control characters\./);
    expect(result.stdout + result.stderr).not.toContain("\u001b");
  });

  it("exits 1 and says what a declared deploy client lacks", async () => {
    const config = path.join("examples", "promotion-deploy-client.yaml");
    const text = await scopegate(["deploy-client", "--tenant", "acme", "--env", "prod", "--config", config]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/The deploy client declared at examples\/promotion-deploy-client\.yaml:\d+:9 falls short:/);
    // The example's roles are created by the stack; its 'Terraform Deployer' holds 'authorization:role:view' only.
    expect(section(text.stdout, "  lacks permissions").map(([permission]) => permission)).toEqual(["authorization:role:add", "authorization:role:delete", "authorization:role:edit"]);
    expect(section(text.stdout, "  lacks roles")).toEqual([["CRM Sync", "granted to crm-sync"]]);

    const json = await scopegate(["deploy-client", "--tenant", "acme", "--env", "dev", "--config", config, "--format", "json"]);
    expect(json.code).toBe(1);
    const { deployClient } = JSON.parse(json.stdout);
    expect(deployClient.ok).toBe(false);
    expect(deployClient.missingPermissions).toEqual([]);
    expect(deployClient.undeclaredRoles).toEqual(["Platform Admin"]);
    expect(deployClient.unverifiedPermissions.map((p: { name: string }) => p.name)).toContain("oauth:client:add");
  });

  it.each([
    [["deploy-client"], /missing '--tenant' and '--env'; expected the stack as '<tenant>-<env>' \(such as 'acme-prod'\) or as --tenant T --env E\./],
    [["deploy-client", "--tenant", "acme"], /missing '--env'/],
    [["deploy-client", "--tenant", "acme", "--env", "prod", "--format", "jsno"], /unknown format 'jsno'; expected one of 'text' or 'json'\. Did you mean 'json'\?/],
    [["deploy-client", "--tenant", "acme", "--env", "prod", "--verbose"], /Unknown option '--verbose'/],
    [["deploy-client", "acme-prod", "acme-dev"], /one stack at a time; got 'acme-prod' and 'acme-dev'\./],
    [["deploy-client", "acme-prod", "--env", "prod"], /the stack is given twice \('acme-prod' and --tenant\/--env\)/],
  ])("exits 2 on bad usage: %j", async (argv, message) => {
    const result = await scopegate([...argv]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    // One line and where to read more, not the whole usage.
    expect(result.stderr).toMatch(/^scopegate deploy-client: [^\n]+\nRun 'scopegate deploy-client --help' for its usage\.\n$/);
    expect(result.stdout).toBe("");
  });

  it.each([
    [["deploy-client", "--tenant", "acmee", "--env", "prod"], "--tenant 'acmee' is not a tenant of the configuration; expected one of 'acme' or 'globex'. Did you mean 'acme'?"],
    [["deploy-client", "--tenant", "acme", "--env", "production"], "--env 'production' is not an environment of tenant 'acme'; expected one of 'dev' or 'prod'. Did you mean 'prod'?"],
    [["deploy-client", "acme-prd"], "the configuration has no stack 'acme-prd'; expected one of 'acme-dev', 'acme-prod', 'globex-dev' or 'globex-prod'. Did you mean 'acme-prod'?"],
  ])("exits 2 on a stack the configuration does not declare, as a problem in it (JSON with --format json): %j", async (argv, message) => {
    const text = await scopegate([...argv]);
    expect(text.code).toBe(2);
    expect(text.stderr).toBe(`scopegate.yaml: ${message}\nscopegate: 1 problem in scopegate.yaml; nothing was listed.\n`);
    expect(text.stdout).toBe("");
    const json = await scopegate([...argv, "--format", "json"]);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({ problems: [{ file: "scopegate.yaml", line: null, column: null, message }], summary: { problems: 1 } });
  });

  it("exits 2 on a bad configuration, with file:line:col and no stack trace", async () => {
    const result = await scopegate(["deploy-client", "--tenant", "acme", "--env", "prod", "--config", "bad.yaml"], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^bad\.yaml:16:25: Unknown key 'role' in 'tenants\.acme\.orgs\.prod\.deployClient'.* Did you mean 'roles'\?$/m);
    expect(result.stderr).toContain("nothing was listed.");
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stdout).toBe("");
  });

  /** The modules `deploy-client` loads, run in a fresh process: cdktf and the bindings, and the operations catalog. */
  function loadedBy(argv: readonly string[]): { code: number; cdktf: string[]; catalog: string[] } {
    const probe = `const { runCli } = require("./cli/main.ts");
      const io = { stdout: { write() {} }, stderr: { write() {} }, env: {}, cwd: process.cwd() };
      runCli(${JSON.stringify(argv)}, io).then((code) => {
        const files = Object.keys(require.cache);
        const cdktf = files.filter((file) => /node_modules[\\\\/](cdktf|constructs)[\\\\/]|[\\\\/]\\.gen[\\\\/]/.test(file));
        const catalog = files.filter((file) => /api-operations[\\\\/]/.test(file));
        console.log(JSON.stringify({ code, cdktf, catalog }));
      });`;
    const { CDKTF_OUTDIR: _ignored, ...env } = process.env;
    const result = spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), ["-e", probe], { cwd: ROOT, env, encoding: "utf8", timeout: 120_000 });
    return JSON.parse(result.stdout);
  }

  // A spawned process never runs a mutant: `npm run mutate` skips these (vitest.mutation.config.mts).
  it.skipIf(process.env.SCOPEGATE_MUTATION_RUN === "1")("never loads cdktf", () => {
    expect(loadedBy(["deploy-client", "--tenant", "acme", "--env", "prod"])).toMatchObject({ code: 0, cdktf: [] });
  });

  it.skipIf(process.env.SCOPEGATE_MUTATION_RUN === "1")("never loads the operations catalog for the deploy client's needs (only a configuration naming operations does)", () => {
    expect(loadedBy(["deploy-client", "acme-dev", "--config", path.join(dir, "declared.yaml")])).toEqual({ code: 1, cdktf: [], catalog: [] });
  });
});
