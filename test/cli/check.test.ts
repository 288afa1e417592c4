import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOT_CONNECTOR, config, exampleMarkers, ROOT, run, snapshotTree, tempDir } from "../helpers";

const TODAY = "2026-11-21";
/** Two clients with the wrong shape for their grant: 6 error-level findings (grant-shape and required-scopes, 3 per environment). */
const ERRORS_YAML = config({
  clients: `analytics-export:
  grant: CLIENT-CREDENTIALS
  capabilities: [analytics-export]
agent-tool:
  grant: CODE
  capabilities: [web-messaging]
  redirectUris: [https://tool.acme.example/callback]`,
});
const ERRORS = path.join(tempDir(), "errors.yaml");
fs.writeFileSync(ERRORS, ERRORS_YAML);
/** Findings at warning level only: a wildcard division on a client that exists only in the nonprod org. */
const WARNINGS_ONLY = config({
  clients: `${BOT_CONNECTOR.replace("{ role: Bot Connector Integration }", '{ role: Bot Connector Integration, division: "*" }')}\n  only: [dev]`,
  top: "policy:\n  waivers:\n    - { rule: promotion-drift, tenant: acme, environment: prod, reason: staged rollout until sign-off, owner: cx-platform, expires: 2099-12-31 }",
});

/** Runs the CLI in-process on a fixed day. */
function scopegate(argv: string[], cwd = ROOT) {
  return run(argv, { cwd, env: {}, today: TODAY });
}

function spawn(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const { CDKTF_OUTDIR: _ignored, ...inherited } = process.env;
  return spawnSync(command, args, { cwd, env: { ...inherited, CHECKPOINT_DISABLE: "1", ...env }, encoding: "utf8", timeout: 120_000 });
}

describe("scopegate check", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
    fs.writeFileSync(path.join(dir, "warnings.yaml"), WARNINGS_ONLY);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("passes the example configuration: exit 0, one warning", async () => {
    const result = await scopegate(["check"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    // Its one finding is the staged rollout of crm-sync: work not yet promoted, a warning that does not fail the check.
    expect(result.stdout).toMatch(/^acme\/prod\nscopegate\.yaml:\d+:\d+ {2}warning {2}promotion-drift {2}OAuth client 'crm-sync' exists in 'dev' but not yet in 'prod'.*\n\nscopegate: 0 errors, 1 warning, 0 infos, 0 waived in scopegate.yaml\n$/);
  });

  it("exits 1 on error-level findings, printing file:line:col, severity and rule id", async () => {
    const result = await scopegate(["check", "--config", ERRORS]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/errors\.yaml:17:16\s+error\s+grant-shape\s+OAuth client 'analytics-export' uses grant 'CLIENT-CREDENTIALS' but declares no roles/);
    expect(result.stdout).toMatch(/scopegate: 6 errors, 0 warnings, 0 infos, 0 waived/);
  });

  it("exits 0 on warnings, and 1 when they exceed --max-warnings", async () => {
    expect((await scopegate(["check", "--config", "warnings.yaml"], dir)).code).toBe(0);
    expect((await scopegate(["check", "--config", "warnings.yaml", "--max-warnings", "1"], dir)).code).toBe(0);
    const strict = await scopegate(["check", "--config", "warnings.yaml", "--max-warnings", "0"], dir);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain("1 warning, more than --max-warnings 0");
  });

  it("keeps only the findings of the tenants and environments asked for", async () => {
    const prodOnly = await scopegate(["check", "--config", path.join(ROOT, "examples", "token-validity.yaml"), "--env", "prod", "--format", "json"]);
    const findings = JSON.parse(prodOnly.stdout).findings as { environment: string }[];
    expect(findings.length).toBeGreaterThan(0);
    expect(new Set(findings.map((f) => f.environment))).toEqual(new Set(["prod"]));
    const devOnly = await scopegate(["check", "--config", path.join(ROOT, "examples", "token-validity.yaml"), "--env", "dev"]);
    expect(devOnly.code).toBe(0);
  });

  it.each(["json", "sarif", "junit", "github", "markdown", "text"])("writes the %s report to --output and a summary to stdout", async (format) => {
    const output = path.join(dir, `report.${format}`);
    const result = await scopegate(["check", "--config", ERRORS, "--format", format, "--output", output]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`scopegate: 6 errors, 0 warnings, 0 infos, 0 waived; ${format} report written to ${output}\n`);
    expect(fs.readFileSync(output, "utf8")).toContain("grant-shape");
  });

  it.each([
    [["check", "--format", "sarf"], /unknown format 'sarf'; expected one of .* Did you mean 'sarif'\?/],
    [["check", "--tenant", "acmee"], /--tenant 'acmee' is not a tenant of the configuration; expected one of 'acme' or 'globex'\. Did you mean 'acme'\?/],
    [["check", "--env", "production"], /--env 'production' is not an environment of the configuration; expected one of 'dev' or 'prod'\. Did you mean 'prod'\?/],
    [["check", "--max-warnings", "many"], /--max-warnings is 'many'; expected a whole number/],
    [["check", "--output", "no/such/dir/report.json"], /cannot write 'no\/such\/dir\/report\.json': directory 'no\/such\/dir' does not exist/],
    [["check", "--config", "missing.yaml"], /missing\.yaml/],
  ])("exits 2 on bad usage or input: %j", async (argv, message) => {
    const result = await scopegate(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe("");
  });

  it.each(fs.readdirSync(path.join(ROOT, "examples")).filter((file) => file.endsWith(".yaml")))("reports, on examples/%s, each marked rule at its marked lines", async (file) => {
    const marked = exampleMarkers(fs.readFileSync(path.join(ROOT, "examples", file), "utf8"));
    const result = await scopegate(["check", "--config", path.join("examples", file), "--format", "json"]);
    expect(result.stderr).toBe("");
    const findings = JSON.parse(result.stdout).findings as { ruleId: string; line: number }[];
    for (const [rule, lines] of marked) {
      const reported = findings.filter((f) => f.ruleId === rule).map((f) => f.line);
      expect([...new Set(reported)].sort((a, b) => a - b), rule).toEqual(lines);
    }
  });

  it("never loads cdktf", () => {
    const probe = `const { runCli } = require("./cli/main.ts");
      const io = { stdout: { write() {} }, stderr: { write() {} }, env: {}, cwd: process.cwd() };
      runCli(["check"], io).then((code) => {
        const loaded = Object.keys(require.cache).filter((file) => /node_modules[\\\\/](cdktf|constructs)[\\\\/]|[\\\\/]\\.gen[\\\\/]/.test(file));
        console.log(JSON.stringify({ code, loaded }));
      });`;
    const result = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), ["-e", probe], ROOT);
    expect(JSON.parse(result.stdout)).toEqual({ code: 0, loaded: [] });
  });
});

describe("the gate before synth", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
    fs.copyFileSync(ERRORS, path.join(dir, "scopegate.yaml"));
    fs.mkdirSync(path.join(dir, "cdktf.out"));
    fs.writeFileSync(path.join(dir, "cdktf.out", "manifest.json"), '{"earlier":"output"}');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("scopegate synth exits 1 on an error-level finding and leaves cdktf.out untouched", async () => {
    const before = snapshotTree(path.join(dir, "cdktf.out"));
    const result = await scopegate(["synth"], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("scopegate synth: 6 error-level findings; nothing was written. Fix them (or, where the rule allows it, waive them under 'policy.waivers').\n");
    expect(result.stdout).toMatch(/grant-shape[^]*scopegate: 6 errors, 0 warnings, 0 infos, 0 waived in scopegate\.yaml\n$/);
    expect(snapshotTree(path.join(dir, "cdktf.out"))).toEqual(before);
  });

  it("npm start (tsx main.ts) exits 1 and writes nothing", () => {
    const before = snapshotTree(path.join(dir, "cdktf.out"));
    const result = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), [path.join(ROOT, "main.ts")], dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("grant-shape");
    expect(result.stderr).toContain("error-level findings; nothing was written.");
    expect(snapshotTree(path.join(dir, "cdktf.out"))).toEqual(before);
  });

  it("cdktf synth exits 1 and leaves cdktf.out untouched, with no terraform binary needed", () => {
    const before = snapshotTree(path.join(dir, "cdktf.out"));
    const nodeDir = path.dirname(process.execPath);
    const app = `${path.join(ROOT, "node_modules", ".bin", "tsx")} ${path.join(ROOT, "main.ts")}`;
    fs.writeFileSync(path.join(dir, "cdktf.json"), JSON.stringify({ language: "typescript", app }));
    const result = spawn(path.join(ROOT, "node_modules", ".bin", "cdktf"), ["synth"], dir, {
      PATH: [nodeDir, "/usr/bin", "/bin"].join(path.delimiter),
    });
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).toContain("error-level findings; nothing was written");
    expect(snapshotTree(path.join(dir, "cdktf.out"))).toEqual(before);
  });

  it("synthesizes when every error-level finding is waived, reporting them as waived", async () => {
    const waived = path.join(dir, "waived.yaml");
    const text = fs.readFileSync(path.join(ROOT, "scopegate.yaml"), "utf8").replace("roles: [{ role: Analytics Export }]\n        tokenValiditySeconds: 7200", "roles: [{ role: Analytics Export, division: \"*\" }]\n        tokenValiditySeconds: 7200");
    expect(text, "test setup: the example's analytics-export role line changed").toContain('roles: [{ role: Analytics Export, division: "*" }]');
    fs.writeFileSync(waived, `${text}policy:\n  waivers:\n    - { rule: division-wildcard, tenant: acme, client: analytics-export, reason: reads every business unit, owner: data-team, expires: 2099-12-31 }\n`);
    const out = path.join(dir, "waived-out");
    const result = await scopegate(["synth", "--config", waived, "--out", out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/warning\s+division-wildcard .*\(waived/);
    expect(result.stderr).toBe("");
    expect(fs.existsSync(path.join(out, "stacks", "acme-prod", "cdk.tf.json"))).toBe(true);
  });
});
