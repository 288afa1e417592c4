/**
 * Values of a root module's variables, taken as Terraform takes them: a variable's `default`, then the folder's
 * `terraform.tfvars`, `terraform.tfvars.json` and `*.auto.tfvars[.json]` (in lexical order of their names), then
 * `--var-file` and `--var` in the order given on the command line; a later value wins. Environment variables
 * (`TF_VAR_name`) are not read: a scan judges the repository, not the machine it runs on.
 */
import type { ConfigProblem } from "../config/problems";
import type { TfObject, TfValue } from "../model/terraform";
import { attributesOfHclFile } from "./hcl-configuration";
import { parseJsonFile } from "./json-file";
import type { ReferenceIndex } from "./json-form";

/** A variable value given on the command line: a file of values, or one value. */
export type CommandLineVariables = readonly ({ readonly varFile: string } | { readonly name: string; readonly value: string })[];

/** Whether Terraform reads a file of this name in a root module's folder by itself. */
export function isAutoVariablesFile(name: string): boolean {
  return name === "terraform.tfvars" || name === "terraform.tfvars.json" || name.endsWith(".auto.tfvars") || name.endsWith(".auto.tfvars.json");
}

/** A folder's variables files in the order Terraform reads them: `terraform.tfvars`, its JSON twin, then the rest by name. */
export function inReadingOrder<T extends { readonly name: string }>(files: readonly T[]): T[] {
  const rank = (name: string) => (name === "terraform.tfvars" ? 0 : name === "terraform.tfvars.json" ? 1 : 2);
  return [...files].sort((a, b) => rank(a.name) - rank(b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The values one variables file sets, each located at its line: HCL (`*.tfvars`) or JSON (`*.tfvars.json`). A file
 * that does not parse, or whose top level is not an object of values, is a problem and sets nothing.
 */
export async function valuesOfVariablesFile(file: string, text: string, references: ReferenceIndex): Promise<{ values: ReadonlyMap<string, TfValue>; problems: ConfigProblem[] }> {
  if (file.endsWith(".json")) {
    const parsed = parseJsonFile(file, text);
    if ("problem" in parsed) return { values: new Map(), problems: [parsed.problem] };
    const value = parsed.json.value;
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      return { values: new Map(), problems: [{ ...parsed.json.locate([]), message: "A variables file in JSON has no object at the top level; expected an object of variable names and their values." }] };
    }
    return { values: (parsed.json.located([], references) as TfObject).entries, problems: [] };
  }
  const read = await attributesOfHclFile(file, text, references);
  return { values: read.attributes?.entries ?? new Map(), problems: read.problems };
}

/** Where a `--var name=value` value is said to be: the option, never its value (which may be a secret). */
export function commandLineLocation(name: string): { file: string; line: number; column: number } {
  return { file: `--var ${name}`, line: 1, column: 1 };
}
