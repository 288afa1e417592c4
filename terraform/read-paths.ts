/**
 * What `scopegate scan` reads: files and folders as given on the command line, sorted into Terraform root modules
 * (a folder of `*.tf` / `*.tf.json`, or one file given by name) and plans (`terraform show -json` output).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ConfigProblem } from "../config/problems";
import { decodeUtf8 } from "../config/utf8";
import { MAX_CONFIG_BYTES } from "../config/yaml-source";
import type { SourceLocation } from "../model/model";
import type { TerraformSources, TfBlock, TfModule, TfModuleCall, TfPlan, TfValue } from "../model/terraform";
import { blocksOfHclFile } from "./hcl-configuration";
import { blocksOfJsonFile, isTerraformJson } from "./json-configuration";
import { parseJsonFile } from "./json-file";
import { ReferenceIndex } from "./json-form";
import { isTerraformPlan, readPlan } from "./plan";
import type { CommandLineVariables } from "./variable-values";
import { commandLineLocation, inReadingOrder, isAutoVariablesFile, valuesOfVariablesFile } from "./variable-values";

/** Folders never scanned: provider caches, version control, packages. */
const SKIPPED_FOLDERS = new Set([".terraform", ".git", "node_modules"]);

/** Whether a file name is Terraform configuration a folder scan picks up. */
function isConfigurationFile(name: string): boolean {
  return name.endsWith(".tf") || name.endsWith(".tf.json");
}

/** What reading the paths gave: everything readable, every problem (any problem means exit 2), and what was not read. */
export interface ReadResult {
  readonly sources: TerraformSources;
  readonly problems: ConfigProblem[];
  /** What the reader left out without it being a problem (a module call with a remote source), one note each. */
  readonly notes: ReaderNote[];
}

/** Something the reader did not read, and where it is named. */
export interface ReaderNote {
  readonly reason: string;
  readonly loc: SourceLocation;
}

/** How to read the paths. */
export interface ReadOptions {
  /** `--var-file` and `--var` options in the order given: values for every root module read, after its own files'. */
  readonly variables?: CommandLineVariables;
}

/**
 * Reads every path: a folder is searched for folders holding `*.tf` / `*.tf.json` files (each one module, with its
 * variables files: `terraform.tfvars`, `*.auto.tfvars` …), a file is read by its name (`*.tf` HCL, `*.tf.json`
 * Terraform JSON, `*.json` Terraform JSON or a plan). Paths in the result are as given, joined with what was found
 * under them.
 */
export async function readTerraformPaths(paths: readonly string[], cwd: string, options: ReadOptions = {}): Promise<ReadResult> {
  const modules: TfModule[] = [];
  const plans: TfPlan[] = [];
  const problems: ConfigProblem[] = [];
  const references = new ReferenceIndex();
  const commandLine = await commandLineValues(options.variables ?? [], cwd, problems, references);
  // A file named twice (a folder and a file in it, or overlapping folders) is read once, in its first module.
  const seen = new Set<string>();
  const unseen = (files: readonly FoundFile[]) =>
    files.filter((file) => {
      const fresh = !seen.has(file.absolute);
      seen.add(file.absolute);
      return fresh;
    });

  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch (error) {
      problems.push({ file: given, message: `Cannot read: ${reasonOf(error)}; expected a Terraform file or a folder of them.` });
      continue;
    }
    if (stat.isDirectory()) {
      const folders = moduleFolders(absolute, given, problems);
      if (folders.length === 0 && !problems.some((problem) => problem.file.startsWith(given))) {
        problems.push({ file: given, message: "No Terraform files here; expected '*.tf' or '*.tf.json' files in this folder or below it." });
      }
      for (const folder of folders) {
        const files = unseen(folder.files);
        if (files.length > 0) modules.push(await readModule(folder.label, files, unseen(folder.variablesFiles), commandLine, problems, references));
      }
      continue;
    }
    const name = path.basename(given);
    if (unseen([{ label: given, absolute }]).length === 0) continue;
    if (name.endsWith(".tf")) {
      modules.push(await readModule(given, [{ label: given, absolute }], [], commandLine, problems, references));
    } else if (name.endsWith(".json")) {
      const text = readText(given, absolute, problems);
      if (text === undefined) continue;
      const parsed = parseJsonFile(given, text);
      if ("problem" in parsed) {
        problems.push(parsed.problem);
        continue;
      }
      if (isTerraformPlan(parsed.json.value)) {
        const read = await readPlan(parsed.json, references);
        problems.push(...read.problems);
        plans.push(read.plan);
      } else if (isTerraformJson(parsed.json.value)) {
        const read = await blocksOfJsonFile(given, text, references);
        problems.push(...read.problems);
        modules.push(withValues({ label: given, format: "json", files: [given], blocks: read.blocks }, commandLine));
      } else {
        problems.push({
          file: given,
          line: 1,
          column: 1,
          message: "Not a Terraform JSON configuration or plan; expected a top-level 'resource', 'data', 'provider' … key, or a plan from 'terraform show -json <planfile>' (with 'format_version').",
        });
      }
    } else {
      problems.push({
        file: given,
        message: "Not a file scopegate scans; expected '*.tf', '*.tf.json', or a plan in JSON ('terraform show -json <planfile> > plan.json'; binary plan files cannot be read).",
      });
    }
  }
  const notes = await followModuleCalls(modules, cwd, { commandLine, problems, references, seen });
  return { sources: { modules, plans }, problems, notes };
}

/**
 * Links each module's calls of local modules (`source = "./modules/x"`, `"../shared"`) to the module they call,
 * reading the called folder when no path named it, and marks the called module as a child (`calledBy`), so that it
 * is checked with its caller's values rather than as a root. A remote source (a registry address, `git::`, `http`,
 * an archive) is a note. Modules are replaced in `modules` in place.
 */
async function followModuleCalls(
  modules: TfModule[],
  cwd: string,
  reading: { commandLine: ReadonlyMap<string, TfValue>; problems: ConfigProblem[]; references: ReferenceIndex; seen: Set<string> },
): Promise<ReaderNote[]> {
  const notes: ReaderNote[] = [];
  const folderOf = (module: TfModule) => moduleFolder(module, cwd);
  const byFolder = new Map(modules.filter((module) => module.format !== "plan").map((module, index) => [folderOf(module), index]));
  for (let index = 0; index < modules.length; index++) {
    const module = modules[index];
    const calls: TfModuleCall[] = [];
    for (const block of module.blocks) {
      if (block.kind !== "module") continue;
      const source = block.body.entries.get("source");
      if (source?.kind !== "literal" || typeof source.value !== "string") continue;
      if (!/^\.\.?([\\/]|$)/.test(source.value)) {
        notes.push({ reason: `Module '${block.type}' (source '${withoutCredentials(source.value)}') was not followed: scopegate reads module folders on disk only, so its blocks were not checked; scan a checkout of its source as well.`, loc: source.loc });
        continue;
      }
      const folder = path.resolve(folderOf(module), source.value);
      let childIndex = byFolder.get(folder);
      if (childIndex === undefined) {
        const label = path.relative(cwd, folder) || ".";
        const found = moduleFolders(folder, label, reading.problems, false)[0];
        if (found === undefined) {
          reading.problems.push({ ...source.loc, message: `Module '${block.type}' calls '${source.value}', which holds no Terraform files; expected a folder of '*.tf' or '*.tf.json' files.` });
          continue;
        }
        // A module's own variables files are not read for a child: only its caller sets its variables.
        for (const file of found.files) reading.seen.add(file.absolute);
        modules.push(await readModule(found.label, found.files, [], new Map(), reading.problems, reading.references));
        childIndex = modules.length - 1;
        byFolder.set(folder, childIndex);
      }
      const child = modules[childIndex];
      if (child === module) continue;
      calls.push({ name: block.type, child: child.label, body: block.body, loc: block.loc });
      if (child.calledBy === undefined) {
        // Values a child got from its own folder's tfvars or the command line are not what its caller passes.
        const { variableValues: _own, ...rest } = child;
        modules[childIndex] = { ...rest, calledBy: { module: module.label, call: block.type, loc: block.loc } };
      }
    }
    if (calls.length > 0) modules[index] = { ...modules[index], calls };
  }
  // Modules that call each other round (a -> b -> a) have no root to be checked from; Terraform refuses them too.
  const byLabel = new Map(modules.map((module) => [module.label, module]));
  const inCycle = new Set<string>();
  for (const module of modules) {
    const chain: string[] = [];
    for (let at: TfModule | undefined = module; at?.calledBy !== undefined && !chain.includes(at.label); at = byLabel.get(at.calledBy.module)) chain.push(at.label);
    const last = chain.length > 0 ? byLabel.get(byLabel.get(chain[chain.length - 1])?.calledBy?.module ?? "") : undefined;
    if (last === undefined || !chain.includes(last.label) || chain.some((label) => inCycle.has(label))) continue;
    const cycle = chain.slice(chain.indexOf(last.label));
    for (const label of cycle) inCycle.add(label);
    const first = byLabel.get(cycle[0])!;
    notes.push({
      reason: `Modules ${[...cycle, cycle[0]].map((label) => `'${label}'`).join(" -> ")} call each other in a cycle, which Terraform refuses; their blocks were not checked. Expected each module called from a root module and none calling back.`,
      loc: first.calledBy!.loc,
    });
  }
  return notes;
}

/** The absolute folder of a module: its own, or for a module read from one file given by name, that file's folder. */
export function moduleFolder(module: TfModule, cwd: string): string {
  return path.resolve(cwd, module.files.length === 1 && module.files[0] === module.label ? path.dirname(module.label) : module.label);
}

/**
 * A module source without a password, key or token in it: user information (`git::https://user:token@host/x` →
 * `git::https://…@host/x`) and the query (`?sshkey=…`, `?access_token=…`, a signed URL's signature) are left out.
 */
function withoutCredentials(source: string): string {
  return source.replace(/\/\/[^/@\s]+@/, "//…@").replace(/\?.*$/s, "?…");
}

interface FoundFile {
  readonly label: string;
  readonly absolute: string;
}

/** A folder holding configuration files: its files sorted by name, and its variables files in Terraform's order. */
interface ModuleFolder {
  readonly label: string;
  readonly files: FoundFile[];
  readonly variablesFiles: FoundFile[];
}

/** Folders at or under `absolute` (at it only, when not `recursive`) that hold configuration files. */
function moduleFolders(absolute: string, label: string, problems: ConfigProblem[], recursive = true): ModuleFolder[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(absolute, { withFileTypes: true });
  } catch (error) {
    problems.push({ file: label, message: `Cannot read folder: ${reasonOf(error)}.` });
    return [];
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const found = (names: readonly { name: string }[]) => names.map(({ name }) => ({ label: path.join(label, name), absolute: path.join(absolute, name) }));
  const files = found(entries.filter((entry) => entry.isFile() && isConfigurationFile(entry.name)));
  const variablesFiles = found(inReadingOrder(entries.filter((entry) => entry.isFile() && isAutoVariablesFile(entry.name))));
  const folders: ModuleFolder[] = files.length > 0 ? [{ label, files, variablesFiles }] : [];
  for (const entry of entries) {
    if (recursive && entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) folders.push(...moduleFolders(path.join(absolute, entry.name), path.join(label, entry.name), problems));
  }
  return folders;
}

/** The files of one module, each read by its format, and its variables' values: its variables files', then the command line's. */
async function readModule(
  label: string,
  files: readonly FoundFile[],
  variablesFiles: readonly FoundFile[],
  commandLine: ReadonlyMap<string, TfValue>,
  problems: ConfigProblem[],
  references: ReferenceIndex,
): Promise<TfModule> {
  const blocks: TfBlock[] = [];
  for (const file of files) {
    const text = readText(file.label, file.absolute, problems);
    if (text === undefined) continue;
    if (file.label.endsWith(".tf.json")) {
      const read = await blocksOfJsonFile(file.label, text, references);
      problems.push(...read.problems);
      blocks.push(...read.blocks);
    } else {
      const read = await blocksOfHclFile(file.label, text, references);
      problems.push(...read.problems);
      blocks.push(...read.blocks);
    }
  }
  const format = files.every((file) => file.label.endsWith(".tf.json")) ? "json" : "hcl";
  const values = new Map<string, TfValue>();
  for (const file of variablesFiles) await readValuesInto(values, file, problems, references);
  const module = { label, format, files: [...files, ...variablesFiles].map((file) => file.label), blocks } as const;
  return withValues(module, new Map([...values, ...commandLine]));
}

/** Sets in `values` what one variables file sets, later files winning; a file that cannot be read is a problem. */
async function readValuesInto(values: Map<string, TfValue>, file: FoundFile, problems: ConfigProblem[], references: ReferenceIndex): Promise<void> {
  const text = readText(file.label, file.absolute, problems);
  if (text === undefined) return;
  const read = await valuesOfVariablesFile(file.label, text, references);
  problems.push(...read.problems);
  for (const [name, value] of read.values) values.set(name, value);
}

/** A module with variable values set, if there are any. */
function withValues(module: TfModule, values: ReadonlyMap<string, TfValue>): TfModule {
  return values.size === 0 ? module : { ...module, variableValues: values };
}

/** The values `--var-file` and `--var` set, later ones winning. A `--var` value is a string, located at the option. */
async function commandLineValues(variables: CommandLineVariables, cwd: string, problems: ConfigProblem[], references: ReferenceIndex): Promise<Map<string, TfValue>> {
  const values = new Map<string, TfValue>();
  for (const variable of variables) {
    if ("varFile" in variable) {
      await readValuesInto(values, { label: variable.varFile, absolute: path.resolve(cwd, variable.varFile) }, problems, references);
    } else {
      values.set(variable.name, { kind: "literal", value: variable.value, loc: commandLineLocation(variable.name) });
    }
  }
  return values;
}

function readText(label: string, absolute: string, problems: ConfigProblem[]): string | undefined {
  try {
    const size = fs.statSync(absolute).size;
    if (size > MAX_CONFIG_BYTES) {
      problems.push({ file: label, message: `File is ${size} bytes; scopegate reads files up to ${MAX_CONFIG_BYTES} bytes.` });
      return undefined;
    }
    // A byte order mark is not part of the text (columns on line 1 count from after it); a file that is not UTF-8 is a problem at its first bad byte.
    const decoded = decodeUtf8(fs.readFileSync(absolute));
    if ("notUtf8" in decoded) {
      problems.push({ file: label, ...decoded.notUtf8 });
      return undefined;
    }
    return decoded.text;
  } catch (error) {
    problems.push({ file: label, message: `Cannot read: ${reasonOf(error)}.` });
    return undefined;
  }
}

/** `ENOENT: no such file or directory, stat '/x'` → `no such file or directory`. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /^[A-Z]+: ([^,]+)/.exec(message)?.[1] ?? message;
}
