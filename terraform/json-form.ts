/**
 * Terraform's JSON form, shared by every reader: HCL comes out of `@cdktf/hcl2json` in it, `*.tf.json` is written in
 * it. Here a parsed JSON value becomes located `TfValue`s, `${…}` strings become expressions with their references,
 * and the top-level object becomes blocks.
 */
import { getReferencesInExpression } from "@cdktf/hcl2json";
import type { Located, SourceLocation } from "../config/model";
import type { TfBlock, TfBlockKind, TfObject, TfValue } from "./document";
import { TOP_LEVEL_BLOCK_KINDS } from "./document";

/** A path into the JSON form: object keys and list indexes from the top. */
export type JsonPath = readonly (string | number)[];

/** Whether a JSON-form string is an expression: it has a `${` or `%{` that is not escaped as `$${` / `%%{`. */
export function isExpressionText(text: string): boolean {
  return /(^|[^$%])[$%]\{/.test(text);
}

/** `${a.b[0].c}`: an expression that is one traversal and nothing else. */
const SINGLE_TRAVERSAL = /^\$\{\s*([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[\d+\])+)\s*\}$/;

/** Finds the references of expressions, once per distinct text; HCL's own parser reads them. */
export class ReferenceIndex {
  private readonly known = new Map<string, readonly string[]>();

  /** Reads the references of every expression among the texts not read before. */
  async add(texts: Iterable<string>): Promise<void> {
    for (const text of texts) {
      if (this.known.has(text) || !isExpressionText(text)) continue;
      // The common case, one whole traversal (`${data.genesyscloud_auth_role.bot.id}`), is its own reference, written
      // as HCL writes it (`x[0]` as `x.0`); anything else goes to HCL's parser, which costs about a millisecond.
      const traversal = SINGLE_TRAVERSAL.exec(text)?.[1];
      if (traversal !== undefined) {
        this.known.set(text, [traversal.replace(/\[(\d+)\]/g, ".$1")]);
        continue;
      }
      let references: readonly string[] = [];
      try {
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
export function* stringsIn(value: unknown): Generator<string> {
  if (typeof value === "string") yield value;
  else if (Array.isArray(value)) for (const item of value) yield* stringsIn(item);
  else if (value !== null && typeof value === "object") for (const item of Object.values(value)) yield* stringsIn(item);
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
