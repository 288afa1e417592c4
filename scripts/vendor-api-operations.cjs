#!/usr/bin/env node
/**
 * Vendors the Platform API operations catalog into policies/data/api-operations.json, in a compact form the policy
 * engine loads in a few milliseconds.
 *
 *   node scripts/vendor-api-operations.cjs path/to/api-permissions.json
 *
 * Input: `api-permissions.json` as described in its own `about` key: every Platform API v2 operation keyed
 * "<METHOD> <path>", with `operationId`, `permissions: { type: ANY|ALL|NONE, list }`, `scopes` (alternatives, or null
 * when unknown), `preview` and `deprecated`. To refresh from a newer SDK, regenerate that file from the SDK's
 * generated docs (its `about` says how) and run this script on it; `npm test` checks the result's shape.
 *
 * Output: the input's provenance (`about`, `source`, `scopesSource`) verbatim, a `vendored` note, the permission and
 * scope names once each (`permissions`, `scopes`), and one row per operation:
 * [key, operationId, type, permission indexes, scope indexes or null, flags (1 preview, 2 deprecated)].
 * ANY/ALL/NONE and the order of every list are kept exactly.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const input = process.argv[2];
if (input === undefined) {
  console.error("usage: node scripts/vendor-api-operations.cjs path/to/api-permissions.json");
  process.exit(2);
}
const source = JSON.parse(fs.readFileSync(input, "utf8"));
const entries = Object.entries(source.operations).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

const permissions = [...new Set(entries.flatMap(([, op]) => op.permissions.list))].sort();
const scopes = [...new Set(entries.flatMap(([, op]) => op.scopes ?? []))].sort();
const permissionIndex = new Map(permissions.map((name, i) => [name, i]));
const scopeIndex = new Map(scopes.map((name, i) => [name, i]));

const rows = entries.map(([key, op]) => {
  if (!["ANY", "ALL", "NONE"].includes(op.permissions.type)) throw new Error(`${key}: permissions.type ${op.permissions.type}`);
  if (key !== `${op.method} ${op.path}`) throw new Error(`${key}: key is not "<method> <path>"`);
  return [
    key,
    op.operationId,
    op.permissions.type,
    op.permissions.list.map((name) => permissionIndex.get(name)),
    op.scopes === null ? null : op.scopes.map((name) => scopeIndex.get(name)),
    (op.preview ? 1 : 0) | (op.deprecated ? 2 : 0),
  ];
});

const output = {
  about: source.about,
  source: source.source,
  scopesSource: source.scopesSource,
  vendored: `Compacted by scripts/vendor-api-operations.cjs from ${path.basename(input)} (${rows.length} operations). Each row: [key, operationId, permissions.type, indexes into 'permissions', indexes into 'scopes' or null when unknown, flags: 1 preview, 2 deprecated]. Summaries and descriptions are left out.`,
  permissions,
  scopes,
  operations: rows,
};
const target = path.resolve(__dirname, "..", "policies", "data", "api-operations.json");
// One row per line: small diffs when the catalog is refreshed.
const text = `{\n${Object.entries(output)
  .map(([key, value]) =>
    key === "operations"
      ? `  "operations": [\n${value.map((row) => `    ${JSON.stringify(row)}`).join(",\n")}\n  ]`
      : `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`,
  )
  .join(",\n")}\n}\n`;
fs.writeFileSync(target, text);
console.log(`wrote ${path.relative(process.cwd(), target)}: ${rows.length} operations, ${permissions.length} permissions, ${scopes.length} scopes`);
