/** Terraform JSON configurations (`*.tf.json`, cdktf's `cdk.tf.json`) as blocks. */
import type { ConfigProblem } from "../config/problems";
import type { TfBlock } from "../model/terraform";
import { TOP_LEVEL_BLOCK_KINDS } from "../model/terraform";
import { locatedJsonText, parseJsonFile } from "./json-file";
import { blocksOfJsonForm, ReferenceIndex } from "./json-form";

/** Whether a parsed JSON value looks like a Terraform configuration: an object with a top-level block key. */
export function isTerraformJson(value: unknown): boolean {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  return Object.keys(value).some((key) => (TOP_LEVEL_BLOCK_KINDS as readonly string[]).includes(key));
}

/**
 * The blocks of a Terraform JSON file. Text that is not JSON is a problem with its line and column; a top-level key
 * Terraform does not know is a problem, as `terraform validate` would report it.
 */
export async function blocksOfJsonFile(file: string, text: string, references = new ReferenceIndex()): Promise<{ blocks: TfBlock[]; problems: ConfigProblem[] }> {
  const read = locatedJsonText(file, text);
  if (read === undefined) {
    const parsed = parseJsonFile(file, text);
    return { blocks: [], problems: "problem" in parsed ? [parsed.problem] : [{ file, line: 1, column: 1, message: "Not valid JSON." }] };
  }
  const expected = TOP_LEVEL_BLOCK_KINDS.map((kind) => `'${kind}'`).join(", ");
  if (read.value.kind !== "object") {
    const found = read.value.kind === "list" ? "a list" : read.value.kind === "literal" && read.value.value === null ? "null" : `a ${typeof (read.value.kind === "literal" ? read.value.value : read.value.text)}`;
    return { blocks: [], problems: [{ ...read.value.loc, message: `Terraform JSON is ${found} at the top level; expected an object whose keys are block kinds (${expected}).` }] };
  }
  await references.add(read.expressions.map((expression) => expression.text));
  for (const expression of read.expressions) expression.references = references.referencesOf(expression.text);
  const { blocks, unknownKeys, notBlocks } = blocksOfJsonForm(read.value);
  const problems = [
    ...unknownKeys.map((key) => ({ ...key.loc, message: `Unknown top-level key '${key.value}' in Terraform JSON; expected one of ${expected}, or '//' for a comment.` })),
    ...notBlocks.map((where) => ({ ...where.loc, message: `'${where.value}' in Terraform JSON is not a block; expected an object (or a list of objects) of its labels and body.` })),
  ];
  return { blocks, problems };
}
