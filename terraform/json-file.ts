/**
 * JSON files with positions: a Terraform JSON configuration, a plan, or anything else given to `scan`. Parsed with
 * `jsonc-parser`, which keeps every node's offset, so a value is located at its key (the line a reader looks for).
 */
import { getNodeValue, type Node, parseTree, printParseErrorCode, type ParseError, visit } from "jsonc-parser";
import type { SourceLocation } from "../model/model";
import type { ConfigProblem } from "../config/problems";
import type { TfValue } from "../model/terraform";
import { isExpressionText, type JsonPath, type ReferenceIndex, valueFromJsonTree } from "./json-form";

/** A parsed JSON file: its value and where each path in it was written. */
export interface JsonFile {
  readonly file: string;
  /** The parsed value (built on first use). */
  readonly value: unknown;
  /** Where a path was written: an object entry at its key, a list item at itself; the nearest ancestor otherwise. */
  locate(path: JsonPath): SourceLocation;
  /**
   * The value at a path with every part located (as `locate` would), expressions with the references `references`
   * read (call its `add` with the file's strings first); `undefined` where the path is not in the file.
   */
  located(path: JsonPath, references: ReferenceIndex): TfValue | undefined;
}

/** Offsets to 1-based lines and columns; offsets asked in increasing order (a walk of the tree) cost no search. */
export function lineIndex(file: string, text: string): (offset: number) => SourceLocation {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  let last = 0;
  return (offset) => {
    if (offset >= starts[last] && (last + 1 === starts.length || offset < starts[last + 1])) return { file, line: last + 1, column: offset - starts[last] + 1 };
    if (last + 2 < starts.length && offset >= starts[last + 1] && offset < starts[last + 2]) {
      last++;
      return { file, line: last + 1, column: offset - starts[last] + 1 };
    }
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    last = low;
    return { file, line: low + 1, column: offset - starts[low] + 1 };
  };
}

/** Parses JSON text strictly (no comments, no trailing commas); a syntax error is a problem with its line and column. */
export function parseJsonFile(file: string, text: string): { json: JsonFile } | { problem: ConfigProblem } {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const position = lineIndex(file, text);
  if (errors.length > 0 || root === undefined) {
    const error = errors[0];
    const at = position(error?.offset ?? 0);
    const what = error === undefined ? "empty file" : describeJsonError(printParseErrorCode(error.error));
    return { problem: { file, line: at.line, column: at.column, message: `Not valid JSON: ${what}.` } };
  }
  const cache = new Map<string, SourceLocation>();
  const locate = (path: JsonPath): SourceLocation => {
    // The root has a key of its own: `[""]` (an entry with an empty key) joins to "" too.
    const key = path.length === 0 ? "\u0001" : path.join("\u0000");
    const known = cache.get(key);
    if (known !== undefined) return known;
    const found = locateNode(root, path, position);
    cache.set(key, found);
    return found;
  };
  const located = (path: JsonPath, references: ReferenceIndex): TfValue | undefined => {
    const node = nodeAt(root, path);
    if (node === undefined) return undefined;
    return valueFromJsonTree(node, position, references, locate(path));
  };
  let value: unknown;
  let parsedValue = false;
  const json: JsonFile = {
    file,
    get value(): unknown {
      if (!parsedValue) [value, parsedValue] = [getNodeValue(root), true];
      return value;
    },
    locate,
    located,
  };
  return { json };
}

/**
 * The node at a path, where a key written twice in an object is its last entry: the one `getNodeValue` (and so
 * `value`) keeps, and `locatedJsonText` reads. (`findNodeAtLocation` takes the first.)
 */
function nodeAt(root: Node, path: JsonPath): Node | undefined {
  let node: Node | undefined = root;
  for (const segment of path) {
    if (typeof segment === "number") {
      node = node.type === "array" ? node.children?.[segment] : undefined;
    } else {
      let found: Node | undefined;
      if (node.type === "object") for (const entry of node.children ?? []) if (entry.children?.length === 2 && entry.children[0].value === segment) found = entry.children[1];
      node = found;
    }
    if (node === undefined) return undefined;
  }
  return node;
}

function locateNode(root: Node, path: JsonPath, position: (offset: number) => SourceLocation): SourceLocation {
  for (let length = path.length; length >= 0; length--) {
    const node = nodeAt(root, path.slice(0, length));
    if (node === undefined) continue;
    // An object entry's value is located at its key.
    const at = node.parent?.type === "property" ? node.parent.offset : node.offset;
    return position(at);
  }
  return position(root.offset);
}

/** `ValueExpected` → `a value was expected`. */
function describeJsonError(code: string): string {
  const words = code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  const match = /^(.*) expected$/.exec(words);
  return match ? `expected ${/^[aeiou]/.test(match[1]) ? "an" : "a"} ${match[1]}` : words;
}

/** An expression read by `locatedJsonText`, whose references are set once a `ReferenceIndex` has read its text. */
export interface PendingExpression {
  readonly kind: "expression";
  readonly text: string;
  references: readonly string[];
  readonly loc: SourceLocation;
}

/** A container being filled while `locatedJsonText` reads: an object (with the key just read) or a list. */
type OpenValue =
  | { readonly value: { kind: "object"; entries: Map<string, TfValue>; loc: SourceLocation }; key: string; keyLoc: SourceLocation }
  | { readonly value: { kind: "list"; items: TfValue[]; loc: SourceLocation } };

/**
 * JSON text read straight into located `TfValue`s, in one pass of the parser's visitor (no syntax tree, no second
 * walk): located as `JsonFile.located` locates (an object entry at its key, a list item at itself), with the
 * expressions listed so their references can be read and set. `undefined` when the text is not strict JSON (then
 * `parseJsonFile` says why).
 */
/** The key location of an object whose first key is not read yet (never given to a value). */
const NO_KEY_YET: SourceLocation = { file: "", line: 0, column: 0 };

export function locatedJsonText(file: string, text: string): { value: TfValue; expressions: PendingExpression[] } | undefined {
  const open: OpenValue[] = [];
  const expressions: PendingExpression[] = [];
  let root: TfValue | undefined;
  let failed = false;
  // Lines counted at '\n' only, as `parseJsonFile` and Terraform count them (jsonc-parser's own lines also break at a
  // lone '\r').
  const position = lineIndex(file, text);
  const at = (offset: number): SourceLocation => position(offset);
  /** Where a value starting at a position is located: at its key inside an object, at itself elsewhere. */
  const locOf = (offset: number): SourceLocation => {
    const parent = open[open.length - 1];
    return parent !== undefined && "key" in parent ? parent.keyLoc : at(offset);
  };
  const add = (value: TfValue): void => {
    const parent = open[open.length - 1];
    if (parent === undefined) root = value;
    else if ("key" in parent) parent.value.entries.set(parent.key, value);
    else parent.value.items.push(value);
  };
  visit(
    text,
    {
      onObjectBegin: (offset) => {
        open.push({ value: { kind: "object", entries: new Map(), loc: locOf(offset) }, key: "", keyLoc: NO_KEY_YET });
      },
      onObjectProperty: (property, offset) => {
        const parent = open[open.length - 1];
        if (parent !== undefined && "key" in parent) {
          parent.key = property;
          parent.keyLoc = at(offset);
        }
      },
      onObjectEnd: () => add(open.pop()!.value),
      onArrayBegin: (offset) => {
        open.push({ value: { kind: "list", items: [], loc: locOf(offset) } });
      },
      onArrayEnd: () => add(open.pop()!.value),
      onLiteralValue: (value: string | number | boolean | null, offset) => {
        const loc = locOf(offset);
        if (typeof value === "string" && isExpressionText(value)) {
          const expression: PendingExpression = { kind: "expression", text: value, references: [], loc };
          expressions.push(expression);
          add(expression);
        } else add({ kind: "literal", value, loc });
      },
      onError: () => {
        failed = true;
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  return failed || root === undefined ? undefined : { value: root, expressions };
}
