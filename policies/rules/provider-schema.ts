import type { SourceLocation } from "../../model/model";
import { GRANT_TYPES } from "../../model/model";
import { REGIONS } from "../../config/regions";
import { nearest, quoteList } from "../../config/suggest";
import type { TfBlock, TfModule, TfObject, TfValue } from "../../model/terraform";
import { blockBodies } from "../../model/terraform";
import type { SchemaAttribute, SchemaBlock, SchemaBlockKind, SchemaNestedBlock } from "../provider-schema";
import { blockSchemaOf, describeValue, isComputedOnly, isProviderType, numberOf, PROVIDER_NAME, settableNames, stringOf, typeMismatch } from "../provider-schema";
import type { FindingScope, RuleDefinition } from "../rule";
import { defineRule, scopeOfScanned } from "../rule";

/** Terraform's comment key in the JSON form; allowed in every block body. */
const COMMENT_KEY = "//";

/** Meta-arguments and meta-blocks Terraform itself reads in each kind of block; `dynamic` is allowed in every body. */
const META_ARGUMENTS: Readonly<Record<SchemaBlockKind, ReadonlySet<string>>> = {
  resource: new Set(["count", "for_each", "depends_on", "provider", "lifecycle", "provisioner", "connection"]),
  data: new Set(["count", "for_each", "depends_on", "provider", "lifecycle"]),
  provider: new Set(["alias", "version"]),
};
const NO_META = new Set<string>();

/** A value check the provider makes in Go (`ValidateFunc`) that the schema JSON does not carry. */
type ValueCheck =
  | { readonly kind: "grant" }
  | { readonly kind: "state" }
  | { readonly kind: "region" }
  | { readonly kind: "range"; readonly min: number; readonly max: number };

/** A block's value checks by attribute. */
type ValueChecks = Readonly<Record<string, ValueCheck>>;

/** By block kind and type, then by attribute: the provider's value checks (v1.84.1), all of top-level arguments. */
const VALUE_CHECKS: Readonly<Record<string, ValueChecks>> = {
  "resource genesyscloud_oauth_client": {
    authorized_grant_type: { kind: "grant" },
    state: { kind: "state" },
    access_token_validity_seconds: { kind: "range", min: 300, max: 38880000 },
  },
  "provider genesyscloud": {
    aws_region: { kind: "region" },
    token_pool_size: { kind: "range", min: 1, max: 50 },
    max_concurrent_pages: { kind: "range", min: 1, max: 75 },
  },
};

const NO_CHECKS: ValueChecks = {};

const CLIENT_STATES = ["active", "inactive"];

/** `'suggestion'` when a candidate is near, else every candidate, else `none`. */
function expectedOf(input: string, candidates: readonly string[], none = "none"): string {
  if (candidates.length === 0) return none;
  const suggestion = nearest(input, candidates);
  return suggestion !== undefined ? `'${suggestion}'` : `one of ${quoteList(candidates)}`;
}

/** The labels of a `dynamic` entry: `{ "roles": {…} }`, or a list of such objects, each located at its key. */
function dynamicLabels(value: TfValue | undefined): { label: string; loc: SourceLocation }[] {
  return blockBodies(value).flatMap((object) => [...object.entries].filter(([label]) => label !== COMMENT_KEY).map(([label, inner]) => ({ label, loc: inner.loc })));
}

/** A block schema as the rule reads it, built once per schema: its names in maps, what must be written. */
interface BlockShape {
  readonly attributes: ReadonlyMap<string, SchemaAttribute>;
  readonly blockTypes: ReadonlyMap<string, SchemaNestedBlock>;
  readonly requiredAttributes: readonly string[];
  /** Nested block types with a minimum count above zero, and that minimum. */
  readonly requiredBlocks: readonly (readonly [string, number])[];
}

const shapes = new WeakMap<SchemaBlock, BlockShape>();

function shapeOf(schema: SchemaBlock): BlockShape {
  let shape = shapes.get(schema);
  if (shape === undefined) {
    const attributes = new Map(Object.entries(schema.attributes ?? {}));
    const blockTypes = new Map(Object.entries(schema.block_types ?? {}));
    shape = {
      attributes,
      blockTypes,
      requiredAttributes: [...attributes].filter(([, attribute]) => attribute.required === true).map(([name]) => name),
      requiredBlocks: [...blockTypes].map(([name, nested]) => [name, nested.min_items ?? 0] as const).filter(([, min]) => min > 0),
    };
    shapes.set(schema, shape);
  }
  return shape;
}

/** How many times, in words. */
function times(count: number): string {
  return count === 1 ? "once" : count === 2 ? "twice" : `${count} times`;
}

/** What the rule is and says, the same whatever schema lookup it checks against. */
const ABOUT = {
  id: "provider-schema",
  description:
    "Every genesyscloud resource, data source and provider block of scanned Terraform fits the provider's schema: known names, required arguments and blocks, no computed-only arguments, value types, block counts and the provider's own value checks.",
  severity: { nonprod: "error", prod: "error" },
  needs: ["terraform"],
  messages: {
    unknownName: "'{{name}}' is not an argument or block of {{where}}; expected {{expected}}.",
    unknownDynamicBlock: "Dynamic block '{{name}}' in {{where}} names a block type it does not have; expected {{expected}}.",
    missingArgument: "Required argument '{{name}}' of {{where}} is not set.",
    missingBlock: "Required block '{{name}}' of {{where}} is not written; expected at least {{min}}.",
    computedArgument: "'{{name}}' of {{where}} is computed by the provider and cannot be set; expected no value for it.",
    wrongType: "'{{name}}' of {{where}} is {{found}}; expected {{expected}}.",
    blockCount: "Block '{{name}}' of {{where}} is written {{written}}; expected {{expected}}.",
    unknownGrantType: "'authorized_grant_type' of {{where}} is '{{value}}', which is not a grant type of the provider; expected {{expected}}.",
    unknownState: "'state' of {{where}} is '{{value}}'; expected 'active' or 'inactive'.",
    outOfRange: "'{{name}}' of {{where}} is {{value}}; expected a number from {{min}} to {{max}}.",
    unknownRegion: "'aws_region' of {{where}} is '{{value}}', which is not a region of the provider; expected {{expected}}.",
    notInDocsList:
      "'{{name}}' of {{where}} is '{{value}}', which is not among the values the provider's docs list for it ({{allowed}}); expected one of those, unless the provider accepts more than its docs say (the list comes from the docs' text).",
  },
  // A docs list can be narrower than the provider's own validation: a warning, never an error.
  warningMessages: ["notInDocsList" as const],
} satisfies Omit<RuleDefinition<string>, "check">;

/**
 * The rule, checking blocks against the schemas `schemaOf` gives: the vendored provider schema, or (in tests) schemas
 * with shapes the vendored one lacks, such as nesting modes `single`, `group` and `map`.
 */
export function providerSchemaRule(schemaOf: (kind: SchemaBlockKind, type: string) => SchemaBlock | undefined = blockSchemaOf) {
  return defineRule({
    ...ABOUT,
    check({ model, report, skip }) {
      const checkModule = (module: TfModule) => {
        const scope = scopeOfScanned(model, module.label);
        for (const block of module.blocks) checkBlock(block, scope);
      };

      const checkBlock = (block: TfBlock, scope: FindingScope) => {
        let kind: SchemaBlockKind;
        if (block.kind === "provider" && block.type === PROVIDER_NAME) kind = "provider";
        else if ((block.kind === "resource" || block.kind === "data") && isProviderType(block.type)) kind = block.kind;
        else return;
        const schema = schemaOf(kind, block.type);
        if (schema === undefined) {
          const what = kind === "data" ? "Data source type" : "Resource type";
          skip(`${what} '${block.type}' is not in the vendored provider schema; its blocks were not checked.`, block.loc);
          return;
        }
        const target = kind === "provider" ? `provider/${PROVIDER_NAME}` : `${kind}/${block.type}.${block.name}`;
        const alias = block.body.entries.get("alias"); // a meta-argument of provider blocks only
        const aliasText = alias?.kind === "literal" && typeof alias.value === "string" ? ` (alias '${alias.value}')` : "";
        const top =
          kind === "provider" ? `provider '${PROVIDER_NAME}'${aliasText}` : kind === "data" ? `data source 'data.${block.type}.${block.name}'` : `resource '${block.type}.${block.name}'`;

        type Data = Readonly<Record<string, string | number>>;
        const found = (messageId: Parameters<typeof report>[0]["messageId"], at: SourceLocation, data: Data) => report({ messageId, at, data, scope, target });

        const checkValue = (name: string, value: TfValue, check: ValueCheck, where: string) => {
          if (check.kind === "range") {
            const number = numberOf(value);
            if (number !== undefined && (number < check.min || number > check.max)) found("outOfRange", value.loc, { name, where, value: number, min: check.min, max: check.max });
            return;
          }
          const text = stringOf(value);
          if (text === undefined) return;
          if (check.kind === "grant" && !(GRANT_TYPES as readonly string[]).includes(text)) found("unknownGrantType", value.loc, { where, value: text, expected: expectedOf(text, GRANT_TYPES) });
          else if (check.kind === "state" && !CLIENT_STATES.includes(text)) found("unknownState", value.loc, { where, value: text });
          else if (check.kind === "region" && !REGIONS.includes(text.toLowerCase())) found("unknownRegion", value.loc, { where, value: text, expected: expectedOf(text, REGIONS) });
        };

        const checkDocsList = (name: string, value: TfValue, allowed: readonly string[], where: string) => {
          const text = stringOf(value);
          if (text !== undefined && !allowed.includes(text)) found("notInDocsList", value.loc, { name, where, value: text, allowed: quoteList(allowed, "or") });
        };

        const checkBlocks = (name: string, value: TfValue, nested: SchemaNestedBlock, path: readonly string[], where: string, dynamic: boolean) => {
          // In the JSON form a block is an object, several are a list of objects, and null is none; blocks with a label
          // (nesting mode map) are an object of bodies by label.
          const written: (readonly [TfValue, string])[] =
            value.kind === "literal" && value.value === null ? [] : value.kind === "list" ? value.items.map((item, index) => [item, `${name}[${index}]`] as const) : [[value, name]];
          const items =
            nested.nesting_mode !== "map"
              ? written
              : written.flatMap(([item, itemName]): (readonly [TfValue, string])[] =>
                  item.kind === "object" ? [...item.entries].filter(([label]) => label !== COMMENT_KEY).map(([label, inner]) => [inner, `${itemName}.${label}`]) : [[item, itemName]],
                );
          const bodies: TfObject[] = [];
          for (const [item, itemName] of items) {
            if (item.kind === "object") bodies.push(item);
            else found("wrongType", item.loc, { name: itemName, where, found: describeValue(item), expected: "a block: an object, or a list of objects" });
          }
          if (bodies.length === items.length) {
            const count = bodies.length;
            // The schema JSON leaves out max_items when there is no limit (0).
            const max = nested.nesting_mode === "single" || nested.nesting_mode === "group" ? 1 : (nested.max_items ?? Infinity);
            const min = nested.min_items ?? 0;
            if (count > max) found("blockCount", value.loc, { name, where, written: times(count), expected: `at most ${max}` });
            else if (!dynamic && count === 0 && min > 0) found("missingBlock", value.loc, { name, where, min });
            else if (!dynamic && count < min) found("blockCount", value.loc, { name, where, written: times(count), expected: `at least ${min}` });
          }
          for (const body of bodies) checkBody(body, nested.block, NO_META, NO_CHECKS, [...path, name]);
        };

        const checkBody = (body: TfObject, schema: SchemaBlock, meta: ReadonlySet<string>, valueChecks: ValueChecks, path: readonly string[]) => {
          const where = path.length === 0 ? top : `block '${path.join(".")}' of ${top}`;
          const shape = shapeOf(schema);
          const dynamic = new Set<string>();
          const dynamicEntry = body.entries.get("dynamic");
          if (dynamicEntry !== undefined) {
            for (const { label, loc } of dynamicLabels(dynamicEntry)) {
              if (shape.blockTypes.has(label)) dynamic.add(label);
              else found("unknownDynamicBlock", loc, { name: label, where, expected: expectedOf(label, [...shape.blockTypes.keys()].sort(), "none: it has no nested blocks") });
            }
          }
          for (const [name, value] of body.entries) {
            if (name === COMMENT_KEY || name === "dynamic" || meta.has(name)) continue;
            const attribute = shape.attributes.get(name);
            if (attribute !== undefined) {
              if (isComputedOnly(attribute)) {
                found("computedArgument", value.loc, { name, where });
                continue;
              }
              if (value.kind === "literal" && value.value === null) {
                if (attribute.required === true) found("missingArgument", value.loc, { name, where });
                continue;
              }
              const mismatch = typeMismatch(value, attribute.type);
              if (mismatch !== undefined) found("wrongType", mismatch.loc, { name: `${name}${mismatch.path}`, where, found: mismatch.found, expected: mismatch.expected });
              else if (Object.hasOwn(valueChecks, name)) checkValue(name, value, valueChecks[name], where);
              else if (attribute["x-allowed-values"] !== undefined) checkDocsList(name, value, attribute["x-allowed-values"], where);
              continue;
            }
            const nested = shape.blockTypes.get(name);
            if (nested !== undefined) checkBlocks(name, value, nested, path, where, dynamic.has(name));
            else found("unknownName", value.loc, { name, where, expected: expectedOf(name, settableNames(schema), "none: it takes no arguments or blocks") });
          }
          for (const name of shape.requiredAttributes) {
            if (!body.entries.has(name)) found("missingArgument", body.loc, { name, where });
          }
          for (const [name, min] of shape.requiredBlocks) {
            if (!body.entries.has(name) && !dynamic.has(name)) found("missingBlock", body.loc, { name, where, min });
          }
        };

        checkBody(block.body, schema, META_ARGUMENTS[kind], VALUE_CHECKS[`${kind} ${block.type}`] ?? NO_CHECKS, []);
      };

      // A plan's configuration was validated by Terraform when the plan was made.
      for (const module of model.terraform?.modules ?? []) checkModule(module);
    },
  });
}

/** Every `genesyscloud_*` resource, data source and `provider "genesyscloud"` block fits the vendored provider schema. */
export default providerSchemaRule();
