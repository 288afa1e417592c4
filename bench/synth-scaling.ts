/**
 * How load and synth cost grow with the number of tenants, each measured against a floor taken in the same run:
 * - load (YAML with positions, schema, semantic checks, normalization) against `yaml.parse` of the same text;
 * - synth (constructs, cdktf, writing every stack) against writing the same bytes with `fs.writeFileSync`.
 * Ratios, not absolute times, are what to compare between machines. Run: `npm run bench`.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { loadConfigText } from "../config/load";
import type { ScopegateModel } from "../config/model";
import { synthesize } from "../constructs/app";

const TENANT_COUNTS = (process.env.BENCH_TENANTS ?? "1,10,50,150").split(",").map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** A realistic configuration: N tenants x (dev, test, prod), five clients each, one rotated, one override. */
function configWith(tenants: number): string {
  const lines = ["version: 1", "tenants:"];
  for (let t = 0; t < tenants; t++) {
    const name = `tenant${t}`;
    lines.push(`  ${name}:`, "    orgs:");
    for (const [env, tier, region] of [
      ["dev", "nonprod", "eu-west-2"],
      ["test", "nonprod", "eu-west-2"],
      ["prod", "prod", "eu-west-1"],
    ]) {
      const upper = `${name.toUpperCase()}_${env.toUpperCase()}`;
      lines.push(
        `      ${env}:`,
        `        tier: ${tier}`,
        `        region: ${region}`,
        `        orgName: ${name}-${env}`,
        `        credentials: { clientIdEnv: ${upper}_CLIENT_ID, clientSecretEnv: ${upper}_CLIENT_SECRET }`,
        `        bindings: { apiAudience: "https://api.mypurecloud.ie" }`,
      );
    }
    lines.push(
      "    oauthClients:",
      "      bot-connector: { grant: CLIENT-CREDENTIALS, capabilities: [bot-session], scopes: [bot:platform, bot:admin], roles: [{ role: Bot Connector }], rotation: 2 }",
      "      guest-tokens: { grant: CLIENT-CREDENTIALS, capabilities: [guest-tokens], scopes: [externaluser:guest:create, externaluser:guest:read], roles: [{ role: Guest Issuer, division: Care }] }",
      "      web-widget:",
      "        grant: CODE",
      "        capabilities: [web-messaging]",
      "        scopes: [messaging]",
      "        redirectUris: [https://chat.example.com/cb]",
      '        environments: { dev: { redirectUris: ["http://localhost:3000/cb"] } }',
      "      analytics: { grant: CLIENT-CREDENTIALS, capabilities: [analytics-export], scopes: [analytics:readonly], roles: [{ role: Analytics Reader }] }",
      "      crm: { grant: CLIENT-CREDENTIALS, capabilities: [guest-tokens], scopes: [externaluser:guest:read], roles: [{ role: CRM }], only: [dev] }",
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Median wall time of `rounds` runs, in milliseconds. */
function median(rounds: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

function load(text: string): ScopegateModel {
  const result = loadConfigText("bench.yaml", text);
  if (!result.ok) throw new Error(`bench config does not load: ${result.problems[0].message}`);
  return result.model;
}

function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "scopegate-bench-"));
  const rows: string[][] = [["tenants", "stacks", "load ms", "yaml.parse ms", "load/floor", "synth ms", "write ms", "synth/floor", "synth ms/stack"]];
  try {
    // Warm up module loading and JIT so the first row is not mostly start-up.
    synthesize(load(configWith(1)), { outdir: path.join(work, "warmup"), configDir: work });

    for (const tenants of TENANT_COUNTS) {
      const text = configWith(tenants);
      const loadMs = median(ROUNDS, () => load(text));
      const parseMs = median(ROUNDS, () => parse(text));

      const model = load(text);
      const outdir = path.join(work, `out-${tenants}`);
      const synthMs = median(ROUNDS, () => synthesize(model, { outdir, configDir: work }));
      const files = model.environments.map((org) => fs.readFileSync(path.join(outdir, "stacks", org.stackName, "cdk.tf.json")));
      const floorDir = path.join(work, `floor-${tenants}`);
      const writeMs = median(ROUNDS, () => {
        fs.rmSync(floorDir, { recursive: true, force: true });
        files.forEach((bytes, i) => {
          const dir = path.join(floorDir, "stacks", String(i));
          fs.mkdirSync(dir, { recursive: true });
          fs.writeFileSync(path.join(dir, "cdk.tf.json"), bytes);
        });
      });

      const stacks = model.environments.length;
      rows.push([
        String(tenants),
        String(stacks),
        loadMs.toFixed(1),
        parseMs.toFixed(1),
        (loadMs / parseMs).toFixed(1),
        synthMs.toFixed(1),
        writeMs.toFixed(1),
        (synthMs / writeMs).toFixed(1),
        (synthMs / stacks).toFixed(2),
      ]);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  for (const row of rows) console.log(row.map((cell, col) => cell.padStart(widths[col])).join("  "));
  console.log(`\nmedian of ${ROUNDS} rounds; floors: yaml.parse of the same text, fs.writeFileSync of the same stack files.`);
  console.log("Growth is linear when 'synth ms/stack' and the ratios stay flat as tenants grow.");
}

main();
