import * as fs from "node:fs";
import * as path from "node:path";
import { globSync } from "tinyglobby";
import type { ScopegateModel } from "../model/model";
import type { TenantFileReader } from "./include";
import type { Shard } from "./include";
import { combineFiles, includePatterns, resolveIncludes, shardOf } from "./include";
import { normalize } from "./normalize";
import type { ConfigProblem } from "./problems";
import { escapeControlCharacters, problemAt, sortProblems } from "./problems";
import type { RawConfig } from "./raw-config";
import { validateAgainstSchema } from "./schema-validation";
import type { Unloaded } from "./semantics";
import { checkSemantics, credentialReuseProblems } from "./semantics";
import type { SchemaResult } from "./schema-validation";
import type { DocPath, YamlSource } from "./yaml-source";
import { hideCredentialValues, parseYamlSource, readYamlSource } from "./yaml-source";

/**
 * The model and the configuration's data (all its files as one, as the schema reads it), or every problem found in
 * the files (never both).
 */
export type LoadResult =
  | { readonly ok: true; readonly model: ScopegateModel; readonly data: unknown; readonly shard?: ShardRead }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/** What a shard read of the whole: its tenant files, all of them, and the root's waivers for tenants in other files. */
export interface ShardRead {
  readonly files: number;
  readonly of: number;
  readonly rootWaiversLeftOut: number;
}

/** How to read a configuration. */
export interface LoadOptions {
  /** Read only this shard of the tenant files (a CI job's part of a fleet's check). */
  readonly shard?: Shard;
}

/**
 * Reads a configuration file, and the tenant files it names under `include:`, into the normalized model, collecting
 * every problem in one pass. Never throws for bad input. `file` names the file in locations (tenant files are named
 * relative to it); `readPath` is where to read it when that differs.
 */
export function loadConfig(file: string, readPath: string = file, options: LoadOptions = {}): LoadResult {
  const read = readYamlSource(file, readPath);
  return "problems" in read ? unreadable(read.problems) : modelFrom(read.source, tenantFilesOnDisk(file, readPath), options);
}

/**
 * Same as `loadConfig`, from the root file's text already in memory; `file` names it in locations. Tenant files are
 * read with `tenantFiles`, by default from the disk beside `file`.
 */
export function loadConfigText(file: string, text: string, tenantFiles: TenantFileReader = tenantFilesOnDisk(file, file)): LoadResult {
  const read = parseYamlSource(file, text);
  return "problems" in read ? unreadable(read.problems) : modelFrom(read.source, tenantFiles);
}

/** Tenant files on disk, beside the root file read from `readPath` and named in locations relative to `file`. */
export function tenantFilesOnDisk(file: string, readPath: string): TenantFileReader {
  const readDir = path.dirname(readPath);
  const nameDir = path.dirname(file);
  let realDir: string | undefined;
  return {
    match: (pattern) => globSync(pattern, { cwd: readDir, onlyFiles: true, expandDirectories: false }),
    read: (relativePath) => {
      realDir ??= realPath(readDir);
      const outside = realDir !== undefined && outsideFolder(realDir, path.join(readDir, relativePath));
      if (outside) return { problems: [{ file: path.join(nameDir, relativePath), message: "The file is a symbolic link to a file outside the root configuration's folder; expected tenant files inside it (a link would read, and quote in messages, any file the check can read)." }] };
      return readYamlSource(path.join(nameDir, relativePath), path.join(readDir, relativePath));
    },
  };
}

/** Whether `file`, its links followed, is outside `realFolder` (a path with its links already followed). */
function outsideFolder(realFolder: string, file: string): boolean {
  const real = realPath(file);
  // A file that cannot be resolved is reported by reading it.
  if (real === undefined) return false;
  const relative = path.relative(realFolder, real);
  return relative === "" || relative.startsWith("..") || path.isAbsolute(relative);
}

/** The path with every link followed, in one system call (a fleet reads thousands of files); undefined if it cannot be. */
function realPath(file: string): string | undefined {
  try {
    return fs.realpathSync.native(file);
  } catch {
    return undefined;
  }
}

/** Problems of a file that is not one YAML document; what they quote from it (a duplicate key) on one printable line. */
function unreadable(problems: readonly ConfigProblem[]): LoadResult {
  return { ok: false, problems: escaped(problems) };
}

function escaped(problems: readonly ConfigProblem[]): ConfigProblem[] {
  return problems.map((problem) => ({ ...problem, message: escapeControlCharacters(problem.message) }));
}

function modelFrom(root: YamlSource, tenantFiles: TenantFileReader, options: LoadOptions = {}): LoadResult {
  const rootSchema = validateAgainstSchema(root, "root");
  const patterns = includePatterns(root.data);
  if (patterns === undefined) {
    const noTenants = isMapping(root.data) && root.data.tenants === undefined && root.data.include === undefined;
    const missing: ConfigProblem[] = noTenants
      ? [problemAt(root.locate([], "key"), "The configuration is missing the required key 'tenants'; expected the tenants, or 'include:' naming the tenant files that declare them.")]
      : [];
    return checked(root, [rootSchema], [...missing, ...credentialReuseProblems(root)], !noTenants);
  }
  const invalidPatterns = new Set(rootSchema.invalidPaths.filter((p) => p[0] === "include" && p.length >= 2).map((p) => Number(p[1])));
  const { files: allFiles, problems: includeProblems } = resolveIncludes(root, patterns, tenantFiles, (i) => invalidPatterns.has(i));
  const files = options.shard === undefined ? allFiles : shardOf(allFiles, options.shard);
  const readProblems: ConfigProblem[] = [];
  const sources: YamlSource[] = [];
  // The credentials values of files that could not be read are hidden from every file's problems too.
  const unreadSecrets: string[] = [];
  for (const file of files) {
    const read = tenantFiles.read(file);
    if ("problems" in read) {
      readProblems.push(...escaped(read.problems));
      unreadSecrets.push(...(read.credentialValues ?? []));
    } else sources.push(read.source);
  }
  const combined = combineFiles(root, sources, { partial: options.shard !== undefined });
  const schemas = sources.map((source) => {
    const result = validateAgainstSchema(source, "tenants");
    return { problems: result.problems, invalidPaths: result.invalidPaths.map((local) => combined.wholePath(source, local)) };
  });
  const fileProblems = [...includeProblems, ...readProblems, ...combined.problems, ...[root, ...sources].flatMap(credentialReuseProblems)];
  // A file that could not be read leaves its tenants out: the cross-field checks would report that as mistakes.
  // The root's waivers too are at other indexes of the whole when a shard leaves some out.
  const wholeRootSchema = { problems: rootSchema.problems, invalidPaths: rootSchema.invalidPaths.map((local) => combined.wholePath(root, local)) };
  const result = checked(combined.source, [wholeRootSchema, ...schemas], fileProblems, includeProblems.length + readProblems.length === 0, unreadSecrets);
  return result.ok && options.shard !== undefined ? { ...result, shard: { files: files.length, of: allFiles.length, rootWaiversLeftOut: combined.rootWaiversLeftOut } } : result;
}

/**
 * The model of a configuration read into one source, or its problems: the schema's, `fileProblems` (from reading
 * the files), and those of the cross-field checks, which run (on what the schema found nothing wrong with) only when
 * `crossChecks` says the configuration is all there.
 */
function checked(source: YamlSource, schemas: readonly SchemaResult[], fileProblems: readonly ConfigProblem[], crossChecks: boolean, moreSecrets: readonly string[] = []): LoadResult {
  const schemaProblems = schemas.flatMap((schema) => schema.problems);
  if (schemaProblems.length === 0 && fileProblems.length === 0) {
    const config = source.data as RawConfig;
    const problems = checkSemantics(config, source);
    return problems.length === 0 ? { ok: true, model: normalize(config, source), data: source.data } : failed(problems, source, moreSecrets);
  }
  // Report everything in one pass: the cross-field checks still run on the parts the schema found nothing wrong with.
  const loaded = crossChecks ? schemaValidPart(source.data, schemas.flatMap((schema) => schema.invalidPaths)) : undefined;
  const semanticProblems = loaded === undefined ? [] : checkSemantics(loaded.config, source, loaded.unloaded);
  return failed([...schemaProblems, ...fileProblems, ...semanticProblems], source, moreSecrets);
}

/**
 * The problems, sorted, with every value written in a credentials mapping (or reused from one) left out of them,
 * and control characters quoted from the file escaped (each message is one line of printable text in every format).
 */
function failed(problems: readonly ConfigProblem[], source: YamlSource, moreSecrets: readonly string[] = []): LoadResult {
  const secrets = [...source.credentialReuse.map((reuse) => reuse.value), ...source.credentialValues, ...moreSecrets];
  const shown = hideCredentialValues(problems, secrets).map((problem) => ({ ...problem, message: escapeControlCharacters(problem.message) }));
  return { ok: false, problems: sortProblems(shown) };
}

/**
 * The configuration reduced to the tenants without schema problems, with what was left out (so that checks on the
 * rest do not report its consequences), or undefined when not even its shape holds.
 */
function schemaValidPart(data: unknown, invalidPaths: readonly DocPath[]): { config: RawConfig; unloaded: Unloaded } | undefined {
  if (!isMapping(data) || !isMapping(data.tenants)) return undefined;
  const invalidTenants = new Set(invalidPaths.filter((p) => p[0] === "tenants" && p.length >= 2).map((p) => String(p[1])));
  if (invalidPaths.some((p) => p[0] === "tenants" && p.length === 1)) return undefined;
  const tenants = Object.fromEntries(Object.entries(data.tenants).filter(([name]) => !invalidTenants.has(name)));
  const policy = isMapping(data.policy) ? data.policy : undefined;
  const under = (...prefix: string[]) => invalidPaths.filter((p) => prefix.every((part, i) => p[i] === part));
  // Profiles and roles without schema problems of their own are checked further.
  const validEntries = (section: "profiles" | "roles") =>
    isMapping(data[section]) ? Object.fromEntries(Object.entries(data[section]).filter(([name]) => under(section, name).length === 0)) : {};
  const profiles = validEntries("profiles");
  const roles = validEntries("roles");
  const waiverPaths = under("policy", "waivers");
  const unloaded: Unloaded = {
    tenants: invalidTenants,
    waivers: !Array.isArray(policy?.waivers) || waiverPaths.some((p) => p.length === 2) ? "all" : new Set(waiverPaths.map((p) => Number(p[2]))),
    tiers: under("policy", "tiers").length > 0,
    // A profile left out would make its capability look undeclared.
    profiles: (data.profiles !== undefined && !isMapping(data.profiles)) || under("profiles").length > 0,
  };
  return { config: { version: 1, profiles, roles, tenants, ...(policy === undefined ? {} : { policy }) } as RawConfig, unloaded };
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
