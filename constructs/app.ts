import * as fs from "node:fs";
import * as path from "node:path";
import { App, Manifest } from "cdktf";
import type { ScopegateModel } from "../model/model";
import type { StackSelection } from "../model/selection";
import { isPartialSelection, selectedOrgs } from "../model/selection";
import { rolesCreatedFor } from "../config/outputs";
import { groupBy } from "../policies/rule";
import { OrgEnvironmentStack } from "./org-environment-stack";

export interface SynthesizeOptions extends StackSelection {
  /** Where the stacks go (`cdktf.out` by default). */
  readonly outdir: string;
  /** Directory of the configuration file: local state paths are relative to it. */
  readonly configDir: string;
  /**
   * Write into `outdir` directly instead of into a sibling directory that replaces `outdir` once synth has
   * succeeded. The cdktf CLI needs this: it owns its output directory. A partial synth builds beside `outdir` either
   * way, and with `inPlace` keeps what Terraform left in the directories it replaces.
   * @default false
   */
  readonly inPlace?: boolean;
  /**
   * Synthesize only these tenants' stacks (a partial synth; see `synthesize`). Each must be a tenant of the model.
   * @default - every tenant: a full synth
   */
  readonly tenants?: readonly string[];
  /**
   * Synthesize only these environments' stacks (of the selected tenants): a partial synth too.
   * @default - every environment
   */
  readonly environments?: readonly string[];
}

/** What was synthesized, for the summary line. */
export interface SynthesisSummary {
  readonly outdir: string;
  /** The stacks synthesized: all of the model's in a full synth, the selected ones in a partial synth. */
  readonly stacks: readonly { readonly name: string; readonly tenant: string; readonly environment: string; readonly clients: number; readonly oauthClientResources: number }[];
  /** Whether only some stacks were synthesized (`tenants` or `environments` given). */
  readonly partial: boolean;
  /** A partial synth: the stacks of the output directory it left as they were, by name. */
  readonly kept: readonly string[];
  /** Of `kept`, the stacks the model no longer declares (a full synth removes them). */
  readonly undeclared: readonly string[];
  /**
   * A partial synth: the stacks the earlier manifest listed whose synthesized file is not there (a directory removed,
   * or a file in its place), by name. The merged manifest no longer lists them: the cdktf CLI reads every stack listed.
   */
  readonly missing: readonly string[];
}

/**
 * Adds one `OrgEnvironmentStack` per tenant × environment of the model to `app`, or only those of the selected
 * `tenants` and `environments`. The roles a stack creates are worked out from all its tenant's orgs either way, so a
 * stack synthesized alone is byte-identical to the same stack in a full synth.
 */
export function addStacks(
  app: App,
  model: ScopegateModel,
  options: { readonly outdir: string; readonly configDir: string } & StackSelection,
): OrgEnvironmentStack[] {
  const created = new Map([...groupBy(model.environments, (org) => [org.tenant])].map(([tenant, orgs]) => [tenant, rolesCreatedFor(model.roles, orgs)]));
  // A loop rather than a callback: cdktf keeps a whole stack trace per reference it makes, two frames deeper in a map.
  const stacks: OrgEnvironmentStack[] = [];
  for (const org of selectedOrgs(model, options)) {
    const workingDirectory = path.resolve(options.outdir, "stacks", org.stackName);
    stacks.push(new OrgEnvironmentStack(app, { org, roles: created.get(org.tenant) ?? [], configDir: options.configDir, workingDirectory }));
  }
  return stacks;
}

/** The longest name of an output directory (or a parent): 255 bytes less room for '.previous-<pid>' beside it. */
const MAX_OUTPUT_NAME_BYTES = 230;

/**
 * Why `outdir` may not be replaced by synth output, or undefined when it may: it must not hold (or be) any of
 * `protectedDirs`, and if it exists it must be empty or an earlier synth output (it has a cdktf `manifest.json`).
 */
export function replaceableOutputProblem(outdir: string, protectedDirs: readonly string[], displayName = outdir): string | undefined {
  const target = path.resolve(outdir);
  for (const dir of protectedDirs) {
    const relative = path.relative(target, path.resolve(dir));
    if (relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative))) {
      return `Output directory '${displayName}' would replace '${dir}', which holds the configuration or the working directory; choose an output directory of its own, such as 'cdktf.out'.`;
    }
  }
  // Beside it go '<name>.partial-<pid>' and '<name>.previous-<pid>': every name must leave room for those.
  const tooLong = target.split(path.sep).find((part) => Buffer.byteLength(part) > MAX_OUTPUT_NAME_BYTES);
  if (tooLong !== undefined) {
    return `Output directory '${displayName}' has a name of ${Buffer.byteLength(tooLong)} bytes ('${tooLong.slice(0, 20)}…'); expected names of at most ${MAX_OUTPUT_NAME_BYTES} bytes.`;
  }
  const dangling = (file: string) => {
    try {
      return fs.lstatSync(file).isSymbolicLink() && !fs.existsSync(file);
    } catch {
      return false; // not there at all (ENOENT), or below a file (ENOTDIR): said below
    }
  };
  if (!fs.existsSync(target)) {
    if (dangling(target)) return `Output directory '${displayName}' is a symbolic link to nothing ('${fs.readlinkSync(target)}'); expected a directory, or no file at all.`;
    // Created with its missing parents: the nearest one that exists must be a directory.
    let parent = path.dirname(target);
    while (!fs.existsSync(parent) && path.dirname(parent) !== parent) {
      if (dangling(parent)) {
        const shown = path.join(displayName, path.relative(target, parent));
        return `Output directory '${displayName}' cannot be created: '${shown}' is a symbolic link to nothing; expected a directory path for the synthesized stacks.`;
      }
      parent = path.dirname(parent);
    }
    if (fs.statSync(parent).isDirectory()) return undefined;
    const shown = path.join(displayName, path.relative(target, parent));
    return `Output directory '${displayName}' cannot be created: '${shown}' is a file; expected a directory path for the synthesized stacks.`;
  }
  if (!fs.statSync(target).isDirectory()) return `Output directory '${displayName}' is a file; expected a directory for the synthesized stacks.`;
  const entries = fs.readdirSync(target);
  if (entries.length > 0 && !entries.includes("manifest.json")) {
    return `Output directory '${displayName}' is not empty and holds no earlier synth output (no manifest.json); choose another output directory or empty it.`;
  }
  return undefined;
}

/**
 * Why a partial synth may not merge its stacks into `outdir`, or undefined when it may: an earlier `manifest.json`
 * there must be a cdktf manifest (an object of stacks), which the merged one keeps listing.
 */
export function partialOutputProblem(outdir: string, displayName = outdir): string | undefined {
  try {
    readEarlierManifest(path.resolve(outdir), displayName);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The stacks listed by an earlier synth's manifest in `outdir`, by name; empty when there is none. */
function readEarlierManifest(outdir: string, displayName = outdir): Map<string, unknown> {
  const file = path.join(outdir, Manifest.fileName);
  if (!fs.existsSync(file)) return new Map();
  let stacks: unknown;
  try {
    stacks = (JSON.parse(fs.readFileSync(file, "utf8")) as { stacks?: unknown } | null)?.stacks;
  } catch {
    stacks = undefined;
  }
  const entries = typeof stacks === "object" && stacks !== null && !Array.isArray(stacks) ? Object.entries(stacks) : undefined;
  if (entries === undefined || entries.some(([name, entry]) => (entry as { name?: unknown } | null)?.name !== name)) {
    throw new Error(
      `'${displayName}/manifest.json' is not a cdktf manifest (an object of stacks by name), so a partial synth cannot add its stacks to it; run a full synth (without --tenant or --env), which replaces the output directory whole.`,
    );
  }
  return new Map(entries);
}

/**
 * Synthesizes every stack of the model, or only the selected `tenants` and `environments` (a partial synth).
 *
 * A full synth builds the output beside `outdir` and swaps it in only when synth succeeded, so a failure leaves an
 * earlier `outdir` as it was (unless `inPlace`). Refuses (throws) to replace a directory that is not earlier output;
 * see `replaceableOutputProblem`.
 *
 * A partial synth builds the selected stacks beside `outdir` too, then replaces each of their directories under
 * `outdir/stacks` whole (a rename; with `inPlace`, what Terraform left in one, such as `.terraform`, moves into the new
 * one) and, last, `manifest.json` (a rename): the earlier manifest's stacks and the new ones, in cdktf's own format.
 * Every other stack directory stays untouched, including those of stacks the model no longer declares: only a full
 * synth removes them. Refuses (throws) an earlier manifest that is not cdktf's; see `partialOutputProblem`.
 */
export function synthesize(model: ScopegateModel, options: SynthesizeOptions): SynthesisSummary {
  const outdir = path.resolve(options.outdir);
  const partial = isPartialSelection(options);
  const inPlace = options.inPlace === true && !partial;
  const buildDir = inPlace ? outdir : `${outdir}.partial-${process.pid}`;
  if (!options.inPlace) {
    const problem = replaceableOutputProblem(outdir, [options.configDir]);
    if (problem !== undefined) throw new Error(problem);
  }
  // Refused before synthesizing; read again, under the lock, when merging.
  if (partial) readEarlierManifest(outdir);
  let earlier = new Map<string, unknown>();
  let missing: string[] = [];
  if (!inPlace) {
    fs.mkdirSync(path.dirname(outdir), { recursive: true });
    fs.rmSync(buildDir, { recursive: true, force: true });
  }
  try {
    const app = new App({ outdir: buildDir, stackTraces: false });
    const orgs = selectedOrgs(model, options);
    const stacks = addStacks(app, model, { outdir, configDir: options.configDir, tenants: options.tenants, environments: options.environments });
    app.synth();
    // One synth at a time merges into (or replaces) `outdir`: two partial synths each reading the manifest before the
    // other wrote it would lose the first one's new stacks from it.
    if (partial || !inPlace) {
      withOutputLock(outdir, () => {
        if (!partial) return replaceDirectory(buildDir, outdir);
        const listed = readEarlierManifest(outdir);
        // The cdktf CLI reads the file of every stack the manifest lists ('cdktf deploy' of any stack fails on one missing).
        missing = [...listed].filter(([, entry]) => !isFile(outdir, (entry as { synthesizedStackPath?: unknown }).synthesizedStackPath)).map(([name]) => name);
        earlier = new Map([...listed].filter(([name]) => !missing.includes(name)));
        mergeInto(buildDir, outdir, earlier, { carryOver: options.inPlace === true });
      });
    }
    const synthesized = new Set(orgs.map((org) => org.stackName));
    const declared = new Set(model.environments.map((org) => org.stackName));
    const kept = [...earlier.keys()].filter((name) => !synthesized.has(name)).sort();
    const notThere = missing.filter((name) => !synthesized.has(name)).sort();
    return {
      outdir: options.outdir,
      stacks: stacks.map((stack, i) => {
        const org = orgs[i];
        return {
          name: org.stackName,
          tenant: org.tenant,
          environment: org.environment,
          clients: org.oauthClients.length,
          oauthClientResources: [...stack.clients.values()].reduce((sum, client) => sum + client.resources.length, 0),
        };
      }),
      partial,
      kept,
      undeclared: kept.filter((name) => !declared.has(name)),
      missing: notThere,
    };
  } finally {
    if (!inPlace) fs.rmSync(buildDir, { recursive: true, force: true });
  }
}

/**
 * Moves the stacks synthesized in `buildDir` into `outdir`, each directory replacing its earlier one whole, then the
 * manifest listing them and the `earlier` stacks: until it is renamed into place, the earlier manifest lists only
 * directories that are there.
 */
function mergeInto(buildDir: string, outdir: string, earlier: ReadonlyMap<string, unknown>, { carryOver }: { readonly carryOver: boolean }): void {
  const built = JSON.parse(fs.readFileSync(path.join(buildDir, Manifest.fileName), "utf8")) as { version: string; stacks: Record<string, unknown> };
  // cdktf's own writer (keys sorted), so the manifest is byte-identical to a full synth's of the same stacks.
  const manifest = new Manifest(built.version, buildDir, false);
  for (const [name, entry] of [...earlier, ...Object.entries(built.stacks)]) {
    Object.defineProperty(manifest.stacks, name, { value: entry, enumerable: true, writable: true, configurable: true });
  }
  manifest.writeToFile();
  fs.mkdirSync(path.join(outdir, Manifest.stacksFolder), { recursive: true });
  const aside = path.join(buildDir, "previous");
  fs.mkdirSync(aside);
  for (const name of Object.keys(built.stacks)) {
    const from = path.join(buildDir, Manifest.stacksFolder, name);
    const to = path.join(outdir, Manifest.stacksFolder, name);
    const hadPrevious = fs.existsSync(to);
    // Under the cdktf CLI, Terraform works in the stack's directory: its files (.terraform, the lock file) stay.
    const carried = hadPrevious && carryOver && fs.statSync(to).isDirectory() ? fs.readdirSync(to).filter((entry) => !fs.existsSync(path.join(from, entry))) : [];
    try {
      for (const entry of carried) fs.renameSync(path.join(to, entry), path.join(from, entry));
      if (hadPrevious) fs.renameSync(to, path.join(aside, name));
      fs.renameSync(from, to);
    } catch (error) {
      if (hadPrevious && !fs.existsSync(to)) fs.renameSync(path.join(aside, name), to);
      for (const entry of carried) {
        if (fs.existsSync(path.join(from, entry))) fs.renameSync(path.join(from, entry), path.join(to, entry));
      }
      throw error;
    }
  }
  fs.renameSync(path.join(buildDir, Manifest.fileName), path.join(outdir, Manifest.fileName));
}

/** How long a synth waits for another one writing the same output directory. */
const OUTPUT_LOCK_WAIT_MS = 120_000;

/**
 * Runs `write` holding `<outdir>.lock` (a directory beside `outdir`, made atomically, holding the owner's pid). A lock
 * whose owner has exited (killed mid-synth) is taken over; one still held after `OUTPUT_LOCK_WAIT_MS` is an error.
 */
function withOutputLock(outdir: string, write: () => void): void {
  const lock = `${outdir}.lock`;
  const deadline = Date.now() + OUTPUT_LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    // Only ever a lock of ours is taken over: a directory holding at most its pid file.
    const stat = fs.statSync(lock, { throwIfNoEntry: false });
    if (stat !== undefined && (!stat.isDirectory() || fs.readdirSync(lock).some((entry) => entry !== "pid"))) {
      throw Object.assign(new Error(`'${lock}' is in the way of the lock synth takes beside the output directory; expected no file of that name.`), { code: "ELOCKED" });
    }
    if (!lockOwnerAlive(lock)) {
      fs.rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw Object.assign(new Error(`'${lock}' is held by process ${lockOwner(lock)}, another synth writing the same output directory.`), { code: "ELOCKED" });
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
  try {
    fs.writeFileSync(path.join(lock, "pid"), `${process.pid}\n`);
    write();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function lockOwner(lock: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(lock, "pid"), "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the lock's owner still runs; a lock not yet holding its pid (just made) counts as held, unless it is old. */
function lockOwnerAlive(lock: string): boolean {
  const pid = lockOwner(lock);
  if (pid === undefined) {
    try {
      return Date.now() - fs.statSync(lock).mtimeMs < 10_000;
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether `file` (relative to `dir`) is a file there. */
function isFile(dir: string, file: unknown): boolean {
  try {
    return typeof file === "string" && fs.statSync(path.resolve(dir, file)).isFile();
  } catch {
    return false;
  }
}

/** Moves `from` to `to`, replacing what was at `to`; `to` is never left half-written. */
function replaceDirectory(from: string, to: string): void {
  const previous = `${to}.previous-${process.pid}`;
  const hadPrevious = fs.existsSync(to);
  if (hadPrevious) fs.renameSync(to, previous);
  try {
    fs.renameSync(from, to);
  } catch (error) {
    if (hadPrevious) fs.renameSync(previous, to);
    throw error;
  }
  if (hadPrevious) fs.rmSync(previous, { recursive: true, force: true });
}
