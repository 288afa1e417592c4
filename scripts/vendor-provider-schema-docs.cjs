#!/usr/bin/env node
/**
 * Vendors the docs-derived schema of every genesyscloud resource and data source (v1.84.1) as
 * provider-schema/genesyscloud-docs.json, without descriptions (the checks never print them):
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
const DROPPED = new Set(["description", "description_kind", "deprecation_message"]);
const strip = (value) =>
  Array.isArray(value) ? value.map(strip) : value !== null && typeof value === "object" ? Object.fromEntries(Object.entries(value).filter(([key]) => !DROPPED.has(key)).map(([key, inner]) => [key, strip(inner)])) : value;
const full = JSON.parse(fs.readFileSync(input, "utf8"));
const vendored = {
  "//": "Every genesyscloud resource and data source of provider v1.84.1, derived from the provider's generated docs (docs/resources/*.md, docs/data-sources/*.md at tag v1.84.1, commit f955430e6), descriptions removed. Optional+computed attributes show as optional; 'x-allowed-values' lists come from doc text and can be narrower than what the provider accepts. Refresh with scripts/vendor-provider-schema-docs.cjs.",
  ...strip(full),
};
const output = path.resolve(__dirname, "..", "provider-schema", "genesyscloud-docs.json");
fs.writeFileSync(output, `${JSON.stringify(vendored)}\n`);
console.log(`wrote ${path.relative(process.cwd(), output)} (${fs.statSync(output).size} bytes)`);
