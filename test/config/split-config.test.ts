import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../config/load";
import { MAX_CONFIG_BYTES } from "../../config/yaml-source";
import { evaluate } from "../../policies/engine";
import { FLEET_ROOT, ROOT, run, tempDir, tenantFileYaml } from "../helpers";

const TODAY = "2026-12-01";
const FLEET = path.join(ROOT, "examples", "fleet");

/** The value with every location, and the name of the file it came from, left out. */
function withoutLocations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLocations);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== "loc" && key !== "source" && key !== "waivers").map(([key, inner]) => [key, withoutLocations(inner)]));
}

/** A split configuration in a temporary folder: `files` maps paths (relative to it) to their text. */
function writeFleet(files: Readonly<Record<string, string>>): string {
  const dir = tempDir("scopegate-split-");
  dirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});



/** The problems of loading `dir/scopegate.yaml`, as `file:line:column: message` relative to `dir`. */
function problemsOf(dir: string): string[] {
  const result = loadConfig("scopegate.yaml", path.join(dir, "scopegate.yaml"));
  if (result.ok) return [];
  return result.problems.map((problem) => `${problem.file}:${problem.line ?? "-"}:${problem.column ?? "-"}: ${problem.message}`);
}

describe("a configuration split into tenant files", () => {
  it("reads the same model as the one-file configuration, with each part located in its own file", () => {
    const whole = loadConfig(path.join(ROOT, "scopegate.yaml"));
    const split = loadConfig(path.join(FLEET, "scopegate.yaml"));
    if (!whole.ok || !split.ok) throw new Error("both examples load");
    expect(withoutLocations(split.model)).toEqual(withoutLocations(whole.model));
    const acmeDev = split.model.environments.find((org) => org.stackName === "acme-dev");
    expect(acmeDev?.loc.file).toBe(path.join(FLEET, "tenants", "acme.yaml"));
    expect(split.model.roles[0].loc.file).toBe(path.join(FLEET, "scopegate.yaml"));
    expect(split.model.policy.waivers[0].loc.file).toBe(path.join(FLEET, "tenants", "acme.yaml"));
    expect(split.model.source).toBe(path.join(FLEET, "scopegate.yaml"));
  });

  it("locates findings in the tenant file, and a tenant file's waiver waives its tenant's finding", () => {
    const split = loadConfig(path.join(FLEET, "scopegate.yaml"));
    if (!split.ok) throw new Error("loads");
    const findings = evaluate(split.model, { today: TODAY });
    const drift = findings.find((finding) => finding.ruleId === "promotion-drift");
    expect(drift?.file).toBe(path.join(FLEET, "tenants", "acme.yaml"));
    expect(drift?.line).toBe(fs.readFileSync(path.join(FLEET, "tenants", "acme.yaml"), "utf8").split("\n").findIndex((line) => line.includes("only: [dev]")) + 1);
    expect(drift?.waived).toBe(true);
  });

  it("checks through the CLI with findings at tenant-file lines", async () => {
    const dir = writeFleet({ "scopegate.yaml": FLEET_ROOT, "tenants/acme.yaml": tenantFileYaml("acme", { role: "Master Admin" }), "tenants/globex.yaml": tenantFileYaml("globex") });
    const result = await run(["check", "--config", "scopegate.yaml"], { cwd: dir, today: TODAY });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^tenants\/acme\.yaml:\d+:\d+ +error +privileged-role/m);
    expect(result.stdout).not.toMatch(/tenants\/globex\.yaml:\d+:\d+ +error/);
    const clean = writeFleet({ "scopegate.yaml": FLEET_ROOT, "tenants/acme.yaml": tenantFileYaml("acme"), "tenants/globex.yaml": tenantFileYaml("globex") });
    expect((await run(["check"], { cwd: clean, today: TODAY })).code).toBe(0);
  });

  it("reports a tenant file's schema and cross-field mistakes at its own lines", () => {
    const dir = writeFleet({
      "scopegate.yaml": FLEET_ROOT,
      "tenants/acme.yaml": tenantFileYaml("acme").replace("region: eu-west-2", "region: eu-wst-2"),
      "tenants/globex.yaml": tenantFileYaml("globex", { extra: "        environments:\n          staging: { tokenValiditySeconds: 600 }\n" }),
    });
    const problems = problemsOf(dir);
    expect(problems).toEqual([
      expect.stringMatching(/^tenants\/acme\.yaml:12:17: 'tenants\.acme\.orgs\.prod\.region' is 'eu-wst-2'; expected one of/),
      expect.stringMatching(/^tenants\/globex\.yaml:2\d:\d+: .*'staging'/),
    ]);
  });

  it("reports a tenant declared in two files at the second, naming the first", () => {
    const dir = writeFleet({ "scopegate.yaml": FLEET_ROOT, "tenants/acme.yaml": tenantFileYaml("acme"), "tenants/acme-copy.yaml": tenantFileYaml("acme") });
    expect(problemsOf(dir)).toEqual(["tenants/acme.yaml:3:3: Tenant 'acme' is declared twice: here and in tenants/acme-copy.yaml:3:3; expected each tenant declared once, in one file."]);
    const inRoot = writeFleet({ "scopegate.yaml": `${FLEET_ROOT}tenants:\n${tenantFileYaml("acme").split("tenants:\n")[1]}`, "tenants/acme.yaml": tenantFileYaml("acme") });
    expect(problemsOf(inRoot)).toEqual(["tenants/acme.yaml:3:3: Tenant 'acme' is declared twice: here and in scopegate.yaml:7:3; expected each tenant declared once, in one file."]);
  });

  it("takes a tenant file's waivers for its own tenants only", () => {
    const waiver = (tenant: string) => `policy:\n  waivers:\n    - { rule: least-privilege, tenant: ${tenant}, reason: a staged rollout of the role, owner: platform, expires: "2027-01-31" }\n`;
    const dir = writeFleet({ "scopegate.yaml": FLEET_ROOT, "tenants/acme.yaml": tenantFileYaml("acme", { extra: waiver("globex") }), "tenants/globex.yaml": tenantFileYaml("globex") });
    expect(problemsOf(dir)).toEqual([
      "tenants/acme.yaml:22:40: Waiver names tenant 'globex', which this tenant file does not declare (it is declared in tenants/globex.yaml; put the waiver there); expected one of 'acme': a tenant file's waivers are for its own tenants.",
    ]);
    const own = writeFleet({ "scopegate.yaml": FLEET_ROOT, "tenants/acme.yaml": tenantFileYaml("acme", { extra: waiver("acme") }), "tenants/globex.yaml": tenantFileYaml("globex", { extra: waiver("globex") }) });
    const loaded = loadConfig("scopegate.yaml", path.join(own, "scopegate.yaml"));
    expect(loaded.ok && loaded.model.policy.waivers.map((w) => `${w.tenant.value}@${w.loc.file}`)).toEqual(["acme@tenants/acme.yaml", "globex@tenants/globex.yaml"]);
  });

  it("reports a tenant file's waiver for a tenant no file declares once, as undeclared", () => {
    const waiver = `policy:\n  waivers:\n    - { rule: least-privilege, tenant: nobody, reason: a staged rollout of the role, owner: platform, expires: "2027-01-31" }\n`;
    const dir = writeFleet({ "scopegate.yaml": FLEET_ROOT, "tenants/acme.yaml": tenantFileYaml("acme", { extra: waiver }), "tenants/globex.yaml": tenantFileYaml("globex") });
    expect(problemsOf(dir)).toEqual([expect.stringMatching(/^tenants\/acme\.yaml:22:40: Waiver names tenant 'nobody', which is not declared; expected one of 'acme' or 'globex'\./)]);
  });

  it("says so when a tenant file with waivers declares no tenant, rather than listing none", () => {
    const waiver = `policy:\n  waivers:\n    - { rule: least-privilege, tenant: acme, reason: a staged rollout of the role, owner: platform, expires: "2027-01-31" }\n`;
    const dir = writeFleet({ "scopegate.yaml": FLEET_ROOT, "tenants/acme.yaml": tenantFileYaml("acme"), "tenants/empty.yaml": `version: 1\ntenants: {}\n${waiver}` });
    expect(problemsOf(dir)).toEqual([
      "tenants/empty.yaml:2:1: 'tenants' is empty; expected at least 1 tenant.",
      "tenants/empty.yaml:5:40: Waiver names tenant 'acme', which this tenant file does not declare (it is declared in tenants/acme.yaml; put the waiver there); expected a tenant it declares (it declares none): a tenant file's waivers are for its own tenants.",
    ]);
  });

  it("locates a root waiver's problem in the root file and a tenant file's waiver problem in that file, whatever their order", () => {
    const root = `${FLEET_ROOT}policy:\n  waivers:\n    - { rule: least-privilege, tenant: nobody, reason: a staged rollout of the role, owner: platform, expires: "2027-01-31" }\n`;
    const waiver = `policy:\n  waivers:\n    - { rule: no-such-rule, tenant: acme, reason: a staged rollout of the role, owner: platform, expires: "2027-01-31" }\n`;
    const dir = writeFleet({ "scopegate.yaml": root, "tenants/acme.yaml": tenantFileYaml("acme", { extra: waiver }) });
    expect(problemsOf(dir)).toEqual([
      expect.stringMatching(/^scopegate\.yaml:8:\d+: Waiver names tenant 'nobody', which is not declared; expected one of 'acme'\./),
      expect.stringMatching(/^tenants\/acme\.yaml:22:\d+: Waiver names rule 'no-such-rule'/),
    ]);
  });

  it("checks a root waiver further when a tenant file's waiver at the same index has a schema problem", () => {
    const root = `${FLEET_ROOT}policy:\n  waivers:\n    - { rule: no-such-rule, tenant: acme, reason: a staged rollout of the role, owner: platform, expires: "2027-01-31" }\n`;
    const waiver = `policy:\n  waivers:\n    - { rule: least-privilege, tenant: acme, reason: a staged rollout of the role, expires: "2027-01-31" }\n`;
    const dir = writeFleet({ "scopegate.yaml": root, "tenants/acme.yaml": tenantFileYaml("acme", { extra: waiver }) });
    expect(problemsOf(dir)).toEqual([
      expect.stringMatching(/^scopegate\.yaml:8:\d+: Waiver names rule 'no-such-rule'/),
      expect.stringMatching(/^tenants\/acme\.yaml:22:\d+: 'policy\.waivers\.0' is missing the required key 'owner'\./),
    ]);
  });

  it("refuses what belongs in the root file, a tenant file without version, and patterns that leave the folder", () => {
    const dir = writeFleet({
      "scopegate.yaml": FLEET_ROOT.replace("[tenants/*.yaml]", "[tenants/*.yaml, ../other/*.yaml]"),
      "tenants/acme.yaml": `${tenantFileYaml("acme")}roles:\n  Extra: { permissions: [a:b:c] }\n`,
      "tenants/globex.yaml": tenantFileYaml("globex").replace("version: 1\n", ""),
    });
    const problems = problemsOf(dir);
    expect(problems).toHaveLength(3);
    expect(problems).toContainEqual(expect.stringMatching(/^scopegate\.yaml:2:27: 'include\.1' is '\.\.\/other\/\*\.yaml'; expected a path or glob relative to this file's folder and inside it/));
    expect(problems).toContainEqual(expect.stringMatching(/^tenants\/acme\.yaml:20:1: Unknown key 'roles' at the top level; allowed keys are 'version', 'tenants' and 'policy'\./));
    expect(problems).toContainEqual(expect.stringMatching(/^tenants\/globex\.yaml:1:1: The configuration is missing the required key 'version'\./));
  });

  it("never reads a file outside the root file's folder, even through a glob the schema lets by ('..*')", () => {
    const dir = writeFleet({ "fleet/scopegate.yaml": FLEET_ROOT.replace("[tenants/*.yaml]", "['..*/outside/*.yaml']"), "outside/acme.yaml": tenantFileYaml("acme") });
    const result = loadConfig("scopegate.yaml", path.join(dir, "fleet", "scopegate.yaml"));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`)).toEqual([
      expect.stringMatching(/^scopegate\.yaml:2:11: Include pattern '\.\.\*\/outside\/\*\.yaml' matches no file/),
    ]);
  });

  it("reports an empty include pattern once", () => {
    const dir = writeFleet({ "scopegate.yaml": FLEET_ROOT.replace("[tenants/*.yaml]", '[tenants/*.yaml, ""]'), "tenants/acme.yaml": tenantFileYaml("acme") });
    expect(problemsOf(dir)).toEqual(["scopegate.yaml:2:27: 'include.1' is empty; expected a non-empty string."]);
  });

  it("refuses a tenant file that is a link to a file outside the folder, without quoting it; a link inside is read", () => {
    const dir = writeFleet({ "fleet/scopegate.yaml": FLEET_ROOT, "fleet/tenants/acme.yaml": tenantFileYaml("acme"), "outside.yaml": "version: not-for-your-eyes-7f3a\n" });
    fs.symlinkSync(path.join(dir, "outside.yaml"), path.join(dir, "fleet", "tenants", "x.yaml"));
    fs.mkdirSync(path.join(dir, "fleet", "more"));
    fs.symlinkSync(path.join("..", "tenants", "acme.yaml"), path.join(dir, "fleet", "more", "acme.yaml"));
    const result = loadConfig("scopegate.yaml", path.join(dir, "fleet", "scopegate.yaml"));
    const problems = result.ok ? [] : result.problems.map((problem) => `${problem.file}:${problem.line ?? "-"}: ${problem.message}`);
    expect(problems).toEqual([expect.stringMatching(/^tenants\/x\.yaml:-: The file is a symbolic link to a file outside the root configuration's folder/)]);
    expect(JSON.stringify(result)).not.toContain("not-for-your-eyes");
    fs.rmSync(path.join(dir, "fleet", "tenants", "x.yaml"));
    fs.writeFileSync(path.join(dir, "fleet", "scopegate.yaml"), FLEET_ROOT.replace("[tenants/*.yaml]", "[more/*.yaml]"));
    expect(loadConfig("scopegate.yaml", path.join(dir, "fleet", "scopegate.yaml")).ok).toBe(true);
  });

  it("reports a pattern that matches no file, and reads a file two patterns match once", () => {
    const none = writeFleet({ "scopegate.yaml": FLEET_ROOT.replace("[tenants/*.yaml]", "[tenants/*.yaml, customers/*.yml]"), "tenants/acme.yaml": tenantFileYaml("acme") });
    expect(problemsOf(none)).toEqual([expect.stringMatching(/^scopegate\.yaml:2:27: Include pattern 'customers\/\*\.yml' matches no file; expected/)]);
    const twice = writeFleet({ "scopegate.yaml": FLEET_ROOT.replace("[tenants/*.yaml]", "[tenants/*.yaml, tenants/acme.yaml, '**/*.yaml']"), "tenants/acme.yaml": tenantFileYaml("acme") });
    expect(problemsOf(twice)).toEqual([]);
  });

  it("reports an unreadable tenant file in that file, and checks nothing across files then", () => {
    const dir = writeFleet({
      "scopegate.yaml": `${FLEET_ROOT}policy:\n  waivers:\n    - { rule: least-privilege, tenant: globex, reason: a staged rollout of the role, owner: platform, expires: "2027-01-31" }\n`,
      "tenants/acme.yaml": tenantFileYaml("acme"),
      "tenants/globex.yaml": "version: 1\ntenants:\n  globex: [unclosed\n",
    });
    const problems = problemsOf(dir);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((problem) => problem.startsWith("tenants/globex.yaml:"))).toBe(true);
  });

  it("applies the size cap to each file", () => {
    const dir = writeFleet({ "scopegate.yaml": FLEET_ROOT, "tenants/acme.yaml": tenantFileYaml("acme"), "tenants/big.yaml": "" });
    fs.truncateSync(path.join(dir, "tenants", "big.yaml"), MAX_CONFIG_BYTES + 1);
    expect(problemsOf(dir)).toEqual([`tenants/big.yaml:1:1: The file is ${MAX_CONFIG_BYTES + 1} bytes; expected at most ${MAX_CONFIG_BYTES} bytes (16 MiB) for a configuration.`]);
  });

  it("never shows a value written in a tenant file's credentials, in that file's problems or another's", async () => {
    const secret = "s3cr3t-Value-9f8e7d";
    const dir = writeFleet({
      "scopegate.yaml": FLEET_ROOT.replace("include:", `profiles:\n  ${secret}: { permissions: [a:b:c] }\ninclude:`),
      "tenants/acme.yaml": tenantFileYaml("acme").replace("clientSecretEnv: ACME_DEV_CLIENT_SECRET", `clientSecretEnv: ${secret}`),
    });
    const result = await run(["check", "--format", "json"], { cwd: dir, today: TODAY });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/tenants\/acme\.yaml:9:/);
    expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it("never shows a value written in the credentials of a tenant file that cannot be read, in another file's problems", async () => {
    const secret = "s3cr3t-Value-9f8e7d";
    const dir = writeFleet({
      "scopegate.yaml": FLEET_ROOT.replace("include:", `profiles:\n  ${secret}: { permissions: [a:b:c] }\ninclude:`),
      "tenants/acme.yaml": `${tenantFileYaml("acme").replace("clientSecretEnv: ACME_DEV_CLIENT_SECRET", `clientSecretEnv: ${secret}`)}        description: [unclosed\n`,
    });
    for (const format of ["text", "json", "sarif"]) {
      const result = await run(["check", "--format", format], { cwd: dir, today: TODAY });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/tenants\/acme\.yaml:\d+:\d+: Malformed YAML/);
      expect(result.stderr).toMatch(/scopegate\.yaml:\d+:\d+: Name \(a value not shown\)/);
      expect(result.stdout + result.stderr).not.toContain(secret);
    }
  });
});

describe("the tenant files' schema in the package", () => {
  it("is exported beside the root file's, for editors and tools resolving it through the package", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { exports: Record<string, string> };
    expect(manifest.exports["./schema/scopegate-tenants.schema.json"]).toBe("./schema/scopegate-tenants.schema.json");
  });
});

describe("messages in a fleet", () => {
  it("list the first names of a long list and count the rest, with the near name suggested", async () => {
    const { quoteList } = await import("../../config/suggest");
    const names = Array.from({ length: 1000 }, (_, i) => `t${String(i).padStart(4, "0")}`);
    expect(quoteList(names)).toBe("'t0000', 't0001', 't0002', 't0003', 't0004', 't0005', 't0006', 't0007', 't0008', 't0009' or 990 more");
    expect(quoteList(names.slice(0, 30), "and")).toMatch(/'t0028' and 't0029'$/);
    const files: Record<string, string> = { "scopegate.yaml": FLEET_ROOT };
    for (const name of names.slice(0, 40)) files[`tenants/${name}.yaml`] = tenantFileYaml(name);
    const dir = writeFleet(files);
    const result = await run(["check", "--tenant", "t0O12"], { cwd: dir, today: TODAY });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("expected one of 't0000', 't0001', 't0002', 't0003', 't0004', 't0005', 't0006', 't0007', 't0008', 't0009' or 30 more. Did you mean 't0012'?");
  });
});
