/**
 * JSON files with positions: a Terraform JSON configuration, a plan, or anything else given to `scan`. Parsed with
 * `jsonc-parser`, which keeps every node's offset, so a value is located at its key (the line a reader looks for).
 */
import { findNodeAtLocation, getNodeValue, type Node, parseTree, printParseErrorCode, type ParseError } from "jsonc-parser";
import type { SourceLocation } from "../config/model";
import type { ConfigProblem } from "../config/problems";
import type { JsonPath } from "./json-form";

/** A parsed JSON file: its value and where each path in it was written. */
export interface JsonFile {
  readonly file: string;
  readonly value: unknown;
  /** Where a path was written: an object entry at its key, a list item at itself; the nearest ancestor otherwise. */
  locate(path: JsonPath): SourceLocation;
}

/** Offsets to 1-based lines and columns. */
export function lineIndex(file: string, text: string): (offset: number) => SourceLocation {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
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
    const key = path.join("\u0000");
    const known = cache.get(key);
    if (known !== undefined) return known;
    const found = locateNode(root, path, position);
    cache.set(key, found);
    return found;
  };
  return { json: { file, value: getNodeValue(root) as unknown, locate } };
}

function locateNode(root: Node, path: JsonPath, position: (offset: number) => SourceLocation): SourceLocation {
  for (let length = path.length; length >= 0; length--) {
    const node = findNodeAtLocation(root, [...path.slice(0, length)]);
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
