/**
 * What the policy gate costs. Part 1, `scopegate check` (load + evaluate + report) of a split configuration (a root
 * file including one file per tenant) against a floor taken in the same run: reading every file, parsing its YAML with
 * positions and validating it against the schema, at 100 to 10,000 tenants. Read the check/floor ratio (goal: at most
 * 1.5) and the µs per tenant (goal: flat, the largest at most 1.2x the smallest). Part 2, the gate's share of synth:
 * evaluate against synthesize of the same model at 10 to 100 tenants (goal: under 10%). Part 3, `scopegate scan` of
 * the synthesized stacks against a floor of reading and parsing the same JSON files with positions (jsonc-parser), at
 * 10 to 100
 * tenants. Times are medians after a warm-up; compare ratios, not milliseconds, between machines. Run:
 * `npx tsx bench/policy-scaling.ts` (`BENCH_TENANTS=100,1000,3000,10000` and `BENCH_SYNTH_TENANTS=10,30,100` choose the
 * sizes; part 3 uses the synth sizes). Part 4, `scopegate scan` of HCL folders (one per tenant) against parsing the
 * same files with HCL's parser, at 10 to 300 tenants (`BENCH_HCL_TENANTS`). Part 5, the operations catalog on a cold
 * check. Part 6, peak memory of a scan of a 1,300-resource exported org. Part 7, cold start of the compiled CLI
 * against `node -e 0`. Part 8, `synthesize` against a bare cdktf synth of the same resources (`bench/bare-synth.ts`,
 * byte-identical output), each in a fresh process: wall and CPU time, peak RSS, at 100 to 10,000 tenants
 * (`BENCH_SYNTH_BARE_TENANTS`; 10,000 is skipped when the peak RSS projected from the size below exceeds 8 GiB).
 * Part 9, `synth --tenant` of one tenant of a 10,000-tenant split configuration in a fresh process: load, gate and
 * the tenant's synth timed apart.
 * `BENCH_PARTS=3,4` runs only those parts.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import * as v8 from "node:v8";
import * as vm from "node:vm";
import { loadConfig } from "../config/load";
import type { ScopegateModel } from "../model/model";
import { validateAgainstSchema } from "../config/schema-validation";
import { parseYamlSource } from "../config/yaml-source";
import { synthesize } from "../constructs/app";
import type { Finding } from "../policies/finding";
import { evaluate } from "../policies/engine";
import { formatFindings } from "../formatters";
import { RULES } from "../policies/registry";
import { evaluateWithSkips } from "../policies/engine";
import { readTerraformPaths } from "../terraform/read-paths";
import { modelOfTerraform } from "../terraform/to-model";
import { parse as parseHcl } from "@cdktf/hcl2json";
import { parseTree } from "jsonc-parser";
import { docsOnlyResourceTypes, exportedOrgLines } from "./exported-org";
import { generateConfig, tenantName, writeSplitConfig } from "./generate-config";

const CHECK_TENANTS = sizes("BENCH_TENANTS", "100,1000,3000,10000");
const SYNTH_TENANTS = sizes("BENCH_SYNTH_TENANTS", "10,30,100");
const HCL_TENANTS = sizes("BENCH_HCL_TENANTS", "10,100,300");
const SYNTH_BARE_TENANTS = sizes("BENCH_SYNTH_BARE_TENANTS", "100,1000,3000,10000");
const TODAY = new Date().toISOString().slice(0, 10);

function sizes(variable: string, fallback: string): number[] {
  return (process.env[variable] ?? fallback).split(",").map(Number);
}

/** Fewer repetitions for bigger sizes: one 1,000-tenant check takes seconds, one of 10,000 tens of seconds. */
function repetitions(tenants: number): number {
  return tenants <= 100 ? 7 : tenants <= 1000 ? 5 : tenants <= 3000 ? 3 : 1;
}

/** Median wall time of `reps` runs after one warm-up run, in milliseconds; `fn` may be async. */
async function median(reps: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

/** The garbage collector, called between timed runs so that no run pays for the garbage of the one before. */
v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;

/**
 * Medians of `a` and `b` (either may be async) run alternately after one warm-up of each (unless `warmUp` is false:
 * runs long enough that the code is hot within the first), so drift and disk noise hit both alike, each run starting
 * after a full garbage collection.
 */
async function pairedMedians(reps: number, a: () => unknown, b: () => unknown, warmUp = true): Promise<[number, number]> {
  const times: [number[], number[]] = [[], []];
  if (warmUp) {
    await a();
    await b();
  }
  for (let i = 0; i < reps; i++) {
    for (const [which, fn] of [a, b].entries()) {
      collectGarbage();
      const start = performance.now();
      await fn();
      times[which].push(performance.now() - start);
    }
  }
  const mid = (values: number[]) => values.sort((x, y) => x - y)[Math.floor(values.length / 2)];
  return [mid(times[0]), mid(times[1])];
}


/**
 * The floor: what any loader with positions and a schema must do with a split configuration: read every file, parse it
 * with positions and validate it against the schema. Throws if a file does not get that far.
 */
function splitFloor(root: string, tenantFiles: readonly string[]): void {
  for (const file of [root, ...tenantFiles]) {
    const read = parseYamlSource(file, fs.readFileSync(file, "utf8"));
    if ("problems" in read) throw new Error(`${file}: ${read.problems[0].message}`);
    const { problems } = validateAgainstSchema(read.source, file === root ? "root" : "tenants");
    if (problems.length > 0) throw new Error(`${file}: ${problems[0].message}`);
  }
}

/**
 * What `scopegate check --config <root>` does with a split configuration: load (read, parse, schema, semantics,
 * normalize) every file, run every rule, format the text report.
 */
function checkSplit(rootFile: string): Finding[] {
  const loaded = loadConfig(rootFile);
  if (!loaded.ok) throw new Error(`the generated config does not load: ${loaded.problems[0].message}`);
  const { findings, skipped } = evaluateWithSkips(loaded.model, { today: TODAY });
  formatFindings("text", findings, { rules: RULES, source: rootFile, toolVersion: "bench", docsUri: (id) => `file:///docs/rules/${id}.md`, skipped });
  return findings;
}

function load(file: string): ScopegateModel {
  const result = loadConfig(file);
  if (!result.ok) throw new Error(`the generated config does not load: ${result.problems[0].message}`);
  return result.model;
}

/** The generated configuration of some tenants, written into `dir` and loaded as the CLI loads it. */
function generatedModel(dir: string, tenants: number): ScopegateModel {
  const file = path.join(dir, `tenants-${tenants}.yaml`);
  fs.writeFileSync(file, generateConfig(tenants));
  return load(file);
}

/** The benchmark must measure the path a clean config takes: no error findings (which would stop synth). */
function assertNoErrors(findings: readonly Finding[], tenants: number): void {
  const errors = findings.filter((finding) => finding.severity === "error" && !finding.waived);
  if (errors.length > 0) {
    throw new Error(`the ${tenants}-tenant config has ${errors.length} error findings, first: ${errors[0].ruleId}: ${errors[0].message}`);
  }
}

interface CheckRow {
  readonly tenants: number;
  readonly files: number;
  readonly bytes: number;
  readonly floorMs: number;
  readonly checkMs: number;
  readonly findings: number;
}

async function measureCheck(tenants: number, dir: string): Promise<CheckRow> {
  const { root, tenantFiles } = writeSplitConfig(path.join(dir, `split-${tenants}`), tenants);
  const findings = checkSplit(root);
  assertNoErrors(findings, tenants);
  if (findings.filter((finding) => finding.waived).length !== tenants) throw new Error(`expected each of the ${tenants} tenants' waivers to accept one finding`);
  const reps = repetitions(tenants);
  // The check just run warmed its code; past 3,000 tenants one run is long enough to warm its own.
  const [floorMs, checkMs] = await pairedMedians(reps, () => splitFloor(root, tenantFiles), () => checkSplit(root), tenants <= 3000);
  const bytes = [root, ...tenantFiles].reduce((sum, file) => sum + fs.statSync(file).size, 0);
  return { tenants, files: tenantFiles.length + 1, bytes, floorMs, checkMs, findings: findings.length };
}

/** Part 1: check against the floor at every requested size, from a split configuration on disk as the CLI reads it. */
async function checkScaling(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scopegate-bench-check-"));
  try {
    const rows: CheckRow[] = [];
    for (const tenants of CHECK_TENANTS) rows.push(await measureCheck(tenants, dir));
    printTable([
      ["tenants", "files", "KiB", "floor ms", "check ms", "check/floor", "floor µs/tenant", "check µs/tenant", "findings"],
      ...rows.map((row) => [
        String(row.tenants),
        String(row.files),
        (row.bytes / 1024).toFixed(0),
        row.floorMs.toFixed(1),
        row.checkMs.toFixed(1),
        (row.checkMs / row.floorMs).toFixed(2),
        ((row.floorMs * 1000) / row.tenants).toFixed(0),
        ((row.checkMs * 1000) / row.tenants).toFixed(0),
        String(row.findings),
      ]),
    ]);
    console.log("floor: read + parseYamlSource + validateAgainstSchema of every file. check: checkSplit (load + evaluateWithSkips + text report).");
    console.log(checkVerdict(rows));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function checkVerdict(rows: readonly CheckRow[]): string {
  const worst = Math.max(...rows.map((row) => row.checkMs / row.floorMs));
  const perTenant = rows.map((row) => row.checkMs / row.tenants);
  const spread = Math.max(...perTenant) / Math.min(...perTenant);
  const [first, last] = [rows[0], rows[rows.length - 1]];
  // The goal is that a big fleet costs no more per tenant than a small one (linear or better): fixed costs, spread
  // over more tenants, may make the cost per tenant fall.
  const growth = perTenant[perTenant.length - 1] / perTenant[0];
  const within = worst <= 1.5 ? "stays within" : "does NOT stay within";
  const linear = growth <= 1.2 ? (growth < 1 / 1.2 ? "falls with size (fixed costs spread; linear at most)" : "flat (linear)") : "GROWS faster than linear";
  return (
    `Verdict: check ${within} 1.5x the floor (worst ${worst.toFixed(2)}x); cost per tenant ${linear}: ` +
    `${last.tenants} against ${first.tenants} tenants x${growth.toFixed(2)} (goal: at most 1.2), largest/smallest x${spread.toFixed(2)}.`
  );
}

/** Part 2: evaluate against synth of the same model; the model is loaded once, as `scopegate synth` loads it anyway. */
async function gateOverhead(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "scopegate-policy-bench-"));
  const configDir = path.join(work, "config");
  fs.mkdirSync(configDir);
  const rows = [["tenants", "stacks", "gate ms", "synth ms", "synth ms/stack", "gated synth ms", "gate/synth", "measured added"]];
  let worst = 0;
  try {
    for (const tenants of SYNTH_TENANTS) {
      const model = generatedModel(work, tenants);
      assertNoErrors(evaluate(model, { today: TODAY }), tenants);
      const options = { outdir: path.join(work, `out-${tenants}`), configDir, inPlace: false };
      const reps = 7;
      const gateMs = await median(reps * 3, () => evaluate(model, { today: TODAY }));
      const [synthMs, gatedMs] = await pairedMedians(
        reps,
        () => synthesize(model, options),
        () => {
          assertNoErrors(evaluate(model, { today: TODAY }), tenants);
          synthesize(model, options);
        },
      );
      worst = Math.max(worst, gateMs / synthMs);
      rows.push([
        String(tenants),
        String(model.environments.length),
        gateMs.toFixed(1),
        synthMs.toFixed(1),
        (synthMs / model.environments.length).toFixed(1),
        gatedMs.toFixed(1),
        percent(gateMs / synthMs),
        percent(gatedMs / synthMs - 1),
      ]);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  printTable(rows);
  console.log("gate: evaluate alone; synth: synthesize (inPlace: false); gated synth: evaluate + synthesize. 'measured added' includes synth's disk noise.");
  console.log(`Verdict: the gate adds at most ${percent(worst)} to synth, ${worst < 0.1 ? "under" : "NOT under"} the 10% goal.`);
}

/** What `scopegate scan <stacks>` does: read and locate every file, build the model, run every rule. */
async function scan(stacks: string): Promise<number> {
  const read = await readTerraformPaths([stacks], process.cwd());
  if (read.problems.length > 0) throw new Error(`scan could not read the stacks: ${read.problems[0].message}`);
  const { model } = modelOfTerraform(read.sources, { source: stacks, cwd: process.cwd() });
  const { findings } = evaluateWithSkips(model, { today: TODAY });
  return findings.length;
}

/** The floor of a scan: read every stack's JSON and parse it with positions. */
function scanFloor(stacks: string): void {
  for (const stack of fs.readdirSync(stacks)) parseTree(fs.readFileSync(path.join(stacks, stack, "cdk.tf.json"), "utf8"));
}

/** Part 3: scan of synthesized stacks against the floor, at the synth sizes. */
async function scanScaling(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "scopegate-scan-bench-"));
  const rows = [["tenants", "stacks", "KiB", "floor ms", "scan ms", "scan/floor", "scan µs/tenant"]];
  const perTenant: number[] = [];
  let worst = 0;
  try {
    for (const tenants of SYNTH_TENANTS) {
      const model = generatedModel(work, tenants);
      const outdir = path.join(work, `out-${tenants}`);
      synthesize(model, { outdir, configDir: work });
      const stacks = path.join(outdir, "stacks");
      const bytes = fs.readdirSync(stacks).reduce((sum, stack) => sum + fs.statSync(path.join(stacks, stack, "cdk.tf.json")).size, 0);
      const reps = tenants <= 30 ? 9 : 7;
      const [floorMs, scanMs] = await pairedMedians(reps, () => scanFloor(stacks), () => scan(stacks));
      worst = Math.max(worst, scanMs / floorMs);
      perTenant.push(scanMs / tenants);
      rows.push([String(tenants), String(model.environments.length), (bytes / 1024).toFixed(0), floorMs.toFixed(1), scanMs.toFixed(1), (scanMs / floorMs).toFixed(2), ((scanMs * 1000) / tenants).toFixed(0)]);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  printTable(rows);
  console.log("floor: read + jsonc-parser parseTree of every cdk.tf.json. scan: readTerraformPaths + modelOfTerraform + evaluateWithSkips.");
  const growth = perTenant[perTenant.length - 1] / perTenant[0];
  console.log(
    `Verdict: scan costs at most ${worst.toFixed(2)}x the floor (goal: at most 4x), ${worst <= 4 ? "within" : "NOT within"} the goal; cost per tenant changes x${growth.toFixed(2)} from ${SYNTH_TENANTS[0]} to ${SYNTH_TENANTS[SYNTH_TENANTS.length - 1]} tenants.`,
  );
}

/** The clients of one tenant's HCL: name, capability, and the role it is granted (none for the user-facing widget). */
const HCL_CLIENTS: readonly { name: string; capability: string; role?: { address: string; name: string; domain: string; entity: string; actions: string } }[] = [
  { name: "bot", capability: "bot-connector", role: { address: "bot_connector", name: "Bot Connector Integration", domain: "integration", entity: "botconnector", actions: '["view", "edit"]' } },
  { name: "middleware", capability: "open-messaging", role: { address: "open_messaging", name: "Open Messaging Middleware", domain: "conversation", entity: "message", actions: '["receive"]' } },
  { name: "widget", capability: "web-messaging" },
  { name: "sessions", capability: "bot-session", role: { address: "bot_flow_sessions", name: "Bot Flow Sessions", domain: "textbots", entity: "botFlowSession", actions: '["execute"]' } },
  { name: "sync", capability: "directory-sync", role: { address: "crm_sync", name: "CRM Sync", domain: "directory", entity: "user", actions: '["view"]' } },
];

/** One tenant's HCL root module: a provider, the roles it creates, a division lookup and five clients, with references and annotations. */
function tenantHcl(tenant: number): string {
  const roles = HCL_CLIENTS.flatMap(({ role }) =>
    role === undefined
      ? []
      : [
          `resource "genesyscloud_auth_role" "${role.address}" {
  name = "${role.name}"
  permission_policies {
    domain      = "${role.domain}"
    entity_name = "${role.entity}"
    action_set  = ${role.actions}
  }
}
`,
        ],
  );
  const clients = HCL_CLIENTS.map(
    ({ name, capability, role }) => `# scopegate: capabilities=${capability}
resource "genesyscloud_oauth_client" "${name}" {
  name                  = "t${tenant}-${name}"
  authorized_grant_type = "${role === undefined ? "CODE" : "CLIENT-CREDENTIALS"}"
  ${
    role === undefined
      ? `scopes                   = ["messaging"]\n  registered_redirect_uris = ["https://t${tenant}.example.com/cb"]`
      : `roles {\n    role_id     = genesyscloud_auth_role.${role.address}.id\n    division_id = data.genesyscloud_auth_division_home.home.id\n  }`
  }
}
`,
  );
  return `provider "genesyscloud" {\n  aws_region = var.region\n}\nvariable "region" {\n  default = "eu-west-1"\n}\ndata "genesyscloud_auth_division_home" "home" {}\n${roles.join("\n")}\n${clients.join("\n")}`;
}

/** Part 4: scan of HCL folders (one per tenant) against the floor of parsing the same files with HCL's parser. */
async function hclScanScaling(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "scopegate-hcl-bench-"));
  const rows = [["tenants", "KiB", "floor ms", "scan ms", "scan/floor", "scan µs/tenant"]];
  const perTenant: number[] = [];
  let worst = 0;
  try {
    for (const tenants of HCL_TENANTS) {
      const root = path.join(work, `hcl-${tenants}`);
      const files: string[] = [];
      for (let tenant = 0; tenant < tenants; tenant++) {
        fs.mkdirSync(path.join(root, `t${tenant}`), { recursive: true });
        files.push(path.join(root, `t${tenant}`, "main.tf"));
        fs.writeFileSync(files[tenant], tenantHcl(tenant));
      }
      const bytes = files.reduce((sum, file) => sum + fs.statSync(file).size, 0);
      const reps = tenants <= 30 ? 9 : 7;
      const [floorMs, scanMs] = await pairedMedians(
        reps,
        async () => {
          for (const file of files) await parseHcl(file, fs.readFileSync(file, "utf8"));
        },
        () => scan(root),
      );
      worst = Math.max(worst, scanMs / floorMs);
      perTenant.push(scanMs / tenants);
      rows.push([String(tenants), (bytes / 1024).toFixed(0), floorMs.toFixed(1), scanMs.toFixed(1), (scanMs / floorMs).toFixed(2), ((scanMs * 1000) / tenants).toFixed(0)]);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  printTable(rows);
  console.log("floor: read + hcl2json parse of every main.tf. scan: readTerraformPaths (hcl2json values, hcl-layout positions) + modelOfTerraform + evaluateWithSkips.");
  console.log(
    `Verdict: scan costs at most ${worst.toFixed(2)}x HCL's own parser (goal: at most 3x), ${worst <= 3 ? "within" : "NOT within"} the goal; cost per tenant changes x${(perTenant[perTenant.length - 1] / perTenant[0]).toFixed(2)} from ${HCL_TENANTS[0]} to ${HCL_TENANTS[HCL_TENANTS.length - 1]} tenants.`,
  );
}

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

function printTable(rows: readonly (readonly string[])[]): void {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  for (const row of rows) console.log(row.map((cell, col) => cell.padStart(widths[col])).join("  "));
}

/**
 * Part 5: what the operations catalog adds to a cold `check`. In fresh processes (nothing cached), the time to look up
 * the example's profile operations (the catalog's index and the one file they are in), and to read the whole catalog
 * (what a did-you-mean or a wildcard in a created role reads), against loading the example configuration.
 */
function catalogColdCost(): void {
  const probe = (body: string) => {
    const script = `const { performance } = require("node:perf_hooks");
      const { operationCatalog } = require("./policies/operations.ts");
      const { loadConfig } = require("./config/load.ts");
      const start = performance.now();
      ${body}
      console.log(performance.now() - start);`;
    const runs = Array.from({ length: 7 }, () => Number(execFileSync(path.join("node_modules", ".bin", "tsx"), ["-e", script], { encoding: "utf8" }).trim()));
    return runs.sort((a, b) => a - b)[3];
  };
  const lookup = probe(`for (const name of ["GET /api/v2/users", "POST /api/v2/users/search", "GET /api/v2/users/presences/purecloud/bulk"]) operationCatalog().find(name);`);
  const whole = probe("operationCatalog().operations;");
  const load = probe('loadConfig("scopegate.yaml", "scopegate.yaml");');
  printTable([
    ["what (fresh process, median of 7)", "ms"],
    ["look up the example's 3 profile operations (index + users file)", lookup.toFixed(1)],
    ["read the whole catalog (91 files)", whole.toFixed(1)],
    ["load the example configuration (for scale; includes the lookup)", load.toFixed(1)],
  ]);
}

/**
 * Part 6: peak memory of `scopegate scan` of an exported org, one HCL file of 1,300 resources of 60 types, in a fresh
 * process running the CLI, against a fresh process that only loads the CLI.
 */
function exportedOrgMemory(): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "scopegate-export-bench-"));
  try {
    const file = path.join(work, "genesyscloud.tf");
    fs.writeFileSync(file, exportedOrgLines(1300, docsOnlyResourceTypes(60)).join("\n"));
    const peak = (argv: readonly string[] | undefined) => {
      const script = `const cli = require(${JSON.stringify(path.resolve(__dirname, "..", "cli", "main.ts"))});
        const sink = { write: () => true };
        const done = () => console.log(process.resourceUsage().maxRSS);
        ${argv === undefined ? "done();" : `cli.runCli(${JSON.stringify(argv)}, { stdout: sink, stderr: sink, env: {}, cwd: ${JSON.stringify(work)} }).then(done);`}`;
      return Number(execFileSync(process.execPath, ["--import", "tsx", "-e", script], { encoding: "utf8" }).trim()) / 1024;
    };
    const loaded = peak(undefined);
    const scanned = peak(["scan", file, "--format", "json"]);
    printTable([
      ["what (fresh process)", "KiB of HCL", "peak RSS MiB"],
      ["load the CLI only", "", loaded.toFixed(0)],
      ["scan the 1,300-resource export (json report)", (fs.statSync(file).size / 1024).toFixed(0), scanned.toFixed(0)],
    ]);
    console.log(`Verdict: the scan peaks at ${scanned.toFixed(0)} MiB (goal: well under 1 GiB), ${scanned < 512 ? "within" : "NOT within"} the goal.`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Part 7: cold start of the installed CLI. Fresh processes, alternating: `node -e 0` (the floor), `scopegate check`
 * on the example from the compiled package (`dist/`, built first), and the same from the sources through
 * tsx (the development path).
 */
function coldStart(): void {
  const root = path.resolve(__dirname, "..");
  execFileSync(process.execPath, [path.join(root, "scripts", "build.cjs")], { cwd: root, stdio: "ignore" });
  // The package as installed: its bin, dist/ and data, no TypeScript sources (so the bin runs dist/).
  const installed = fs.mkdtempSync(path.join(os.tmpdir(), "scopegate-installed-"));
  fs.mkdirSync(path.join(installed, "bin"));
  fs.copyFileSync(path.join(root, "bin", "scopegate.mjs"), path.join(installed, "bin", "scopegate.mjs"));
  fs.copyFileSync(path.join(root, "package.json"), path.join(installed, "package.json"));
  for (const shared of ["dist", "docs", "schema", "node_modules"]) fs.symlinkSync(path.join(root, shared), path.join(installed, shared));
  const config = path.join(root, "scopegate.yaml");
  const commands: [string, string[]][] = [
    ["node -e 0", ["-e", "0"]],
    ["scopegate check (installed package: bin -> dist/)", [path.join(installed, "bin", "scopegate.mjs"), "check", "--config", config]],
    ["scopegate check (sources, through tsx)", [path.join(root, "bin", "scopegate.mjs"), "check", "--config", config]],
  ];
  const times = commands.map(() => [] as number[]);
  try {
    for (let run = 0; run < 12; run++) {
      commands.forEach(([, args], which) => {
        const start = performance.now();
        execFileSync(process.execPath, args, { cwd: root, stdio: "ignore" });
        if (run > 0) times[which].push(performance.now() - start);
      });
    }
  } finally {
    fs.rmSync(installed, { recursive: true, force: true });
  }
  const medians = times.map((values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]);
  printTable([["fresh process (median of 11, alternating)", "ms", "x node -e 0"], ...commands.map(([name], which) => [name, medians[which].toFixed(0), (medians[which] / medians[0]).toFixed(2)])]);
  const ratio = medians[1] / medians[0];
  console.log(`Verdict: a cold 'scopegate check' from the package costs ${ratio.toFixed(2)}x 'node -e 0' (goal: at most 4x), ${ratio <= 4 ? "within" : "NOT within"} the goal.`);
}

interface SynthRun {
  readonly ms: number;
  readonly cpuMs: number;
  readonly maxRssKiB: number;
}

/** One synth in a fresh process (`bench/synth-child.ts`): `scopegate` runs `synthesize`, `bare` the bare cdktf app. */
function synthInChild(mode: "scopegate" | "bare", file: string, outdir: string): SynthRun {
  fs.rmSync(outdir, { recursive: true, force: true });
  const child = path.join(__dirname, "synth-child.ts");
  // The same heap limit for both, high enough for the largest size; RSS, not the limit, is what is measured.
  const output = execFileSync(process.execPath, ["--max-old-space-size=12288", "--import", "tsx", child, mode, file, outdir], { encoding: "utf8", maxBuffer: 1 << 20 });
  return JSON.parse(output.trim().split("\n").pop() ?? "") as SynthRun;
}

/** How many files are below `dir`, and their bytes. */
function outputShape(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return { files, bytes };
}

/** The two outputs are the same: same files and bytes; at the smallest size, the same content file by file. */
function assertSameOutput(scopegateDir: string, bareDir: string, wholeContent: boolean): void {
  const [a, b] = [outputShape(scopegateDir), outputShape(bareDir)];
  if (a.files !== b.files || a.bytes !== b.bytes) throw new Error(`synthesize wrote ${a.files} files of ${a.bytes} bytes, the bare app ${b.files} of ${b.bytes}`);
  if (!wholeContent) return;
  for (const entry of fs.readdirSync(scopegateDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const relative = path.relative(scopegateDir, path.join(entry.parentPath, entry.name));
    if (!fs.readFileSync(path.join(scopegateDir, relative)).equals(fs.readFileSync(path.join(bareDir, relative)))) throw new Error(`synthesize and the bare app differ in ${relative}`);
  }
}

/** Peak RSS projected beyond which the largest size is skipped, for either synth. */
const MAX_PROJECTED_RSS_MIB = 8 * 1024;

/**
 * Part 8: `synthesize` (what `scopegate synth` does once the gate passed) against a bare cdktf app writing the same
 * JSON, each in a fresh process that first loads the generated configuration (not timed, in both), alternating, the
 * median of 3 runs at up to 100 tenants and 1 beyond (a 3,000-tenant synth takes minutes). Peak RSS is the process's
 * (model included, in both). On a busy machine read the CPU time: wall time then measures the neighbours.
 */
function synthAgainstBare(): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "scopegate-bare-bench-"));
  const rows = [["tenants", "stacks", "bare ms", "synth ms", "synth ms/stack", "synth/bare", "bare CPU ms", "synth CPU ms", "CPU synth/bare", "bare MiB", "synth MiB", "RSS synth/bare"]];
  const verdicts: { time: number; cpu: number; rss: number }[] = [];
  let last: { tenants: number; peakMiB: number } | undefined;
  try {
    for (const tenants of SYNTH_BARE_TENANTS) {
      if (last !== undefined && tenants >= 10_000) {
        const projected = (last.peakMiB * tenants) / last.tenants;
        if (projected > MAX_PROJECTED_RSS_MIB) {
          console.log(`(${tenants} tenants skipped: peak RSS projected from ${last.tenants} tenants is ${(projected / 1024).toFixed(1)} GiB, over ${MAX_PROJECTED_RSS_MIB / 1024} GiB.)`);
          continue;
        }
      }
      // One file per tenant, as a fleet keeps it (a single file of 10,000 tenants is over the 16 MiB a file may hold).
      const { root: file } = writeSplitConfig(path.join(work, `split-${tenants}`), tenants);
      const [scopegateDir, bareDir] = [path.join(work, "out-scopegate"), path.join(work, "out-bare")];
      const reps = tenants <= 100 ? 3 : 1;
      const runs: { bare: SynthRun[]; scopegate: SynthRun[] } = { bare: [], scopegate: [] };
      for (let i = 0; i < reps; i++) {
        runs.bare.push(synthInChild("bare", file, bareDir));
        runs.scopegate.push(synthInChild("scopegate", file, scopegateDir));
        if (i === 0) assertSameOutput(scopegateDir, bareDir, tenants === SYNTH_BARE_TENANTS[0]);
      }
      fs.rmSync(scopegateDir, { recursive: true, force: true });
      fs.rmSync(bareDir, { recursive: true, force: true });
      const mid = (values: number[]) => values.sort((x, y) => x - y)[Math.floor(values.length / 2)];
      const med = (which: SynthRun[], key: keyof SynthRun) => mid(which.map((run) => run[key]));
      const [bareMs, synthMs] = [med(runs.bare, "ms"), med(runs.scopegate, "ms")];
      const [bareCpu, synthCpu] = [med(runs.bare, "cpuMs"), med(runs.scopegate, "cpuMs")];
      const [bareMiB, synthMiB] = [med(runs.bare, "maxRssKiB") / 1024, med(runs.scopegate, "maxRssKiB") / 1024];
      verdicts.push({ time: synthMs / bareMs, cpu: synthCpu / bareCpu, rss: synthMiB / bareMiB });
      last = { tenants, peakMiB: Math.max(bareMiB, synthMiB) };
      rows.push([
        String(tenants),
        String(tenants * 3),
        bareMs.toFixed(0),
        synthMs.toFixed(0),
        (synthMs / (tenants * 3)).toFixed(2),
        (synthMs / bareMs).toFixed(2),
        bareCpu.toFixed(0),
        synthCpu.toFixed(0),
        (synthCpu / bareCpu).toFixed(2),
        bareMiB.toFixed(0),
        synthMiB.toFixed(0),
        (synthMiB / bareMiB).toFixed(2),
      ]);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  printTable(rows);
  console.log("bare: bench/bare-synth.ts, the same JSON (checked) from plain cdktf. synth: synthesize. Fresh processes, configuration loaded first in both (not timed).");
  const worst = (key: "time" | "cpu" | "rss") => Math.max(...verdicts.map((verdict) => verdict[key]));
  console.log(
    `Verdict: synth costs at most ${worst("time").toFixed(2)}x the bare synth's wall time (${worst("cpu").toFixed(2)}x its CPU time; goal: at most 1.10x), ${worst("time") <= 1.1 ? "within" : "NOT within"} the goal; peak RSS at most ${worst("rss").toFixed(2)}x (goal: at most 1.15x), ${worst("rss") <= 1.15 ? "within" : "NOT within"} the goal.`,
  );
}

/**
 * Part 9: what CI pays to synthesize one customer's stacks in a fleet of 10,000: the load and the gate cover the whole
 * configuration (a partial synth still validates it all and runs every rule), the synth only the tenant's 3 stacks.
 */
async function partialSynthOfFleet(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scopegate-bench-fleet-"));
  try {
    const { root } = writeSplitConfig(dir, 10_000);
    const child = path.join(__dirname, "partial-synth-child.ts");
    const output = execFileSync(process.execPath, ["--max-old-space-size=12288", "--import", "tsx", child, root, tenantName(4_242), path.join(dir, "cdktf.out")], { encoding: "utf8", maxBuffer: 1 << 20 });
    const run = JSON.parse(output.trim().split("\n").pop() ?? "") as { loadMs: number; gateMs: number; synthMs: number; stacks: number; maxRssKiB: number };
    const round = (ms: number) => Math.round(ms).toLocaleString("en-US");
    console.log(`  load (10,000 tenant files) ${round(run.loadMs)} ms, policy gate over all ${round(run.gateMs)} ms, synth of the tenant's ${run.stacks} stacks ${round(run.synthMs)} ms; peak RSS ${Math.round(run.maxRssKiB / 1024)} MiB`);
    console.log(`  the synth itself: ${(run.synthMs / (run.loadMs + run.gateMs)).toFixed(3)}x of load + gate (goal: well under a second beyond them)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The parts to run: all, or those `BENCH_PARTS` names (`BENCH_PARTS=3,4`). */
const PARTS = new Set((process.env.BENCH_PARTS ?? "1,2,3,4,5,6,7,8,9").split(",").map(Number));

async function main(): Promise<void> {
  console.log(`scopegate policy-scaling: node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? "unknown"}), today ${TODAY}`);
  const parts: [number, string, () => unknown][] = [
    [1, "scopegate check of a split configuration against the floor (medians of 7-3 runs, alternating, after a warm-up; 1 run past 3,000 tenants)", checkScaling],
    [2, "policy gate overhead on synth (medians of 7 runs, gate of 21, after a warm-up)", gateOverhead],
    [3, "scopegate scan of the synthesized stacks against the floor (medians of 7-9 runs, alternating, after a warm-up)", scanScaling],
    [4, "scopegate scan of HCL folders, one per tenant, against the floor (medians of 7-9 runs, alternating, after a warm-up)", hclScanScaling],
    [5, "the operations catalog on a cold check", catalogColdCost],
    [6, "peak memory of a scan of an exported org", exportedOrgMemory],
    [7, "cold start of the installed CLI", coldStart],
    [8, "synthesize against a bare cdktf synth of the same resources (fresh processes, alternating; medians of 3 up to 100 tenants, 1 beyond)", synthAgainstBare],
    [9, "synth --tenant of one tenant out of 10,000 (split configuration, a fresh process)", partialSynthOfFleet],
  ];
  for (const [number, title, run] of parts) {
    if (!PARTS.has(number)) continue;
    console.log(`\n${number}. ${title}`);
    await run();
  }
}

void main();
