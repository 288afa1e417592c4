/**
 * An HCL file's layout read from a tree-sitter syntax tree: the second reader behind `hcl-layout.ts`, used where
 * that one meets text it does not expect. Loaded only then (tree-sitter is a native module).
 */
import type { LayoutComment, LayoutItem, LayoutPosition, LayoutValue } from "./hcl-layout";

// tree-sitter is a native module with no types of its own; the part used here is typed below.
interface SyntaxNode {
  readonly type: string;
  readonly text: string;
  readonly startPosition: { readonly row: number; readonly column: number };
  readonly endPosition: { readonly row: number; readonly column: number };
  readonly namedChildren: readonly SyntaxNode[];
}
interface SyntaxParser {
  setLanguage(language: unknown): void;
  parse(text: string): { readonly rootNode: SyntaxNode };
}

let parser: SyntaxParser | undefined;

/** One tree-sitter parser per process: loading the grammar costs more than parsing a file. */
function syntaxParser(): SyntaxParser {
  if (parser === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Parser = require("tree-sitter") as new () => SyntaxParser;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const grammar = require("@tree-sitter-grammars/tree-sitter-hcl") as { hcl?: unknown };
    parser = new Parser();
    parser.setLanguage(grammar.hcl ?? grammar);
  }
  return parser;
}

/** The layout of an HCL file's top-level body, from tree-sitter's syntax tree. */
export function layoutFromSyntaxTree(text: string): LayoutItem[] {
  const root = syntaxParser().parse(text).rootNode;
  // Comments before the first block belong to the file rather than to its body in tree-sitter's tree.
  const children = [...root.namedChildren.filter((child) => child.type === "comment"), ...(bodyOf(root)?.namedChildren ?? [])].sort(byPosition);
  return bodyItems(children);
}

function byPosition(a: SyntaxNode, b: SyntaxNode): number {
  return a.startPosition.row - b.startPosition.row || a.startPosition.column - b.startPosition.column;
}

function bodyItems(children: readonly SyntaxNode[]): LayoutItem[] {
  const items: LayoutItem[] = [];
  for (const child of children) {
    if (child.type === "attribute") {
      const name = child.namedChildren[0]?.text;
      if (name !== undefined) items.push({ kind: "attribute", name, at: positionOf(child), value: valueOf(child.namedChildren[1]) });
    } else if (child.type === "block") {
      const identifier = child.namedChildren.find((part) => part.type === "identifier")?.text ?? "";
      const labels = child.namedChildren
        .filter((part) => part.type === "string_lit" || (part.type === "identifier" && part.text !== identifier))
        .map((part) => (part.type === "string_lit" ? part.text.slice(1, -1) : part.text));
      // A comment on the block's first line (`x { # why`) is the block's child in the tree, not its body's.
      const inside = [...child.namedChildren.filter((part) => part.type === "comment"), ...(bodyOf(child)?.namedChildren ?? [])].sort(byPosition);
      items.push({ kind: "block", identifier, labels, at: positionOf(child), body: bodyItems(inside) });
    } else if (child.type === "comment") {
      items.push(commentOf(child));
    }
  }
  return items;
}

function commentOf(node: SyntaxNode): LayoutComment {
  // A line comment's node may end at the start of the next line (its newline included).
  const endLine = node.endPosition.column === 0 && node.endPosition.row > node.startPosition.row ? node.endPosition.row : node.endPosition.row + 1;
  // A line comment's text ends before its line's end (`\r\n` too), as `hclLayout` reads it.
  return { kind: "comment", text: node.text.replace(/\r?\n$/, "").replace(/^((?:#|\/\/).*)\r$/s, "$1"), at: positionOf(node), endLine };
}

/** A list or object value's layout; anything else is `other`. */
function valueOf(node: SyntaxNode | undefined): LayoutValue {
  const value = unwrap(node);
  if (value?.type === "tuple") {
    return { kind: "list", items: value.namedChildren.filter((item) => item.type === "expression").map((item) => ({ at: positionOf(item), value: valueOf(item) })) };
  }
  if (value?.type === "object") {
    const elements: { key: string; at: LayoutPosition; value: LayoutValue }[] = [];
    for (const element of value.namedChildren.filter((item) => item.type === "object_elem")) {
      const [key, inner] = element.namedChildren;
      if (key === undefined) continue;
      elements.push({ key: /^"(.*)"$/s.exec(key.text)?.[1] ?? key.text, at: positionOf(element), value: valueOf(inner) });
    }
    return { kind: "object", elements };
  }
  return { kind: "other" };
}

function bodyOf(node: SyntaxNode): SyntaxNode | undefined {
  return node.namedChildren.find((child) => child.type === "body");
}

/**
 * The expression a node holds, looking through `expression` and `collection_value` wrappers that hold nothing else
 * (`[1, 2][0]` is an index expression, not a list).
 */
function unwrap(node: SyntaxNode | undefined): SyntaxNode | undefined {
  let current = node;
  while (current !== undefined && (current.type === "expression" || current.type === "collection_value")) {
    if (current.namedChildren.length !== 1) return undefined;
    current = current.namedChildren[0];
  }
  return current;
}

function positionOf(node: SyntaxNode): LayoutPosition {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}
