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
  const parsed = await parsedHclFile(file, text, references);
  if ("problems" in parsed) return { blocks: [], problems: parsed.problems };
  const { blocks } = blocksOfJsonForm(parsed.value);
  const annotations = commentAnnotations(file, parsed.root);
  return {
    blocks: blocks.map((block) => {
      const found = annotations.get(block.loc.line);
      return found === undefined ? block : { ...block, annotations: found };
    }),
    problems: [],
  };
}

/**
 * The top-level attributes of an HCL file without blocks, such as a `terraform.tfvars`: `region = "us-east-1"` as
 * entry `region`, located at its line. A syntax error is a problem, as for `blocksOfHclFile`.
 */
export async function attributesOfHclFile(file: string, text: string, references = new ReferenceIndex()): Promise<{ attributes?: TfObject; problems: ConfigProblem[] }> {
  const parsed = await parsedHclFile(file, text, references);
  return "problems" in parsed ? { problems: parsed.problems } : { attributes: parsed.value, problems: [] };
}

/** One HCL file as its JSON-form value (located) and syntax tree, or the problems of a file that does not parse. */
async function parsedHclFile(file: string, text: string, references: ReferenceIndex): Promise<{ value: TfObject; root: SyntaxNode } | { problems: ConfigProblem[] }> {
  let plain: unknown;
  try {
    plain = await parseHcl(file, text);
  } catch (error) {
    const conflict = conflictMarker(file, text);
    return { problems: conflict !== undefined ? [conflict] : hclProblems(file, error instanceof Error ? error.message : String(error)) };
  }
  const root = syntaxParser().parse(text).rootNode;
  const body = root.namedChildren.find((child) => child.type === "body");
  const positions = new HclPositions(file, body);
  await references.add(stringsIn(plain));
  return { value: valueFromJson(plain, [], (path) => positions.locate(path), references) as TfObject, root };
}

/** A merge-conflict marker left in a file that does not parse: the cause, said as such, at the marker's line. */
function conflictMarker(file: string, text: string): ConfigProblem | undefined {
  const index = text.split(/\r?\n/).findIndex((line) => /^(<{7}|={7}|>{7})(\s|$)/.test(line));
  if (index < 0) return undefined;
  return { file, line: index + 1, column: 1, message: "A merge-conflict marker is left in the file, so it is not valid HCL; expected the conflict resolved (keep one side, remove the '<<<<<<<', '=======' and '>>>>>>>' lines)." };
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
 * `resource.t.n[0].roles[0]`: block identifiers, then labels, then the index among blocks with those labels. Every
 * such path of a block, attribute and list item is indexed in one walk of the syntax tree, so locating a value costs a
 * few map lookups; a path into an attribute's value is located at the attribute (or at the list item).
 */
class HclPositions {
  private readonly positions = new Map<string, SourceLocation>();

  constructor(
    private readonly file: string,
    body: SyntaxNode | undefined,
  ) {
    if (body !== undefined) this.indexBody(body, []);
  }

  /** Where a path was written: the nearest indexed path at or above it, else the file's first line. */
  locate(path: JsonPath): SourceLocation {
    for (let length = path.length; length > 0; length--) {
      const found = this.positions.get(pathKey(path.slice(0, length)));
      if (found !== undefined) return found;
    }
    return { file: this.file, line: 1, column: 1 };
  }

  /** The items of a list (`[a, b]`) and the elements of an object (`{ k = v }`) under `at`, nested ones too. */
  private indexValue(node: SyntaxNode | undefined, at: JsonPath): void {
    const value = unwrap(node);
    if (value?.type === "tuple") {
      value.namedChildren
        .filter((item) => item.type === "expression")
        .forEach((item, index) => {
          this.positions.set(pathKey([...at, index]), locationOf(this.file, item));
          this.indexValue(item, [...at, index]);
        });
    } else if (value?.type === "object") {
      for (const element of value.namedChildren.filter((item) => item.type === "object_elem")) {
        const [key, inner] = element.namedChildren;
        if (key === undefined) continue;
        const name = /^"(.*)"$/s.exec(key.text)?.[1] ?? key.text;
        this.positions.set(pathKey([...at, name]), locationOf(this.file, element));
        this.indexValue(inner, [...at, name]);
      }
    }
  }

  private indexBody(body: SyntaxNode, prefix: JsonPath): void {
    const seen = new Map<string, number>();
    for (const child of body.namedChildren) {
      if (child.type === "attribute") {
        const name = child.namedChildren[0]?.text;
        if (name === undefined) continue;
        const at = [...prefix, name];
        this.positions.set(pathKey(at), locationOf(this.file, child));
        this.indexValue(child.namedChildren[1], at);
      } else if (child.type === "block") {
        const { identifier, labels } = blockHeader(child);
        const loc = locationOf(this.file, child);
        const labelled = [...prefix, identifier, ...labels];
        // `resource` and `resource.t` are located at the first block that has them.
        for (let length = prefix.length + 1; length <= labelled.length; length++) {
          const key = pathKey(labelled.slice(0, length));
          if (!this.positions.has(key)) this.positions.set(key, loc);
        }
        const count = seen.get(pathKey(labelled)) ?? 0;
        seen.set(pathKey(labelled), count + 1);
        const at = [...labelled, count];
        this.positions.set(pathKey(at), loc);
        const inner = bodyOf(child);
        if (inner !== undefined) this.indexBody(inner, at);
      }
    }
  }
}

function pathKey(path: JsonPath): string {
  return path.join("\u0000");
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
