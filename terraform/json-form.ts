/**
 * Terraform's JSON form, shared by every reader: HCL comes out of `@cdktf/hcl2json` in it, `*.tf.json` is written in
 * it. Here a parsed JSON value becomes located `TfValue`s, `${…}` strings become expressions with their references,
 * and the top-level object becomes blocks.
 */
import type { Node as JsonNode } from "jsonc-parser";
import type { Located, SourceLocation } from "../model/model";
import type { TfBlock, TfBlockKind, TfObject, TfValue } from "../model/terraform";
import { readReferences } from "./expression-references";
import { TOP_LEVEL_BLOCK_KINDS } from "../model/terraform";

/** A path into the JSON form: object keys and list indexes from the top. */
export type JsonPath = readonly (string | number)[];

/** Whether a JSON-form string is an expression: it has a `${` or `%{` that is not escaped as `$${` / `%%{`. */
export function isExpressionText(text: string): boolean {
  return text.includes("{") && /(^|[^$%])[$%]\{/.test(text);
}

/** Finds the references of expressions, once per distinct text (`readReferences`, or HCL's own parser for other forms). */
export class ReferenceIndex {
  private readonly known = new Map<string, readonly string[]>();

  /** Reads the references of every expression among the texts not read before. */
  async add(texts: Iterable<string>): Promise<void> {
    for (const text of texts) {
      if (!isExpressionText(text) || this.known.has(text)) continue;
      // The forms generated and hand-written stacks take are read here; the rest goes to HCL's parser, which costs
      // about a millisecond per expression.
      const read = readReferences(text);
      if (read !== undefined) {
        this.known.set(text, read);
        continue;
      }
      let references: readonly string[] = [];
      try {
        // HCL's parser is loaded when first needed: loading it starts a WebAssembly runtime.
        const { getReferencesInExpression } = await import("@cdktf/hcl2json");
        references = (await getReferencesInExpression("expression.tf", text)).map((reference) => reference.value);
      } catch {
        // An expression HCL cannot read is kept as text without references; Terraform itself reports it.
      }
      this.known.set(text, references);
    }
  }

  /** The references of an expression read by `add`. */
  referencesOf(text: string): readonly string[] {
    return this.known.get(text) ?? [];
  }
}

/** Every string in a parsed JSON value, for `ReferenceIndex.add`. */
export function stringsIn(value: unknown, into: string[] = []): string[] {
  if (typeof value === "string") into.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, into);
  else if (value !== null && typeof value === "object") for (const item of Object.values(value)) stringsIn(item, into);
  return into;
}

/**
 * A JSON syntax tree's node as a located `TfValue`, located as `valueFromJson` locates (an object entry at its key, a
 * list item at itself) but from the offsets the tree keeps, without looking each path up from the top.
 */
export function valueFromJsonTree(node: JsonNode, position: (offset: number) => SourceLocation, references: ReferenceIndex, loc = position(node.offset)): TfValue {
  if (node.type === "object") {
    const entries = new Map<string, TfValue>();
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (key !== undefined && value !== undefined) entries.set(String(key.value), valueFromJsonTree(value, position, references, position(property.offset)));
    }
    return { kind: "object", entries, loc };
  }
  if (node.type === "array") return { kind: "list", items: (node.children ?? []).map((item) => valueFromJsonTree(item, position, references)), loc };
  const value = node.value as string | number | boolean | null;
  if (typeof value === "string" && isExpressionText(value)) return { kind: "expression", text: value, references: references.referencesOf(value), loc };
  return { kind: "literal", value, loc };
}

/**
 * A parsed JSON value as a located `TfValue`. `locate` gives the position of a path (the nearest located ancestor
 * where it knows no better).
 */
export function valueFromJson(value: unknown, path: JsonPath, locate: (path: JsonPath) => SourceLocation, references: ReferenceIndex): TfValue {
  const loc = locate(path);
  if (typeof value === "string" && isExpressionText(value)) return { kind: "expression", text: value, references: references.referencesOf(value), loc };
  if (Array.isArray(value)) return { kind: "list", items: value.map((item, index) => valueFromJson(item, [...path, index], locate, references)), loc };
  if (value !== null && typeof value === "object") {
    const entries = new Map<string, TfValue>();
    for (const [key, item] of Object.entries(value)) entries.set(key, valueFromJson(item, [...path, key], locate, references));
    return { kind: "object", entries, loc };
  }
  return { kind: "literal", value: value as string | number | boolean | null, loc };
}

/** Labels each top-level block kind has: `resource "type" "name"` has two, `variable "name"` one, `locals` none. */
const LABEL_COUNT: Readonly<Record<TfBlockKind, number>> = {
  resource: 2,
  data: 2,
  provider: 1,
  variable: 1,
  output: 1,
  module: 1,
  locals: 0,
  terraform: 0,
  import: 0,
  moved: 0,
  removed: 0,
  check: 1,
};

/** The key Terraform JSON treats as a comment at any level; cdktf and scopegate keep metadata under it. */
export const JSON_COMMENT_KEY = "//";

/**
 * The blocks of a Terraform JSON document (or of hcl2json's output). Each label level may be an object or a list of
 * objects, as Terraform allows. Unknown top-level keys are returned for the caller to report.
 */
export function blocksOfJsonForm(root: TfObject): { blocks: TfBlock[]; unknownKeys: Located<string>[]; notBlocks: Located<string>[] } {
  const blocks: TfBlock[] = [];
  const unknownKeys: Located<string>[] = [];
  const notBlocks: Located<string>[] = [];
  for (const [key, value] of root.entries) {
    if (key === JSON_COMMENT_KEY) continue;
    if (!(TOP_LEVEL_BLOCK_KINDS as readonly string[]).includes(key)) {
      unknownKeys.push({ value: key, loc: value.loc });
      continue;
    }
    const kind = key as TfBlockKind;
    collect(
      value,
      LABEL_COUNT[kind],
      [],
      (labels, body) => {
        blocks.push({ kind, type: labels[0] ?? "", name: labels[1] ?? "", body, annotations: jsonAnnotations(body), loc: labels.length > 0 ? body.loc : value.loc });
      },
      (labels, found) => notBlocks.push({ value: [kind, ...labels].join("."), loc: found.loc }),
    );
  }
  return { blocks, unknownKeys, notBlocks };
}

/** Walks `labelsLeft` levels of label keys, each an object or a list of objects, down to block bodies. */
function collect(
  value: TfValue,
  labelsLeft: number,
  labels: readonly string[],
  found: (labels: readonly string[], body: TfObject) => void,
  notABlock: (labels: readonly string[], value: TfValue) => void,
): void {
  if (value.kind === "list") {
    for (const item of value.items) collect(item, labelsLeft, labels, found, notABlock);
    return;
  }
  if (value.kind !== "object") {
    notABlock(labels, value);
    return;
  }
  if (labelsLeft === 0) {
    found(labels, value);
    return;
  }
  for (const [label, inner] of value.entries) {
    if (label === JSON_COMMENT_KEY) continue;
    // A body is located at its last label's key (each entry is located at its key): the line a reader looks for.
    collect(inner, labelsLeft - 1, [...labels, label], found, notABlock);
  }
}


/** `"//": { "scopegate": { "capabilities": ["a", "b"], "tier": "prod" } }` as annotations; lists joined with commas. */
function jsonAnnotations(body: TfObject): Map<string, Located<string>> {
  const annotations = new Map<string, Located<string>>();
  const comment = body.entries.get(JSON_COMMENT_KEY);
  const scopegate = comment?.kind === "object" ? comment.entries.get("scopegate") : undefined;
  if (scopegate?.kind !== "object") return annotations;
  for (const [key, value] of scopegate.entries) {
    if (value.kind === "literal" && value.value !== null) annotations.set(key, { value: String(value.value), loc: value.loc });
    else if (value.kind === "list") {
      const items = value.items.flatMap((item) => (item.kind === "literal" && item.value !== null ? [String(item.value)] : []));
      annotations.set(key, { value: items.join(","), loc: value.loc });
    }
  }
  return annotations;
}
