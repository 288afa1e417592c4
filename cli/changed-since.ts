/**
 * `--changed-since BASE`: the tenants a change touches, comparing the configuration with its base version. The base
 * is a file (the base root configuration; its tenant files are read beside it), a folder holding a checkout of the
 * base (the configuration at the same path in it), or a Git revision (`origin/main`), read with `git` from the
 * repository that holds the configuration.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import picomatch from "picomatch";
import { changedTenants } from "../config/changed-tenants";
import type { TenantFileReader } from "../config/include";
import { combinedData } from "../config/include";
import { tenantFilesOnDisk } from "../config/load";
import { decodeUtf8 } from "../config/utf8";
import type { Unparsed, YamlSource } from "../config/yaml-source";
import { parseYamlSource, readYamlSource } from "../config/yaml-source";
import type { CliIO } from "./io";
import { InputError } from "./io";

/** What `--changed-since` accepts, for messages. */
const EXPECTED_BASE = "expected a file with the base configuration (or an empty file), a folder holding a checkout of the base, or a Git revision such as 'origin/main'";

/**
 * The tenants of the current configuration (`currentData`, read from `file`) whose declaration or waivers differ from
 * the base's (see `changedTenants`). A base that cannot be read is bad input (`InputError`), never "nothing changed".
 */
export function tenantsChangedSince(base: string, file: string, currentData: unknown, io: CliIO): string[] {
  return changedTenants(currentData, baseData(base, file, io));
}

/** The base configuration's data: undefined when there is none (an empty file; no configuration at that revision). */
function baseData(base: string, file: string, io: CliIO): unknown {
  // An empty base (a CI variable that is not set, such as 'github.base_ref' on a push) would be the current folder:
  // the configuration compared with itself, "nothing changed".
  if (base.trim() === "") throw new InputError([{ file, message: `--changed-since is empty; ${EXPECTED_BASE}.` }], file);
  const basePath = path.resolve(io.cwd, base);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(basePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "ENOTDIR") throw new InputError([{ file: base, message: `--changed-since '${base}' cannot be read (${code ?? (error as Error).message}); ${EXPECTED_BASE}.` }], base);
  }
  if (stat?.isDirectory() === true) {
    // The configuration at the same path in the checkout as in the working directory.
    const inCheckout = path.relative(io.cwd, path.resolve(io.cwd, file));
    const rootPath = path.join(basePath, inCheckout);
    if (!fs.existsSync(rootPath)) return undefined;
    refuseItself(base, rootPath, file, io);
    const read = readYamlSource(path.join(base, inCheckout), rootPath);
    return combined(read, tenantFilesOnDisk(rootPath, rootPath), base, true);
  }
  if (stat !== undefined) {
    refuseItself(base, basePath, file, io);
    return baseFileData(base, basePath);
  }
  const revision = gitRevision(base, file, io);
  if (revision === undefined) {
    throw new InputError(
      [{ file: base, message: `--changed-since '${base}' cannot be read (ENOENT); it is neither a file nor a folder, nor a Git revision of the repository holding ${file} (is git installed, and was the revision fetched? In GitHub Actions, actions/checkout needs 'fetch-depth: 0'); ${EXPECTED_BASE}.` }],
      base,
    );
  }
  const root = revision.read(revision.rootPath);
  return root === undefined ? undefined : combined(root, revision.tenantFiles, base, true);
}

/** A base that is the configuration itself ('.', the current checkout) would say that nothing changed: bad input. */
function refuseItself(base: string, baseRoot: string, file: string, io: CliIO): void {
  const real = (one: string) => {
    try {
      return fs.realpathSync(one);
    } catch {
      return undefined;
    }
  };
  const current = real(path.resolve(io.cwd, file));
  if (current !== undefined && real(baseRoot) === current) {
    throw new InputError([{ file: base, message: `--changed-since '${base}' is the configuration being checked (${file}), not a base version of it: compared with itself, nothing would count as changed; ${EXPECTED_BASE}.` }], base);
  }
}

/**
 * A base file: its data, with tenant files read beside it. Strictly: a base file written elsewhere (with 'git show')
 * has no tenant files beside it, which must not read as "every tenant changed" without saying so.
 */
function baseFileData(base: string, basePath: string): unknown {
  const bytes = fs.readFileSync(basePath);
  // The configuration's own UTF-8 reader: a UTF-16, Latin-1 or binary base is bad input, not "everything changed".
  const decoded = decodeUtf8(bytes);
  if ("notUtf8" in decoded) {
    throw new InputError([{ file: base, ...decoded.notUtf8, message: `the base configuration for --changed-since is not UTF-8 text: ${decoded.notUtf8.message}` }], base);
  }
  if (decoded.text.trim() === "") return undefined;
  return combined(parseYamlSource(base, decoded.text), tenantFilesOnDisk(base, basePath), base);
}

/**
 * The data of a base root file and its tenant files, or bad input saying which base file cannot be read. `lenient`
 * (a Git revision, a checkout) counts the tenants of a tenant file that cannot be read as changed: a pull request
 * fixing a broken tenant file on the base branch is checked, not refused.
 */
function combined(root: { source: YamlSource } | Unparsed, tenantFiles: TenantFileReader, base: string, lenient = false): unknown {
  if ("problems" in root) {
    throw new InputError(root.problems.map((problem) => ({ ...problem, message: `the base configuration is not valid YAML for --changed-since: ${problem.message}` })), base);
  }
  const result = combinedData(root.source, tenantFiles, { lenient });
  if ("problems" in result) {
    throw new InputError(
      result.problems.map((problem) => ({ ...problem, message: `the base configuration for --changed-since (${base}) cannot be read: ${problem.message}` })),
      base,
    );
  }
  return result.data;
}

/** The configuration's files at a Git revision; undefined when `base` is not a revision of the repository. */
function gitRevision(base: string, file: string, io: CliIO): { rootPath: string; read(repoPath: string): { source: YamlSource } | Unparsed | undefined; tenantFiles: TenantFileReader } | undefined {
  const configPath = path.resolve(io.cwd, file);
  const configDir = path.dirname(configPath);
  const git = (args: readonly string[]): Buffer | undefined => {
    try {
      return execFileSync("git", ["-C", configDir, ...args], { stdio: ["ignore", "pipe", "ignore"], maxBuffer: 1024 * 1024 * 1024 });
    } catch {
      return undefined;
    }
  };
  const gitWithInput = (args: readonly string[], input: string): Buffer | undefined => {
    try {
      return execFileSync("git", ["-C", configDir, ...args], { input, stdio: ["pipe", "pipe", "ignore"], maxBuffer: 4 * 1024 * 1024 * 1024 });
    } catch {
      return undefined;
    }
  };
  // '--end-of-options': a base that starts with '-' is a revision name, never an option of git's.
  const commit = git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${base}^{commit}`])?.toString("utf8").trim();
  const top = git(["rev-parse", "--show-toplevel"])?.toString("utf8").trim();
  if (commit === undefined || commit === "" || top === undefined) return undefined;
  const toRepo = (absolute: string) => path.relative(fs.realpathSync(top), absolute).split(path.sep).join("/");
  const rootPath = toRepo(fs.realpathSync(configDir)) === "" ? path.basename(configPath) : `${toRepo(fs.realpathSync(configDir))}/${path.basename(configPath)}`;
  const rootDir = path.posix.dirname(rootPath);
  const inRepo = (relativePath: string) => (rootDir === "." ? relativePath : `${rootDir}/${relativePath}`);
  const fetched = new Map<string, Buffer | undefined>();
  const read = (repoPath: string) => {
    const bytes = fetched.has(repoPath) ? fetched.get(repoPath) : git(["cat-file", "blob", `${commit}:${repoPath}`]);
    if (bytes === undefined) return undefined;
    const name = `${base}:${repoPath}`;
    const decoded = decodeUtf8(bytes);
    if ("notUtf8" in decoded) return { problems: [{ file: name, ...decoded.notUtf8 }] };
    return parseYamlSource(name, decoded.text);
  };
  let listed: string[] | undefined;
  const tenantFiles: TenantFileReader = {
    match(pattern) {
      // '--full-tree': paths from the repository's top, whatever folder git runs in.
      listed ??= (git(["ls-tree", "-r", "--name-only", "-z", "--full-tree", commit, ...(rootDir === "." ? [] : ["--", `${rootDir}/`])])?.toString("utf8").split("\0") ?? [])
        .filter((name) => name !== "")
        .map((name) => (rootDir === "." ? name : name.slice(rootDir.length + 1)));
      // As the disk's glob reads it: 'tenants//a.yaml' and './tenants/*.yaml' name files under 'tenants/'.
      const matches = picomatch(path.posix.normalize(pattern).replace(/^\.\//, ""), { dot: false });
      return listed.filter((name) => matches(name));
    },
    read: (relativePath) => read(inRepo(relativePath)) ?? { problems: [{ file: `${base}:${relativePath}`, message: "listed at the revision but cannot be read" }] },
    // A fleet's thousands of tenant files in one 'git cat-file --batch' rather than a git process each.
    prefetch(relativePaths) {
      const paths = relativePaths.map(inRepo);
      const output = gitWithInput(["cat-file", "--batch"], paths.map((repoPath) => `${commit}:${repoPath}\n`).join(""));
      if (output === undefined) return;
      let at = 0;
      for (const repoPath of paths) {
        const headerEnd = output.indexOf(10, at);
        if (headerEnd < 0) return;
        const header = output.toString("utf8", at, headerEnd).split(" ");
        at = headerEnd + 1;
        if (header[1] !== "blob") {
          fetched.set(repoPath, undefined);
          continue;
        }
        const size = Number(header[2]);
        fetched.set(repoPath, output.subarray(at, at + size));
        at += size + 1;
      }
    },
  };
  return { rootPath, read, tenantFiles };
}
