import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentialVariables } from "../../cli/commands/deploy";
import { loadConfig } from "../../config/load";
import { ROOT, run, snapshotTree, tempDir } from "../helpers";

const BIN = path.join(ROOT, "bin", "scopegate.mjs");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

function spawn(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const { CDKTF_OUTDIR: _ignored, ...inherited } = process.env;
  return spawnSync(command, args, { cwd, env: { ...inherited, ...env }, encoding: "utf8", timeout: 60_000 });
}

describe("the scopegate binary", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
    fs.copyFileSync(path.join(ROOT, "scopegate.yaml"), path.join(dir, "scopegate.yaml"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("synthesizes the configuration in its working directory and prints a summary", () => {
    const result = spawn(process.execPath, [BIN, "synth"], dir);
    // The gate reports the example's one finding, a warning (crm-sync's staged rollout, not yet promoted); nothing else.
    // The report goes to standard output, where the cdktf CLI shows an app's output; standard error stays empty.
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^acme\/prod\nscopegate\.yaml:\d+:\d+ {2}warning {2}promotion-drift .*not yet in 'prod'.*\n\nscopegate: 0 errors, 1 warning, 0 infos, 0 waived in scopegate\.yaml\nscopegate: synthesized /);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("scopegate: synthesized 4 stacks (2 tenants) from scopegate.yaml into cdktf.out/stacks");
    expect(result.stdout).toMatch(/acme-dev\s+nonprod\s+eu-west-2\s+5 clients \(6 with rotation\)\s+local state/);
    expect(fs.readdirSync(path.join(dir, "cdktf.out", "stacks")).sort()).toEqual(["acme-dev", "acme-prod", "globex-dev", "globex-prod"]);
  });

  it("exits 2 with the location and no stack trace on a bad file, leaving the earlier output", () => {
    fs.writeFileSync(path.join(dir, "bad.yaml"), "version: 1\ntenants:\n  acme:\n    orgs:\n      dev: { tier: nonprod, region: mars-1 }\n");
    const before = snapshotTree(path.join(dir, "cdktf.out"));
    const result = spawn(process.execPath, [BIN, "synth", "--config", "bad.yaml"], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("bad.yaml:5:37: 'tenants.acme.orgs.dev.region' is 'mars-1'; expected one of");
    expect(result.stderr).toContain("bad.yaml:5:7: 'tenants.acme.orgs.dev' is missing the required key 'orgName'.");
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stdout).toBe("");
    expect(snapshotTree(path.join(dir, "cdktf.out"))).toEqual(before);
  });

  it("runs main.ts as the cdktf app: into CDKTF_OUTDIR in place when the cdktf CLI runs it", () => {
    const outdir = path.join(dir, "cdktf-cli-out");
    fs.mkdirSync(outdir);
    const result = spawn(TSX, [path.join(ROOT, "main.ts")], dir, { CDKTF_OUTDIR: outdir });
    expect(result.status).toBe(0);
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(["acme-dev", "acme-prod", "globex-dev", "globex-prod"]);
    expect(fs.existsSync(path.join(outdir, "manifest.json"))).toBe(true);
  });

  it("cdktf.json runs main.ts", () => {
    const cdktf = JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8"));
    expect(cdktf.app).toBe("npx tsx main.ts");
    expect(cdktf.terraformProviders).toEqual(["mypurecloud/genesyscloud@~> 1.84"]);
  });
});

describe("command line usage", () => {
  it("exits 2 on an unknown command, an unknown option and a missing argument", async () => {
    const unknownCommand = await run(["deploi"]);
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toContain("unknown command 'deploi'; expected one of check, scan, synth, deploy, stacks, promote, deploy-client, access, rules, explain.");
    const unknownOption = await run(["synth", "--confg", "x.yaml"]);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain("scopegate synth: Unknown option '--confg'");
    const missingStack = await run(["deploy"]);
    expect(missingStack.code).toBe(2);
    expect(missingStack.stderr).toContain("deploy needs a stack name, such as 'acme-dev'.");
  });

  it("prints help with exit 0", async () => {
    const help = await run(["synth", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: scopegate synth [--config PATH] [--out DIR]");
  });
});

describe("deploy", () => {
  const model = () => {
    const result = loadConfig("scopegate.yaml", path.join(ROOT, "scopegate.yaml"));
    if (!result.ok) throw new Error("example should load");
    return result.model;
  };

  it("passes the org's own credential variables to Terraform as TF_VAR_<NAME>", () => {
    const acmeProd = model().environments.find((e) => e.stackName === "acme-prod")!;
    const env = { ACME_PROD_CLIENT_ID: "id-value", ACME_PROD_CLIENT_SECRET: "secret-value", ACME_DEV_CLIENT_ID: "dev-id" };
    expect(credentialVariables(acmeProd, env)).toEqual({
      variables: { TF_VAR_ACME_PROD_CLIENT_ID: "id-value", TF_VAR_ACME_PROD_CLIENT_SECRET: "secret-value" },
      missing: [],
    });
    expect(credentialVariables(acmeProd, { ACME_PROD_CLIENT_ID: "id-value" }).missing).toEqual(["ACME_PROD_CLIENT_SECRET"]);
  });

  it("refuses to start without the credentials, naming the variables and never their values", async () => {
    const result = await run(["deploy", "acme-prod"], { env: { ACME_PROD_CLIENT_ID: "visible-id-value" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("stack 'acme-prod' needs the environment variable 'ACME_PROD_CLIENT_SECRET' (scopegate.yaml:");
    expect(result.stderr).not.toContain("visible-id-value");
  });

  it("names the stacks there are when asked for one that is not", async () => {
    const result = await run(["deploy", "acme-staging"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "scopegate.yaml: the configuration has no stack 'acme-staging'; expected one of 'acme-dev', 'acme-prod', 'globex-dev' or 'globex-prod'.\nscopegate: 1 problem in scopegate.yaml; nothing was deployed.\n",
    );
  });
});

describe("the output directory", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
    fs.copyFileSync(path.join(ROOT, "scopegate.yaml"), path.join(dir, "scopegate.yaml"));
    fs.mkdirSync(path.join(dir, "docs"));
    fs.writeFileSync(path.join(dir, "docs", "notes.md"), "keep me\n");
    fs.writeFileSync(path.join(dir, "notes.txt"), "keep me too\n");
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([
    [".", /Output directory '\.' would replace '.*', which holds the configuration or the working directory/],
    ["..", /Output directory '\.\.' would replace/],
    ["notes.txt", /Output directory 'notes\.txt' is a file; expected a directory/],
    ["docs", /Output directory 'docs' is not empty and holds no earlier synth output \(no manifest\.json\)/],
  ])("refuses --out %s and leaves everything as it was", async (out, message) => {
    const before = snapshotTree(dir);
    const result = await run(["synth", "--out", out], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain("Nothing was written.");
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("creates missing parent directories and replaces its own earlier output", async () => {
    const first = await run(["synth", "--out", "build/deep/out"], { cwd: dir });
    expect(first.code).toBe(0);
    const second = await run(["synth", "--out", "build/deep/out"], { cwd: dir });
    expect(second.code).toBe(0);
    expect(fs.readdirSync(path.join(dir, "build", "deep", "out", "stacks"))).toHaveLength(4);
  });
});
