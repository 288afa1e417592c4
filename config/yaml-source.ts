import * as fs from "node:fs";
import type { Alias, DocumentOptions, ParseOptions, Scalar, SchemaOptions, YAMLMap } from "yaml";
import { Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument } from "yaml";
import type { SourceLocation } from "../model/model";
import type { ConfigProblem } from "./problems";
import { decodeUtf8 } from "./utf8";

/** Largest configuration file read: a fleet of 3,000 tenants with 3 orgs and 5 clients each is about 8 MiB. */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;
/**
 * Most nodes aliases may add when expanded, beyond the nodes written in the file. A real configuration's aliases
 * add a few thousand; a "billion laughs" file, or one big anchored list referenced many times, adds millions.
 */
export const MAX_ALIAS_EXPANSION = 200_000;
/** Deepest nesting of lists and mappings read (aliases expanded); a configuration is a handful of levels deep. */
export const MAX_DEPTH = 64;

/** A path into the document: mapping keys and sequence indexes. */
export type DocPath = readonly (string | number)[];

/** A parsed YAML file: its plain data and the position of every key and value in it. */
export interface YamlSource {
  readonly file: string;
  readonly data: unknown;
  /** Where the value (or, with `part: "key"`, the key) at `path` was written; the nearest enclosing node if absent. */
  locate(path: DocPath, part?: "key" | "value"): SourceLocation;
  /**
   * Values written in a credentials field (`clientIdEnv`, `clientSecretEnv`) that the file also uses somewhere else,
   * through an anchor and an alias or a merge key: the same YAML node in two places. Empty for almost every file.
   */
  readonly credentialReuse: readonly CredentialReuse[];
  /**
   * Every value written in a credentials mapping (any mapping under a `credentials` key, wherever a mistake put it):
   * the values of its fields and the keys it should not have. No message shows them: they may be secrets.
   */
  readonly credentialValues: readonly string[];
}

/** A use, outside the credentials, of the YAML node a credentials field holds. */
export interface CredentialReuse {
  /** Where the node is used outside the credentials (the alias or merge key that brings it there, if one does). */
  readonly path: DocPath;
  /** Whether it is used there as a key (`path` is then the mapping holding the key). */
  readonly asKey: boolean;
  readonly loc: SourceLocation;
  /** The credentials field that holds the same node. */
  readonly slot: DocPath;
  /** The anchor that joins the two places, when there is one to name. */
  readonly anchor: string | undefined;
  /** The value, so that no message prints it. */
  readonly value: string;
}

/** Messages for the YAML parser's error codes; `at` is the text from where the error points. */
const YAML_MESSAGES: Partial<Record<string, (at: string) => string>> = {
  DUPLICATE_KEY: (at) => `Duplicate key '${keyAt(at)}'; each key may appear only once in a mapping.`,
  MULTIPLE_DOCS: () => "The file holds more than one YAML document ('---'); expected exactly one.",
  // Never the tag's name: an unquoted value that starts with '!' reads as a tag, and may be a secret.
  TAG_RESOLVE_FAILED: () => UNSUPPORTED_TAG,
  KEY_OVER_1024_CHARS: () => "A key is longer than 1024 characters, YAML's limit for a key; expected a short name (a value, not a key, for long text).",
  // The parser's message quotes the escape, which may be part of a secret.
  BAD_DQ_ESCAPE: () => String.raw`Invalid escape sequence in a double-quoted string; expected \\, \", \n, \t, \xHH, \uHHHH or \UHHHHHHHH (or single quotes, in which a backslash is a backslash).`,
  RESOURCE_EXHAUSTION: () => `The file nests lists or mappings too deeply to be read; expected a configuration at most ${MAX_DEPTH} levels deep.`,
};

/** A flow list holding an API path with a `{parameter}`: YAML reads the brace as the start of a mapping. */
const FLOW_PATH_PARAMETER = /\[[^\]#]*\/api\/[^\]#]*\{/;
const FLOW_PATH_HINT =
  "An API path with a '{parameter}' inside '[ ]' must be quoted (\"GET /api/v2/users/{userId}\"), or the list written one item per line ('- GET /api/v2/users/{userId}').";

/** The line of `text` an offset is on. */
function lineAt(text: string, offset: number): string {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  const end = text.indexOf("\n", offset);
  return text.slice(start, end < 0 ? text.length : end);
}

const UNSUPPORTED_TAG = "A YAML tag scopegate does not support; expected plain YAML values without '!' tags, and a plain mapping or list where a tag such as '!!omap' is written (quote a value that starts with '!').";

/**
 * The tags a node may be written with: those of plain strings, numbers, true/false, null, mappings and lists. Any
 * other (`!!omap`, `!!pairs`, `!!set`, `!!binary`, `!!timestamp`, `!Ref`, `!`) would be read as something else, or
 * as nothing at all (`!!omap` becomes an empty mapping).
 */
const ALLOWED_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((name) => `tag:yaml.org,2002:${name}`));

/** Whether a node is written with a tag scopegate does not read. */
function hasUnsupportedTag(node: unknown): boolean {
  const tag = (node as { tag?: unknown } | null | undefined)?.tag;
  return typeof tag === "string" && !ALLOWED_TAGS.has(tag);
}

/**
 * Reads and parses a YAML file; returns the problems instead when it cannot be read as one YAML document.
 * `file` names the file in locations; `readPath` is where it is read from, when that differs (another cwd).
 */
export function readYamlSource(file: string, readPath: string = file): { source: YamlSource } | Unparsed {
  let text: string;
  try {
    const stat = fs.statSync(readPath);
    if (!stat.isFile()) return { problems: [{ file, message: "Expected a YAML file but found a directory or special file." }] };
    if (stat.size > MAX_CONFIG_BYTES) {
      return {
        problems: [{ file, line: 1, column: 1, message: `The file is ${stat.size} bytes; expected at most ${MAX_CONFIG_BYTES} bytes (16 MiB) for a configuration.` }],
      };
    }
    const decoded = decodeUtf8(fs.readFileSync(readPath));
    if ("notUtf8" in decoded) return { problems: [{ file, ...decoded.notUtf8 }] };
    text = decoded.text;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : (error as Error).message;
    return { problems: [{ file, message: `Cannot read the configuration file (${reason}).` }] };
  }
  return parseYamlSource(file, text);
}

/**
 * A file that cannot be read as one YAML document: its problems, and the credentials values it was still seen to hold
 * (so that problems of other files, read with it as one configuration, never show them either).
 */
export interface Unparsed {
  readonly problems: ConfigProblem[];
  readonly credentialValues?: readonly string[];
}

/** Parses YAML text; `file` is used for locations only. */
export function parseYamlSource(file: string, text: string): { source: YamlSource } | Unparsed {
  const lineCounter = new LineCounter();
  const doc = parseWithUniqueKeys(text, { lineCounter, prettyErrors: false, strict: true, merge: true });
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };

  const errors = [...doc.errors, ...doc.warnings];
  // The parser points a duplicate key's error at the first key's value when that value is empty; find the keys ourselves.
  const duplicates = errors.some((error) => error.code === "DUPLICATE_KEY") ? duplicateKeys(doc) : [];
  const hinted = new Set<number>();
  const problems: ConfigProblem[] = [
    ...errors
      .filter((error) => error.code !== "DUPLICATE_KEY" || duplicates.length === 0)
      .flatMap((error) => {
        const where = at(error.pos[0]);
        const known = YAML_MESSAGES[error.code]?.(text.slice(error.pos[0], error.pos[0] + 200));
        if (known !== undefined) return [{ ...where, message: known }];
        // `[GET /api/v2/users/{userId}]`: a '{' inside '[ ]' opens a mapping; one problem for the line, saying so.
        if (FLOW_PATH_PARAMETER.test(lineAt(text, error.pos[0]))) {
          if (hinted.has(where.line)) return [];
          hinted.add(where.line);
          return [{ ...where, message: `Malformed YAML: ${parserMessage(error.message)} ${FLOW_PATH_HINT}` }];
        }
        return [{ ...where, message: `Malformed YAML: ${parserMessage(error.message)}` }];
      }),
    ...duplicates.map(({ name, offset }) => ({ ...at(offset), message: YAML_MESSAGES.DUPLICATE_KEY!(name) })),
  ].sort((a, b) => a.line - b.line || a.column - b.column);
  if (problems.length > 0) {
    const credentialValues = credentialValuesOf(doc);
    return { problems: hideCredentialValues(problems, credentialValues), credentialValues };
  }

  const structure = checkStructure(doc, text, at);
  if (structure.problems.length > 0) {
    const credentialValues = credentialValuesOf(doc);
    return { problems: hideCredentialValues(structure.problems, credentialValues), credentialValues };
  }

  // Expansion is bounded by checkStructure, which counts expanded nodes rather than alias references.
  const data: unknown = doc.toJS({ maxAliasCount: -1 });
  if (data === null || data === undefined) {
    return { problems: [{ ...at(0), message: "The file is empty; expected a mapping with 'version: 1' and 'tenants:'." }] };
  }

  const index = indexNodes(doc);
  const source: YamlSource = {
    file,
    data,
    // Only an alias can put one node in two places.
    credentialReuse: structure.hasAliases ? credentialReuse(doc, at) : [],
    credentialValues: credentialValuesIn(data),
    locate(path, part = "value") {
      // The deepest entry on the path: every prefix of an indexed path is indexed.
      let entry = index;
      let depth = 0;
      for (; depth < path.length; depth++) {
        const child = entry.children?.get(String(path[depth]));
        if (child === undefined) break;
        entry = child;
      }
      return at(part === "key" && depth === path.length ? entry.key : entry.value);
    },
  };
  return { source };
}

/** The credentials values of a document that may not read (`credentialValuesIn`); none when it cannot be read at all. */
function credentialValuesOf(doc: Document): string[] {
  try {
    // The default alias limit bounds the expansion of a file not checked yet.
    return credentialValuesIn(doc.toJS());
  } catch {
    return [];
  }
}

/** The values and unknown keys of every mapping under a `credentials` key in `data` (see `YamlSource.credentialValues`). */
export function credentialValuesIn(data: unknown): string[] {
  const found = new Set<string>();
  const seen = new Set<object>();
  const addScalars = (value: unknown, depth: number) => {
    if (typeof value === "string" || typeof value === "number") found.add(String(value));
    else if (Array.isArray(value) && depth < 4) for (const item of value) addScalars(item, depth + 1);
  };
  const visit = (node: unknown, depth: number) => {
    if (typeof node !== "object" || node === null || seen.has(node) || depth > MAX_DEPTH) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === "credentials" && typeof value === "object" && value !== null && !Array.isArray(value)) {
        for (const [field, held] of Object.entries(value)) {
          // A key holding a mapping is a name (a tenant called 'credentials' holds 'orgs'), not a misplaced secret.
          const holdsMapping = typeof held === "object" && held !== null && !Array.isArray(held);
          if (field !== "clientIdEnv" && field !== "clientSecretEnv" && !holdsMapping) found.add(field);
          addScalars(held, 0);
        }
      }
      visit(value, depth + 1);
    }
  };
  visit(data, 0);
  return [...found];
}

/** The problems with every value in `values` left out of their messages. */
export function hideCredentialValues<P extends { readonly message: string }>(problems: readonly P[], values: readonly string[]): P[] {
  const hidden = [...new Set(values)].filter((value) => value !== "").sort((a, b) => b.length - a.length);
  if (hidden.length === 0) return [...problems];
  const hide = (message: string) =>
    hidden.reduce((text, secret) => {
      const quotedHidden = text.split(`'${secret}'`).join("(a value not shown)").split(`"${secret}"`).join("(a value not shown)");
      // A value of a few characters is no secret, and hiding it wherever it occurs would garble the message.
      return secret.length < 4 ? quotedHidden : quotedHidden.split(secret).join("(a value not shown)");
    }, message);
  return problems.map((problem) => ({ ...problem, message: hide(problem.message) }));
}

/**
 * `parseDocument` with `uniqueKeys: true`, at a cost linear in the file's size. The parser's duplicate-key check
 * compares each key with every key before it in its mapping: quadratic in a mapping's size (seconds for 10,000
 * tenants). Parse without it; only a file that repeats a key (found in one walk) is parsed again with it, for the
 * parser's errors exactly as they were. A `lineCounter` in the options counts the lines of the document returned.
 */
export function parseWithUniqueKeys(text: string, options: Omit<ParseOptions & DocumentOptions & SchemaOptions, "uniqueKeys">): Document.Parsed {
  const lines = options.lineCounter?.lineStarts;
  const doc = parseDocument(text, { ...options, uniqueKeys: false });
  if (!repeatsAKey(doc)) return doc;
  if (lines !== undefined) lines.length = 0;
  return parseDocument(text, { ...options, uniqueKeys: true });
}

/**
 * Whether the parser's duplicate-key check (`uniqueKeys: true`) would report anything, in one walk: whether a mapping
 * anywhere (keys included) has a key that is the same node as an earlier one, or a scalar of the same value (===, so
 * NaN never repeats).
 */
function repeatsAKey(doc: Document): boolean {
  // A stack rather than recursion: the parser nests as deep as its own stack allows.
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const value = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(value) && !Number.isNaN(value)) return true;
        seen.add(value);
        stack.push(pair.value, pair.key);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return false;
}

/** Every key written a second time in one mapping, at its second occurrence. */
function duplicateKeys(doc: Document): { name: string; offset: number }[] {
  const found: { name: string; offset: number }[] = [];
  const visit = (node: unknown) => {
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (isScalar(pair.key) && typeof pair.key.value === "string") {
          if (seen.has(pair.key.value)) found.push({ name: pair.key.value, offset: pair.key.range?.[0] ?? 0 });
          seen.add(pair.key.value);
        }
        visit(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) visit(item);
    }
  };
  visit(doc.contents);
  return found;
}

/** The mapping key at the start of `text`: up to the next ':', ',', bracket or line end, unquoted. */
function keyAt(text: string): string {
  const token = /^[^:,{}[\]\n]*/.exec(text)?.[0] ?? "";
  return token.trim().replace(/^(["'])(.*)\1$/, "$2");
}

/** Messages whose text after "...: " names a kind of token, not text from the file. */
const TOKEN_TYPE_MESSAGES = ["Expected a flow scalar value, but found", "Unexpected token in block scalar header"];

/**
 * The parser's description of an error, whole ("The : indicator must be at most ..."), except the text from the
 * file that some messages quote after a word and a colon ("... extra characters: <text>"): it may be a secret.
 */
function parserMessage(message: string): string {
  const line = message.split("\n")[0];
  const quote = /(?<=[A-Za-z)]): /.exec(line);
  const keepsQuote = quote === null || TOKEN_TYPE_MESSAGES.some((start) => line.startsWith(start));
  const text = (keepsQuote ? line : line.slice(0, quote.index)).trim();
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

/** The merge key of YAML 1.1 (`<<: *defaults`), which scopegate accepts; the parser gives it a symbol value (a quoted "<<" is a plain key). */
function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === "symbol" && key.value.description === "<<";
}

/**
 * What YAML allows but a configuration must not have: aliases without an anchor or inside their own anchor,
 * keys that are not plain strings (`true:`, `1:`, `? [a, b]`), merge keys given something other than mappings,
 * nesting deeper than MAX_DEPTH, and aliases that add more than MAX_ALIAS_EXPANSION nodes once expanded. One walk,
 * each node sized once. `hasAliases`: whether the file uses any alias.
 */
function checkStructure(doc: Document, text: string, at: (offset: number) => SourceLocation): { problems: ConfigProblem[]; hasAliases: boolean } {
  const problems: ConfigProblem[] = [];
  // Sizes and heights are kept for anchored nodes only (and a missing value, null, sized once as before): an alias
  // reaches only those, every other node is sized once.
  const sizes = new Map<unknown, number>();
  const sizing = new Set<unknown>();
  let firstAlias: Node | undefined;
  let tooDeep = false;
  let written = 0;

  // Levels of lists and mappings in a node, itself included (0 for a scalar), for nesting through aliases of nodes already sized.
  const heights = new Map<unknown, number>();
  // The height of the node `size` last finished (0 when it stopped at MAX_DEPTH), for its parent.
  let height = 0;
  const nestsTooDeep = (node: unknown) => {
    if (!tooDeep) problems.push({ ...at(nodeStart(node) ?? 0), message: `Lists and mappings nest more than ${MAX_DEPTH} levels deep here (aliases expanded); expected a configuration a handful of levels deep.` });
    tooDeep = true;
  };

  const size = (node: unknown, depth: number): number => {
    if (depth > MAX_DEPTH && (isMap(node) || isSeq(node) || isAlias(node))) {
      nestsTooDeep(node);
      height = 0;
      return 1;
    }
    if (isAlias(node)) {
      firstAlias ??= node;
      const target = node.resolve(doc);
      if (target === undefined) {
        problems.push({ ...at(node.range?.[0] ?? 0), message: "An alias ('*') with no anchor ('&') before it; expected an anchor of that name defined earlier in the file (quote a value that starts with '*')." });
        return 1;
      }
      if (sizing.has(target)) {
        problems.push({ ...at(node.range?.[0] ?? 0), message: "An alias ('*') is inside the node it refers to; expected an alias to a node defined before it." });
        return 1;
      }
      if (sizes.has(target) && depth + (heights.get(target) ?? 0) - 1 > MAX_DEPTH) nestsTooDeep(node);
      return size(target, depth);
    }
    const anchored = node === null || node === undefined || typeof (node as { anchor?: unknown }).anchor === "string";
    const known = anchored ? sizes.get(node) : undefined;
    if (known !== undefined) {
      height = heights.get(node) ?? 0;
      return known;
    }
    if (hasUnsupportedTag(node)) problems.push({ ...at(tagStart(text, nodeStart(node) ?? 0)), message: UNSUPPORTED_TAG });
    written++;
    if (anchored) sizing.add(node);
    let total = 1;
    let below = 0;
    const child = (value: unknown) => {
      total += size(value, depth + 1);
      below = Math.max(below, isAlias(value) ? heights.get(value.resolve(doc)) ?? 0 : height);
    };
    if (isMap(node)) {
      for (const pair of node.items) {
        checkKey(pair.key);
        if (isMergeKey(pair.key)) checkMerge(pair.value, pair.key);
        child(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) child(item);
    }
    if (anchored) sizing.delete(node);
    height = isMap(node) || isSeq(node) ? below + 1 : 0;
    if (anchored) {
      sizes.set(node, total);
      heights.set(node, height);
    }
    return total;
  };

  const checkKey = (key: unknown) => {
    if (hasUnsupportedTag(key)) problems.push({ ...at(tagStart(text, nodeStart(key) ?? 0)), message: UNSUPPORTED_TAG });
    if ((isScalar(key) && typeof key.value === "string") || isMergeKey(key)) return;
    const message = isScalar(key)
      ? `Key '${String(key.value)}' is not a string; expected a plain name (quote it: "${String(key.value)}").`
      : "A list or mapping is used as a key; expected a plain name.";
    problems.push({ ...at((key as Node | undefined)?.range?.[0] ?? 0), message });
  };

  // What YAML merges: a mapping, an alias of one, or a list of those (`<<: [*a, *b]`).
  const checkMerge = (value: unknown, key: unknown) => {
    for (const source of isSeq(value) ? value.items : [value]) {
      const target = isAlias(source) ? source.resolve(doc) : source;
      // An alias without an anchor is reported as such.
      if (isMap(target) || (isAlias(source) && target === undefined)) continue;
      const what = `${kindOf(target)}${isAlias(source) ? " (through an alias)" : ""}`;
      problems.push({
        ...at(nodeStart(source) ?? nodeStart(key) ?? 0),
        message: `The merge key '<<' is given ${what}; expected a mapping, an alias of one ('<<: *defaults') or a list of them.`,
      });
    }
  };

  const total = size(doc.contents, 0);
  const added = total - written;
  if (added > MAX_ALIAS_EXPANSION) {
    problems.push({
      ...at(firstAlias?.range?.[0] ?? 0),
      message: `YAML aliases add ${added} nodes to the file when expanded; expected at most ${MAX_ALIAS_EXPANSION} (is an anchor referenced too often?).`,
    });
  }
  return { problems, hasAliases: firstAlias !== undefined };
}

/**
 * Where the tag of a node starting at `start` is written: the parser places a block list or mapping at its first
 * item, after the tag (`oauthClients: !!omap` then `- ...` on the next line). The last '!' token before the node,
 * within a few lines; the node itself when none is found.
 */
function tagStart(text: string, start: number): number {
  if (text[start] === "!") return start;
  const before = text.slice(Math.max(0, start - 2000), start);
  let found = -1;
  for (const match of before.matchAll(/(?:^|[\s[{,])(![^\s,[\]{}]*)/g)) found = (match.index ?? 0) + match[0].length - match[1].length;
  return found < 0 ? start : start - before.length + found;
}

/** Where a node starts in the text. */
function nodeStart(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}

/** "a list", "an integer", "nothing": what a node holds, for messages. */
function kindOf(node: unknown): string {
  if (isSeq(node)) return "a list";
  if (isMap(node)) return "a mapping";
  const value = isScalar(node) ? node.value : node;
  if (value === null || value === undefined) return "nothing";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number";
  if (typeof value === "boolean") return "true or false";
  return typeof value === "string" ? "a string" : "a value";
}

/**
 * Where a node of the document is written: the offset of its value (an alias's anchored node) and of its key (its
 * value's when it has no key), and the entries below it by key, or by index as a string. Offsets rather than nodes,
 * so that the parsed document is not kept alive by `locate`.
 */
interface IndexEntry {
  readonly key: number;
  readonly value: number;
  children?: Map<string, IndexEntry>;
}

/**
 * One walk over the document: the tree of entries by path. Aliases and merged keys point at their anchor's text. A
 * key written in the mapping replaces a merged one of the same name, but what was indexed below the merged key and is
 * not below the written one stays (as it did when paths were the index's keys).
 */
function indexNodes(doc: Document): IndexEntry {
  const offset = (node: Node | null | undefined) => node?.range?.[0] ?? 0;
  const entryOf = (node: unknown, key: Node | null | undefined, depth: number): IndexEntry => {
    const resolved = isAlias(node) ? node.resolve(doc) : node;
    const value = offset((resolved ?? node) as Node | null | undefined);
    const entry: IndexEntry = { key: key === null || key === undefined ? value : offset(key), value };
    if (depth > 64) return entry;
    if (isMap(resolved)) {
      const children = new Map<string, IndexEntry>();
      const put = (name: string, child: IndexEntry) => {
        const before = children.get(name);
        children.set(name, before === undefined ? child : overlay(before, child));
      };
      // Merged mappings first, so that keys written in the mapping itself win, as they do in the data.
      const pairs = resolved.items.filter(isPair);
      const merged = pairs.filter((pair) => isMergeKey(pair.key));
      for (const pair of merged) {
        const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
        for (const source of [...sources].reverse()) {
          const target = isAlias(source) ? source.resolve(doc) : source;
          if (!isMap(target)) continue;
          for (const inner of target.items) put(String((inner.key as { value?: unknown })?.value), entryOf(inner.value, inner.key as Node, depth + 1));
        }
      }
      for (const pair of pairs) {
        if (merged.includes(pair)) continue;
        const keyNode = pair.key as Node | undefined;
        put(String(isScalar(keyNode) ? keyNode.value : keyNode), entryOf(pair.value, keyNode, depth + 1));
      }
      entry.children = children;
    } else if (isSeq(resolved)) {
      entry.children = new Map(resolved.items.map((item, i) => [String(i), entryOf(item, undefined, depth + 1)]));
    }
    return entry;
  };
  return entryOf(doc.contents, undefined, 0);
}

/** `later` in place of `earlier`, keeping what `earlier` has below it that `later` does not. */
function overlay(earlier: IndexEntry, later: IndexEntry): IndexEntry {
  if (earlier.children === undefined) return later;
  if (later.children === undefined) return { ...later, children: earlier.children };
  const children = new Map(earlier.children);
  for (const [name, child] of later.children) {
    const before = children.get(name);
    children.set(name, before === undefined ? child : overlay(before, child));
  }
  return { ...later, children };
}

/**
 * Where in `path` a credentials field is: 4 for `tenants.<t>.orgs.<e>.credentials.<clientIdEnv|clientSecretEnv>`,
 * the only place the schema has one (a tenant or org named 'credentials' is no credentials field); -1 otherwise.
 */
function credentialsFieldIn(path: DocPath): number {
  const isField = path.length >= 6 && path[0] === "tenants" && path[2] === "orgs" && path[4] === "credentials" && (path[5] === "clientIdEnv" || path[5] === "clientSecretEnv");
  return isField ? 5 : -1;
}

/** Where a scalar is used: its path, whether as a key or a value, and the first alias (or merge key's alias) on the way there. */
interface ScalarUse {
  readonly path: DocPath;
  readonly part: "key" | "value";
  readonly via: { readonly alias: Alias; readonly path: DocPath } | undefined;
}

function isCredentialsUse(use: ScalarUse): boolean {
  const field = credentialsFieldIn(use.path);
  // A key is inside a credentials field only below it (the key 'clientIdEnv' itself is no credential).
  return field >= 0 && (use.part === "value" || field < use.path.length - 1);
}

/**
 * Every use outside the credentials of a string or number a credentials field holds: one walk over the document with
 * aliases and merge keys expanded (bounded by checkStructure), recording where each scalar is used and through which
 * alias. The same node in two places can only come from an alias, so files without one are not walked.
 */
function credentialReuse(doc: Document, at: (offset: number) => SourceLocation): CredentialReuse[] {
  const uses = new Map<Scalar, ScalarUse[]>();
  const record = (node: unknown, use: ScalarUse) => {
    if (!isScalar(node) || (typeof node.value !== "string" && typeof node.value !== "number")) return;
    const list = uses.get(node);
    if (list === undefined) uses.set(node, [use]);
    else list.push(use);
  };
  const keyName = (key: unknown) => String(isScalar(key) ? key.value : key);
  const walk = (written: unknown, path: DocPath, via: ScalarUse["via"], depth: number) => {
    const here = via ?? (isAlias(written) ? { alias: written, path } : undefined);
    const node = isAlias(written) ? written.resolve(doc) : written;
    if (depth > MAX_DEPTH) return;
    if (isMap(node)) {
      for (const { key, value, via: entryVia } of entriesOf(node, here, path, 0)) {
        record(key, { path: [...path, keyName(key)], part: "key", via: entryVia });
        walk(value, [...path, keyName(key)], entryVia, depth + 1);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...path, i], here, depth + 1));
    } else {
      record(node, { path, part: "value", via: here });
    }
  };
  // A mapping's pairs with merge keys expanded, each with the alias it came through.
  const entriesOf = (map: YAMLMap, via: ScalarUse["via"], path: DocPath, depth: number): { key: unknown; value: unknown; via: ScalarUse["via"] }[] =>
    map.items.flatMap((pair) => {
      if (!isMergeKey(pair.key)) return [{ key: pair.key, value: pair.value, via }];
      if (depth > MAX_DEPTH) return [];
      return (isSeq(pair.value) ? pair.value.items : [pair.value]).flatMap((source) => {
        const target = isAlias(source) ? source.resolve(doc) : source;
        if (!isMap(target)) return [];
        return entriesOf(target, via ?? (isAlias(source) ? { alias: source, path } : undefined), path, depth + 1);
      });
    });
  walk(doc.contents, [], undefined, 0);

  const found: CredentialReuse[] = [];
  for (const [node, list] of uses) {
    const slot = list.find(isCredentialsUse);
    if (slot === undefined) continue;
    const seen = new Set<number>();
    for (const use of list) {
      if (isCredentialsUse(use)) continue;
      const offset = (use.via === undefined ? nodeStart(node) : nodeStart(use.via.alias)) ?? 0;
      if (seen.has(offset)) continue;
      seen.add(offset);
      const asKey = use.via === undefined && use.part === "key";
      found.push({
        path: use.via?.path ?? (asKey ? use.path.slice(0, -1) : use.path),
        asKey,
        loc: at(offset),
        slot: slot.path,
        anchor: use.via?.alias.source ?? slot.via?.alias.source ?? node.anchor,
        value: String(node.value),
      });
    }
  }
  return found;
}
