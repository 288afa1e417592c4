/**
 * `synth --tenant` of one tenant in a fresh process, for part 9 of `policy-scaling.ts`: `node --import tsx
 * bench/partial-synth-child.ts <scopegate.yaml> <tenant> <outdir>` does what the command does, timing each step: load
 * the whole configuration, run the policy gate over it, then synthesize the tenant's stacks only. Prints
 * `{ "loadMs": …, "gateMs": …, "synthMs": …, "stacks": …, "maxRssKiB": … }`.
 */
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { loadConfig } from "../config/load";
import { synthesize } from "../constructs/app";
import { evaluateWithSkips } from "../policies/engine";

const [file, tenant, outdir] = process.argv.slice(2);
const time = <T>(fn: () => T): [T, number] => {
  const start = performance.now();
  const result = fn();
  return [result, performance.now() - start];
};
const [loaded, loadMs] = time(() => loadConfig(file));
if (!loaded.ok) throw new Error(loaded.problems[0].message);
const [, gateMs] = time(() => evaluateWithSkips(loaded.model, { today: "2026-12-01" }));
const [summary, synthMs] = time(() => synthesize(loaded.model, { outdir, configDir: path.dirname(path.resolve(file)), tenants: [tenant] }));
process.stdout.write(`${JSON.stringify({ loadMs, gateMs, synthMs, stacks: summary.stacks.length, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
