import * as fs from "node:fs";
import { Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument, visit } from "yaml";
import type { SourceLocation } from "./model";
import type { ConfigProblem } from "./problems";

/** Largest configuration file read; a real one is a few kilobytes. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** Most alias expansions allowed when reading (a "billion laughs" file needs millions). */
export const MAX_ALIAS_EXPANSIONS = 100;

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
  TAG_RESOLVE_FAILED: (at) => `Unsupported YAML tag '${/^\S*/.exec(at)?.[0]}'; expected plain YAML values without '!' tags.`,
};

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
        problems: [{ file, line: 1, column: 1, message: `The file is ${stat.size} bytes; expected at most ${MAX_CONFIG_BYTES} bytes (1 MiB) for a configuration.` }],
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
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };

  const problems: ConfigProblem[] = [...doc.errors, ...doc.warnings].map((error) => ({
    ...at(error.pos[0]),
    message: YAML_MESSAGES[error.code]?.(text.slice(error.pos[0], error.pos[0] + 200)) ?? `Malformed YAML: ${firstSentence(error.message)}`,
  }));
  if (problems.length > 0) return { problems };

  const aliasProblems = checkAliases(doc, at);
  if (aliasProblems.length > 0) return { problems: aliasProblems };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS });
  } catch (error) {
    const firstAlias = findFirstAlias(doc);
    return {
      problems: [
        {
          ...at(firstAlias?.range?.[0] ?? 0),
          message: `YAML aliases expand to too many nodes (${(error as Error).message.split(":")[0]}); expected at most ${MAX_ALIAS_EXPANSIONS} alias expansions.`,
        },
      ],
    };
  }
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

/** The mapping key at the start of `text`: up to the next ':', ',', bracket or line end, unquoted. */
function keyAt(text: string): string {
  const token = /^[^:,{}[\]\n]*/.exec(text)?.[0] ?? "";
  return token.trim().replace(/^(["'])(.*)\1$/, "$2");
}

function firstSentence(message: string): string {
  const line = message.split("\n")[0].trim();
  return /[.?!]$/.test(line) ? line : `${line}.`;
}

function checkAliases(doc: Document, at: (offset: number) => SourceLocation): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  visit(doc, {
    Alias(_key, alias) {
      if (alias.resolve(doc) === undefined) {
        problems.push({
          ...at(alias.range?.[0] ?? 0),
          message: `Alias '*${alias.source}' has no anchor; expected an '&${alias.source}' defined earlier in the file.`,
        });
      }
    },
  });
  return problems;
}

function findFirstAlias(doc: Document): Node | undefined {
  let found: Node | undefined;
  visit(doc, {
    Alias(_key, alias) {
      found = alias;
      return visit.BREAK;
    },
  });
  return found;
}

interface IndexedNode {
  readonly key: Node | undefined;
  readonly value: Node | undefined;
}

function pathKey(path: DocPath): string {
  return path.map(String).join("\u0000");
}

/** One walk over the document: path -> key and value nodes. Aliases point at their anchor's text. */
function indexNodes(doc: Document): Map<string, IndexedNode> {
  const index = new Map<string, IndexedNode>();
  const walk = (node: unknown, path: (string | number)[], key: Node | undefined, depth: number) => {
    const resolved = isAlias(node) ? node.resolve(doc) : node;
    index.set(pathKey(path), { key, value: (resolved ?? node) as Node | undefined });
    if (depth > 64 || (isAlias(node) && resolved !== undefined && path.length > 0 && depth > 16)) return;
    if (isMap(resolved)) {
      for (const pair of resolved.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | undefined;
        const name = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
        walk(pair.value, [...path, name], keyNode, depth + 1);
      }
    } else if (isSeq(resolved)) {
      resolved.items.forEach((item, i) => walk(item, [...path, i], undefined, depth + 1));
    }
  };
  walk(doc.contents, [], undefined, 0);
  return index;
}
