#!/usr/bin/env node
/**
 * Vendors the docs-derived schema of every genesyscloud resource and data source (v1.84.1) as
 * provider-schema/genesyscloud-docs.json, without descriptions (the checks never print them), and with the attributes
 * of object types (the docs' form of nested blocks) optional, since the docs do not say which are required:
 *
 *   node scripts/vendor-provider-schema-docs.cjs <path to provider-schema-full.json>
 *
 * The input is derived from the provider's generated docs (tfplugindocs) at tag v1.84.1: optional+computed attributes
 * show as optional, there are no ranges, and `x-allowed-values` lists copied from doc text can be narrower than what
 * the provider accepts. provider-schema/genesyscloud.json (read from the Go source) wins for the types it covers.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const input = process.argv[2];
if (input === undefined) {
  console.error("usage: node scripts/vendor-provider-schema-docs.cjs <provider-schema-full.json>");
  process.exit(2);
}
// Text fields of the schema's own metadata; an attribute named `description` (an object) is kept.
const DROPPED = new Set(["description", "description_kind", "deprecation_message"]);
// The docs write nested blocks as attributes of type list(object) without saying which of the object's attributes
// are required: every one is marked optional (cty's third element), so a block that leaves some out is not an error.
const objectsOptional = (type) =>
  Array.isArray(type) && type[0] === "object"
    ? ["object", Object.fromEntries(Object.entries(type[1]).map(([name, inner]) => [name, objectsOptional(inner)])), Object.keys(type[1])]
    : Array.isArray(type) && (type[0] === "list" || type[0] === "set" || type[0] === "map")
      ? [type[0], objectsOptional(type[1])]
      : Array.isArray(type) && type[0] === "tuple"
        ? ["tuple", type[1].map(objectsOptional)]
        : type;
// The docs list some arguments the provider takes as read-only (genesyscloud_flow's `file_content_hash`, set in the
// provider's own example): a docs-derived attribute is never computed-only here, so no check calls setting one an error.
const settable = (attribute) => (attribute.computed === true && attribute.optional !== true && attribute.required !== true ? { ...attribute, optional: true } : attribute);
const strip = (value, key) =>
  key === "type"
    ? objectsOptional(value)
    : Array.isArray(value)
      ? value.map((item) => strip(item))
      : value !== null && typeof value === "object"
        ? Object.fromEntries(
            Object.entries(value)
              .filter(([name, inner]) => !(DROPPED.has(name) && typeof inner === "string"))
              .map(([name, inner]) => [name, key === "attributes" ? settable(strip(inner, name)) : strip(inner, name)]),
          )
        : value;
const full = JSON.parse(fs.readFileSync(input, "utf8"));
const vendored = {
  "//": "Every genesyscloud resource and data source of provider v1.84.1, derived from the provider's generated docs (docs/resources/*.md, docs/data-sources/*.md at tag v1.84.1, commit f955430e6), descriptions removed, attributes of object types (nested blocks, in the docs' form) made optional. Optional+computed attributes show as optional; 'x-allowed-values' lists come from doc text and can be narrower than what the provider accepts. Refresh with scripts/vendor-provider-schema-docs.cjs.",
  ...strip(full, undefined),
};
const output = path.resolve(__dirname, "..", "provider-schema", "genesyscloud-docs.json");
fs.writeFileSync(output, `${JSON.stringify(vendored)}\n`);
console.log(`wrote ${path.relative(process.cwd(), output)} (${fs.statSync(output).size} bytes)`);
