/**
 * Terraform configurations as the scanner reads them, whatever they were written in: HCL (`*.tf`), Terraform JSON
 * (`*.tf.json`, cdktf's `cdk.tf.json`) or the configuration half of a plan. Values keep the JSON form Terraform
 * itself uses (a block is a list of objects, an expression is a `${…}` string), and every value keeps its file and
 * line, so that rules can check a configuration as written and point at it.
 *
 * Pure types and helpers to read them; the readers in this folder build them, `to-model.ts` turns them into scopegate's model.
 */
import type { Located, SourceLocation } from "./location";

/** A literal Terraform value. */
export type TfLiteral = string | number | boolean | null;

/** A value written as a literal: `"CODE"`, `300`, `true`. */
export interface TfLiteralValue {
  readonly kind: "literal";
  readonly value: TfLiteral;
  readonly loc: SourceLocation;
}

/**
 * A value computed by Terraform: a reference, a function call or a template. In the JSON form it is a string with
 * `${…}` in it.
 */
export interface TfExpression {
  readonly kind: "expression";
  /** As written in the JSON form, `${…}` included: `${data.genesyscloud_auth_role.bot.id}`. */
  readonly text: string;
  /** Addresses it reads, in the order written: `data.genesyscloud_auth_role.bot.id`, `var.region`. */
  readonly references: readonly string[];
  readonly loc: SourceLocation;
}

/** A list (or set, or tuple), and also a block written more than once. */
export interface TfList {
  readonly kind: "list";
  readonly items: readonly TfValue[];
  readonly loc: SourceLocation;
}

/** An object (or map), and also the body of a block. */
export interface TfObject {
  readonly kind: "object";
  /** Each entry's value is located at its key. */
  readonly entries: ReadonlyMap<string, TfValue>;
  readonly loc: SourceLocation;
}

export type TfValue = TfLiteralValue | TfExpression | TfList | TfObject;

/** The kinds of top-level blocks Terraform knows. */
export const TOP_LEVEL_BLOCK_KINDS = ["resource", "data", "provider", "variable", "output", "locals", "module", "terraform", "import", "moved", "removed", "check"] as const;
export type TfBlockKind = (typeof TOP_LEVEL_BLOCK_KINDS)[number];

/** One top-level block: `resource "genesyscloud_oauth_client" "bot" { … }`. */
export interface TfBlock {
  readonly kind: TfBlockKind;
  /**
   * The first label: the resource, data source or provider type; the variable, output or module name. Empty for
   * blocks without labels (`terraform`, `locals`).
   */
  readonly type: string;
  /** The second label: a resource's or data source's name. Empty for blocks with one label or none. */
  readonly name: string;
  readonly body: TfObject;
  /**
   * `scopegate:` annotations written with the block, by key: from a `# scopegate: capabilities=…` comment before or in
   * an HCL block, or from the `"//": { "scopegate": { … } }` comment of a JSON block.
   */
  readonly annotations: ReadonlyMap<string, Located<string>>;
  /** The block's first line (HCL) or its name's key (JSON). */
  readonly loc: SourceLocation;
}

/** How a module's files were written. */
export type TfFormat = "hcl" | "json" | "plan";

/** One Terraform root module: a folder of `*.tf` / `*.tf.json` files, one JSON file, or the configuration of a plan. */
export interface TfModule {
  /** The folder or file as given on the command line (relative where it was relative). */
  readonly label: string;
  readonly format: TfFormat;
  /** The files read, in the order read (variables files included). */
  readonly files: readonly string[];
  readonly blocks: readonly TfBlock[];
  /**
   * Values set for its variables from outside its blocks (variables files, `--var`), the last one of each name that
   * Terraform would take; a variable's `default` applies where this has no value. Each value is located where it
   * was set.
   */
  readonly variableValues?: ReadonlyMap<string, TfValue>;
  /** Its `module` blocks with a local source, each with the module it calls. */
  readonly calls?: readonly TfModuleCall[];
  /** The call that makes it a child module, when some module scanned calls it: it is then not a root of its own. */
  readonly calledBy?: { readonly module: string; readonly call: string; readonly loc: SourceLocation };
}

/** Meta-arguments of a `module` block: the rest of its body are values for the child's variables. */
export const MODULE_META_ARGUMENTS: ReadonlySet<string> = new Set(["source", "version", "providers", "count", "for_each", "depends_on", "//"]);

/** A `module "name" { source = "./x" … }` block whose source is a local folder that was read. */
export interface TfModuleCall {
  readonly name: string;
  /** The label of the module it calls. */
  readonly child: string;
  /** The block's body: `source`, meta-arguments and the values it passes to the child's variables. */
  readonly body: TfObject;
  readonly loc: SourceLocation;
}

/** What a plan does to one resource instance (`resource_changes[]` of `terraform show -json`). */
export interface TfResourceChange {
  /** `genesyscloud_oauth_client.bot`, `module.x.genesyscloud_oauth_client.bot["a"]`. */
  readonly address: string;
  readonly type: string;
  readonly name: string;
  /** Terraform's actions: `["create"]`, `["delete"]`, `["update"]`, `["delete","create"]` (replace) … */
  readonly actions: readonly string[];
  /** Attribute values before and after; undefined where the plan has none (a create has no before). */
  readonly before: TfObject | undefined;
  readonly after: TfObject | undefined;
  /** Attribute paths that force the replacement, as the plan lists them. */
  readonly replacePaths: readonly (readonly (string | number)[])[];
  /** The change's `address` key in the plan file. */
  readonly loc: SourceLocation;
}

/** A plan in JSON: its configuration (references intact) and its resource changes. */
export interface TfPlan {
  readonly file: string;
  /** The plan's `configuration.root_module`, as blocks whose values are the expressions as written. */
  readonly configuration: TfModule;
  /** The modules its configuration calls (`module_calls`, at any depth), each with `calledBy`. */
  readonly childModules?: readonly TfModule[];
  readonly changes: readonly TfResourceChange[];
}

/** Everything a scan read. */
export interface TerraformSources {
  /** Root modules and the child modules they call (those have `calledBy`). */
  readonly modules: readonly TfModule[];
  readonly plans: readonly TfPlan[];
}

/** The entry of an object value, if it has one. */
export function entryOf(object: TfObject | undefined, key: string): TfValue | undefined {
  return object?.entries.get(key);
}

/** The items of a block written once or more (a list of objects, or one object), as bodies. */
export function blockBodies(value: TfValue | undefined): TfObject[] {
  if (value === undefined) return [];
  if (value.kind === "object") return [value];
  if (value.kind === "list") return value.items.filter((item): item is TfObject => item.kind === "object");
  return [];
}

/** Terraform's address of a block: `genesyscloud_oauth_client.bot`, `data.genesyscloud_auth_role.x`, `var.region`. */
export function addressOf(block: TfBlock): string {
  switch (block.kind) {
    case "resource":
      return `${block.type}.${block.name}`;
    case "data":
      return `data.${block.type}.${block.name}`;
    case "variable":
      return `var.${block.type}`;
    case "output":
      return `output.${block.type}`;
    case "module":
      return `module.${block.type}`;
    case "provider":
      return `provider.${block.type}`;
    default:
      return block.kind;
  }
}

/** The one reference an expression consists of (`${data.x.y.id}`), or undefined for anything more. */
export function singleReference(value: TfValue): string | undefined {
  if (value.kind !== "expression" || value.references.length === 0) return undefined;
  const inner = /^\$\{\s*([\w.\-[\]"]+?)\s*\}$/.exec(value.text)?.[1];
  if (inner === undefined) return undefined;
  const reference = value.references[0];
  return inner.replace(/\[(\d+)\]/g, ".$1") === reference || inner === reference ? reference : undefined;
}

/**
 * The value a declared variable takes, as Terraform would: the value set for it from outside its module (variables
 * files, `--var`), else its `default`; undefined for no variable block or neither.
 */
export function variableValueOf(module: TfModule, variable: TfBlock | undefined): TfValue | undefined {
  if (variable === undefined) return undefined;
  return module.variableValues?.get(variable.type) ?? variable.body.entries.get("default");
}

/**
 * The environment name of a scanned module that does not state one: its folder's name (`envs/prod` → `prod`), or its
 * file's name without the extension (`stacks/acme-dev.tf.json` → `acme-dev`, `plan.json` → `plan`).
 */
export function environmentNameOf(label: string): string {
  const name = label.replace(/[\\/]+$/, "").split(/[\\/]/).pop() ?? "";
  return name.replace(/(\.tf\.json|\.tf|\.json)$/, "") || label;
}
