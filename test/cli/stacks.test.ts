import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOT_CONNECTOR, config, orgsYaml, ROOT, run, tempDir } from "../helpers";

/** `scopegate stacks`: what a CI matrix needs to deploy each stack, from the configuration alone. */
describe("scopegate stacks", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
    fs.writeFileSync(path.join(dir, "one-tenant.yaml"), config({ clients: BOT_CONNECTOR }));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("lists every stack as one line of JSON, in the documented shape, for a GitHub Actions matrix", async () => {
    const result = await run(["stacks", "--format", "json"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    // One line: `echo "stacks=$(scopegate stacks --format json)" >> "$GITHUB_OUTPUT"` works as it is.
    expect(result.stdout.split("\n")).toEqual([expect.any(String), ""]);
    const { stacks } = JSON.parse(result.stdout);
    expect(stacks.map((stack: { name: string }) => stack.name)).toEqual(["acme-dev", "acme-prod", "globex-dev", "globex-prod"]);
    expect(stacks[0]).toEqual({
      name: "acme-dev",
      tenant: "acme",
      environment: "dev",
      tier: "nonprod",
      region: "eu-west-2",
      orgName: "acme-dev",
      credentials: { clientIdEnv: "ACME_DEV_CLIENT_ID", clientSecretEnv: "ACME_DEV_CLIENT_SECRET" },
      workingDirectory: "cdktf.out/stacks/acme-dev",
      backend: "local",
      state: { type: "local", path: "state/acme-dev.tfstate" },
    });
    expect(stacks[1].state).toEqual({ type: "s3", bucket: "acme-terraform-state", key: "genesys/acme-prod.tfstate", region: "eu-west-1", dynamodbTable: "terraform-locks" });
    expect(stacks[3]).toMatchObject({ backend: "remote", state: { type: "remote", hostname: "app.terraform.io", organization: "globex-platform", workspace: "genesys-globex-prod" } });
  });

  it("names the credential variables, never their values", async () => {
    const env = { ACME_DEV_CLIENT_ID: "planted-id-Qx81", ACME_DEV_CLIENT_SECRET: "planted-secret-Zr27" };
    for (const format of ["json", "text"]) {
      const result = await run(["stacks", "--format", format], { env });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("ACME_DEV_CLIENT_SECRET");
      for (const value of Object.values(env)) expect(result.stdout + result.stderr).not.toContain(value);
    }
  });

  it("lists only the tenants and environments asked for, and the working directories under --out", async () => {
    const result = await run(["stacks", "--tenant", "globex", "--env", "prod", "--out", "build/out", "--format", "json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).stacks.map((stack: { name: string; workingDirectory: string }) => [stack.name, stack.workingDirectory])).toEqual([
      ["globex-prod", "build/out/stacks/globex-prod"],
    ]);
    const both = await run(["stacks", "--tenant", "globex", "--tenant", "acme", "--format", "json"]);
    expect(JSON.parse(both.stdout).stacks).toHaveLength(4);
  });

  it("prints a table with a header, and a count, as text", async () => {
    const result = await run(["stacks", "--config", "one-tenant.yaml"], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        "stack      tenant  environment  tier     region     credentials                                    working directory           state",
        "acme-dev   acme    dev          nonprod  eu-west-1  ACME_DEV_CLIENT_ID / ACME_DEV_CLIENT_SECRET    cdktf.out/stacks/acme-dev   local state/acme-dev.tfstate",
        "acme-prod  acme    prod         prod     eu-west-2  ACME_PROD_CLIENT_ID / ACME_PROD_CLIENT_SECRET  cdktf.out/stacks/acme-prod  local state/acme-prod.tfstate",
        "scopegate: 2 stacks (1 tenant) in one-tenant.yaml",
        "",
      ].join("\n"),
    );
  });

  it("reports a tenant the configuration does not declare as bad input, with the nearest one, in JSON too", async () => {
    const text = await run(["stacks", "--tenant", "acm"]);
    expect(text.code).toBe(2);
    expect(text.stdout).toBe("");
    expect(text.stderr).toBe(
      "scopegate.yaml: --tenant 'acm' is not a tenant of the configuration; expected one of 'acme' or 'globex'. Did you mean 'acme'?\nscopegate: 1 problem in scopegate.yaml; nothing was listed.\n",
    );
    const json = await run(["stacks", "--tenant", "acme", "--env", "stagng", "--format", "json"]);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).problems.map((problem: { message: string }) => problem.message)).toEqual([
      "--env 'stagng' is not an environment of the configuration; expected one of 'dev' or 'prod'.",
    ]);
  });

  it("says when the tenants and environments asked for select no stack", async () => {
    // Tenant beta has a staging org, acme has none.
    const beta = `  beta:\n${orgsYaml({ staging: {} }).replace(/ACME_/g, "BETA_").replace(/acme/g, "beta")}    oauthClients:\n${BOT_CONNECTOR.replace(/^/gm, "      ")}\n`;
    fs.writeFileSync(path.join(dir, "staging.yaml"), config({ clients: BOT_CONNECTOR }).replace("tenants:\n", `tenants:\n${beta}`));
    const result = await run(["stacks", "--config", "staging.yaml", "--tenant", "acme", "--env", "staging"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("staging.yaml: --tenant 'acme' with --env 'staging' selects no stack; the tenant's environments are 'dev' and 'prod'.");
  });

  it("is a usage error for an unknown format, with its usage on --help", async () => {
    const bad = await run(["stacks", "--format", "yaml"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("scopegate stacks: unknown format 'yaml'; expected one of 'text' or 'json'.\nRun 'scopegate stacks --help' for its usage.\n");
    const help = await run(["stacks", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: scopegate stacks \[--config PATH\] \[--tenant T\]\.\.\./);
    expect((await run(["--help"])).stdout).toContain("\n  stacks   ");
  });

  // A spawned process never runs a mutant: `npm run mutate` skips this (vitest.mutation.config.mts).
  it.skipIf(process.env.SCOPEGATE_MUTATION_RUN === "1")("never loads cdktf", () => {
    const probe = `const { runCli } = require("./cli/main.ts");
      const io = { stdout: { write() {} }, stderr: { write() {} }, env: {}, cwd: process.cwd() };
      runCli(["stacks", "--format", "json"], io).then((code) => {
        const loaded = Object.keys(require.cache).filter((file) => /node_modules[\\\\/](cdktf|constructs)[\\\\/]|[\\\\/]\\.gen[\\\\/]/.test(file));
        console.log(JSON.stringify({ code, loaded }));
      });`;
    const { CDKTF_OUTDIR: _ignored, ...env } = process.env;
    const result = spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), ["-e", probe], { cwd: ROOT, env, encoding: "utf8", timeout: 120_000 });
    expect(JSON.parse(result.stdout)).toEqual({ code: 0, loaded: [] });
  });
});
