import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { synthesize } from "../../constructs/app";
import { loadConfig } from "../../config/load";
import { exampleMarkers, ROOT, run, snapshotTree, tempDir } from "../helpers";

const TODAY = "2026-11-21";
const FIXTURES = "test/fixtures/scan";

/** Runs the CLI in-process from the project root on a fixed day. */
function scopegate(argv: string[], cwd = ROOT) {
  return run(argv, { cwd, env: {}, today: TODAY });
}

interface JsonFinding {
  readonly ruleId: string;
  readonly severity: string;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly tenant: string;
  readonly environment: string | null;
  readonly target: string;
}
interface JsonReport {
  readonly findings: JsonFinding[];
  readonly skipped: { ruleId: string; reason: string; count: number; file: string; line: number }[];
}

async function scanJson(...args: string[]): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const result = await scopegate(["scan", ...args, "--format", "json"]);
  return { code: result.code, report: JSON.parse(result.stdout || "{}") as JsonReport, stderr: result.stderr };
}

/** `file:line rule-id` of each `# expect:` marker in a folder's `.tf` files. */
function markersIn(folder: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, folder))
    .filter((name) => name.endsWith(".tf"))
    .flatMap((name) => {
      const file = path.join(folder, name);
      return [...exampleMarkers(fs.readFileSync(path.join(ROOT, file), "utf8"))].flatMap(([ruleId, lines]) => lines.map((line) => `${file}:${line} ${ruleId}`));
    })
    .sort();
}

describe("scopegate scan: HCL folders", () => {
  const cases = fs.readdirSync(path.join(ROOT, FIXTURES, "hcl")).sort();

  it.each(cases)("%s: every finding is marked '# expect: <rule>' on its line, and every marker has its finding", async (name) => {
    const folder = path.join(FIXTURES, "hcl", name);
    const { code, report, stderr } = await scanJson(folder);
    expect(stderr).toBe("");
    const found = report.findings.map((finding) => `${finding.file}:${finding.line} ${finding.ruleId}`).sort();
    expect(found).toEqual(markersIn(folder));
    expect(code).toBe(report.findings.some((finding) => finding.severity === "error") ? 1 : 0);
  });

  it("names each folder as its own org, in the prod tier unless the files or --env-tier say otherwise", async () => {
    const { report } = await scanJson(path.join(FIXTURES, "hcl", "cc-without-roles"));
    expect(report.findings[0]).toMatchObject({ tenant: path.join(FIXTURES, "hcl", "cc-without-roles"), environment: "cc-without-roles", severity: "error", target: "oauth-client/crm_sync" });
    const nonprod = await scanJson(path.join(FIXTURES, "hcl", "invented-scope"), "--env-tier", "nonprod");
    expect(nonprod.report.findings.map((finding) => `${finding.ruleId} ${finding.severity}`)).toEqual(["known-scopes warning", "least-privilege warning"]);
  });

  it("follows references: a role read by name, a variable's literal value, a description tag for capabilities", async () => {
    const { code, report } = await scanJson(path.join(FIXTURES, "hcl", "valid"));
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
    // The valid folder says everything the rules need: nothing was skipped.
    expect(report.skipped.filter((note) => note.ruleId !== "destructive-change")).toEqual([]);
  });

  it("says which rules it could not run and why, instead of passing silently", async () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, "main.tf"),
      `variable "scopes" { type = list(string) }\nresource "genesyscloud_oauth_client" "app" {\n  name = "App"\n  authorized_grant_type = "CODE"\n  scopes = var.scopes\n  registered_redirect_uris = ["https://app.example.com/cb"]\n}\n`,
    );
    const result = await scopegate(["scan", dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Not checked:");
    expect(result.stdout).toMatch(/main\.tf:2:1 +required-scopes +OAuth clients without capabilities were not checked/);
    expect(result.stdout).toMatch(/region-consistency +Orgs without a literal 'aws_region'/);
    // A rule of plans is no news on a scan of HCL: no note for it (scopegate rules says where it runs).
    expect(result.stdout).not.toMatch(/destructive-change/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("scopegate scan: reading HCL as Terraform does", () => {
  it("takes annotations from the first lines of a file, stops them at a further comment, and reads a folder named twice once", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "providers.tf"), `# scopegate: tier=nonprod\nprovider "genesyscloud" {\n  aws_region = "eu-west-1"\n}\n`);
    fs.writeFileSync(
      path.join(dir, "clients.tf"),
      `# scopegate: capabilities=web-messaging # the chat widget\nresource "genesyscloud_oauth_client" "app" {\n  name = "App"\n  authorized_grant_type = "CODE"\n  scopes = ["messaging"]\n  registered_redirect_uris = ["https://app.example.com/cb"]\n  access_token_validity_seconds = 100000\n}\n`,
    );
    const { report } = await scanJson(dir, path.join(dir, "clients.tf"));
    // nonprod allows 172800 s, so no token-validity finding; the capability was read, so nothing was skipped for it.
    expect(report.findings).toEqual([]);
    expect(report.skipped.map((note) => note.ruleId)).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("resolves a plan's variables to the values the plan was made with", async () => {
    const plan = JSON.parse(fs.readFileSync(path.join(ROOT, FIXTURES, "plans", "update-scopes.json"), "utf8"));
    plan.variables = { region: { value: "us-east-1" } };
    plan.configuration.provider_config.genesyscloud.expressions.aws_region = { references: ["var.region"] };
    plan.configuration.root_module.variables.region = { default: "eu-west-1" };
    plan.configuration.root_module.resources[0].expressions.registered_redirect_uris = { constant_value: ["https://apps.mypurecloud.ie/cb"] };
    const file = path.join(tempDir(), "plan.json");
    fs.writeFileSync(file, JSON.stringify(plan, null, 2));
    const { report } = await scanJson(file);
    const region = report.findings.filter((finding) => finding.ruleId === "region-consistency");
    expect(region.map((finding) => finding.message)).toEqual([expect.stringContaining("is in region 'us-east-1'")]);
  });
});

describe("scopegate scan: synthesized JSON", () => {
  const dir = tempDir();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reads cdktf.out stacks as the orgs scopegate wrote, with lines in cdk.tf.json", async () => {
    const loaded = loadConfig("scopegate.yaml", path.join(ROOT, "scopegate.yaml"));
    if (!loaded.ok) throw new Error("the example does not load");
    synthesize(loaded.model, { outdir: path.join(dir, "cdktf.out"), configDir: ROOT });
    const stacks = path.join(dir, "cdktf.out", "stacks");
    const { code, report } = await scanJson(stacks);
    // crm-sync's staged rollout is a warning, and without the configuration its own profile is unknown (a skip note).
    expect(code).toBe(0);
    const drift = report.findings.find((finding) => finding.ruleId === "promotion-drift");
    expect(drift?.severity).toBe("warning");
    const file = path.join(stacks, "acme-dev", "cdk.tf.json");
    const line = fs.readFileSync(file, "utf8").split("\n").findIndex((text) => text.includes('"crm-sync": {')) + 1;
    expect(drift).toMatchObject({ tenant: "acme", environment: "prod", target: "oauth-client/crm-sync", file, line });
    expect(report.skipped.map((note) => note.ruleId)).toEqual(expect.arrayContaining(["least-privilege", "required-scopes"]));
  });

  it("reads a hand-written *.tf.json", async () => {
    const dir2 = tempDir();
    const json = {
      provider: { genesyscloud: { aws_region: "eu-west-1" } },
      resource: {
        genesyscloud_oauth_client: {
          sync: { name: "Sync", authorized_grant_type: "CLIENT-CREDENTIALS", roles: [{ role_id: "3c1b7f0e-8d2a-4e5f-9a6b-1c2d3e4f5a6b" }] },
        },
      },
    };
    const file = path.join(dir2, "main.tf.json");
    fs.writeFileSync(file, JSON.stringify(json, null, 2));
    const { report } = await scanJson(file);
    expect(report.findings.map((finding) => `${finding.ruleId} ${finding.line}`)).toEqual(["org-id-wiring 14"]);
    fs.rmSync(dir2, { recursive: true, force: true });
  });
});

describe("scopegate scan: plans", () => {
  /** The first line (1-based) of a file containing a text, at or after line `from`. */
  const lineOf = (file: string, text: string, from = 1) => {
    const lines = fs.readFileSync(path.join(ROOT, file), "utf8").split("\n");
    return lines.findIndex((line, index) => index + 1 >= from && line.includes(text)) + 1;
  };

  it("stops a plan that replaces a prod client, naming the integration credential that depends on it", async () => {
    const file = `${FIXTURES}/plans/replace-prod-client.json`;
    const { code, report } = await scanJson(file);
    expect(code).toBe(1);
    expect(report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.severity} ${f.target}`)).toEqual([
      `${file}:${lineOf(file, '"address": "genesyscloud_oauth_client.bot"')} destructive-change error oauth-client/bot`,
    ]);
    expect(report.findings[0].message).toContain("used by integration credential genesyscloud_integration_credential.bot_connector ('Acme bot connector credential')");
    // The same plan against a nonprod org is a warning: the scan passes.
    const nonprod = await scanJson(file, "--env-tier", "nonprod");
    expect(nonprod.code).toBe(0);
    expect(nonprod.report.findings.map((f) => f.severity)).toEqual(["warning"]);
  });

  it("lists a change of a user-facing client's scopes with before and after, and checks the plan's configuration with every other rule", async () => {
    const file = `${FIXTURES}/plans/update-scopes.json`;
    const { report } = await scanJson(file);
    expect(report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.severity}`)).toEqual([
      `${file}:${lineOf(file, '"address": "genesyscloud_oauth_client.reports"')} destructive-change info`,
      // In the plan's configuration (what was written), not in the resource change (what the API would hold).
      `${file}:${lineOf(file, '"conversations:readonly"', lineOf(file, '"configuration"'))} least-privilege error`,
    ]);
    expect(report.findings[0].message).toContain("from ['analytics:readonly'] to ['analytics:readonly', 'conversations:readonly']: added 'conversations:readonly', removed none.");
  });
});

describe("scopegate scan: bad input exits 2 with file, line and column, and writes nothing", () => {
  it.each([
    ["a malformed .tf file", [`${FIXTURES}/bad/malformed.tf`], /malformed\.tf:4:1: Not valid HCL: .*expected|malformed\.tf:\d+:\d+: Not valid HCL/],
    ["a JSON file that is not Terraform", [`${FIXTURES}/bad/package.json`], /package\.json:1:1: Not a Terraform JSON configuration or plan; expected a top-level 'resource'/],
    ["an unreadable path", ["no/such/folder"], /no\/such\/folder: Cannot read: no such file or directory; expected a Terraform file or a folder of them\./],
    ["a folder without Terraform files", ["docs"], /docs: No Terraform files here; expected '\*\.tf' or '\*\.tf\.json' files/],
    ["a binary plan file", ["README.md"], /README\.md: Not a file scopegate scans; expected '\*\.tf', '\*\.tf\.json', or a plan in JSON/],
  ])("%s", async (_, paths, message) => {
    const before = snapshotTree(path.join(ROOT, FIXTURES));
    const report = path.join(tempDir(), "report.txt");
    const result = await scopegate(["scan", ...paths, "--output", report]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/nothing was checked\.\n$/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    // The report, of the problem, replaces whatever --output held, so a CI job never keeps an earlier report.
    expect(result.stdout).toBe(`scopegate: 1 problem; text report written to ${report}\n`);
    expect(fs.readFileSync(report, "utf8")).toMatch(message);
    expect(snapshotTree(path.join(ROOT, FIXTURES))).toEqual(before);
  });

  it("Terraform JSON whose blocks are not objects", async () => {
    const file = path.join(tempDir(), "main.tf.json");
    fs.writeFileSync(file, '{\n  "resource": {\n    "genesyscloud_oauth_client": "bot"\n  }\n}\n');
    const result = await scopegate(["scan", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/main\.tf\.json:3:5: 'resource\.genesyscloud_oauth_client' in Terraform JSON is not a block; expected an object/);
  });

  it("JSON with a syntax error points at it", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "plan.json"), '{\n  "format_version": "1.2",\n  "resource_changes": [,]\n}\n');
    const result = await scopegate(["scan", path.join(dir, "plan.json")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/plan\.json:3:24: Not valid JSON: expected a value\./);
  });

  it.each([
    [["scan"], /no paths given/],
    [["scan", "x.tf", "--env-tier", "production"], /--env-tier is 'production'; expected 'prod' or 'nonprod'\./],
    [["scan", FIXTURES, "--output", `${FIXTURES}/hcl/valid/report.txt`], /--output '.*' is among the scanned paths/],
  ])("usage: %j", async (argv, message) => {
    const result = await scopegate(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
