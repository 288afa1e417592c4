import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { Testing } from "cdktf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config/load";
import { addStacks } from "../../constructs/app";
import resourcePermissions from "../../policies/data/resource-permissions.json";
import { ROOT, run, tempDir } from "../helpers";

type Requirements = Record<string, { permissions: string[]; scopes: string[] }>;
const DATA = resourcePermissions as unknown as { resources: Requirements; data_sources: Requirements };

function scopegate(argv: string[], cwd = ROOT) {
  return run(argv, { cwd, env: {}, today: "2026-11-21" });
}

/**
 * What each stack of the example really contains, from an in-process synth, and the permissions the vendored data
 * lists for those types, each with the types (`data.<type>` for data sources) that need it.
 */
function expectedFromSynth(): Map<string, { permissions: Map<string, string[]>; scopes: string[] }> {
  const loaded = loadConfig("scopegate.yaml", path.join(ROOT, "scopegate.yaml"));
  if (!loaded.ok) throw new Error("test setup: scopegate.yaml does not load");
  const app = Testing.app();
  const stacks = addStacks(app, loaded.model, { outdir: app.outdir, configDir: ROOT });
  const expected = new Map<string, { permissions: Map<string, string[]>; scopes: string[] }>();
  stacks.forEach((stack, i) => {
    const json = JSON.parse(Testing.synth(stack)) as { resource?: object; data?: object };
    const types = [
      ...Object.keys(json.resource ?? {}).map((type) => [type, DATA.resources[type]] as const),
      ...Object.keys(json.data ?? {}).map((type) => [`data.${type}`, DATA.data_sources[type]] as const),
    ];
    const permissions = new Map<string, string[]>();
    for (const [type, requirements] of types) for (const permission of requirements.permissions) permissions.set(permission, [...(permissions.get(permission) ?? []), type].sort());
    const scopes = [...new Set(types.flatMap(([, requirements]) => requirements.scopes))].sort();
    expected.set(loaded.model.environments[i].stackName, { permissions: new Map([...permissions].sort(([a], [b]) => (a < b ? -1 : 1))), scopes });
  });
  return expected;
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

/** The example with a deploy client for acme's prod org that holds everything its stack needs. */
function exampleWithDeployClient(deployClient = `{ roles: [Bot Connector, Web Messaging Guest Issuer, Analytics Reader], permissions: ["oauth:client:*", "integrations:integration:*", "authorization:grant:*", "authorization:role:view"] }`): string {
  const credentials = "        credentials: { clientIdEnv: ACME_PROD_CLIENT_ID, clientSecretEnv: ACME_PROD_CLIENT_SECRET }\n";
  const example = fs.readFileSync(path.join(ROOT, "scopegate.yaml"), "utf8");
  if (!example.includes(credentials)) throw new Error("test setup: acme prod's credentials line not found");
  return example.replace(credentials, `${credentials}        deployClient: ${deployClient}\n`);
}

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
    fs.writeFileSync(path.join(dir, "declared.yaml"), exampleWithDeployClient());
    fs.writeFileSync(path.join(dir, "bad.yaml"), exampleWithDeployClient("{ role: [Terraform Deployer] }"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("knows every stack of the example", () => {
    expect([...expected.keys()].sort()).toEqual(STACKS.map(([tenant, env]) => `${tenant}-${env}`));
  });

  it.each(STACKS)("lists, for %s-%s, exactly the vendored permissions of the types synth writes, with the types that need each (text)", async (tenant, env) => {
    const result = await scopegate(["deploy-client", "--tenant", tenant, "--env", env]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const want = expected.get(`${tenant}-${env}`)!;
    const rows = section(result.stdout, "Permissions it needs");
    expect(rows.map(([permission]) => permission)).toEqual([...want.permissions.keys()]);
    expect(rows.map(([permission, types]) => [permission, types.split(", ")])).toEqual([...want.permissions]);
    expect(result.stdout).toContain(`Permissions it needs (${want.permissions.size})`);
    expect(section(result.stdout, "OAuth scopes").map(([scope]) => scope)).toEqual(want.scopes);
  });

  it.each(STACKS)("lists, for %s-%s, the same permissions and scopes as JSON", async (tenant, env) => {
    const result = await scopegate(["deploy-client", "--tenant", tenant, "--env", env, "--format", "json"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { stack: string; permissions: { name: string; neededBy: string[] }[]; scopes: { name: string }[] };
    const want = expected.get(`${tenant}-${env}`)!;
    expect(report.stack).toBe(`${tenant}-${env}`);
    expect(report.permissions.map(({ name, neededBy }) => [name, neededBy])).toEqual([...want.permissions]);
    expect(report.scopes.map(({ name }) => name)).toEqual(want.scopes);
  });

  it("prints a stable JSON object: the types, the roles to hold, and the declared deploy client", async () => {
    const result = await scopegate(["deploy-client", "--tenant", "acme", "--env", "prod", "--config", "declared.yaml", "--format", "json"], dir);
    expect(result.code).toBe(0);
    const prod = JSON.parse(result.stdout);
    expect(Object.keys(prod)).toEqual(["stack", "tenant", "environment", "source", "resourceTypes", "dataSourceTypes", "permissions", "scopes", "roles", "deployClient"]);
    expect(prod.source).toMatch(/terraform-provider-genesyscloud v1\.84\.1/);
    expect(prod.resourceTypes).toEqual(["genesyscloud_oauth_client"]);
    expect(prod.roles).toEqual([
      { role: "Analytics Reader", grantedTo: ["analytics-export"] },
      { role: "Bot Connector", grantedTo: ["bot-connector"] },
      { role: "Web Messaging Guest Issuer", grantedTo: ["guest-token-backend"] },
    ]);
    expect(prod.deployClient).toMatchObject({ file: "declared.yaml", line: 29, column: 9, ok: true, missingPermissions: [], unverifiedPermissions: [], missingRoles: [] });
    // Roles of the managed clients: held by name, their permissions undeclared and not needed, as everything is held directly.
    expect(prod.deployClient.undeclaredRoles).toEqual(["Analytics Reader", "Bot Connector", "Web Messaging Guest Issuer"]);
    const text = await scopegate(["deploy-client", "--tenant", "acme", "--env", "prod", "--config", "declared.yaml"], dir);
    expect(text.stdout).toContain("The deploy client declared at declared.yaml:29:9 holds all of it.");
    const dev = JSON.parse((await scopegate(["deploy-client", "--tenant", "acme", "--env", "dev", "--config", "declared.yaml", "--format", "json"], dir)).stdout);
    expect(dev.deployClient).toBeNull();
    expect((await scopegate(["deploy-client", "--tenant", "acme", "--env", "dev", "--config", "declared.yaml"], dir)).stdout).toContain("No 'deployClient' is declared for this org");
  });

  it("rejects control characters in a role name, never sending them to the terminal", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "scopegate.yaml"), fs.readFileSync(path.join(ROOT, "scopegate.yaml"), "utf8").replace("roles: [{ role: Bot Connector }]", 'roles: [{ role: "Bot\\e[2JConnector" }]'));
    const result = await scopegate(["deploy-client", "--tenant", "globex", "--env", "prod"], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/roles\.0\.role' contains control character U\+001B \(ESC\) at character 4; expected text without control characters\./);
    expect(result.stdout + result.stderr).not.toContain("\u001b");
  });

  it("exits 1 and says what a declared deploy client lacks", async () => {
    const config = path.join("examples", "promotion-deploy-client.yaml");
    const text = await scopegate(["deploy-client", "--tenant", "acme", "--env", "prod", "--config", config]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/The deploy client declared at examples\/promotion-deploy-client\.yaml:\d+:9 falls short:/);
    expect(section(text.stdout, "  lacks permissions")).toEqual([["authorization:grant:add", "genesyscloud_oauth_client"]]);
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
    expect(result.stderr).toMatch(/^bad\.yaml:29:25: Unknown key 'role' in 'tenants\.acme\.orgs\.prod\.deployClient'.* Did you mean 'roles'\?$/m);
    expect(result.stderr).toContain("nothing was listed.");
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stdout).toBe("");
  });

  it("never loads cdktf", () => {
    const probe = `const { runCli } = require("./cli/main.ts");
      const io = { stdout: { write() {} }, stderr: { write() {} }, env: {}, cwd: process.cwd() };
      runCli(["deploy-client", "--tenant", "acme", "--env", "prod"], io).then((code) => {
        const loaded = Object.keys(require.cache).filter((file) => /node_modules[\\\\/](cdktf|constructs)[\\\\/]|[\\\\/]\\.gen[\\\\/]/.test(file));
        console.log(JSON.stringify({ code, loaded }));
      });`;
    const { CDKTF_OUTDIR: _ignored, ...env } = process.env;
    const result = spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), ["-e", probe], { cwd: ROOT, env, encoding: "utf8", timeout: 120_000 });
    expect(JSON.parse(result.stdout)).toEqual({ code: 0, loaded: [] });
  });
});
