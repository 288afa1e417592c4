/**
 * HCL (`*.tf`) as blocks. Values come from `@cdktf/hcl2json` (HashiCorp's own HCL parser, compiled to WebAssembly),
 * which gives the JSON form Terraform itself would read; positions and comments come from the file's layout
 * (`hcl-layout.ts`), since hcl2json keeps none.
 */
import type { Located, SourceLocation } from "../model/model";
import type { ConfigProblem } from "../config/problems";
import type { TfBlock, TfObject } from "../model/terraform";
import { HclLayoutError, hclLayout, type LayoutComment, type LayoutItem, type LayoutValue, locationAt } from "./hcl-layout";
import { layoutFromSyntaxTree } from "./hcl-syntax-tree";
import type { JsonPath } from "./json-form";
import { blocksOfJsonForm, ReferenceIndex, stringsIn, valueFromJson } from "./json-form";

/**
 * The blocks of one HCL file. A syntax error is a problem with the line and column HCL reports (the caller exits 2).
 */
export async function blocksOfHclFile(file: string, text: string, references = new ReferenceIndex()): Promise<{ blocks: TfBlock[]; problems: ConfigProblem[] }> {
  const parsed = await parsedHclFile(file, text, references);
  if ("problems" in parsed) return { blocks: [], problems: parsed.problems };
  const { blocks } = blocksOfJsonForm(parsed.value);
  const annotations = commentAnnotations(file, parsed.layout);
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

/** One HCL file as its JSON-form value (located) and layout, or the problems of a file that does not parse. */
async function parsedHclFile(file: string, text: string, references: ReferenceIndex): Promise<{ value: TfObject; layout: LayoutItem[] } | { problems: ConfigProblem[] }> {
  let plain: unknown;
  try {
    // HCL's parser is loaded when first needed: loading it starts a WebAssembly runtime.
    const { parse: parseHcl } = await import("@cdktf/hcl2json");
    plain = await parseHcl(file, text);
  } catch (error) {
    const conflict = conflictMarker(file, text);
    return { problems: conflict !== undefined ? [conflict] : hclProblems(file, error instanceof Error ? error.message : String(error)) };
  }
  const layout = layoutOf(text);
  const positions = new HclPositions(file, layout);
  await references.add(stringsIn(plain));
  return { value: valueFromJson(plain, [], (path) => positions.locate(path), references) as TfObject, layout };
}

/** The layout of text HCL's parser accepted: read in TypeScript, or from tree-sitter's tree where that reader stops. */
function layoutOf(text: string): LayoutItem[] {
  try {
    return hclLayout(text);
  } catch (error) {
    if (error instanceof HclLayoutError) return layoutFromSyntaxTree(text);
    throw error;
  }
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
    layout: readonly LayoutItem[],
  ) {
    this.indexBody(layout, []);
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
  private indexValue(value: LayoutValue, at: JsonPath): void {
    if (value.kind === "list") {
      value.items.forEach((item, index) => {
        this.positions.set(pathKey([...at, index]), locationAt(this.file, item.at));
        this.indexValue(item.value, [...at, index]);
      });
    } else if (value.kind === "object") {
      for (const element of value.elements) {
        this.positions.set(pathKey([...at, element.key]), locationAt(this.file, element.at));
        this.indexValue(element.value, [...at, element.key]);
      }
    }
  }

  private indexBody(body: readonly LayoutItem[], prefix: JsonPath): void {
    const seen = new Map<string, number>();
    for (const child of body) {
      if (child.kind === "attribute") {
        const at = [...prefix, child.name];
        this.positions.set(pathKey(at), locationAt(this.file, child.at));
        this.indexValue(child.value, at);
      } else if (child.kind === "block") {
        const loc = locationAt(this.file, child.at);
        const labelled = [...prefix, child.identifier, ...child.labels];
        // `resource` and `resource.t` are located at the first block that has them.
        for (let length = prefix.length + 1; length <= labelled.length; length++) {
          const key = pathKey(labelled.slice(0, length));
          if (!this.positions.has(key)) this.positions.set(key, loc);
        }
        const count = seen.get(pathKey(labelled)) ?? 0;
        seen.set(pathKey(labelled), count + 1);
        const at = [...labelled, count];
        this.positions.set(pathKey(at), loc);
        this.indexBody(child.body, at);
      }
    }
  }
}

function pathKey(path: JsonPath): string {
  return path.join("\u0000");
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
function commentAnnotations(file: string, layout: readonly LayoutItem[]): Map<number, Map<string, Located<string>>> {
  const byLine = new Map<number, Map<string, Located<string>>>();
  for (let i = 0; i < layout.length; i++) {
    const block = layout[i];
    if (block.kind !== "block") continue;
    const comments: LayoutComment[] = [];
    // Comments directly above, with no blank line between.
    let nextLine = block.at.line;
    for (let j = i - 1; j >= 0; j--) {
      const above = layout[j];
      if (above.kind !== "comment" || above.endLine < nextLine - 1) break;
      comments.unshift(above);
      nextLine = above.at.line;
    }
    comments.push(...block.body.filter((child): child is LayoutComment => child.kind === "comment"));
    const annotations = new Map<string, Located<string>>();
    for (const comment of comments) {
      const match = ANNOTATION.exec(comment.text.trim());
      if (match !== null) annotations.set(match[1], { value: match[2], loc: locationAt(file, comment.at) });
    }
    if (annotations.size > 0) byLine.set(block.at.line, annotations);
  }
  return byLine;
}
