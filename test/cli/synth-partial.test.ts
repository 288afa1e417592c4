import { execFile, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ROOT, run, snapshotTree, statTree, tempDir } from "../helpers";

const EXAMPLE = fs.readFileSync(path.join(ROOT, "scopegate.yaml"), "utf8");
/** The example with one change to tenant acme only: a client's description. */
const ACME_CHANGED = EXAMPLE.replace("to the data warehouse.", "to the data lake.");
/** The example without tenant globex (it is last in the file). */
const WITHOUT_GLOBEX = EXAMPLE.slice(0, EXAMPLE.indexOf("\n  globex:\n") + 1);
/** The example with an error-level finding in tenant globex only (its client's role lacks the permission it needs). */
const GLOBEX_ERROR = EXAMPLE.replace("roles: [{ role: Bot Flow Sessions, division: home }]", "roles: [{ role: CRM Sync, division: home }]");

/**
 * `scopegate synth --tenant T`: CI for one customer's change synthesizes that customer's stacks only, and leaves the
 * rest of cdktf.out as it was, while cdktf.out/manifest.json keeps listing every stack for 'cdktf deploy'.
 */
describe("scopegate synth --tenant (a partial synth)", () => {
  let dir: string;
  const out = () => path.join(dir, "cdktf.out");
  const synth = (args: string[], env: Record<string, string> = {}) => run(["synth", ...args], { cwd: dir, env, today: "2026-11-21" });
  const write = (text: string) => fs.writeFileSync(path.join(dir, "scopegate.yaml"), text);

  beforeAll(() => {
    dir = tempDir();
  });
  beforeEach(() => {
    for (const entry of fs.readdirSync(dir)) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
    write(EXAMPLE);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("rewrites only the tenant's stacks, byte-identical to a full synth's, and leaves every other stack untouched", async () => {
    expect((await synth([])).code).toBe(0);
    const globexBefore = { dev: statTree(path.join(out(), "stacks", "globex-dev")), prod: statTree(path.join(out(), "stacks", "globex-prod")) };
    write(ACME_CHANGED);
    const result = await synth(["--tenant", "acme"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("scopegate: synthesized 2 stacks (tenant 'acme') from scopegate.yaml into cdktf.out/stacks; left the 2 other stacks there as they were\n  acme-dev ");
    // Content, modification time and inode: the other tenant's directories were not rewritten, not even replaced.
    expect(statTree(path.join(out(), "stacks", "globex-dev"))).toEqual(globexBefore.dev);
    expect(statTree(path.join(out(), "stacks", "globex-prod"))).toEqual(globexBefore.prod);
    expect(fs.readFileSync(path.join(out(), "stacks", "acme-dev", "cdk.tf.json"), "utf8")).toContain("to the data lake.");

    // What a full synth of the changed configuration writes: the same acme stacks, the same manifest, byte for byte.
    expect((await synth(["--out", "full"])).code).toBe(0);
    expect(snapshotTree(out())).toEqual(snapshotTree(path.join(dir, "full")));
    expect(fs.readdirSync(dir).filter((name) => name.includes(".partial-") || name.includes(".previous-"))).toEqual([]);
  });

  it("computes the roles a stack creates from all of its tenant's orgs, with --env too", async () => {
    // crm-sync runs only in acme's dev org, yet its role is created in acme-prod as well.
    expect((await synth(["--out", "full"])).code).toBe(0);
    const result = await synth(["--tenant", "acme", "--env", "prod"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("scopegate: synthesized 1 stack (tenant 'acme') from scopegate.yaml into cdktf.out/stacks; no other stack was there\n");
    expect(fs.readdirSync(path.join(out(), "stacks"))).toEqual(["acme-prod"]);
    const stack = fs.readFileSync(path.join(out(), "stacks", "acme-prod", "cdk.tf.json"), "utf8");
    expect(stack).toContain("CRM Sync");
    expect(stack).toBe(fs.readFileSync(path.join(dir, "full", "stacks", "acme-prod", "cdk.tf.json"), "utf8"));
    // Without an earlier output, the manifest lists the stacks written.
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(out(), "manifest.json"), "utf8")).stacks)).toEqual(["acme-prod"]);
  });

  it("adds a tenant's stacks to an earlier output's manifest, which lists every stack there", async () => {
    expect((await synth(["--tenant", "globex"])).code).toBe(0);
    expect((await synth(["--tenant", "acme"])).code).toBe(0);
    expect((await synth(["--out", "full"])).code).toBe(0);
    expect(fs.readFileSync(path.join(out(), "manifest.json"), "utf8")).toBe(fs.readFileSync(path.join(dir, "full", "manifest.json"), "utf8"));
  });

  it("keeps the stacks of a tenant the configuration no longer declares, says so, and leaves removing them to a full synth", async () => {
    expect((await synth([])).code).toBe(0);
    write(WITHOUT_GLOBEX);
    const partial = await synth(["--tenant", "acme"]);
    expect(partial.code).toBe(0);
    expect(partial.stdout).toContain(
      "scopegate: cdktf.out/stacks still holds 'globex-dev' and 'globex-prod', which the configuration no longer declares; a full synth (without --tenant or --env) removes them.\n",
    );
    expect(fs.readdirSync(path.join(out(), "stacks")).sort()).toEqual(["acme-dev", "acme-prod", "globex-dev", "globex-prod"]);
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(out(), "manifest.json"), "utf8")).stacks)).toEqual(["acme-dev", "acme-prod", "globex-dev", "globex-prod"]);
    expect((await synth([])).code).toBe(0);
    expect(fs.readdirSync(path.join(out(), "stacks")).sort()).toEqual(["acme-dev", "acme-prod"]);
  });

  it("gates on the selected tenant's findings and the configuration's, not on other tenants'", async () => {
    write(GLOBEX_ERROR);
    const acme = await synth(["--tenant", "acme"]);
    expect(acme.code).toBe(0);
    expect(acme.stdout).not.toContain("globex");
    const before = snapshotTree(dir);
    const globex = await synth(["--tenant", "globex"]);
    expect(globex.code).toBe(1);
    expect(globex.stdout).toContain("error  required-scopes");
    expect(globex.stderr).toContain("scopegate synth: 2 error-level findings; nothing was written.");
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("refuses a tenant or environment the configuration does not declare, with the nearest one, and writes nothing", async () => {
    expect((await synth([])).code).toBe(0);
    const before = statTree(out());
    const result = await synth(["--tenant", "acm"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      "scopegate.yaml: --tenant 'acm' is not a tenant of the configuration; expected one of 'acme' or 'globex'. Did you mean 'acme'?\nscopegate: 1 problem in scopegate.yaml; nothing was written.\n",
    );
    const env = await synth(["--tenant", "acme", "--env", "stagin"]);
    expect(env.code).toBe(2);
    expect(env.stderr).toContain("--env 'stagin' is not an environment of the configuration; expected one of 'dev' or 'prod'.");
    expect(statTree(out())).toEqual(before);
  });

  it("takes the tenants from SCOPEGATE_SYNTH_TENANTS (as 'scopegate deploy' sets it) when --tenant is not given", async () => {
    expect((await synth([], { SCOPEGATE_SYNTH_TENANTS: "globex" })).code).toBe(0);
    expect(fs.readdirSync(path.join(out(), "stacks")).sort()).toEqual(["globex-dev", "globex-prod"]);
    expect((await synth(["--tenant", "acme"], { SCOPEGATE_SYNTH_TENANTS: "globex" })).stdout).toContain("(tenant 'acme')");
    const unknown = await synth([], { SCOPEGATE_SYNTH_TENANTS: "acme,globx" });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("SCOPEGATE_SYNTH_TENANTS 'globx' is not a tenant of the configuration; expected one of 'acme' or 'globex'. Did you mean 'globex'?");
  });

  it("refuses to merge into a manifest.json that is not cdktf's, and writes nothing", async () => {
    fs.mkdirSync(out());
    fs.writeFileSync(path.join(out(), "manifest.json"), "{}");
    const before = snapshotTree(dir);
    const result = await synth(["--tenant", "acme"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "scopegate synth: 'cdktf.out/manifest.json' is not a cdktf manifest (an object of stacks by name), so a partial synth cannot add its stacks to it; run a full synth (without --tenant or --env), which replaces the output directory whole. Nothing was written.\n",
    );
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("keeps what Terraform left in a stack's directory when the cdktf CLI runs it (in place)", async () => {
    expect((await synth([])).code).toBe(0);
    fs.mkdirSync(path.join(out(), "stacks", "acme-dev", ".terraform"));
    fs.writeFileSync(path.join(out(), "stacks", "acme-dev", ".terraform.lock.hcl"), "# lock\n");
    const globexBefore = statTree(path.join(out(), "stacks", "globex-dev"));
    write(ACME_CHANGED);
    const result = await synth([], { CDKTF_OUTDIR: out(), SCOPEGATE_SYNTH_TENANTS: "acme" });
    expect(result.code).toBe(0);
    expect(fs.readdirSync(path.join(out(), "stacks", "acme-dev")).sort()).toEqual([".terraform", ".terraform.lock.hcl", "cdk.tf.json"]);
    expect(fs.readFileSync(path.join(out(), "stacks", "acme-dev", "cdk.tf.json"), "utf8")).toContain("to the data lake.");
    expect(statTree(path.join(out(), "stacks", "globex-dev"))).toEqual(globexBefore);
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(out(), "manifest.json"), "utf8")).stacks)).toHaveLength(4);
  });

  it("two partial synths at once into one output directory both end up in its manifest (each merges under a lock)", async () => {
    const cli = path.join(ROOT, "bin", "scopegate.mjs");
    const synthIn = (tenant: string) =>
      new Promise<number>((resolve) => {
        execFile(process.execPath, [cli, "synth", "--tenant", tenant], { cwd: dir, env: { ...process.env, CHECKPOINT_DISABLE: "1" } }, (error) => resolve(error === null ? 0 : 1));
      });
    for (let round = 0; round < 3; round++) {
      fs.rmSync(out(), { recursive: true, force: true });
      expect(await Promise.all([synthIn("acme"), synthIn("globex")])).toEqual([0, 0]);
      const listed = Object.keys(JSON.parse(fs.readFileSync(path.join(out(), "manifest.json"), "utf8")).stacks);
      expect(listed, `round ${round}`).toEqual(["acme-dev", "acme-prod", "globex-dev", "globex-prod"]);
      expect(fs.readdirSync(dir).sort()).toEqual(["cdktf.out", "scopegate.yaml"]);
    }
  }, 120_000);

  it("takes over the output lock of a synth that was killed", async () => {
    // A process that has exited: its pid names no running process.
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
    fs.mkdirSync(`${out()}.lock`);
    fs.writeFileSync(path.join(`${out()}.lock`, "pid"), `${dead}\n`);
    const result = await synth(["--tenant", "acme"]);
    expect(result.code).toBe(0);
    expect(fs.existsSync(`${out()}.lock`)).toBe(false);
    // A file of that name is not a lock of synth's: left alone, and nothing written.
    fs.writeFileSync(`${out()}.lock`, "mine\n");
    const before = snapshotTree(dir);
    const blocked = await synth(["--tenant", "globex"]);
    expect(blocked.code).toBe(2);
    expect(blocked.stderr).toMatch(/cdktf\.out\.lock' is in the way of the lock synth takes beside the output directory; expected no file of that name\. Nothing was written\.\n$/);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("stops listing an earlier stack whose synthesized file is not there (the cdktf CLI reads every stack listed), and says so", async () => {
    expect((await synth([])).code).toBe(0);
    // A stack directory removed by hand, another a file: 'cdktf deploy acme-dev' would fail reading either.
    fs.rmSync(path.join(out(), "stacks", "globex-dev"), { recursive: true });
    fs.rmSync(path.join(out(), "stacks", "globex-prod"), { recursive: true });
    fs.writeFileSync(path.join(out(), "stacks", "globex-prod"), "not a directory\n");
    const result = await synth(["--tenant", "acme"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "scopegate: the earlier cdktf.out/manifest.json listed 'globex-dev' and 'globex-prod', whose synthesized files are not in cdktf.out/stacks; the manifest no longer lists them",
    );
    const manifest = JSON.parse(fs.readFileSync(path.join(out(), "manifest.json"), "utf8")) as { stacks: Record<string, { synthesizedStackPath: string }> };
    expect(Object.keys(manifest.stacks)).toEqual(["acme-dev", "acme-prod"]);
    for (const entry of Object.values(manifest.stacks)) expect(fs.statSync(path.join(out(), entry.synthesizedStackPath)).isFile()).toBe(true);
    // The file in a stack's place is replaced by the stack when its tenant is synthesized, by the cdktf CLI too.
    const globex = await synth([], { CDKTF_OUTDIR: out(), SCOPEGATE_SYNTH_TENANTS: "globex" });
    expect(globex.stderr).toBe("");
    expect(globex.code).toBe(0);
    expect(fs.statSync(path.join(out(), "stacks", "globex-prod", "cdk.tf.json")).isFile()).toBe(true);
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(out(), "manifest.json"), "utf8")).stacks)).toHaveLength(4);
  });
});
