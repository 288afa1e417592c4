/**
 * HCL (`*.tf`) as blocks. Values come from `@cdktf/hcl2json` (HashiCorp's own HCL parser, compiled to WebAssembly),
 * which gives the JSON form Terraform itself would read; positions and comments come from a tree-sitter syntax tree
 * of the same text, since hcl2json keeps none.
 */
import { parse as parseHcl } from "@cdktf/hcl2json";
import type { Located, SourceLocation } from "../config/model";
import type { ConfigProblem } from "../config/problems";
import type { TfBlock, TfObject } from "./document";
import type { JsonPath } from "./json-form";
import { blocksOfJsonForm, ReferenceIndex, stringsIn, valueFromJson } from "./json-form";

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

/**
 * The blocks of one HCL file. A syntax error is a problem with the line and column HCL reports (the caller exits 2).
 */
export async function blocksOfHclFile(file: string, text: string, references = new ReferenceIndex()): Promise<{ blocks: TfBlock[]; problems: ConfigProblem[] }> {
  let plain: unknown;
  try {
    plain = await parseHcl(file, text);
  } catch (error) {
    return { blocks: [], problems: hclProblems(file, error instanceof Error ? error.message : String(error)) };
  }
  const root = syntaxParser().parse(text).rootNode;
  const body = root.namedChildren.find((child) => child.type === "body");
  const positions = new HclPositions(file, body);
  await references.add(stringsIn(plain));
  const value = valueFromJson(plain, [], (path) => positions.locate(path), references) as TfObject;
  const { blocks } = blocksOfJsonForm(value);
  const annotations = commentAnnotations(file, root);
  return {
    blocks: blocks.map((block) => {
      const found = annotations.get(block.loc.line);
      return found === undefined ? block : { ...block, annotations: found };
    }),
    problems: [],
  };
}

/**
 * `parse config: [main.tf:2,7-3,1: Invalid expression; Expected the start of an expression …]` as problems, one per
 * diagnostic, at its start.
 */
function hclProblems(file: string, message: string): ConfigProblem[] {
  const name = file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const start = `${name}:(\\d+),(\\d+)(?:-[\\d,]+)?: `;
  const diagnostics = [...message.matchAll(new RegExp(`${start}(.*?)(?= ${name}:\\d+,\\d+(?:-[\\d,]+)?: |\\]$|$)`, "g"))];
  if (diagnostics.length === 0) return [{ file, message: `Not valid HCL: ${message.replace(/^parse config: /, "")}` }];
  return diagnostics.map((match) => ({ file, line: Number(match[1]), column: Number(match[2]), message: `Not valid HCL: ${match[3].trim()}` }));
}

/** 1-based location of a syntax node's start. */
function locationOf(file: string, node: SyntaxNode): SourceLocation {
  return { file, line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

/** A block's type identifier and its labels, without quotes. */
function blockHeader(node: SyntaxNode): { identifier: string; labels: string[] } {
  const identifier = node.namedChildren.find((child) => child.type === "identifier")?.text ?? "";
  const labels = node.namedChildren
    .filter((child) => child.type === "string_lit" || (child.type === "identifier" && child.text !== identifier))
    .map((child) => (child.type === "string_lit" ? child.text.slice(1, -1) : child.text));
  return { identifier, labels };
}

function bodyOf(node: SyntaxNode): SyntaxNode | undefined {
  return node.namedChildren.find((child) => child.type === "body");
}

/**
 * Positions of the JSON form's paths in the HCL text. hcl2json writes `resource "t" "n" { roles { … } }` as
 * `resource.t.n[0].roles[0]`, so a path walks block identifiers, then labels, then the index among blocks with those
 * labels. A path into an attribute's value is located at the attribute.
 */
class HclPositions {
  constructor(
    private readonly file: string,
    private readonly root: SyntaxNode | undefined,
  ) {}

  locate(path: JsonPath): SourceLocation {
    const fallback: SourceLocation = { file: this.file, line: 1, column: 1 };
    let body = this.root;
    let at = fallback;
    let index = 0;
    while (body !== undefined && index < path.length) {
      const segment = path[index];
      const children = body.namedChildren;
      const attribute = children.find((child) => child.type === "attribute" && child.namedChildren[0]?.text === segment);
      if (attribute !== undefined) return this.locateInValue(attribute, path.slice(index + 1));
      let blocks = children.filter((child) => child.type === "block" && blockHeader(child).identifier === segment);
      if (blocks.length === 0) return at;
      index++;
      at = locationOf(this.file, blocks[0]);
      // Labels, then the index among the blocks that have them.
      for (let label = 0; index < path.length && typeof path[index] === "string"; label++, index++) {
        const name = path[index];
        const labelled = blocks.filter((block) => blockHeader(block).labels[label] === name);
        if (labelled.length === 0) return at;
        blocks = labelled;
        at = locationOf(this.file, blocks[0]);
      }
      if (index >= path.length) return at;
      const block = blocks[Number(path[index])];
      if (block === undefined) return at;
      at = locationOf(this.file, block);
      index++;
      body = bodyOf(block);
    }
    return at;
  }

  /** An attribute, or an item of the list literal it holds (`scopes = [ … ]` written over several lines). */
  private locateInValue(attribute: SyntaxNode, rest: JsonPath): SourceLocation {
    const value = unwrap(attribute.namedChildren[1]);
    if (typeof rest[0] === "number" && value?.type === "tuple") {
      const item = value.namedChildren.filter((child) => child.type === "expression")[rest[0]];
      if (item !== undefined) return locationOf(this.file, item);
    }
    return locationOf(this.file, attribute);
  }
}

/** The expression a node holds, looking through `expression` and `collection_value` wrappers. */
function unwrap(node: SyntaxNode | undefined): SyntaxNode | undefined {
  let current = node;
  while (current !== undefined && (current.type === "expression" || current.type === "collection_value")) current = current.namedChildren[0];
  return current;
}
/**
 * `# scopegate: capabilities=bot-session, guest-tokens` and `// scopegate: tier=prod`, as key and value; the value
 * ends at a further comment (`… # why`).
 */
const ANNOTATION = /^(?:#|\/\/|\/\*)\s*scopegate:\s*([a-zA-Z][\w-]*)\s*=\s*(.*?)\s*(?:(?:#|\/\/).*|\*\/)?$/;

/**
 * Annotations of each top-level block, by the block's first line: from the comment lines right above it and from
 * comments inside it (not inside its nested blocks).
 */
function commentAnnotations(file: string, root: SyntaxNode): Map<number, Map<string, Located<string>>> {
  const byLine = new Map<number, Map<string, Located<string>>>();
  // Comments before the first block belong to the file rather than to its body in tree-sitter's tree.
  const body = bodyOf(root);
  const children = [...root.namedChildren.filter((child) => child.type === "comment"), ...(body?.namedChildren ?? [])].sort(
    (a, b) => a.startPosition.row - b.startPosition.row,
  );
  for (let i = 0; i < children.length; i++) {
    const block = children[i];
    if (block.type !== "block") continue;
    const comments: SyntaxNode[] = [];
    // Comments directly above, with no blank line between.
    let nextRow = block.startPosition.row;
    for (let j = i - 1; j >= 0 && children[j].type === "comment" && children[j].endPosition.row >= nextRow - 1; j--) {
      comments.unshift(children[j]);
      nextRow = children[j].startPosition.row;
    }
    comments.push(...(bodyOf(block)?.namedChildren.filter((child) => child.type === "comment") ?? []));
    const annotations = new Map<string, Located<string>>();
    for (const comment of comments) {
      const match = ANNOTATION.exec(comment.text.trim());
      if (match !== null) annotations.set(match[1], { value: match[2], loc: locationOf(file, comment) });
    }
    if (annotations.size > 0) byLine.set(block.startPosition.row + 1, annotations);
  }
  return byLine;
}
