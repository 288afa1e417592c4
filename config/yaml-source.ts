import * as fs from "node:fs";
import { Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument } from "yaml";
import type { SourceLocation } from "./model";
import type { ConfigProblem } from "./problems";

/** Largest configuration file read: a fleet of 3,000 tenants with 3 orgs and 5 clients each is about 8 MiB. */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;
/**
 * Most nodes aliases may add when expanded, beyond the nodes written in the file. A real configuration's aliases
 * add a few thousand; a "billion laughs" file, or one big anchored list referenced many times, adds millions.
 */
export const MAX_ALIAS_EXPANSION = 200_000;

/** A path into the document: mapping keys and sequence indexes. */
export type DocPath = readonly (string | number)[];

/** A parsed YAML file: its plain data and the position of every key and value in it. */
export interface YamlSource {
  readonly file: string;
  readonly data: unknown;
  /** Where the value (or, with `part: "key"`, the key) at `path` was written; the nearest enclosing node if absent. */
  locate(path: DocPath, part?: "key" | "value"): SourceLocation;
}

/** Messages for the YAML parser's error codes; `at` is the text from where the error points. */
const YAML_MESSAGES: Partial<Record<string, (at: string) => string>> = {
  DUPLICATE_KEY: (at) => `Duplicate key '${keyAt(at)}'; each key may appear only once in a mapping.`,
  MULTIPLE_DOCS: () => "The file holds more than one YAML document ('---'); expected exactly one.",
  TAG_RESOLVE_FAILED: (at) => `Unsupported YAML tag${tagName(at)}; expected plain YAML values without '!' tags (quote a value that starts with '!').`,
};

/** " '!Ref'" for a tag that reads like one; nothing for anything else, which may be a secret starting with '!'. */
function tagName(at: string): string {
  const tag = /^\S*/.exec(at)?.[0] ?? "";
  return /^!!?[A-Za-z][A-Za-z0-9_-]{0,19}$/.test(tag) ? ` '${tag}'` : "";
}

/**
 * Reads and parses a YAML file; returns the problems instead when it cannot be read as one YAML document.
 * `file` names the file in locations; `readPath` is where it is read from, when that differs (another cwd).
 */
export function readYamlSource(file: string, readPath: string = file): { source: YamlSource } | { problems: ConfigProblem[] } {
  let text: string;
  try {
    const stat = fs.statSync(readPath);
    if (!stat.isFile()) return { problems: [{ file, message: "Expected a YAML file but found a directory or special file." }] };
    if (stat.size > MAX_CONFIG_BYTES) {
      return {
        problems: [{ file, line: 1, column: 1, message: `The file is ${stat.size} bytes; expected at most ${MAX_CONFIG_BYTES} bytes (16 MiB) for a configuration.` }],
      };
    }
    text = fs.readFileSync(readPath, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : (error as Error).message;
    return { problems: [{ file, message: `Cannot read the configuration file (${reason}).` }] };
  }
  return parseYamlSource(file, text);
}

/** Parses YAML text; `file` is used for locations only. */
export function parseYamlSource(file: string, text: string): { source: YamlSource } | { problems: ConfigProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true, merge: true });
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };

  const errors = [...doc.errors, ...doc.warnings];
  // The parser points a duplicate key's error at the first key's value when that value is empty; find the keys ourselves.
  const duplicates = errors.some((error) => error.code === "DUPLICATE_KEY") ? duplicateKeys(doc) : [];
  const problems: ConfigProblem[] = [
    ...errors
      .filter((error) => error.code !== "DUPLICATE_KEY" || duplicates.length === 0)
      .map((error) => ({
        ...at(error.pos[0]),
        message: YAML_MESSAGES[error.code]?.(text.slice(error.pos[0], error.pos[0] + 200)) ?? `Malformed YAML: ${firstSentence(error.message)}`,
      })),
    ...duplicates.map(({ name, offset }) => ({ ...at(offset), message: YAML_MESSAGES.DUPLICATE_KEY!(name) })),
  ].sort((a, b) => a.line - b.line || a.column - b.column);
  if (problems.length > 0) return { problems };

  const structureProblems = checkStructure(doc, at);
  if (structureProblems.length > 0) return { problems: structureProblems };

  // Expansion is bounded by checkStructure, which counts expanded nodes rather than alias references.
  const data: unknown = doc.toJS({ maxAliasCount: -1 });
  if (data === null || data === undefined) {
    return { problems: [{ ...at(0), message: "The file is empty; expected a mapping with 'version: 1' and 'tenants:'." }] };
  }

  const index = indexNodes(doc);
  const source: YamlSource = {
    file,
    data,
    locate(path, part = "value") {
      for (let depth = path.length; depth >= 0; depth--) {
        const entry = index.get(pathKey(path.slice(0, depth)));
        if (entry === undefined) continue;
        const node = part === "key" && depth === path.length ? entry.key ?? entry.value : entry.value;
        return at(node?.range?.[0] ?? 0);
      }
      return at(0);
    },
  };
  return { source };
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

/** The parser's description of an error, without the source text some messages quote after a colon. */
function firstSentence(message: string): string {
  const line = message.split("\n")[0].split(":")[0].trim();
  return /[.?!]$/.test(line) ? line : `${line}.`;
}

/** The merge key of YAML 1.1 (`<<: *defaults`), which scopegate accepts; the parser gives it a symbol value. */
function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  return key.value === "<<" || (typeof key.value === "symbol" && key.value.description === "<<");
}

/**
 * What YAML allows but a configuration must not have: aliases without an anchor or inside their own anchor,
 * keys that are not plain strings (`true:`, `1:`, `? [a, b]`), and aliases that add more than MAX_ALIAS_EXPANSION
 * nodes once expanded. One walk, each node sized once.
 */
function checkStructure(doc: Document, at: (offset: number) => SourceLocation): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const sizes = new Map<unknown, number>();
  const sizing = new Set<unknown>();
  let firstAlias: Node | undefined;
  let written = 0;

  const size = (node: unknown): number => {
    if (isAlias(node)) {
      firstAlias ??= node;
      const target = node.resolve(doc);
      if (target === undefined) {
        problems.push({ ...at(node.range?.[0] ?? 0), message: `Alias '*${node.source}' has no anchor; expected an '&${node.source}' defined earlier in the file.` });
        return 1;
      }
      if (sizing.has(target)) {
        problems.push({ ...at(node.range?.[0] ?? 0), message: `Alias '*${node.source}' is inside the node it refers to; expected an alias to a node defined before it.` });
        return 1;
      }
      return size(target);
    }
    const known = sizes.get(node);
    if (known !== undefined) return known;
    written++;
    sizing.add(node);
    let total = 1;
    if (isMap(node)) {
      for (const pair of node.items) {
        checkKey(pair.key);
        total += size(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) total += size(item);
    }
    sizing.delete(node);
    sizes.set(node, total);
    return total;
  };

  const checkKey = (key: unknown) => {
    if ((isScalar(key) && typeof key.value === "string") || isMergeKey(key)) return;
    const message = isScalar(key)
      ? `Key '${String(key.value)}' is not a string; expected a plain name (quote it: "${String(key.value)}").`
      : "A list or mapping is used as a key; expected a plain name.";
    problems.push({ ...at((key as Node | undefined)?.range?.[0] ?? 0), message });
  };

  const total = size(doc.contents);
  const added = total - written;
  if (added > MAX_ALIAS_EXPANSION) {
    problems.push({
      ...at(firstAlias?.range?.[0] ?? 0),
      message: `YAML aliases add ${added} nodes to the file when expanded; expected at most ${MAX_ALIAS_EXPANSION} (is an anchor referenced too often?).`,
    });
  }
  return problems;
}

interface IndexedNode {
  readonly key: Node | undefined;
  readonly value: Node | undefined;
}

function pathKey(path: DocPath): string {
  return path.map(String).join("\u0000");
}

/** One walk over the document: path -> key and value nodes. Aliases and merged keys point at their anchor's text. */
function indexNodes(doc: Document): Map<string, IndexedNode> {
  const index = new Map<string, IndexedNode>();
  const walk = (node: unknown, path: (string | number)[], key: Node | undefined, depth: number) => {
    const resolved = isAlias(node) ? node.resolve(doc) : node;
    index.set(pathKey(path), { key, value: (resolved ?? node) as Node | undefined });
    if (depth > 64) return;
    if (isMap(resolved)) {
      // Merged mappings first, so that keys written in the mapping itself win, as they do in the data.
      const pairs = resolved.items.filter(isPair);
      const merged = pairs.filter((pair) => isMergeKey(pair.key));
      for (const pair of merged) {
        const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
        for (const source of [...sources].reverse()) {
          const target = isAlias(source) ? source.resolve(doc) : source;
          if (!isMap(target)) continue;
          for (const inner of target.items) walk(inner.value, [...path, String((inner.key as { value?: unknown })?.value)], inner.key as Node, depth + 1);
        }
      }
      for (const pair of pairs) {
        if (merged.includes(pair)) continue;
        const keyNode = pair.key as Node | undefined;
        walk(pair.value, [...path, String(isScalar(keyNode) ? keyNode.value : keyNode)], keyNode, depth + 1);
      }
    } else if (isSeq(resolved)) {
      resolved.items.forEach((item, i) => walk(item, [...path, i], undefined, depth + 1));
    }
  };
  walk(doc.contents, [], undefined, 0);
  return index;
}
