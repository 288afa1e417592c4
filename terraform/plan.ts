/**
 * Terraform plans in JSON, as `terraform show -json plan.out` writes them: the resource changes with their values
 * before and after, and the configuration the plan was made from with its expressions' references. Every value is
 * located in the plan file, so that findings point into it.
 */
import type { SourceLocation } from "../model/model";
import type { ConfigProblem } from "../config/problems";
import { problemAt } from "../config/problems";
import type { TfBlock, TfBlockKind, TfModule, TfModuleCall, TfObject, TfPlan, TfResourceChange, TfValue } from "../model/terraform";
import type { JsonFile } from "./json-file";
import type { JsonPath } from "./json-form";
import { ReferenceIndex, stringsIn } from "./json-form";

type JsonObject = Readonly<Record<string, unknown>>;

/** Whether a parsed JSON value looks like a plan: an object with `format_version` and changes, values or configuration. */
export function isTerraformPlan(value: unknown): boolean {
  if (!isObject(value) || !("format_version" in value)) return false;
  return ["resource_changes", "planned_values", "configuration"].some((key) => key in value);
}

/**
 * A plan's managed resource changes and its root module's configuration. `before` and `after` are the plan's values
 * (through `valueFromJson`, like every JSON reader); the configuration's expressions become literals or expressions
 * carrying the references the plan lists. Modules under `module_calls` are read as child modules of the root (their
 * providers and `dynamic` blocks, which the plan leaves out, are not). A shape `terraform show -json` does not write is a problem.
 */
export async function readPlan(json: JsonFile, references = new ReferenceIndex()): Promise<{ plan: TfPlan; problems: ConfigProblem[] }> {
  const problems: ConfigProblem[] = [];
  const reader = new PlanReader(json, references, problems);
  const root = isObject(json.value) ? json.value : {};
  if (!isObject(json.value)) reader.problem([], `A plan is a JSON object, but this file holds ${kindOf(json.value)}; expected the output of 'terraform show -json <planfile>'.`);
  const changes = await reader.changes(root.resource_changes);
  const childModules: TfModule[] = [];
  const blocks = reader.configuration(root.configuration, root.variables);
  const calls = isObject(root.configuration) && isObject(root.configuration.root_module) ? reader.moduleCalls(json.file, root.configuration.root_module, ["configuration", "root_module"], childModules) : [];
  const configuration: TfModule = { label: json.file, format: "plan", files: [json.file], blocks, ...(calls.length > 0 ? { calls } : {}) };
  return { plan: { file: json.file, configuration, ...(childModules.length > 0 ? { childModules } : {}), changes }, problems };
}

class PlanReader {
  constructor(
    private readonly json: JsonFile,
    private readonly references: ReferenceIndex,
    private readonly problems: ConfigProblem[],
  ) {}

  problem(path: JsonPath, message: string): void {
    this.problems.push(problemAt(this.locate(path), message));
  }

  locate(path: JsonPath): SourceLocation {
    return this.json.locate(path);
  }

  async changes(raw: unknown): Promise<TfResourceChange[]> {
    if (raw === undefined) return [];
    if (!Array.isArray(raw)) {
      this.problem(["resource_changes"], `The plan's 'resource_changes' is ${kindOf(raw)}; expected a list of resource changes.`);
      return [];
    }
    await this.references.add(stringsIn(raw.map((entry: unknown) => (isObject(entry) && isObject(entry.change) ? [entry.change.before, entry.change.after] : []))));
    const changes: TfResourceChange[] = [];
    raw.forEach((entry: unknown, index) => {
      const change = this.change(entry, ["resource_changes", index]);
      if (change !== undefined) changes.push(change);
    });
    return changes;
  }

  private change(entry: unknown, path: JsonPath): TfResourceChange | undefined {
    const which = `Resource change ${String(path[path.length - 1])}`;
    if (!isObject(entry)) {
      this.problem(path, `${which} is ${kindOf(entry)}; expected an object with 'address', 'type' and 'change'.`);
      return undefined;
    }
    if (entry.mode !== undefined && entry.mode !== "managed") return undefined;
    const address = this.requiredString(entry, "address", path, which, "such as 'genesyscloud_oauth_client.bot'");
    const named = address === undefined ? which : `Resource change '${address}'`;
    const type = this.requiredString(entry, "type", path, named, "such as 'genesyscloud_oauth_client'");
    const change = entry.change;
    let actions: string[] | undefined;
    if (!isObject(change)) {
      this.problem(change === undefined ? path : [...path, "change"], `${named} has ${change === undefined ? "no 'change'" : `a 'change' that is ${kindOf(change)}`}; expected an object with 'actions', 'before' and 'after'.`);
    } else if (!Array.isArray(change.actions) || !change.actions.every((action) => typeof action === "string")) {
      const at = change.actions === undefined ? [...path, "change"] : [...path, "change", "actions"];
      this.problem(at, `${named} has ${change.actions === undefined ? "no 'change.actions'" : `a 'change.actions' that is ${kindOf(change.actions)}`}; expected a list of actions such as ["update"].`);
    } else {
      actions = change.actions as string[];
    }
    if (address === undefined || type === undefined || actions === undefined || !isObject(change)) return undefined;
    const name = typeof entry.name === "string" ? entry.name : nameOfAddress(address);
    return {
      address,
      type,
      name,
      actions,
      before: this.value(change.before, [...path, "change", "before"], named),
      after: this.value(change.after, [...path, "change", "after"], named),
      replacePaths: this.replacePaths(change.replace_paths, [...path, "change", "replace_paths"], named),
      loc: this.locate([...path, "address"]),
    };
  }

  private requiredString(entry: JsonObject, key: string, path: JsonPath, which: string, example: string): string | undefined {
    const value = entry[key];
    if (typeof value === "string" && value !== "") return value;
    const what = value === undefined ? `no '${key}'` : `a '${key}' that is ${value === "" ? "empty" : kindOf(value)}`;
    this.problem(value === undefined ? path : [...path, key], `${which} has ${what}; expected a string ${example}.`);
    return undefined;
  }

  /** A change's `before` or `after`: an object, or null where the plan has none. */
  private value(raw: unknown, path: JsonPath, which: string): TfObject | undefined {
    if (raw === undefined || raw === null) return undefined;
    if (!isObject(raw)) {
      this.problem(path, `${which} has a '${String(path[path.length - 1])}' that is ${kindOf(raw)}; expected an object of attribute values, or null.`);
      return undefined;
    }
    return this.json.located(path, this.references) as TfObject;
  }

  private replacePaths(raw: unknown, path: JsonPath, which: string): (string | number)[][] {
    if (raw === undefined || raw === null) return [];
    const valid = Array.isArray(raw) && raw.every((item) => Array.isArray(item) && item.every((step) => typeof step === "string" || typeof step === "number"));
    if (!valid) {
      this.problem(path, `${which} has a 'replace_paths' that is not a list of attribute paths; expected lists of keys and indexes such as [["authorized_grant_type"]].`);
      return [];
    }
    return raw as (string | number)[][];
  }

  /**
   * The configuration's blocks. A variable's `default` is the value the plan was made with (the plan's top-level
   * `variables`), where the plan records one, so references resolve as they did in this plan.
   */
  configuration(raw: unknown, planVariables?: unknown): TfBlock[] {
    if (raw === undefined) return [];
    if (!isObject(raw)) {
      this.problem(["configuration"], `The plan's 'configuration' is ${kindOf(raw)}; expected an object with 'root_module'.`);
      return [];
    }
    const blocks: TfBlock[] = [...this.providers(raw.provider_config)];
    const module = raw.root_module;
    if (module === undefined) return blocks;
    const path = ["configuration", "root_module"];
    if (!isObject(module)) {
      this.problem(path, `The plan's 'configuration.root_module' is ${kindOf(module)}; expected an object with 'resources', 'variables' and 'outputs'.`);
      return blocks;
    }
    blocks.push(...this.resources(module.resources, [...path, "resources"]));
    blocks.push(...this.variables(module.variables, [...path, "variables"], isObject(planVariables) ? planVariables : {}));
    blocks.push(...this.outputs(module.outputs, [...path, "outputs"]));
    return blocks;
  }

  /**
   * The calls of a configuration module (`module_calls`), each child read like the root (its resources, variables
   * with their defaults, outputs) and labelled by its address: `plan.json#module.bots`. Children go to `children`,
   * theirs too.
   */
  moduleCalls(label: string, module: JsonObject, path: JsonPath, children: TfModule[]): TfModuleCall[] {
    return this.entriesOf(module.module_calls, [...path, "module_calls"], "an object of module calls by name").flatMap(([name, call]) => {
      const at = [...path, "module_calls", name];
      const loc = this.locate(at);
      const childLabel = `${label}${label.includes("#") ? "." : "#"}module.${name}`;
      const child = isObject(call.module) ? call.module : {};
      const childPath = [...at, "module"];
      const blocks = [...this.resources(child.resources, [...childPath, "resources"]), ...this.variables(child.variables, [...childPath, "variables"], {}), ...this.outputs(child.outputs, [...childPath, "outputs"])];
      const calls = this.moduleCalls(childLabel, child, childPath, children);
      children.push({ label: childLabel, format: "plan", files: [this.json.file], blocks, calledBy: { module: label, call: name, loc }, ...(calls.length > 0 ? { calls } : {}) });
      const body = this.expressions(call.expressions, [...at, "expressions"], loc);
      if (typeof call.source === "string") body.entries.set("source", { kind: "literal", value: call.source, loc: this.locate([...at, "source"]) });
      return [{ name, child: childLabel, body, loc }];
    });
  }

  private providers(raw: unknown): TfBlock[] {
    const path = ["configuration", "provider_config"];
    return this.entriesOf(raw, path, "an object of provider configurations by key").flatMap(([key, provider]) => {
      // Providers configured in child modules carry their module's address; like those modules, they are not read.
      if (provider.module_address !== undefined) return [];
      const at = [...path, key];
      const loc = this.locate(at);
      const body = this.expressions(provider.expressions, [...at, "expressions"], loc);
      if (typeof provider.alias === "string") {
        body.entries.set("alias", { kind: "literal", value: provider.alias, loc: this.locate([...at, "alias"]) });
      }
      return [block("provider", typeof provider.name === "string" ? provider.name : key, "", body, loc)];
    });
  }

  private resources(raw: unknown, path: JsonPath): TfBlock[] {
    if (raw === undefined) return [];
    if (!Array.isArray(raw)) {
      this.problem(path, `The plan's 'configuration.root_module.resources' is ${kindOf(raw)}; expected a list of resources.`);
      return [];
    }
    const blocks: TfBlock[] = [];
    raw.forEach((resource: unknown, index) => {
      const at = [...path, index];
      const which = `Configuration resource ${index}`;
      if (!isObject(resource)) {
        this.problem(at, `${which} is ${kindOf(resource)}; expected an object with 'mode', 'type', 'name' and 'expressions'.`);
        return;
      }
      const kind: TfBlockKind | undefined = resource.mode === "managed" ? "resource" : resource.mode === "data" ? "data" : undefined;
      const type = this.requiredString(resource, "type", at, which, "such as 'genesyscloud_oauth_client'");
      const name = this.requiredString(resource, "name", at, which, "such as 'bot'");
      if (resource.mode === undefined) this.problem(at, `${which} has no 'mode'; expected 'managed' or 'data'.`);
      // Other modes (ephemeral resources, newer kinds) are no blocks rules read.
      if (kind === undefined || type === undefined || name === undefined) return;
      const loc = this.locate(typeof resource.address === "string" ? [...at, "address"] : [...at, "name"]);
      const body = this.expressions(resource.expressions, [...at, "expressions"], loc);
      for (const [meta, key] of [
        ["count", "count_expression"],
        ["for_each", "for_each_expression"],
      ] as const) {
        if (resource[key] !== undefined) body.entries.set(meta, this.expression(resource[key], [...at, key]));
      }
      blocks.push(block(kind, type, name, body, loc));
    });
    return blocks;
  }

  private variables(raw: unknown, path: JsonPath, planValues: Record<string, unknown>): TfBlock[] {
    return this.entriesOf(raw, path, "an object of variables by name").map(([name, variable]) => {
      const at = [...path, name];
      const loc = this.locate(at);
      const entries = new Map<string, TfValue>();
      const used = planValues[name];
      if (isObject(used) && "value" in used) entries.set("default", this.constant(used.value, ["variables", name, "value"]));
      else if ("default" in variable) entries.set("default", this.constant(variable.default, [...at, "default"]));
      return block("variable", name, "", { kind: "object", entries, loc }, loc);
    });
  }

  private outputs(raw: unknown, path: JsonPath): TfBlock[] {
    return this.entriesOf(raw, path, "an object of outputs by name").map(([name, output]) => {
      const at = [...path, name];
      const loc = this.locate(at);
      const entries = new Map<string, TfValue>();
      if (output.expression !== undefined) entries.set("value", this.expression(output.expression, [...at, "expression"]));
      return block("output", name, "", { kind: "object", entries, loc }, loc);
    });
  }

  /** The object entries of a map of named things; anything that is not an object is a problem. */
  private entriesOf(raw: unknown, path: JsonPath, expected: string): [string, JsonObject][] {
    if (raw === undefined) return [];
    if (!isObject(raw)) {
      this.problem(path, `The plan's '${path.join(".")}' is ${kindOf(raw)}; expected ${expected}.`);
      return [];
    }
    return Object.entries(raw).flatMap(([key, item]): [string, JsonObject][] => {
      if (isObject(item)) return [[key, item]];
      this.problem([...path, key], `The plan's '${[...path, key].join(".")}' is ${kindOf(item)}; expected an object.`);
      return [];
    });
  }

  /** A block's `expressions`: attribute expressions, and nested blocks as lists (or objects) of expressions. */
  private expressions(raw: unknown, path: JsonPath, loc: SourceLocation): { kind: "object"; entries: Map<string, TfValue>; loc: SourceLocation } {
    const entries = new Map<string, TfValue>();
    if (isObject(raw)) for (const [key, item] of Object.entries(raw)) entries.set(key, this.expression(item, [...path, key]));
    return { kind: "object", entries, loc: raw === undefined ? loc : this.locate(path) };
  }

  /**
   * One entry of `expressions`: `{ "constant_value": X }` is X as a literal value; `{ "references": [...] }` is an
   * expression written as its first reference; a list is a nested block written once or more; any other object is a
   * nested block written once (or a map of labelled ones). `{}` is an expression Terraform lists no references for
   * (a function call such as `timestamp()`).
   */
  private expression(raw: unknown, path: JsonPath): TfValue {
    const loc = this.locate(path);
    if (Array.isArray(raw)) return { kind: "list", items: raw.map((item: unknown, index) => this.expression(item, [...path, index])), loc };
    if (!isObject(raw)) return this.constant(raw, path);
    const references = Array.isArray(raw.references) ? raw.references.filter((reference): reference is string => typeof reference === "string") : [];
    if (references.length > 0) return { kind: "expression", text: `\${${references[0]}}`, references, loc };
    if ("constant_value" in raw) return { ...this.constant(raw.constant_value, [...path, "constant_value"]), loc };
    const keys = Object.keys(raw);
    if (keys.length === 0 || keys.every((key) => key === "references")) return { kind: "expression", text: "${…}", references: [], loc };
    return this.expressions(raw, path, loc);
  }

  /** A constant: a literal, list or object, never an expression (a `${` in a constant is a character). */
  private constant(raw: unknown, path: JsonPath): TfValue {
    const loc = this.locate(path);
    if (Array.isArray(raw)) return { kind: "list", items: raw.map((item: unknown, index) => this.constant(item, [...path, index])), loc };
    if (isObject(raw)) {
      const entries = new Map<string, TfValue>();
      for (const [key, item] of Object.entries(raw)) entries.set(key, this.constant(item, [...path, key]));
      return { kind: "object", entries, loc };
    }
    return { kind: "literal", value: raw as string | number | boolean | null, loc };
  }
}

function block(kind: TfBlockKind, type: string, name: string, body: TfObject, loc: SourceLocation): TfBlock {
  return { kind, type, name, body, annotations: new Map(), loc };
}

/** `module.x.genesyscloud_oauth_client.bot["a"]` → `bot`. */
function nameOfAddress(address: string): string {
  const withoutKey = address.replace(/\[[^\]]*\]$/, "");
  return withoutKey.slice(withoutKey.lastIndexOf(".") + 1);
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** How a JSON value reads in a problem: `a list`, `a string`, `null`. */
function kindOf(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
