import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config, run, tempDir } from "../helpers";

const JOBS = "POST /api/v2/analytics/conversations/details/jobs";
/** An ALL operation of two permissions. */
const EXPORTS = "GET /api/v2/externalcontacts/contacts/exports";

/**
 * A configuration with declared profiles and roles only (no built-in capability), in which `exporter` holds role
 * `Analytics Reader` with `permissions`, `dashboard` is a CODE client with `scopes`, `mystery` holds a role whose
 * permissions are not declared and `bare` holds no role.
 */
function accessConfig(options: { permissions?: string; scopes?: string } = {}): string {
  return config({
    clients: `exporter:
  grant: CLIENT-CREDENTIALS
  capabilities: [export]
  roles: [{ role: Analytics Reader }]
dashboard:
  grant: CODE
  capabilities: [export]
  scopes: ${options.scopes ?? "[users:readonly]"}
  redirectUris: [https://dashboard.acme.example/callback]
mystery:
  grant: CLIENT-CREDENTIALS
  capabilities: [export]
  roles: [{ role: Hand Made }]
bare:
  grant: CLIENT-CREDENTIALS
  capabilities: [export]
limited:
  grant: CLIENT-CREDENTIALS
  capabilities: [export]
  only: [dev]`,
    top: `profiles:
  export:
    operations: ["${JOBS}", getUsers]
  contacts:
    operations: ["${EXPORTS}"]
  scoped:
    scopes: { require: [users:readonly] }
roles:
  Analytics Reader:
    permissions: ${options.permissions ?? "[analytics:conversationAggregate:view]"}
  Contact Exporter:
    permissions: [externalContacts:export:view, externalContacts:contact:view]`,
  });
}

/** The 1-based line of the first line of `text` that is exactly `line`. */
function lineOf(text: string, line: string): number {
  const index = text.split("\n").indexOf(line);
  if (index < 0) throw new Error(`test setup: no line '${line}'`);
  return index + 1;
}

describe("scopegate access", () => {
  let dir: string;
  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text);
    return text;
  };
  const access = (...argv: string[]) => run(["access", ...argv], { cwd: dir, env: {} });
  const client = (name: string, file = "access.yaml") => ["--config", file, "--tenant", "acme", "--env", "prod", "--client", name];
  const json = async (...argv: string[]) => {
    const result = await access(...argv, "--format", "json");
    return { ...result, report: JSON.parse(result.stdout) };
  };

  beforeAll(() => {
    dir = tempDir();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe("a CLIENT-CREDENTIALS client", () => {
    it("lacking both permissions of an ANY operation: missing, with the role to add one to and its roles: line", async () => {
      const text = write("access.yaml", accessConfig());
      const roleLine = lineOf(text, "  Analytics Reader:");
      const result = await access(...client("exporter"), JOBS);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(`[MISSING] ${JOBS} (postAnalyticsConversationsDetailsJobs)`);
      expect(result.stdout).toContain("  permissions: ANY of analytics:conversationDetail:view, analytics:agentConversationDetail:view\n");
      expect(result.stdout).toContain("  missing:     one permission of analytics:conversationDetail:view, analytics:agentConversationDetail:view\n");
      expect(result.stdout).toContain(
        `  fix:         add one of 'analytics:conversationDetail:view' or 'analytics:agentConversationDetail:view' to role 'Analytics Reader' under 'roles:' at access.yaml:${roleLine}:3.\n`,
      );
      expect(result.stdout).toContain("1 operation: 0 allowed, 1 missing something, 0 could not be checked.");

      const { code, report } = await json(...client("exporter"), JOBS);
      expect(code).toBe(1);
      expect(report.operations[0]).toMatchObject({
        verdict: "missingPermissions",
        missing: { type: "ANY", list: ["analytics:conversationDetail:view", "analytics:agentConversationDetail:view"] },
        role: "Analytics Reader",
        where: { file: "access.yaml", line: roleLine, column: 3 },
      });
    });

    it.each(["analytics:conversationDetail:view", "analytics:agentConversationDetail:view"])("passes an ANY operation once the role holds %s", async (permission) => {
      write("granted.yaml", accessConfig({ permissions: `[analytics:conversationAggregate:view, "${permission}"]` }));
      const result = await access(...client("exporter", "granted.yaml"), JOBS);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`[allowed] ${JOBS}`);
      expect(result.stdout).toContain(`  through:     '${permission}' (role 'Analytics Reader')\n`);
      expect(result.stdout).not.toContain("MISSING");
    });

    it("needs each permission of an ALL operation: missing names only those not held", async () => {
      write("all.yaml", accessConfig({ permissions: "[externalContacts:contact:view]" }));
      const one = await json(...client("exporter", "all.yaml"), EXPORTS);
      expect(one.code).toBe(1);
      expect(one.report.operations[0]).toMatchObject({
        key: EXPORTS,
        permissions: { type: "ALL", list: ["externalContacts:export:view", "externalContacts:contact:view"] },
        verdict: "missingPermissions",
        missing: { type: "ALL", list: ["externalContacts:export:view"] },
        role: "Analytics Reader",
      });
      const text = await access(...client("exporter", "all.yaml"), EXPORTS);
      expect(text.stdout).toContain("  permissions: ALL of externalContacts:export:view, externalContacts:contact:view\n");
      expect(text.stdout).toContain("  missing:     permission externalContacts:export:view\n");

      write("all-none.yaml", accessConfig());
      const none = await json(...client("exporter", "all-none.yaml"), EXPORTS);
      expect(none.report.operations[0].missing).toEqual({ type: "ALL", list: ["externalContacts:export:view", "externalContacts:contact:view"] });
      expect(none.report.operations[0].fix).toContain("add each of 'externalContacts:export:view' and 'externalContacts:contact:view' to role 'Analytics Reader'");

      for (const permissions of ["[externalContacts:export:view, externalContacts:contact:view]", '["externalContacts:*:view"]']) {
        write("all-held.yaml", accessConfig({ permissions }));
        const held = await access(...client("exporter", "all-held.yaml"), EXPORTS);
        expect(held.code).toBe(0);
        expect(held.stdout).toContain(`[allowed] ${EXPORTS}`);
      }
    });

    it("is allowed a NONE operation, whatever its roles", async () => {
      write("access.yaml", accessConfig());
      for (const name of ["exporter", "bare", "mystery"]) {
        const result = await access(...client(name), "GET /api/v2/users");
        expect(result.code).toBe(0);
        expect(result.stdout).toContain("[allowed] GET /api/v2/users (getUsers)\n  permissions: NONE (no permission needed)\n");
        expect(result.stdout).toContain("  through:     no permission needed\n");
      }
    });

    it("holding no role: grant one, naming a declared role that holds the permissions", async () => {
      const text = write("access.yaml", accessConfig());
      const { code, report } = await json(...client("bare"), EXPORTS, JOBS);
      expect(code).toBe(1);
      const [exports, jobs] = report.operations;
      const clientLine = lineOf(text, "      bare:");
      expect(exports).toMatchObject({ verdict: "missingPermissions", role: "Contact Exporter", where: { file: "access.yaml", line: clientLine, column: 7 } });
      expect(exports.fix).toMatch(/^the client holds no role: grant role 'Contact Exporter' \(declared at access\.yaml:\d+:3, it holds each of .*\) under the client's 'roles:'/);
      expect(jobs).toMatchObject({ verdict: "missingPermissions", role: null });
      expect(jobs.fix).toContain("grant a role holding one of 'analytics:conversationDetail:view' or 'analytics:agentConversationDetail:view'");
    });

    it("holding a role whose permissions are not declared: could not check, exit 0 unless --strict", async () => {
      const text = write("access.yaml", accessConfig());
      const result = await access(...client("mystery"), JOBS);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`[could not check] ${JOBS}`);
      expect(result.stdout).toContain("  why:         role 'Hand Made' is not declared under 'roles:' with its permissions, so what it holds is unknown\n");
      expect(result.stdout).toContain("1 operation: 0 allowed, 0 missing something, 1 could not be checked.\nAn operation that could not be checked is not known to be allowed; --strict fails on it.\n");
      expect(result.stdout).not.toContain("[allowed]");

      const strict = await access(...client("mystery"), JOBS, "--strict");
      expect(strict.code).toBe(1);
      expect(strict.stdout).toContain("With --strict, an operation that could not be checked fails.");

      const { report } = await json(...client("mystery"), JOBS);
      expect(report.summary).toEqual({ allowed: 0, missing: 0, unknown: 1 });
      expect(report.operations[0]).toMatchObject({ verdict: "unknown", missing: null, where: { file: "access.yaml", line: lineOf(text, "        roles: [{ role: Hand Made }]") } });
      expect(report.operations[0].fix).toContain("declare 'Hand Made' under 'roles:'");
      expect(report.client.roles).toEqual([{ role: "Hand Made", division: "home", declared: false }]);
    });

    it("an operation whose documented permissions are prose: could not check", async () => {
      write("access.yaml", accessConfig());
      const { code, report } = await json(...client("exporter"), "GET /api/v2/userrecordings/{recordingId}/transcoding");
      expect(code).toBe(0);
      expect(report.operations[0]).toMatchObject({ verdict: "unknown", reason: expect.stringContaining("not role permissions") });
    });
  });

  describe("a user grant (CODE)", () => {
    it("without a scope the operation lists: missing, with the client's scopes: line and a note on the user's permissions", async () => {
      const text = write("access.yaml", accessConfig());
      const scopesLine = lineOf(text, "        scopes: [users:readonly]");
      // The first scope's position: the client's scopes list.
      const scopesColumn = "        scopes: [".length + 1;
      const result = await access(...client("dashboard"), JOBS);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain("  scopes:      analytics, analytics:readonly (any one)\n  missing:     one scope of analytics, analytics:readonly\n");
      expect(result.stdout).toContain(`to the client's 'scopes:' at access.yaml:${scopesLine}:${scopesColumn}.`);
      expect(result.stdout).toContain("  note:        the signed-in user's own permissions also apply: the user needs one of 'analytics:conversationDetail:view' or 'analytics:agentConversationDetail:view'");

      const { report } = await json(...client("dashboard"), JOBS);
      expect(report.operations[0]).toMatchObject({ verdict: "missingScope", missing: { type: "ANY", list: ["analytics", "analytics:readonly"] }, role: null, where: { file: "access.yaml", line: scopesLine, column: scopesColumn } });
      expect(report.operations[0].note).toContain("signed-in user's own permissions also apply");
    });

    it("passes with analytics:readonly, still noting the user's permissions", async () => {
      write("scoped.yaml", accessConfig({ scopes: "[users:readonly, analytics:readonly]" }));
      const result = await access(...client("dashboard", "scoped.yaml"), JOBS);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`[allowed] ${JOBS}`);
      expect(result.stdout).toContain("  through:     scope 'analytics:readonly'\n");
      expect(result.stdout).toContain("  note:        the signed-in user's own permissions also apply");
    });
  });

  describe("which operations", () => {
    it("with no operation and no --capability: those of all the client's capabilities", async () => {
      write("access.yaml", accessConfig());
      const { code, report } = await json(...client("exporter"));
      expect(code).toBe(1);
      expect(report.operations.map((operation: { key: string; capabilities: string[] }) => [operation.key, operation.capabilities])).toEqual([
        [JOBS, ["export"]],
        ["GET /api/v2/users", ["export"]],
      ]);
      expect(report.summary).toEqual({ allowed: 1, missing: 1, unknown: 0 });
    });

    it("--capability: the operations of that profile, with arguments first and each operation once", async () => {
      write("access.yaml", accessConfig());
      const { report } = await json(...client("exporter"), "getUsers", "--capability", "contacts", "--capability", "export");
      expect(report.operations.map((operation: { key: string; capabilities: string[] }) => [operation.key, operation.capabilities])).toEqual([
        ["GET /api/v2/users", ["export"]],
        [EXPORTS, ["contacts"]],
        [JOBS, ["export"]],
      ]);
      const text = await access(...client("exporter"), "--capability", "contacts");
      expect(text.stdout).toContain(`[MISSING] ${EXPORTS} (getExternalcontactsContactsExports)\n  capability:  contacts\n`);
    });

    it("a capability whose profile names no operations is bad input", async () => {
      write("access.yaml", accessConfig());
      const result = await access(...client("exporter"), "--capability", "scoped");
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("capability 'scoped' names no API operations");
    });
  });

  describe("without --client", () => {
    it("prints what each operation requires, reading no configuration", async () => {
      const empty = tempDir();
      try {
        const result = await run(["access", "GET /api/v2/users", "postAnalyticsConversationsDetailsJobs", "DELETE /api/v2/journey/outcomes/{outcomeId}"], { cwd: empty, env: {} });
        expect(result.stderr).toBe("");
        expect(result.code).toBe(0);
        expect(result.stdout).toContain("GET /api/v2/users (getUsers)\n  permissions: NONE (no permission needed)\n  scopes:      users, users:readonly (any one)\n");
        expect(result.stdout).toContain(`${JOBS} (postAnalyticsConversationsDetailsJobs)\n  permissions: ANY of analytics:conversationDetail:view, analytics:agentConversationDetail:view\n`);
        expect(result.stdout).toContain("DELETE /api/v2/journey/outcomes/{outcomeId} (deleteJourneyOutcome)\n  permissions: ANY of journey:outcome:delete\n  scopes:      journey (any one)\n  deprecated:  yes\n");
        expect(result.stdout).toMatch(/Operations catalog: SDK \d+\.\d+\.\d+, \d{4}-\d{2}-\d{2}\.\n$/);
        expect(result.stdout).not.toContain("[");
      } finally {
        fs.rmSync(empty, { recursive: true, force: true });
      }
    });

    it("--capability reads the configuration for the profile, and prints what its operations require", async () => {
      write("access.yaml", accessConfig());
      const result = await access("--config", "access.yaml", "--capability", "contacts");
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^GET \/api\/v2\/externalcontacts\/contacts\/exports \(getExternalcontactsContactsExports\)\n {2}capability: {2}contacts\n {2}permissions: ALL of externalContacts:export:view, externalContacts:contact:view\n/);
    });

    it("says when the catalog does not know an operation's scopes, and flags previews; JSON has null verdicts", async () => {
      const preview = "DELETE /api/v2/analytics/agentutilizations/aggregates/jobs/{jobId}";
      const text = await access(preview);
      expect(text.stdout).toContain("  scopes:      unknown (the catalog does not know which scopes allow it)\n  preview:     yes");
      const { code, report } = await json(preview);
      expect(code).toBe(0);
      expect(report.client).toBeNull();
      expect(report.summary).toBeNull();
      expect(report.operations[0]).toMatchObject({ scopes: null, preview: true, deprecated: false, verdict: null, missing: null, where: null });
    });
  });

  it("prints a stable JSON object", async () => {
    const text = write("access.yaml", accessConfig());
    const { report } = await json(...client("exporter"), JOBS);
    expect(Object.keys(report)).toEqual(["catalog", "client", "summary", "operations"]);
    expect(report.catalog).toMatch(/^SDK \d+\.\d+\.\d+, \d{4}-\d{2}-\d{2}$/);
    expect(report.client).toEqual({
      tenant: "acme",
      environment: "prod",
      key: "exporter",
      grant: "CLIENT-CREDENTIALS",
      roles: [{ role: "Analytics Reader", division: "home", declared: true }],
      scopes: [],
      file: "access.yaml",
      line: lineOf(text, "      exporter:"),
      column: 7,
    });
    expect(Object.keys(report.operations[0])).toEqual([
      "key",
      "operationId",
      "permissions",
      "scopes",
      "preview",
      "deprecated",
      "capabilities",
      "verdict",
      "through",
      "missing",
      "reason",
      "fix",
      "role",
      "where",
      "note",
    ]);
    expect(report.operations[0]).toMatchObject({ key: JOBS, operationId: "postAnalyticsConversationsDetailsJobs", scopes: ["analytics", "analytics:readonly"], capabilities: [], through: null, reason: null, note: null });
  });

  describe("bad input: exit 2", () => {
    it("an unknown operation, with the nearest one", async () => {
      const result = await access("GET /api/v2/user");
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/^scopegate access: unknown operation 'GET \/api\/v2\/user': .* Did you mean 'GET \/api\/v2\/users'\?\nRun 'scopegate access --help' for its usage\.\n$/);
      write("access.yaml", accessConfig());
      expect((await access(...client("exporter"), "getUser", "postAnalyticsConversationDetailsJobs")).stderr).toContain("Did you mean 'postAnalyticsConversationsDetailsJobs'?");
    });

    it.each([
      [["--tenant", "acm", "--env", "prod", "--client", "exporter"], "--tenant 'acm' is not a tenant of the configuration; expected one of 'acme'. Did you mean 'acme'?"],
      [["--tenant", "acme", "--env", "prd", "--client", "exporter"], "--env 'prd' is not an environment of tenant 'acme'; expected one of 'dev' or 'prod'. Did you mean 'prod'?"],
      [["--tenant", "acme", "--env", "prod", "--client", "exportr"], "--client 'exportr' is not a client of acme prod; expected one of 'exporter', 'dashboard', 'mystery' or 'bare'. Did you mean 'exporter'?"],
      [["--tenant", "acme", "--env", "prod", "--client", "limited"], "--client 'limited' is not a client of acme prod: its 'only:' limits it to 'dev'."],
      [["--tenant", "acme", "--env", "prod", "--client", "exporter", "--capability", "exprt"], "Did you mean 'export'?"],
    ])("%j", async (argv, message) => {
      write("access.yaml", accessConfig());
      const result = await access("--config", "access.yaml", ...argv);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr).toContain("nothing was looked up.");
      expect(result.stdout).toBe("");
      // With --format json, the problem is on standard output as JSON too.
      const { code, report } = await json("--config", "access.yaml", ...argv);
      expect(code).toBe(2);
      expect(report.problems[0].message).toContain(message);
    });

    it.each([
      [["getUsers", "--client", "exporter"], "missing '--tenant' and '--env'"],
      [["getUsers", "--tenant", "acme", "--env", "prod"], "--tenant and --env name the org of a client; add --client C"],
      [[], "nothing to look up"],
      [["getUsers", "--format", "yaml"], "unknown format 'yaml'"],
    ])("usage: %j", async (argv, message) => {
      const result = await access(...argv);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr).toContain("Run 'scopegate access --help' for its usage.");
    });

    it("a configuration with problems", async () => {
      write("broken.yaml", accessConfig().replace("grant: CODE", "grant: CODES"));
      const result = await access(...client("exporter", "broken.yaml"), JOBS);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("in broken.yaml; nothing was looked up.");
    });
  });

  it("--help prints the usage with an example", async () => {
    const result = await access("--help");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: scopegate access --tenant T --env E --client C/);
    expect(result.stdout).toContain('Example:\n  scopegate access --tenant acme --env prod --client analytics-export "POST /api/v2/analytics/conversations/details/jobs"');
    expect(result.stdout).toContain("--strict");
  });

  it("is listed in scopegate --help", async () => {
    expect((await run(["--help"])).stdout).toContain("\n  access   why a client gets a 403");
  });
});
