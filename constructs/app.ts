import * as fs from "node:fs";
import * as path from "node:path";
import { App } from "cdktf";
import type { ScopegateModel } from "../model/model";
import { rolesCreatedFor } from "../config/outputs";
import { groupBy } from "../policies/rule";
import { OrgEnvironmentStack } from "./org-environment-stack";

export interface SynthesizeOptions {
  /** Where the stacks go (`cdktf.out` by default). */
  readonly outdir: string;
  /** Directory of the configuration file: local state paths are relative to it. */
  readonly configDir: string;
  /**
   * Write into `outdir` directly instead of into a sibling directory that replaces `outdir` once synth has
   * succeeded. The cdktf CLI needs this: it owns its output directory.
   * @default false
   */
  readonly inPlace?: boolean;
}

/** What was synthesized, for the summary line. */
export interface SynthesisSummary {
  readonly outdir: string;
  readonly stacks: readonly { readonly name: string; readonly tenant: string; readonly environment: string; readonly clients: number; readonly oauthClientResources: number }[];
}

/** Adds one `OrgEnvironmentStack` per tenant × environment of the model to `app`. */
export function addStacks(app: App, model: ScopegateModel, options: { readonly outdir: string; readonly configDir: string }): OrgEnvironmentStack[] {
  const created = new Map([...groupBy(model.environments, (org) => [org.tenant])].map(([tenant, orgs]) => [tenant, rolesCreatedFor(model.roles, orgs)]));
  // A loop rather than a callback: cdktf keeps a whole stack trace per reference it makes, two frames deeper in a map.
  const stacks: OrgEnvironmentStack[] = [];
  for (const org of model.environments) {
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
 * Synthesizes every stack of the model. Unless `inPlace`, the output is built beside `outdir` and swapped in only
 * when synth succeeded, so a failure leaves an earlier `outdir` as it was. Refuses (throws) to replace a directory
 * that is not earlier output; see `replaceableOutputProblem`.
 */
export function synthesize(model: ScopegateModel, options: SynthesizeOptions): SynthesisSummary {
  const outdir = path.resolve(options.outdir);
  const buildDir = options.inPlace ? outdir : `${outdir}.partial-${process.pid}`;
  if (!options.inPlace) {
    const problem = replaceableOutputProblem(outdir, [options.configDir]);
    if (problem !== undefined) throw new Error(problem);
    fs.mkdirSync(path.dirname(outdir), { recursive: true });
    fs.rmSync(buildDir, { recursive: true, force: true });
  }
  try {
    const app = new App({ outdir: buildDir, stackTraces: false });
    const stacks = addStacks(app, model, { outdir, configDir: options.configDir });
    app.synth();
    if (!options.inPlace) replaceDirectory(buildDir, outdir);
    return {
      outdir: options.outdir,
      stacks: stacks.map((stack, i) => {
        const org = model.environments[i];
        return {
          name: org.stackName,
          tenant: org.tenant,
          environment: org.environment,
          clients: org.oauthClients.length,
          oauthClientResources: [...stack.clients.values()].reduce((sum, client) => sum + client.resources.length, 0),
        };
      }),
    };
  } finally {
    if (!options.inPlace) fs.rmSync(buildDir, { recursive: true, force: true });
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
