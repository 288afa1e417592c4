import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runCli } from "../cli/main";
import type { CliIO } from "../cli/io";

/** The repository root. */
export const ROOT = path.resolve(__dirname, "..");

/** A fresh temporary directory, removed by the caller's afterEach/afterAll if it likes. */
export function tempDir(prefix = "scopegate-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Runs the CLI in-process with captured output. */
export async function run(argv: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined>; today?: string } = {}) {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: options.env ?? {},
    cwd: options.cwd ?? ROOT,
    today: options.today,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/** Every file below `dir` with its content, for "nothing changed" assertions. */
export function snapshotTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  if (!fs.existsSync(dir)) return files;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = path.join(entry.parentPath, entry.name);
      files[path.relative(dir, full)] = fs.readFileSync(full, "utf8");
    }
  }
  return files;
}

/** Every file and directory below `dir`: content (files), modification time and inode, for "untouched" assertions. */
export function statTree(dir: string): Record<string, { content?: string; mtimeMs: number; ino: number }> {
  const entries: Record<string, { content?: string; mtimeMs: number; ino: number }> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const stat = fs.statSync(full);
    entries[path.relative(dir, full)] = { content: entry.isFile() ? fs.readFileSync(full, "utf8") : undefined, mtimeMs: stat.mtimeMs, ino: stat.ino };
  }
  const stat = fs.statSync(dir);
  entries["."] = { mtimeMs: stat.mtimeMs, ino: stat.ino };
  return entries;
}

/**
 * The `orgs:` block of tenant `acme`: one org per environment, `prod` at tier prod in eu-west-2 and the others
 * nonprod in eu-west-1 (so env-isolation finds no prod region shared with nonprod), named `acme` (prod) or
 * `acme-<env>`, with credentials `ACME_<ENV>_CLIENT_ID` / `_SECRET`; `bindings` is a flow mapping's inside
 * (`apiAudience: https://...`).
 */
export function orgsYaml(environments: Readonly<Record<string, { readonly region?: string; readonly bindings?: string }>>): string {
  const lines = ["    orgs:"];
  for (const [environment, { region: declared, bindings }] of Object.entries(environments)) {
    const prod = environment === "prod";
    const region = declared ?? (prod ? "eu-west-2" : "eu-west-1");
    const upper = environment.toUpperCase();
    lines.push(
      `      ${environment}:`,
      `        tier: ${prod ? "prod" : "nonprod"}`,
      `        region: ${region}`,
      `        orgName: ${prod ? "acme" : `acme-${environment}`}`,
      `        credentials: { clientIdEnv: ACME_${upper}_CLIENT_ID, clientSecretEnv: ACME_${upper}_CLIENT_SECRET }`,
      ...(bindings === undefined ? [] : [`        bindings: { ${bindings} }`]),
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The orgs most cases use: `dev` (nonprod, eu-west-1) and `prod` (prod, eu-west-2). */
export const TWO_ORGS = orgsYaml({ dev: {}, prod: {} });

/**
 * A configuration of tenant `acme` with `TWO_ORGS` (or `orgs`) and the given clients. `clients` is YAML written at
 * column 0 and placed under `oauthClients:`; `top` is YAML appended at the top level (policy, profiles, scopes ...).
 */
export function config(parts: { clients: string; orgs?: string; top?: string }): string {
  const clients = parts.clients
    .trim()
    .split("\n")
    .map((line) => (line.length > 0 ? `      ${line}` : line))
    .join("\n");
  return `version: 1\ntenants:\n  acme:\n${parts.orgs ?? TWO_ORGS}    oauthClients:\n${clients}\n${parts.top?.trim() ? `${parts.top.trim()}\n` : ""}`;
}

/**
 * A Bot Connector integration's CLIENT-CREDENTIALS client: capability `bot-connector`, granted role `Bot Connector
 * Integration` on the home division, no scopes (Genesys ignores them for that grant). The baseline most cases change.
 * The role is not declared, so its permissions are unknown: add `BOT_CONNECTOR_ROLE` under `top` for a case whose
 * client must pass `required-scopes`.
 */
export const BOT_CONNECTOR = `bot-connector:
  grant: CLIENT-CREDENTIALS
  capabilities: [bot-connector]
  roles: [{ role: Bot Connector Integration }]`;

/** `roles:` declaring `Bot Connector Integration` with exactly what capability `bot-connector` needs (for `top`). */
export const BOT_CONNECTOR_ROLE = `roles:
  Bot Connector Integration:
    permissions: [integration:botconnector:view, integration:botconnector:edit]`;

/**
 * A user-facing reporting app (CODE grant): capability `analytics-export`, whose operations allow scopes `analytics`
 * and `analytics:readonly`, with `analytics:readonly`. The baseline of cases about scopes, which only user grants use.
 */
export const REPORTS_APP = `reports:
  grant: CODE
  capabilities: [analytics-export]
  scopes: [analytics:readonly]
  redirectUris: [https://reports.acme.example/callback]`;

/** Rule id → lines (1-based) of an example carrying a trailing `# expect: <rule id>[, <rule id>…]` marker. */
export function exampleMarkers(text: string): Map<string, number[]> {
  const marked = new Map<string, number[]>();
  text.split(/\r?\n/).forEach((line, i) => {
    const ruleIds = /#\s*expect:\s*([a-z-]+(?:\s*,\s*[a-z-]+)*)\s*$/.exec(line)?.[1];
    for (const ruleId of ruleIds?.split(/\s*,\s*/) ?? []) marked.set(ruleId, [...(marked.get(ruleId) ?? []), i + 1]);
  });
  return marked;
}

/** A small deterministic random source (mulberry32), so a failure names a seed that reproduces it. */
export function seededRandom(seed: number): () => number {
  let state = seed + 0x9e3779b9;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The root file of a split configuration: a custom role, and `include: [tenants/*.yaml]`. */
export const FLEET_ROOT = `version: 1
include: [tenants/*.yaml]
roles:
  Analytics Export:
    permissions: [analytics:conversationAggregate:view, analytics:conversationDetail:view]
`;

/**
 * A tenant file of a split configuration: tenant `name` with orgs dev (nonprod, eu-west-1) and prod (prod,
 * eu-west-2), and a CLIENT-CREDENTIALS analytics client holding `role` (default: FLEET_ROOT's role), in the `only`
 * environments when given; `extra` is appended (a waiver, an override under the client).
 */
export function tenantFileYaml(name: string, options: { readonly role?: string; readonly only?: string; readonly extra?: string } = {}): string {
  const upper = name.toUpperCase().replace(/-/g, "_");
  return `version: 1
tenants:
  ${name}:
    orgs:
      dev:
        tier: nonprod
        region: eu-west-1
        orgName: ${name}-dev
        credentials: { clientIdEnv: ${upper}_DEV_CLIENT_ID, clientSecretEnv: ${upper}_DEV_CLIENT_SECRET }
      prod:
        tier: prod
        region: eu-west-2
        orgName: ${name}
        credentials: { clientIdEnv: ${upper}_PROD_CLIENT_ID, clientSecretEnv: ${upper}_PROD_CLIENT_SECRET }
    oauthClients:
      analytics-export:
        grant: CLIENT-CREDENTIALS
        capabilities: [analytics-export]
        roles: [{ role: ${options.role ?? "Analytics Export"} }]${options.only === undefined ? "" : `\n        only: [${options.only}]`}
${options.extra ?? ""}`;
}
