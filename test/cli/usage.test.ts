import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOT_CONNECTOR, config, ROOT, run, snapshotTree, tempDir } from "../helpers";

const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;

describe("scopegate --version", () => {
  it.each(["--version", "-v"])("%s prints the package version", async (flag) => {
    const result = await run([flag]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${VERSION}\n`);
    expect(result.stderr).toBe("");
  });
});

describe("usage errors: one line, then where to read more", () => {
  it.each([
    [["check", "--format", "sarf"], "check", /^scopegate check: unknown format 'sarf'; .* Did you mean 'sarif'\?$/],
    [["synth", "--confg", "x.yaml"], "synth", /^scopegate synth: Unknown option '--confg'/],
    [["promote", "--to", "prod"], "promote", /^scopegate promote: --from and --to are required/],
  ])("%j", async (argv, command, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    const lines = result.stderr.split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(message);
    expect(lines[1]).toBe(`Run 'scopegate ${command} --help' for its usage.`);
    expect(result.stderr).not.toContain("Usage:");
  });

  it("an unknown command, or none, names the commands and suggests the nearest", async () => {
    const unknown = await run(["deploi"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      "scopegate: unknown command 'deploi'; expected one of check, scan, synth, deploy, stacks, promote, deploy-client, access, rules, explain. Did you mean 'deploy'?\nRun 'scopegate --help' for what each does.\n",
    );
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^scopegate: no command given; expected one of check, .*\nRun 'scopegate --help' for what each does\.\n$/);
    expect((await run(["toString"])).stderr).toContain("unknown command 'toString'");
  });
});

describe("scopegate deploy-client <tenant>-<env>", () => {
  it("is the same as --tenant and --env", async () => {
    const byName = await run(["deploy-client", "acme-prod", "--format", "json"]);
    const byOptions = await run(["deploy-client", "--tenant", "acme", "--env", "prod", "--format", "json"]);
    expect(byName.code).toBe(byOptions.code);
    expect(byName.stderr).toBe("");
    expect(JSON.parse(byName.stdout)).toEqual(JSON.parse(byOptions.stdout));
    expect(JSON.parse(byName.stdout).stack).toBe("acme-prod");
  });
});

describe("scopegate synth", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
    fs.copyFileSync(path.join(ROOT, "scopegate.yaml"), path.join(dir, "scopegate.yaml"));
    fs.writeFileSync(path.join(dir, "notes.txt"), "keep me\n");
    // One tenant, acme, with a dev and a prod org.
    fs.writeFileSync(path.join(dir, "one-tenant.yaml"), config({ clients: BOT_CONNECTOR }));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("counts one tenant as one tenant", async () => {
    const result = await run(["synth", "--config", "one-tenant.yaml", "--out", "one"], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("scopegate: synthesized 2 stacks (1 tenant) from one-tenant.yaml into one/stacks\n");
  });

  it("reports findings on standard output, leaving standard error to what stops synth", async () => {
    const result = await run(["synth", "--out", "out"], { cwd: dir, today: "2026-11-21" });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^acme\/prod\nscopegate\.yaml:\d+:\d+ {2}\w+ {2}promotion-drift {2}.*\n\nscopegate: 0 errors, .* in scopegate\.yaml\nscopegate: synthesized 4 stacks \(2 tenants\)/);
  });

  it("under 'cdktf synth', the report is not labelled [ERROR]", () => {
    const app = `${path.join(ROOT, "node_modules", ".bin", "tsx")} ${path.join(ROOT, "main.ts")}`;
    fs.writeFileSync(path.join(dir, "cdktf.json"), JSON.stringify({ language: "typescript", app }));
    const { CDKTF_OUTDIR: _ignored, ...inherited } = process.env;
    const result = spawnSync(path.join(ROOT, "node_modules", ".bin", "cdktf"), ["synth"], {
      cwd: dir,
      // No terraform on PATH: cdktf synth does not need it, and its warnings would be labelled [ERROR] too.
      env: { ...inherited, CHECKPOINT_DISABLE: "1", PATH: [path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter) },
      encoding: "utf8",
      timeout: 120_000,
    });
    const output = result.stdout + result.stderr;
    expect(result.status, output).toBe(0);
    expect(output).toContain("promotion-drift");
    expect(output).not.toContain("[ERROR]");
  });

  it("refuses --out below an existing file, naming it, and writes nothing", async () => {
    const before = snapshotTree(dir);
    const result = await run(["synth", "--out", "notes.txt/out"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("scopegate synth: Output directory 'notes.txt/out' cannot be created: 'notes.txt' is a file; expected a directory path for the synthesized stacks. Nothing was written.");
    expect(result.stderr).not.toContain("internal error");
    expect(snapshotTree(dir)).toEqual(before);
  });
});
