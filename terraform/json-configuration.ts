/** Terraform JSON configurations (`*.tf.json`, cdktf's `cdk.tf.json`) as blocks. */
import type { ConfigProblem } from "../config/problems";
import type { TfBlock, TfObject } from "./document";
import { TOP_LEVEL_BLOCK_KINDS } from "./document";
import type { JsonFile } from "./json-file";
import { blocksOfJsonForm, ReferenceIndex, stringsIn, valueFromJson } from "./json-form";

/** Whether a parsed JSON value looks like a Terraform configuration: an object with a top-level block key. */
export function isTerraformJson(value: unknown): boolean {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  return Object.keys(value).some((key) => (TOP_LEVEL_BLOCK_KINDS as readonly string[]).includes(key));
}

/**
 * The blocks of a Terraform JSON file. A top-level key Terraform does not know is a problem, as `terraform validate`
 * would report it.
 */
export async function blocksOfJsonFile(json: JsonFile, references = new ReferenceIndex()): Promise<{ blocks: TfBlock[]; problems: ConfigProblem[] }> {
  const expected = TOP_LEVEL_BLOCK_KINDS.map((kind) => `'${kind}'`).join(", ");
  if (json.value === null || typeof json.value !== "object" || Array.isArray(json.value)) {
    const found = json.value === null ? "null" : Array.isArray(json.value) ? "a list" : typeof json.value === "string" ? "a string" : `a ${typeof json.value}`;
    return { blocks: [], problems: [{ ...json.locate([]), message: `Terraform JSON is ${found} at the top level; expected an object whose keys are block kinds (${expected}).` }] };
  }
  await references.add(stringsIn(json.value));
  const root = valueFromJson(json.value, [], json.locate, references) as TfObject;
  const { blocks, unknownKeys, notBlocks } = blocksOfJsonForm(root);
  const problems = [
    ...unknownKeys.map((key) => ({ ...key.loc, message: `Unknown top-level key '${key.value}' in Terraform JSON; expected one of ${expected}, or '//' for a comment.` })),
    ...notBlocks.map((where) => ({ ...where.loc, message: `'${where.value}' in Terraform JSON is not a block; expected an object (or a list of objects) of its labels and body.` })),
  ];
  return { blocks, problems };
}
