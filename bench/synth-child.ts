/**
 * One synth in a fresh process, for part 8 of `policy-scaling.ts`: `node --import tsx bench/synth-child.ts
 * <scopegate|bare> <config.yaml> <outdir>` loads the configuration (not timed), synthesizes it with `synthesize` or
 * with the bare cdktf app, and prints `{ "ms": …, "cpuMs": …, "maxRssKiB": … }`: the synth's wall time and CPU time (user +
 * system, less disturbed by other processes on a busy machine) and the process's peak RSS.
 */
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { loadConfig } from "../config/load";
import { synthesize } from "../constructs/app";
import { bareSynth } from "./bare-synth";

const [mode, file, outdir] = process.argv.slice(2);
const loaded = loadConfig(file);
if (!loaded.ok) throw new Error(loaded.problems[0].message);
const configDir = path.dirname(path.resolve(file));
const cpu = process.cpuUsage();
const start = performance.now();
if (mode === "bare") bareSynth(loaded.model, { outdir, configDir });
else if (mode === "scopegate") synthesize(loaded.model, { outdir, configDir });
else throw new Error(`mode '${mode}': expected 'scopegate' or 'bare'`);
const ms = performance.now() - start;
const { user, system } = process.cpuUsage(cpu);
process.stdout.write(`${JSON.stringify({ ms, cpuMs: (user + system) / 1000, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
