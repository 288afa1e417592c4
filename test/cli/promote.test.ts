import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { CROSS_ENVIRONMENT_RULE_IDS } from "../../policies/registry";
import { BOT_CONNECTOR, config, exampleMarkers, ROOT, run, tempDir } from "../helpers";

const TODAY = "2026-11-21";

function scopegate(argv: string[], cwd = ROOT) {
  return run(argv, { cwd, env: {}, today: TODAY });
}

/** A directory holding a copy of a file, for commands that write. */
function copyOf(file: string, name = path.basename(file)): { dir: string; file: string } {
  const dir = tempDir();
  fs.copyFileSync(file, path.join(dir, name));
  return { dir, file: name };
}

const PROMOTION_EXAMPLES = fs.readdirSync(path.join(ROOT, "examples")).filter((file) => /^promotion-.*\.yaml$/.test(file));

/** Rule id → lines a report shows findings at, read back from each format. */
const findingLines: Record<"text" | "json" | "markdown", (output: string) => Map<string, number[]>> = {
  json: (output) => collect((JSON.parse(output).findings as { ruleId: string; line: number }[]).map((f) => [f.ruleId, f.line])),
  text: (output) => collect([...output.matchAll(/^\S+\.yaml:(\d+):\d+\s+\w+\s+([a-z-]+)\s/gm)].map((m) => [m[2]!, Number(m[1])])),
  markdown: (output) => collect([...output.matchAll(/^\| \w+ \| \[([a-z-]+)\]\([^)]*\) \| `[^`]+:(\d+)` \|/gm)].map((m) => [m[1]!, Number(m[2])])),
};

/** Lines of `before` that `after` no longer has, counting repeated lines. */
function removedLines(before: string, after: string): string[] {
  const remaining = after.split("\n");
  return before.split("\n").filter((line) => {
    const index = remaining.indexOf(line);
    if (index >= 0) remaining.splice(index, 1);
    return index < 0;
  });
}

function collect(pairs: readonly (readonly [string, number])[]): Map<string, number[]> {
  const lines = new Map<string, number[]>();
  for (const [rule, line] of pairs) lines.set(rule, [...new Set([...(lines.get(rule) ?? []), line])].sort((a, b) => a - b));
  return lines;
}

describe("scopegate promote", () => {
  it("shows the example's promotion as a readable diff and exits 0", async () => {
    const result = await scopegate(["promote", "--from", "dev", "--to", "prod"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toContain("acme: dev (acme-dev, eu-west-2, nonprod) → prod (acme, eu-west-1, prod): 1 change");
    expect(out).toMatch(/\+ crm-sync: not in 'prod' \(its 'only' leaves it out\); promotion creates it there/);
    expect(out).toMatch(/dev: scopegate\.yaml:\d+:7 {3}prod: scopegate\.yaml:\d+:15/);
    expect(out).toContain("globex: dev (globex-sandbox, us-west-2, nonprod) → prod (globex, us-east-1, prod): nothing to promote");
    expect(out).toContain("= bot-session tokenValiditySeconds: 'dev': 3600 s; 'prod': 1800 s");
    expect(out).toMatch(/warning {2}promotion-drift {2}OAuth client 'crm-sync' exists in 'dev' but not yet in 'prod'/);
  });

  it.each(PROMOTION_EXAMPLES.flatMap((file) => (["text", "json", "markdown"] as const).map((format) => [file, format] as const)))(
    "reports, on examples/%s in %s, each cross-environment rule at its marked lines",
    async (file, format) => {
      const config = path.join("examples", file);
      const marked = new Map([...exampleMarkers(fs.readFileSync(path.join(ROOT, config), "utf8"))].filter(([rule]) => CROSS_ENVIRONMENT_RULE_IDS.includes(rule)));
      expect(marked.size, `${file} marks no cross-environment rule`).toBeGreaterThan(0);
      // The marked lines whose findings are about dev or prod (an example may show a third environment too).
      const checked = JSON.parse((await scopegate(["check", "--config", config, "--format", "json"])).stdout).findings as { ruleId: string; line: number; environment: string | null }[];
      const expected = collect(checked.filter((f) => marked.has(f.ruleId) && (f.environment === null || ["dev", "prod"].includes(f.environment))).map((f) => [f.ruleId, f.line]));
      for (const [rule, lines] of expected) expect(marked.get(rule), rule).toEqual(expect.arrayContaining(lines));

      const result = await scopegate(["promote", "--from", "dev", "--to", "prod", "--config", config, "--format", format]);
      expect(result.stderr).toBe("");
      // Work not yet promoted is a warning: the drift example fails nothing; the others show errors.
      expect(result.code).toBe(file === "promotion-drift.yaml" ? 0 : 1);
      const reported = findingLines[format](result.stdout);
      expect(reported, format).toEqual(expected);
    },
  );

  it("lists each change with both sides' locations in JSON", async () => {
    const result = await scopegate(["promote", "--from", "dev", "--to", "prod", "--config", "examples/promotion-drift.yaml", "--format", "json"]);
    const report = JSON.parse(result.stdout);
    expect(report.tenants[0].unchanged).toBe(false);
    expect(report.tenants[0].changes).toEqual([
      expect.objectContaining({ kind: "added", subject: "crm-sync", source: expect.objectContaining({ line: 33 }), target: expect.objectContaining({ line: 38 }) }),
      // Prod keeps its own roles (its division name); the role it lacks is for a person to add with a division of its org.
      expect.objectContaining({ kind: "changed", subject: "analytics-export", setting: "roles", summary: expect.stringContaining("'prod' declares its own roles and lacks Queue Observer: add it there by hand"), source: expect.objectContaining({ line: 28 }), target: expect.objectContaining({ line: 31 }) }),
      expect.objectContaining({ kind: "changed", subject: "web-widget", setting: "scopes", summary: "adds messaging:readonly", source: expect.objectContaining({ line: 47 }), target: expect.objectContaining({ line: 44 }) }),
    ]);
    // More rotation copies declared for prod are intended: promotion keeps them.
    expect(report.tenants[0].intended).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "intended", subject: "analytics-export", setting: "rotation", warning: null })]));
  });

  it("takes a tenant named twice once", async () => {
    const once = await scopegate(["promote", "--from", "dev", "--to", "prod", "--tenant", "acme", "--format", "json"]);
    const twice = await scopegate(["promote", "--from", "dev", "--to", "prod", "--tenant", "acme", "--tenant", "acme", "--format", "json"]);
    expect(twice).toEqual(once);
  });

  it("keeps a client declared only for the target, and warns that a renamed client is replaced", async () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, "scopegate.yaml"),
      config({ clients: `${BOT_CONNECTOR}\n  only: [prod]\nbot-connector-v2:\n  name: bot-connector\n  grant: CLIENT-CREDENTIALS\n  capabilities: [bot-connector]\n  roles: [{ role: Bot Connector Integration }]\n  only: [dev]\nlegacy-export:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [analytics-export]\n  roles: [{ role: Analytics Reader }]\n  only: [prod]\nhr-export:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [analytics-export]\n  roles: [{ role: HR Reader }]\n  only: [dev]` }),
    );
    const result = await scopegate(["promote", "--from", "dev", "--to", "prod", "--format", "json"], dir);
    const tenant = JSON.parse(result.stdout).tenants[0];
    const kinds = tenant.changes.map((change: { kind: string; subject: string; warning: string | null }) => [change.kind, change.subject, change.warning]);
    expect(kinds).toEqual([
      ["added", "hr-export", null],
      ["renamed", "bot-connector → bot-connector-v2", expect.stringContaining("re-point them to 'bot-connector-v2'")],
    ]);
    // A client only the target has is declared for it: promotion keeps it (and --write never deletes a client).
    expect(tenant.intended).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "intended", subject: "legacy-export", summary: "only in 'prod', as its 'only' declares; promotion keeps it" })]));
  });

  it("shows what promoting would bring into the target, and fails on it", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "scopegate.yaml"), config({ clients: `${BOT_CONNECTOR.replace("{ role: Bot Connector Integration }", '{ role: Bot Connector Integration, division: "*" }')}\n  only: [dev]` }));
    const result = await scopegate(["promote", "--from", "dev", "--to", "prod", "--format", "json"], dir);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).introduced).toEqual([expect.objectContaining({ ruleId: "division-wildcard", severity: "error", tenant: "acme", environment: "prod" })]);
    const text = await scopegate(["promote", "--from", "dev", "--to", "prod"], dir);
    expect(text.stdout).toMatch(/After promotion, 'prod' would also have:\n {2}error {2}division-wildcard {2}Role 'Bot Connector Integration'/);
  });

  describe("--write", () => {
    it("round-trips: the written file loads, passes check, keeps every comment and is otherwise unchanged", async () => {
      const { dir, file } = copyOf(path.join(ROOT, "examples", "promotion-drift.yaml"));
      const before = fs.readFileSync(path.join(dir, file), "utf8");
      const result = await scopegate(["promote", "--from", "dev", "--to", "prod", "--config", file, "--write"], dir);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain("scopegate promote: wrote 2 changes to promotion-drift.yaml:");
      const after = fs.readFileSync(path.join(dir, file), "utf8");

      const comments = (text: string) => text.split("\n").map((line) => /#.*$/.exec(line)?.[0]).filter((c) => c !== undefined && !c.includes("expect:"));
      expect(comments(after)).toEqual(comments(before));
      // Prod's own division name and rotation stay: what the target declares for itself is intent.
      expect(removedLines(before, after).sort()).toEqual(
        ["        only: [dev] # expect: promotion-drift", "        scopes: [messaging]", '          dev: { redirectUris: ["https://chat-dev.acme.example/callback"], scopes: [messaging, messaging:readonly] } # expect: promotion-drift'].sort(),
      );
      expect(removedLines(after, before)).toEqual([
        "        only: [dev, prod] # expect: promotion-drift",
        "        scopes: [messaging, messaging:readonly]",
        '          dev: { redirectUris: ["https://chat-dev.acme.example/callback"] } # expect: promotion-drift',
      ]);
      expect(result.stderr).toContain("left alone: acme/analytics-export: 'prod' declares its own roles under environments.prod and lacks Queue Observer");

      const check = await scopegate(["check", "--config", file], dir);
      expect(check.code).toBe(0);
      const again = await scopegate(["promote", "--from", "dev", "--to", "prod", "--config", file, "--write"], dir);
      expect(again.stderr).toContain("nothing written");
      expect(fs.readFileSync(path.join(dir, file), "utf8")).toBe(after);
    });

    it("on the example, promotes the staged client, after which check finds nothing", async () => {
      const { dir, file } = copyOf(path.join(ROOT, "scopegate.yaml"));
      const result = await scopegate(["promote", "--from", "dev", "--to", "prod", "--write"], dir);
      expect(result.code).toBe(0);
      expect(fs.readFileSync(path.join(dir, file), "utf8")).toContain("only: [dev, prod]             # staged rollout: not yet promoted to prod");
      const check = await scopegate(["check", "--format", "json"], dir);
      expect(JSON.parse(check.stdout).findings).toEqual([]);
    });

    it("keeps what the target declares for itself and says so", async () => {
      const dir = tempDir();
      const yaml = config({
        clients: `widget:\n  grant: CODE\n  capabilities: [web-messaging]\n  scopes: [messaging]\n  redirectUris: [https://chat.acme.example/callback]\n  roles: [{ role: Agent }]\n  environments:\n    dev: { scopes: [messaging, messaging:readonly] }\n    prod: { roles: [{ role: Agent, division: Customer Care EMEA }], rotation: 2 }`,
      });
      fs.writeFileSync(path.join(dir, "scopegate.yaml"), yaml);
      const result = await scopegate(["promote", "--from", "dev", "--to", "prod", "--write"], dir);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain("acme/widget: scopes in 'prod' is now [messaging, messaging:readonly], as in 'dev'");
      expect(result.stderr).toContain("left alone: acme/widget: 'prod' declares its own roles under environments.prod; kept as it is");
      expect(result.stderr).toContain("left alone: acme/widget: 'prod' declares its own rotation under environments.prod; kept as it is");
      expect(fs.readFileSync(path.join(dir, "scopegate.yaml"), "utf8")).toContain("    prod: { roles: [{ role: Agent, division: Customer Care EMEA }], rotation: 2 }");
    });

    it("writes nothing when it cannot edit faithfully, and exits 2", async () => {
      const dir = tempDir();
      const yaml = config({ clients: `${BOT_CONNECTOR}\n  environments:\n    dev: &extra { rotation: 2 }\n    test: *extra` }).replace(
        "    orgs:\n",
        "    orgs:\n      test: { tier: nonprod, region: eu-west-1, orgName: acme-test, credentials: { clientIdEnv: ACME_TEST_CLIENT_ID, clientSecretEnv: ACME_TEST_CLIENT_SECRET } }\n",
      );
      fs.writeFileSync(path.join(dir, "scopegate.yaml"), yaml);
      const result = await scopegate(["promote", "--from", "dev", "--to", "prod", "--write"], dir);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/cannot edit scopegate\.yaml: .*nothing was written/);
      expect(fs.readFileSync(path.join(dir, "scopegate.yaml"), "utf8")).toBe(yaml);
    });
  });

  describe("--changed-since", () => {
    it("promotes only the tenants whose declaration or waivers changed; an empty base means all", async () => {
      const dir = tempDir();
      const current = fs.readFileSync(path.join(ROOT, "scopegate.yaml"), "utf8");
      fs.writeFileSync(path.join(dir, "scopegate.yaml"), current);
      fs.writeFileSync(path.join(dir, "same.yaml"), current);
      fs.writeFileSync(path.join(dir, "globex-changed.yaml"), current.replace("tokenValiditySeconds: 1800", "tokenValiditySeconds: 900"));
      fs.writeFileSync(path.join(dir, "acme-waiver-changed.yaml"), `${current}policy:\n  waivers:\n    - { rule: promotion-drift, tenant: acme, client: crm-sync, reason: staged rollout until sign-off, owner: crm-team, expires: 2027-06-30 }\n`);
      fs.writeFileSync(path.join(dir, "empty.yaml"), "");
      const tenants = async (base: string) => {
        const result = await scopegate(["promote", "--from", "dev", "--to", "prod", "--changed-since", base, "--format", "json"], dir);
        expect(result.code).toBe(0);
        return JSON.parse(result.stdout).tenants.map((tenant: { tenant: string }) => tenant.tenant);
      };
      expect(await tenants("same.yaml")).toEqual([]);
      expect(await tenants("globex-changed.yaml")).toEqual(["globex"]);
      expect(await tenants("acme-waiver-changed.yaml")).toEqual(["acme"]);
      expect(await tenants("empty.yaml")).toEqual(["acme", "globex"]);
      const none = await scopegate(["promote", "--from", "dev", "--to", "prod", "--changed-since", "same.yaml"], dir);
      expect(none.stdout).toContain("No tenant with both 'dev' and 'prod' changed since same.yaml.");
    });
  });

  it("writes the report to --output and a one-line summary to standard output", async () => {
    const dir = tempDir();
    const result = await scopegate(["promote", "--from", "dev", "--to", "prod", "--format", "markdown", "--output", path.join(dir, "promote.md")]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`scopegate: 0 errors, 1 warning, 0 infos, 0 waived; markdown report written to ${path.join(dir, "promote.md")}\n`);
    const markdown = fs.readFileSync(path.join(dir, "promote.md"), "utf8");
    expect(markdown.startsWith("<!-- scopegate-promote -->\n### scopegate promote: dev → prod\n")).toBe(true);
    expect(markdown).toContain("| + | `crm-sync` | added |");
  });

  it.each([
    [["promote", "--to", "prod"], /--from and --to are required/],
    [["promote", "--from", "dev", "--to", "dev"], /both 'dev'; expected two different environments/],
    [["promote", "--from", "dve", "--to", "prod"], /--from 'dve' is not an environment of the configuration; expected one of 'dev' or 'prod'\. Did you mean 'dev'\?/],
    [["promote", "--from", "dev", "--to", "prod", "--tenant", "acmee"], /--tenant 'acmee' is not a tenant.*Did you mean 'acme'\?/],
    [["promote", "--from", "dev", "--to", "prod", "--format", "sarif"], /unknown format 'sarif'; expected one of 'text', 'json' or 'markdown'/],
    [["promote", "--from", "dev", "--to", "prod", "--changed-since", "no-such-base.yaml"], /--changed-since 'no-such-base\.yaml' cannot be read \(ENOENT\)/],
    [["promote", "--from", "dev", "--to", "prod", "--config", "no-such.yaml"], /no-such\.yaml: Cannot read the configuration file \(no such file\)/],
    [["promote", "--from", "dev", "--to", "prod", "--write", "--output", "scopegate.yaml"], /--output 'scopegate\.yaml' is the configuration file/],
    [["promote", "--from", "dev", "--to", "prod", "--write", "--output", "examples"], /cannot write 'examples': it is a directory/],
  ])("exits 2 on bad usage or input: %j", async (argv, message) => {
    const result = await scopegate(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe("");
  });

  it("exits 2 with the position when the base configuration is not YAML", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "base.yaml"), "tenants:\n  acme: [unclosed\n");
    const result = await scopegate(["promote", "--from", "dev", "--to", "prod", "--changed-since", path.join(dir, "base.yaml")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/base\.yaml:\d+:\d+: the base configuration is not valid YAML/);
  });

  it("exits 2 at the alias, never an internal error, when the base configuration has an alias without its anchor", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "base.yaml"), "version: 1\ntenants: *missing\n");
    const result = await scopegate(["promote", "--from", "dev", "--to", "prod", "--changed-since", path.join(dir, "base.yaml"), "--format", "json"]);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).problems).toEqual([expect.objectContaining({ line: 2, column: 10, message: expect.stringMatching(/anchor/) })]);
    expect(result.stderr).not.toContain("internal error");
  });
});
