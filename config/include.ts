/**
 * A configuration split over files: the root file names tenant files under `include:` (globs relative to its folder),
 * and each tenant file declares one or more tenants, with waivers for its own tenants. The files are read into one
 * source whose data is the whole configuration and whose locations point into the file each part was written in, so
 * everything after reading (schema, cross-field checks, the model, the rules' findings) sees one configuration.
 */
import * as path from "node:path";
import type { SourceLocation } from "../model/model";
import type { ConfigProblem } from "./problems";
import { problemAt } from "./problems";
import { quoteList } from "./suggest";
import type { CredentialReuse, DocPath, Unparsed, YamlSource } from "./yaml-source";

/** Where the tenant files of a configuration are read from: the file system, or a Git revision. */
export interface TenantFileReader {
  /** The files matching a pattern, as paths relative to the root file's folder with '/' separators. */
  match(pattern: string): string[];
  /** Reads one file; `relativePath` is one `match` returned. */
  read(relativePath: string): { source: YamlSource } | Unparsed;
  /** Says which files `read` is about to be asked for, so that a reader can fetch them at once (from Git). */
  prefetch?(relativePaths: readonly string[]): void;
}

/** The root file's `include` patterns, when it has a list of strings there (the schema reports anything else). */
export function includePatterns(data: unknown): readonly string[] | undefined {
  const include = isMapping(data) ? data.include : undefined;
  return Array.isArray(include) && include.length > 0 && include.every((item) => typeof item === "string") ? include : undefined;
}

/**
 * The tenant files the patterns name, each once, sorted; a pattern that matches no file is a problem at the pattern.
 * Patterns `isInvalid` says the schema refused are left out.
 */
export function resolveIncludes(root: YamlSource, patterns: readonly string[], reader: TenantFileReader, isInvalid: (index: number) => boolean): { files: string[]; problems: ConfigProblem[] } {
  const files = new Set<string>();
  const problems: ConfigProblem[] = [];
  const rootName = path.posix.basename(root.file.split(path.sep).join("/"));
  patterns.forEach((pattern, i) => {
    // A pattern the schema refused (one that leaves the folder) is never looked up.
    if (isInvalid(i)) return;
    // The root file itself (a pattern such as '*.yaml' beside it) is not a tenant file; nor is a file outside the root
    // file's folder, which a glob can still reach where the schema sees no '..' ('..*/x.yaml' matches '../x.yaml').
    const matched = reader.match(pattern).filter((file) => file !== rootName && insideFolder(file));
    if (matched.length === 0) {
      problems.push(problemAt(root.locate(["include", i]), `Include pattern '${pattern}' matches no file; expected a path or glob, relative to this file's folder, of at least one tenant file (such as 'tenants/*.yaml').`));
    }
    for (const file of matched) files.add(file);
  });
  return { files: [...files].sort(compareCodePoints), problems };
}

/** Whether a matched path (relative, '/' or the platform's separators) stays inside the root file's folder. */
function insideFolder(file: string): boolean {
  return !path.posix.isAbsolute(file) && !path.win32.isAbsolute(file) && !file.split(/[\\/]/).includes("..");
}

/** The files read as one: the source of the whole configuration, and what is wrong between files. */
export interface CombinedConfiguration {
  readonly source: YamlSource;
  /** A tenant declared in two files, and a tenant file's waiver for a tenant it does not declare. */
  readonly problems: readonly ConfigProblem[];
  /** A path in one file's document as a path in the whole configuration (a tenant file's waivers come after the root's). */
  wholePath(file: YamlSource, localPath: DocPath): DocPath;
  /** How many of the root's waivers a partial configuration left out (their tenants are in files not read). */
  readonly rootWaiversLeftOut: number;
}

/**
 * The root file and its tenant files as one source. Tenants come from every file (the first declaration of a tenant
 * counts; a second is a problem naming both places); waivers are the root's, then each tenant file's in file order.
 * With `partial` (a shard: some of the tenant files), the root's waivers for tenants no file read declares are left
 * out, and counted in `rootWaiversLeftOut`.
 */
export function combineFiles(root: YamlSource, tenantFiles: readonly YamlSource[], options: { readonly partial?: boolean } = {}): CombinedConfiguration {
  const problems: ConfigProblem[] = [];
  const rootData = isMapping(root.data) ? root.data : {};
  const tenants: Record<string, unknown> = {};
  const owners = new Map<string, YamlSource>();
  /** Each file's waivers' indexes in the whole list, and the whole list's entries by file and index. */
  const waiverIndexes = new Map<YamlSource, Map<number, number>>();
  const waiverOwners: { source: YamlSource; index: number }[] = [];
  const waivers: unknown[] = [];
  const waiverEntries: { waiver: unknown; source: YamlSource; index: number }[] = [];
  let waiversValid = true;

  for (const source of [root, ...tenantFiles]) {
    const data = isMapping(source.data) ? source.data : {};
    if (isMapping(data.tenants)) {
      for (const [name, tenant] of Object.entries(data.tenants)) {
        const first = owners.get(name);
        if (first === undefined) {
          owners.set(name, source);
          tenants[name] = tenant;
        } else {
          problems.push(problemAt(source.locate(["tenants", name], "key"), `Tenant '${name}' is declared twice: here and in ${placeOf(first.locate(["tenants", name], "key"))}; expected each tenant declared once, in one file.`));
        }
      }
    }
    const fileWaivers = isMapping(data.policy) ? data.policy.waivers : undefined;
    if (fileWaivers === undefined) continue;
    if (!Array.isArray(fileWaivers)) {
      waiversValid = false;
      continue;
    }
    waiverIndexes.set(source, new Map());
    fileWaivers.forEach((waiver, index) => waiverEntries.push({ waiver, source, index }));
  }
  // The tenants are all known now: a partial configuration leaves out the root's waivers for tenants it did not read.
  let rootWaiversLeftOut = 0;
  for (const { waiver, source, index } of waiverEntries) {
    const tenant = isMapping(waiver) ? waiver.tenant : undefined;
    if (options.partial === true && source === root && typeof tenant === "string" && !owners.has(tenant)) {
      rootWaiversLeftOut++;
      continue;
    }
    waiverIndexes.get(source)!.set(index, waivers.length);
    waivers.push(waiver);
    waiverOwners.push({ source, index });
  }

  // A tenant file's waivers are for the tenants it declares, so that a team owning the file owns its waivers.
  for (const source of tenantFiles) {
    const declared = isMapping(source.data) && isMapping(source.data.tenants) ? Object.keys(source.data.tenants) : [];
    const fileWaivers = isMapping(source.data) && isMapping(source.data.policy) && Array.isArray(source.data.policy.waivers) ? source.data.policy.waivers : [];
    fileWaivers.forEach((waiver: unknown, index: number) => {
      const tenant = isMapping(waiver) ? waiver.tenant : undefined;
      if (typeof tenant !== "string" || declared.includes(tenant)) return;
      const owner = owners.get(tenant);
      // A tenant no file declares is the cross-field checks' to report ("not declared"): one mistake, one message.
      // A shard has not read every file, so there the tenant may be another file's.
      if (owner === undefined && options.partial !== true) return;
      const elsewhere = owner === undefined ? "" : ` (it is declared in ${owner === root ? "the root configuration" : owner.file}; put the waiver there)`;
      const expected = declared.length === 0 ? "expected a tenant it declares (it declares none)" : `expected one of ${quoteList(declared)}`;
      problems.push(problemAt(source.locate(["policy", "waivers", index, "tenant"]), `Waiver names tenant '${tenant}', which this tenant file does not declare${elsewhere}; ${expected}: a tenant file's waivers are for its own tenants.`));
    });
  }

  const rootPolicy = isMapping(rootData.policy) ? rootData.policy : undefined;
  const anyWaivers = waiverEntries.length > 0 || !waiversValid;
  const policy = !anyWaivers ? rootPolicy : { ...(rootPolicy ?? {}), waivers: waiversValid ? waivers : rootPolicy?.waivers ?? waivers };
  const data = { ...rootData, tenants, ...(policy === undefined ? {} : { policy }) };

  const whole = (source: YamlSource, localPath: DocPath): DocPath => {
    // The schema's paths name an index as a string ('policy.waivers.0'), the cross-field checks' as a number.
    const index = typeof localPath[2] === "number" ? localPath[2] : typeof localPath[2] === "string" && /^\d+$/.test(localPath[2]) ? Number(localPath[2]) : undefined;
    if (localPath[0] === "policy" && localPath[1] === "waivers" && index !== undefined && waiversValid) {
      // A waiver left out of a partial configuration is at no index of the whole: -1.
      return ["policy", "waivers", waiverIndexes.get(source)?.get(index) ?? -1, ...localPath.slice(3)];
    }
    return localPath;
  };
  const fileOf = (wholePath: DocPath): { source: YamlSource; path: DocPath } => {
    if (wholePath[0] === "tenants" && wholePath.length >= 2) {
      const owner = owners.get(String(wholePath[1]));
      if (owner !== undefined) return { source: owner, path: wholePath };
    }
    if (wholePath[0] === "policy" && wholePath[1] === "waivers" && typeof wholePath[2] === "number" && waiversValid) {
      const owner = waiverOwners[wholePath[2]];
      if (owner !== undefined) return { source: owner.source, path: ["policy", "waivers", owner.index, ...wholePath.slice(3)] };
    }
    return { source: root, path: wholePath };
  };
  const all = [root, ...tenantFiles];
  const reuse: CredentialReuse[] = all.flatMap((source) => source.credentialReuse.map((one) => ({ ...one, path: whole(source, one.path), slot: whole(source, one.slot) })));
  const source: YamlSource = {
    file: root.file,
    data,
    credentialReuse: reuse,
    credentialValues: all.flatMap((one) => one.credentialValues),
    locate(wholePath, part) {
      const { source: owner, path: localPath } = fileOf(wholePath);
      return owner.locate(localPath, part);
    },
  };
  return { source, problems, wholePath: whole, rootWaiversLeftOut };
}

/** `tenants/acme.yaml:3:3`, the form a message names another place in. */
function placeOf(loc: SourceLocation): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Sorting by code points: the same order on every machine, whatever its locale. */
function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The whole configuration's data from a root file and its tenant files, without checking it: a pull request's base
 * version, compared with the current one. Problems only when a file cannot be read as YAML or a pattern matches no
 * file; `lenient` leaves those files' tenants out instead (a base branch with a broken tenant file).
 */
export function combinedData(root: YamlSource, tenantFiles: TenantFileReader, options: { readonly lenient?: boolean } = {}): { data: unknown } | { problems: ConfigProblem[] } {
  const patterns = includePatterns(root.data);
  if (patterns === undefined) return { data: root.data };
  const { files, problems } = resolveIncludes(root, patterns, tenantFiles, () => false);
  tenantFiles.prefetch?.(files);
  const sources: YamlSource[] = [];
  for (const file of files) {
    const read = tenantFiles.read(file);
    // Leniently, a file that cannot be read adds no tenants: compared with a current version, its tenants changed.
    if ("problems" in read) problems.push(...read.problems);
    else sources.push(read.source);
  }
  return problems.length > 0 && options.lenient !== true ? { problems } : { data: combineFiles(root, sources).source.data };
}

/** One of `count` parts of a fleet's tenant files, numbered from 1: `scopegate check --shard 2/4`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** The files of a shard: every `count`-th of the sorted files, from the `index`-th, so that shards are even. */
export function shardOf(files: readonly string[], shard: Shard): string[] {
  return files.filter((_, i) => i % shard.count === shard.index - 1);
}
