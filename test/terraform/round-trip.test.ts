import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { synthesize } from "../../constructs/app";
import { loadConfig } from "../../config/load";
import { config, ROOT, run, tempDir } from "../helpers";

/**
 * Round trip: `scan` of what scopegate synthesized from a configuration finds what `check` of the configuration finds,
 * no more and no less, for every rule that can run on both. Synthesized here without the policy gate, so that
 * configurations with error findings (the rule examples) have stacks to scan too.
 */

const TODAY = "2026-11-21";

/**
 * Rules that read what only one side has: the deploy client is declared in YAML only; a scan checks provider schema
 * and plans, which a configuration lacks.
 */
const ONE_SIDED = new Set(["deploy-client-privilege", "provider-schema", "destructive-change"]);

interface JsonFinding {
  readonly ruleId: string;
  readonly severity: string;
  readonly message: string;
  readonly tenant: string;
  readonly environment: string | null;
  readonly target: string;
  readonly waived: boolean;
}

/** A finding apart from where it was written (YAML lines there, JSON lines here). */
function comparable(findings: readonly JsonFinding[]): string[] {
  return findings
    .filter((finding) => !ONE_SIDED.has(finding.ruleId))
    // Where a fix goes is said in each source's terms: a role of 'roles:' in the configuration, its resource in a scan.
    .map((f) => `${f.ruleId} ${f.severity}${f.waived ? " waived" : ""} ${f.tenant}/${f.environment ?? "*"} ${f.target}: ${f.message.replace(" in its genesyscloud_auth_role", " under 'roles:'")}`)
    .sort();
}

const configurations = ["scopegate.yaml", ...fs.readdirSync(path.join(ROOT, "examples")).filter((name) => name.endsWith(".yaml")).map((name) => `examples/${name}`)];
const dir = tempDir("scopegate-round-trip-");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("scan of synthesized stacks finds what check finds", () => {
  it.each(configurations)("%s", async (configuration) => {
    const loaded = loadConfig(configuration, path.join(ROOT, configuration));
    if (!loaded.ok) throw new Error(`${configuration} does not load`);
    const outdir = path.join(dir, path.basename(configuration, ".yaml"));
    synthesize(loaded.model, { outdir, configDir: ROOT });

    const check = await run(["check", "--config", configuration, "--format", "json"], { today: TODAY });
    const scan = await run(["scan", path.join(outdir, "stacks"), "--config", configuration, "--format", "json"], { today: TODAY });
    expect(scan.stderr).toBe("");
    const checked = JSON.parse(check.stdout) as { findings: JsonFinding[] };
    const scanned = JSON.parse(scan.stdout) as { findings: JsonFinding[]; skipped: unknown[] };
    expect(comparable(scanned.findings)).toEqual(comparable(checked.findings));
    const oneSidedErrors = checked.findings.some((finding) => ONE_SIDED.has(finding.ruleId) && finding.severity === "error" && !finding.waived);
    if (!oneSidedErrors) expect(scan.code).toBe(check.code);
  });
});

describe("scan reads the roles scopegate creates from the synthesized stacks", () => {
  /**
   * Created roles only (no existing ones, whose permissions only a configuration declares) and built-in capabilities
   * only, so that a scan without the configuration has everything the role checks need: a role lacking a permission
   * its client's operations need, one granting a permission nobody needs (in permission policies), one wider than needed.
   */
  const yaml = config({
    clients: `bot-connector:
  grant: CLIENT-CREDENTIALS
  capabilities: [bot-connector]
  roles: [{ role: Bot Connector Integration }]
analytics-export:
  grant: CLIENT-CREDENTIALS
  capabilities: [analytics-export]
  roles: [{ role: Analytics Export }]
bot-session:
  grant: CLIENT-CREDENTIALS
  capabilities: [bot-session]
  roles: [{ role: Bot Flow Sessions }]
  only: [dev]`,
    top: `roles:
  Bot Connector Integration:
    permissions: [integration:botconnector:view]
  Analytics Export:
    permissionPolicies:
      - { domain: analytics, entity: conversationDetail, actions: [view] }
      - { domain: routing, entity: queue, actions: [edit] }
  Bot Flow Sessions:
    permissions: ["textbots:*:*"]`,
  });

  it("finds without the configuration what check finds about the roles' permissions", async () => {
    const roles = path.join(dir, "roles");
    fs.mkdirSync(roles, { recursive: true });
    fs.writeFileSync(path.join(roles, "scopegate.yaml"), yaml);
    const loaded = loadConfig("scopegate.yaml", path.join(roles, "scopegate.yaml"));
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${p.line}:${p.column} ${p.message}`).join("\n"));
    synthesize(loaded.model, { outdir: path.join(roles, "cdktf.out"), configDir: roles });

    const check = await run(["check", "--format", "json"], { cwd: roles, today: TODAY });
    const scan = await run(["scan", path.join("cdktf.out", "stacks"), "--format", "json"], { cwd: roles, today: TODAY });
    expect(scan.stderr).toBe("");
    const checked = comparable((JSON.parse(check.stdout) as { findings: JsonFinding[] }).findings);
    const scanned = JSON.parse(scan.stdout) as { findings: JsonFinding[]; skipped: { ruleId: string }[] };
    expect(comparable(scanned.findings)).toEqual(checked);
    // Not vacuous: both sides judged the roles' permissions, and the scan skipped nothing for want of them.
    expect(checked.filter((finding) => /^required-scopes error .* needs permission 'integration:botconnector:edit'/.test(finding))).toHaveLength(2);
    expect(checked.filter((finding) => finding.startsWith("least-privilege") && finding.includes("role/Analytics Export") && finding.includes("'routing:queue:edit'"))).toHaveLength(1);
    expect(checked.filter((finding) => finding.startsWith("least-privilege") && finding.includes("role/Bot Flow Sessions") && finding.includes("'textbots:*:*'"))).toHaveLength(1);
    expect(scanned.skipped.map((note) => note.ruleId)).toEqual([]);
  });
});
