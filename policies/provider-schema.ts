/**
 * The vendored schema of the Genesys Cloud provider (`provider-schema/genesyscloud.json`, the format of
 * `terraform providers schema -json`): its types, the lookup of a block's schema, and the check of a value written in
 * a configuration against an attribute's type, converting literals as Terraform does. Pure: no reporting here.
 */
import schemaJson from "../provider-schema/genesyscloud.json";
import type { SourceLocation } from "../model/model";
import type { TfValue } from "../model/terraform";

/** A type as the schema JSON writes it (cty's JSON form): `"string"`, `["set", "string"]`, `["object", {…}]` … */
export type CtyType =
  | "string"
  | "number"
  | "bool"
  | "dynamic"
  | readonly ["list" | "set" | "map", CtyType]
  | readonly ["object", Readonly<Record<string, CtyType>>, (readonly string[])?]
  | readonly ["tuple", readonly CtyType[]];

/** One attribute of a block schema. */
export interface SchemaAttribute {
  /** Absent only for attributes with a `nested_type` (providers on protocol 6), which are not type-checked. */
  readonly type?: CtyType;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly deprecated?: boolean;
  /** Values the provider's docs list for it ("Valid values: …"); only in the docs-derived schema, and maybe too narrow. */
  readonly "x-allowed-values"?: readonly string[];
}

/** A block type nested in a block schema, with how often it may be written. */
export interface SchemaNestedBlock {
  readonly nesting_mode: "single" | "group" | "list" | "set" | "map";
  readonly block: SchemaBlock;
  readonly min_items?: number;
  readonly max_items?: number;
}

/** The schema of a block body: its attributes and nested block types. */
export interface SchemaBlock {
  readonly attributes?: Readonly<Record<string, SchemaAttribute>>;
  readonly block_types?: Readonly<Record<string, SchemaNestedBlock>>;
}

interface ProviderSchema {
  readonly provider: { readonly block: SchemaBlock };
  readonly resource_schemas?: Readonly<Record<string, { readonly block: SchemaBlock }>>;
  readonly data_source_schemas?: Readonly<Record<string, { readonly block: SchemaBlock }>>;
}

interface SchemaFile {
  readonly provider_schemas: Readonly<Record<string, ProviderSchema>>;
  readonly provider_versions?: Readonly<Record<string, string>>;
}

/** The provider's source address, the key of its schema in the vendored file. */
export const PROVIDER_SOURCE = "registry.terraform.io/mypurecloud/genesyscloud";

/** The provider's local name: `provider "genesyscloud"`, and the prefix of its resource types. */
export const PROVIDER_NAME = "genesyscloud";

// The JSON's inferred type widens tuples such as `["set", "string"]` to arrays, hence the cast through unknown.
const FILE = schemaJson as unknown as SchemaFile;
const SCHEMA: ProviderSchema | undefined = FILE.provider_schemas[PROVIDER_SOURCE];
if (SCHEMA === undefined) throw new Error(`provider-schema/genesyscloud.json has no schema for '${PROVIDER_SOURCE}'`);

/** The provider version the vendored schema was taken from. */
export const PROVIDER_VERSION: string = FILE.provider_versions?.[PROVIDER_SOURCE] ?? "unknown";

/** The top-level blocks the provider's schema describes. */
export type SchemaBlockKind = "resource" | "data" | "provider";

/** Whether a resource or data source type belongs to the provider: `genesyscloud_…`. */
export function isProviderType(type: string): boolean {
  return type.startsWith(`${PROVIDER_NAME}_`);
}

/**
 * The schema of a resource, a data source or the provider block: from the schema read from the provider's Go source
 * (`provider-schema/genesyscloud.json`) where it covers the type, else from the one derived from its docs
 * (`provider-schema/genesyscloud-docs.json`, read on first use); undefined for a type neither covers (and for a
 * provider other than `genesyscloud`).
 */
export function blockSchemaOf(kind: SchemaBlockKind, type: string): SchemaBlock | undefined {
  return schemaIn(SCHEMA as ProviderSchema, kind, type) ?? schemaIn(docsSchema(), kind, type);
}

/** Which schema `blockSchemaOf` takes a type's from: `go` (exact), `docs` (derived from the docs), or undefined. */
export function schemaSourceOf(kind: SchemaBlockKind, type: string): "go" | "docs" | undefined {
  return schemaIn(SCHEMA as ProviderSchema, kind, type) !== undefined ? "go" : schemaIn(docsSchema(), kind, type) !== undefined ? "docs" : undefined;
}

function schemaIn(schema: ProviderSchema, kind: SchemaBlockKind, type: string): SchemaBlock | undefined {
  if (kind === "provider") return type === PROVIDER_NAME ? schema.provider.block : undefined;
  const schemas = (kind === "resource" ? schema.resource_schemas : schema.data_source_schemas) ?? {};
  return Object.hasOwn(schemas, type) ? schemas[type].block : undefined;
}

let docs: ProviderSchema | undefined;

/** The docs-derived schema of every type (320 KB), read when a type outside the Go-derived one is first looked up. */
function docsSchema(): ProviderSchema {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (docs ??= ((require("../provider-schema/genesyscloud-docs.json") as SchemaFile).provider_schemas[PROVIDER_SOURCE] ?? {}) as ProviderSchema);
}

/** Whether the provider computes an attribute and accepts no value for it (Terraform has no required computed ones). */
export function isComputedOnly(attribute: SchemaAttribute): boolean {
  return attribute.computed === true && attribute.optional !== true;
}

/** The names a configuration may write in a block body: its settable attributes and its nested block types. */
export function settableNames(block: SchemaBlock): string[] {
  const attributes = Object.entries(block.attributes ?? {}).filter(([, attribute]) => !isComputedOnly(attribute));
  return [...attributes.map(([name]) => name), ...Object.keys(block.block_types ?? {})].sort();
}

/** A type as a message names it: `a string`, `a set of string`, `an object with attributes 'a', 'b'`. */
export function describeType(type: CtyType): string {
  return withArticle(typeName(type));
}

function typeName(type: CtyType): string {
  if (typeof type === "string") return type === "dynamic" ? "value of any type" : type;
  switch (type[0]) {
    case "list":
    case "set":
    case "map":
      return `${type[0]} of ${typeName(type[1])}`;
    case "object": {
      const names = Object.keys(type[1]);
      return names.length === 0 ? "object" : `object with attributes ${names.map((name) => `'${name}'`).join(", ")}`;
    }
    case "tuple":
      return type[1].length === 1 ? "tuple of 1 element" : `tuple of ${type[1].length} elements`;
  }
}

function withArticle(text: string): string {
  return `${/^[aeiou]/.test(text) ? "an" : "a"} ${text}`;
}

/** Where and how a value does not fit a type. */
export interface TypeMismatch {
  /** The path below the attribute to the offending part, Terraform style: `""`, `[1]`, `["key"]`, `.name`. */
  readonly path: string;
  /** The offending part: `the string 'soon'`, `a list`, `null`. */
  readonly found: string;
  /** What Terraform needed there: `a number`, `a set of string`. */
  readonly expected: string;
  readonly loc: SourceLocation;
}

const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** The number a literal converts to, as Terraform converts it (a numeric string is a number); undefined otherwise. */
export function numberOf(value: TfValue): number | undefined {
  if (value.kind !== "literal") return undefined;
  if (typeof value.value === "number") return value.value;
  if (typeof value.value === "string" && NUMBER_TEXT.test(value.value)) return Number(value.value);
  return undefined;
}

/** The string a literal converts to, as Terraform converts it (a number or bool is a string); undefined otherwise. */
export function stringOf(value: TfValue): string | undefined {
  if (value.kind !== "literal" || value.value === null) return undefined;
  return String(value.value);
}

/**
 * How a value written for an attribute does not convert to the attribute's type, or undefined when it does or cannot be
 * known before apply. An expression is accepted wherever it stands; literals convert as Terraform converts them: a
 * number or bool is a string, a numeric string a number, `"true"`/`"false"`/`"1"`/`"0"` a bool. A null attribute is
 * accepted (whether it may be null is the caller's question); a null element of a list, set or map is not.
 */
export function typeMismatch(value: TfValue, type: CtyType | undefined): TypeMismatch | undefined {
  if (value.kind === "literal" && value.value === null) return undefined;
  return mismatchAt(value, type, "");
}

function mismatchAt(value: TfValue, type: CtyType | undefined, path: string): TypeMismatch | undefined {
  if (type === undefined || type === "dynamic" || value.kind === "expression") return undefined;
  const wrong = (): TypeMismatch => ({ path, found: describeValue(value), expected: describeType(type), loc: value.loc });
  if (typeof type === "string") {
    if (value.kind !== "literal" || value.value === null) return wrong();
    const literal = value.value;
    if (type === "number") return numberOf(value) !== undefined ? undefined : wrong();
    if (type === "bool") return typeof literal === "boolean" || literal === "true" || literal === "false" || literal === "1" || literal === "0" ? undefined : wrong();
    // Every literal converts to a string.
    return undefined;
  }
  switch (type[0]) {
    case "list":
    case "set": {
      if (value.kind !== "list") return wrong();
      const element = type[1];
      for (const [index, item] of value.items.entries()) {
        const found = elementMismatch(item, element, `${path}[${index}]`);
        if (found !== undefined) return found;
      }
      return undefined;
    }
    case "map": {
      if (value.kind !== "object") return wrong();
      const element = type[1];
      for (const [key, item] of value.entries) {
        const found = elementMismatch(item, element, `${path}[${JSON.stringify(key)}]`);
        if (found !== undefined) return found;
      }
      return undefined;
    }
    case "object": {
      if (value.kind !== "object") return wrong();
      const optional = new Set(type[2]);
      // Attributes the type lacks are dropped by the conversion, as cty does; missing ones fail it unless optional.
      for (const [name, attributeType] of Object.entries(type[1])) {
        const item = value.entries.get(name);
        if (item === undefined) {
          if (optional.has(name)) continue;
          return { path: `${path}.${name}`, found: "missing", expected: describeType(attributeType), loc: value.loc };
        }
        const found = typeMismatch(item, attributeType);
        if (found !== undefined) return { ...found, path: `${path}.${name}${found.path}` };
      }
      return undefined;
    }
    case "tuple": {
      if (value.kind !== "list" || value.items.length !== type[1].length) return wrong();
      for (const [index, item] of value.items.entries()) {
        const found = mismatchAt(item, type[1][index], `${path}[${index}]`);
        if (found !== undefined) return found;
      }
      return undefined;
    }
  }
}

function elementMismatch(item: TfValue, element: CtyType, path: string): TypeMismatch | undefined {
  if (item.kind === "literal" && item.value === null) return { path, found: "null", expected: describeType(element), loc: item.loc };
  return mismatchAt(item, element, path);
}

/** A value as a message names it: `the string 'soon'`, `the number 3`, `a list`, `an object`, `an expression`. */
export function describeValue(value: TfValue): string {
  switch (value.kind) {
    case "expression":
      return "an expression";
    case "list":
      return "a list";
    case "object":
      return "an object";
    case "literal": {
      const literal = value.value;
      if (literal === null) return "null";
      if (typeof literal === "string") return `the string '${literal.length > 60 ? `${literal.slice(0, 57)}...` : literal}'`;
      return `the ${typeof literal === "number" ? "number" : "bool"} ${String(literal)}`;
    }
  }
}
