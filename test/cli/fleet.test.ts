import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../config/load";
import { FLEET_ROOT, run, tempDir, tenantFileYaml } from "../helpers";

const TODAY = "2026-12-01";



const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes files (path relative to `dir` to text) into `dir`, a new temporary folder when not given. */
function write(files: Readonly<Record<string, string>>, dir = tempDir("scopegate-fleet-")): string {
  if (!dirs.includes(dir)) dirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** A Git repository holding `files` in one commit. */
function repository(files: Readonly<Record<string, string>>): string {
  const dir = write(files);
  const git = (...args: string[]) => execFileSync("git", ["-C", dir, "-c", "user.email=ci@example.com", "-c", "user.name=CI", "-c", "commit.gpgsign=false", ...args], { stdio: "pipe" });
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  return dir;
}

/** globex's prod client holds Master Admin on the base branch already: an error a pull request for acme did not make. */
const BASE = { "scopegate.yaml": FLEET_ROOT, "tenants/acme.yaml": tenantFileYaml("acme"), "tenants/globex.yaml": tenantFileYaml("globex", { role: "Master Admin" }) };

describe("check --changed-since", () => {
  it("reports only the tenants a change touches: a tenant file's change touches its tenants", async () => {
    const dir = repository(BASE);
    expect((await run(["check"], { cwd: dir, today: TODAY })).code).toBe(1);
    write({ "tenants/acme.yaml": tenantFileYaml("acme").replace("region: eu-west-2", "region: eu-west-2 # moved") }, dir);
    const unchanged = await run(["check", "--changed-since", "main", "--format", "json"], { cwd: dir, today: TODAY });
    expect(unchanged.stderr).toContain("scopegate check: 0 tenants of 2 changed since main; findings of the others are not reported.");
    expect(unchanged.code).toBe(0);

    write({ "tenants/acme.yaml": tenantFileYaml("acme", { role: "Master Admin" }) }, dir);
    const changed = await run(["check", "--changed-since", "main"], { cwd: dir, today: TODAY });
    expect(changed.stderr).toContain("1 tenant of 2 changed since main");
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/^tenants\/acme\.yaml:\d+:\d+ +error +privileged-role/m);
    // Findings of the unchanged tenant are not reported (the aggregated "not checked" notes are not filtered).
    expect(changed.stdout).not.toMatch(/^tenants\/globex\.yaml:\d+:\d+ +error/m);
    expect(changed.stdout).not.toContain("globex/prod");
  });

  it("counts a new tenant file as a changed tenant, and a change to what tenants share as a change to all", async () => {
    const dir = repository(BASE);
    write({ "tenants/initech.yaml": tenantFileYaml("initech") }, dir);
    expect((await run(["check", "--changed-since", "main"], { cwd: dir, today: TODAY })).stderr).toContain("1 tenant of 3 changed");
    write({ "scopegate.yaml": FLEET_ROOT.replace("  Analytics Export:\n", "  Analytics Export:\n    description: Reads conversation aggregates and details.\n") }, dir);
    const all = await run(["check", "--changed-since", "main"], { cwd: dir, today: TODAY });
    expect(all.stderr).toContain("3 tenants of 3 changed");
    expect(all.code).toBe(1);
  });

  it("reads a base from a folder holding a checkout of it, the configuration at the same path", async () => {
    const base = write(BASE);
    const dir = write({ ...BASE, "tenants/acme.yaml": tenantFileYaml("acme", { only: "dev" }) });
    const result = await run(["check", "--changed-since", base], { cwd: dir, today: TODAY });
    expect(result.stderr).toContain("1 tenant of 2 changed");
  });

  it("refuses a base that is no file, folder or revision, and a base file whose tenant files are not beside it", async () => {
    const dir = repository(BASE);
    const unknown = await run(["check", "--changed-since", "no-such-branch", "--format", "sarif"], { cwd: dir, today: TODAY });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--changed-since 'no-such-branch' cannot be read \(ENOENT\); it is neither a file nor a folder, nor a Git revision/);
    expect(JSON.parse(unknown.stdout).runs[0].results[0].message.text).toContain("no-such-branch");
    const elsewhere = write({ "base.yaml": FLEET_ROOT });
    const alone = await run(["check", "--changed-since", path.join(elsewhere, "base.yaml")], { cwd: dir, today: TODAY });
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/base\.yaml:2:\d+: the base configuration for --changed-since \(.*base\.yaml\) cannot be read: Include pattern 'tenants\/\*\.yaml' matches no file/);
  });
});

describe("--changed-since and the order of a tenant's orgs", () => {
  it("counts orgs declared in another order as a change: their order is the promotion path", async () => {
    const base = write({ ...BASE, "tenants/acme.yaml": tenantFileYaml("acme") });
    const current = tenantFileYaml("acme").replace(/( {6}dev:\n(?: {8}.*\n)+)( {6}prod:\n(?: {8}.*\n)+)/, "$2$1");
    expect(current).toMatch(/prod:[\s\S]*dev:[\s\S]*oauthClients/);
    const dir = write({ ...BASE, "tenants/acme.yaml": current });
    const result = await run(["check", "--changed-since", base], { cwd: dir, today: TODAY });
    expect(result.stderr).toContain("1 tenant of 2 changed");
  });
});

describe("--changed-since never compares the configuration with itself", () => {
  it("refuses an empty base (an unset CI variable), the current folder and the configuration file itself", async () => {
    const dir = write({ ...BASE, "tenants/acme.yaml": tenantFileYaml("acme", { only: "dev" }) });
    for (const base of ["", " ", ".", dir, "scopegate.yaml"]) {
      const result = await run(["check", "--changed-since", base, "--format", "json"], { cwd: dir, today: TODAY });
      expect(result.code, `--changed-since '${base}'`).toBe(2);
      expect(result.stderr).toMatch(/--changed-since (is empty|'.*' is the configuration being checked)/);
      expect(result.stderr).not.toContain("changed since");
    }
    const promoted = await run(["promote", "--from", "dev", "--to", "prod", "--changed-since", ""], { cwd: dir, today: TODAY });
    expect(promoted.code).toBe(2);
  });
});

describe("promote on a split configuration", () => {
  it("--write edits the tenant file that declares the tenant, and only it", async () => {
    const dir = write({ ...BASE, "tenants/acme.yaml": tenantFileYaml("acme", { only: "dev" }) });
    const before = { root: fs.readFileSync(path.join(dir, "scopegate.yaml"), "utf8"), globex: fs.readFileSync(path.join(dir, "tenants/globex.yaml"), "utf8") };
    const result = await run(["promote", "--from", "dev", "--to", "prod", "--tenant", "acme", "--write"], { cwd: dir, today: TODAY });
    expect(result.stderr).toContain("scopegate promote: wrote 1 change to tenants/acme.yaml:");
    expect(fs.readFileSync(path.join(dir, "tenants/acme.yaml"), "utf8")).toContain("only: [dev, prod]");
    expect(fs.readFileSync(path.join(dir, "scopegate.yaml"), "utf8")).toBe(before.root);
    expect(fs.readFileSync(path.join(dir, "tenants/globex.yaml"), "utf8")).toBe(before.globex);
    expect(result.stdout).toMatch(/tenants\/acme\.yaml:\d+/);
  });

  it("--changed-since a Git revision promotes only the tenants changed since", async () => {
    const dir = repository({ ...BASE, "tenants/globex.yaml": tenantFileYaml("globex", { only: "dev" }) });
    write({ "tenants/acme.yaml": tenantFileYaml("acme", { only: "dev" }) }, dir);
    const result = await run(["promote", "--from", "dev", "--to", "prod", "--changed-since", "main", "--format", "json"], { cwd: dir, today: TODAY });
    const report = JSON.parse(result.stdout) as { tenants: { tenant: string }[] };
    expect(report.tenants.map((promotion) => promotion.tenant)).toEqual(["acme"]);
  });
});

describe("check --shard", () => {
  const names = ["acme", "globex", "initech", "umbrella", "wayne"];
  const waiver = (tenant: string) => `    - { rule: privileged-role, tenant: ${tenant}, environment: dev, client: analytics-export, reason: the role is replaced next sprint, owner: platform, expires: "2027-01-31" }\n`;
  const fleet = () =>
    write({
      "scopegate.yaml": `${FLEET_ROOT}policy:\n  waivers:\n${waiver("acme")}${waiver("wayne")}`,
      ...Object.fromEntries(names.map((name) => [`tenants/${name}.yaml`, tenantFileYaml(name, { role: name === "wayne" ? "Master Admin" : undefined })])),
    });

  it("splits the tenant files into even shares that together cover each once", async () => {
    const dir = fleet();
    const seen: string[] = [];
    for (const index of [1, 2, 3]) {
      const result = await run(["check", "--shard", `${index}/3`], { cwd: dir, today: TODAY });
      expect(result.stderr).toContain(`scopegate check: shard ${index}/3: ${index === 3 ? 1 : 2} of 5 tenant files`);
      const loaded = loadConfig(path.join(dir, "scopegate.yaml"), path.join(dir, "scopegate.yaml"), { shard: { index, count: 3 } });
      if (!loaded.ok) throw new Error("loads");
      seen.push(...loaded.model.tenants);
    }
    expect(seen.sort()).toEqual(names);
  });

  it("leaves out, and says so, the root file's waivers for tenants of other shards; a shard's own are applied", async () => {
    const dir = fleet();
    // Shard 1/2 reads acme, initech and wayne (every second file from the first); wayne holds Master Admin.
    const first = await run(["check", "--shard", "1/2"], { cwd: dir, today: TODAY });
    expect(first.stderr).toContain("3 of 5 tenant files");
    expect(first.stderr).not.toContain("not checked here");
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/tenants\/wayne\.yaml:\d+:\d+ +warning +privileged-role .*\(waived/);
    expect(first.stdout).toMatch(/tenants\/wayne\.yaml:\d+:\d+ +error +privileged-role/);
    const second = await run(["check", "--shard", "2/2"], { cwd: dir, today: TODAY });
    expect(second.stderr).toContain("2 of 5 tenant files (and the root file's tenants); checks across tenants (credentials, state, orgs and ids shared by two orgs; stack names) saw only this shard's tenants; 2 waivers of the root file for tenants outside this shard not checked here.");
    expect(second.code).toBe(0);
  });

  it("checks a shard's tenant-file waivers further when a root waiver of another shard is left out before a broken one", async () => {
    const root = `${FLEET_ROOT}policy:\n  waivers:\n    - { rule: least-privilege, tenant: globex, reason: a staged rollout of the role, owner: platform, expires: "2027-01-31" }\n    - { rule: least-privilege, tenant: acme, reason: a staged rollout of the role, expires: "2027-01-31" }\n`;
    const waiver = `policy:\n  waivers:\n    - { rule: no-such-rule, tenant: acme, reason: a staged rollout of the role, owner: platform, expires: "2027-01-31" }\n`;
    const dir = write({ "scopegate.yaml": root, "tenants/acme.yaml": tenantFileYaml("acme") + waiver, "tenants/globex.yaml": tenantFileYaml("globex") });
    const result = await run(["check", "--shard", "1/2"], { cwd: dir, today: TODAY });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/scopegate\.yaml:9:\d+: 'policy\.waivers\.1' is missing the required key 'owner'\./);
    expect(result.stderr).toMatch(/tenants\/acme\.yaml:\d+:\d+: Waiver names rule 'no-such-rule'/);
  });

  it("refuses a shard that is not K/N with 1 <= K <= N, and a configuration without tenant files", async () => {
    const dir = fleet();
    for (const shard of ["0/2", "3/2", "2", "a/b", "1/0"]) {
      const result = await run(["check", "--shard", shard], { cwd: dir, today: TODAY });
      expect(result.code, shard).toBe(2);
      expect(result.stderr).toContain(`--shard is '${shard}'; expected K/N with 1 <= K <= N`);
    }
    const single = write({ "scopegate.yaml": `version: 1\ntenants:\n${tenantFileYaml("acme").split("tenants:\n")[1]}` });
    const result = await run(["check", "--shard", "1/2"], { cwd: single, today: TODAY });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--shard 1/2 divides the tenant files, and scopegate.yaml names none");
  });
});

describe("synth and stacks --changed-since", () => {
  const CLEAN = { ...BASE, "tenants/globex.yaml": tenantFileYaml("globex") };

  it("stacks lists the changed tenants' stacks for a CI matrix, and none when nothing changed", async () => {
    const dir = repository(CLEAN);
    const none = await run(["stacks", "--changed-since", "main", "--format", "json"], { cwd: dir, today: TODAY });
    expect(none.code).toBe(0);
    expect(JSON.parse(none.stdout)).toEqual({ stacks: [] });
    write({ "tenants/acme.yaml": tenantFileYaml("acme", { only: "dev" }) }, dir);
    const changed = await run(["stacks", "--changed-since", "main", "--format", "json"], { cwd: dir, today: TODAY });
    const stacks = (JSON.parse(changed.stdout) as { stacks: { name: string; credentials: { clientIdEnv: string } }[] }).stacks;
    expect(stacks.map((stack) => stack.name)).toEqual(["acme-dev", "acme-prod"]);
    expect(stacks[1].credentials.clientIdEnv).toBe("ACME_PROD_CLIENT_ID");
  });

  it("synth writes only the changed tenants' stacks and leaves the others as they were", async () => {
    const dir = repository(CLEAN);
    expect((await run(["synth"], { cwd: dir, today: TODAY })).code).toBe(0);
    const globexFile = path.join(dir, "cdktf.out", "stacks", "globex-prod", "cdk.tf.json");
    const acmeFile = path.join(dir, "cdktf.out", "stacks", "acme-prod", "cdk.tf.json");
    const globexBefore = { text: fs.readFileSync(globexFile, "utf8"), mtime: fs.statSync(globexFile).mtimeMs };

    const nothing = await run(["synth", "--changed-since", "main"], { cwd: dir, today: TODAY });
    expect(nothing.code).toBe(0);
    expect(nothing.stdout).toContain("no tenant changed since main; nothing was synthesized");

    write({ "tenants/acme.yaml": tenantFileYaml("acme").replace("analytics-export:", "analytics-export:\n        description: Nightly export.") }, dir);
    const changed = await run(["synth", "--changed-since", "main"], { cwd: dir, today: TODAY });
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stderr).toContain("scopegate synth: 1 tenant of 2 changed since main.");
    expect(fs.readFileSync(acmeFile, "utf8")).toContain("Nightly export.");
    expect(fs.readFileSync(globexFile, "utf8")).toBe(globexBefore.text);
    expect(fs.statSync(globexFile).mtimeMs).toBe(globexBefore.mtime);
  });

  it("synth --tenant or --env with --changed-since, when none of the selected stacks changed, synthesizes nothing and succeeds", async () => {
    const dir = repository(CLEAN);
    write({ "tenants/globex.yaml": tenantFileYaml("globex").replace("analytics-export:", "analytics-export:\n        description: Nightly export.") }, dir);
    // acme did not change (globex did): as 'stacks --tenant acme --changed-since main' lists none, synth writes none.
    expect(JSON.parse((await run(["stacks", "--tenant", "acme", "--changed-since", "main", "--format", "json"], { cwd: dir, today: TODAY })).stdout)).toEqual({ stacks: [] });
    for (const args of [["--tenant", "acme"], ["--env", "dev", "--tenant", "acme"]]) {
      const result = await run(["synth", ...args, "--changed-since", "main"], { cwd: dir, today: TODAY });
      expect(result.stderr, args.join(" ")).toBe("scopegate synth: 1 tenant of 2 changed since main.\n");
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("no selected stack's tenant changed since main; nothing was synthesized");
      expect(fs.existsSync(path.join(dir, "cdktf.out"))).toBe(false);
    }
    // A name the configuration does not declare is still bad input.
    const unknown = await run(["synth", "--tenant", "acm", "--changed-since", "main"], { cwd: dir, today: TODAY });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--tenant 'acm' is not a tenant of the configuration");
  });
});
