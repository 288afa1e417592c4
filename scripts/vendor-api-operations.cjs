#!/usr/bin/env node
/**
 * Vendors the Platform API operations catalog into policies/data/api-operations/: one small file per first path
 * segment after /api/v2/ (`users.json`, `analytics.json` ...) and `index.json` with the provenance, so that looking
 * up a few operations reads a few kilobytes, not the whole 470 KB catalog.
 *
 *   node scripts/vendor-api-operations.cjs path/to/api-permissions.json
 *
 * Input: `api-permissions.json` as described in its own `about` key: every Platform API v2 operation keyed
 * "<METHOD> <path>", with `operationId`, `permissions: { type: ANY|ALL|NONE, list }`, `scopes` (alternatives, or null
 * when unknown), `preview` and `deprecated`. To refresh from a newer SDK, regenerate that file from the SDK's
 * generated docs (its `about` says how) and run this script on it; `npm test` checks the result's shape.
 *
 * Output: `index.json` with the input's provenance (`about`, `source`, `scopesSource`) verbatim, a `vendored` note and
 * the shard names with their operation counts; per shard, one row per operation:
 * [key, operationId, type, permissions, scopes or null, flags (1 preview, 2 deprecated)].
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

const shards = new Map();
for (const [key, op] of entries) {
  if (!["ANY", "ALL", "NONE"].includes(op.permissions.type)) throw new Error(`${key}: permissions.type ${op.permissions.type}`);
  if (key !== `${op.method} ${op.path}`) throw new Error(`${key}: key is not "<method> <path>"`);
  // The first path segment after /api/v2/ names the shard: an operation id's first word after its verb is a prefix of
  // it (getUser -> users), which is how policies/operations.ts finds an operation given by id.
  const shard = /^\/api\/v2\/([a-z0-9]+)(\/|$)/.exec(op.path)?.[1];
  if (shard === undefined) throw new Error(`${key}: path does not start with /api/v2/<lowercase segment>`);
  const word = /^[a-z]+([A-Z][a-z0-9]*)/.exec(op.operationId)?.[1]?.toLowerCase();
  if (word === undefined || !shard.startsWith(word)) throw new Error(`${key}: operation id ${op.operationId} does not name its shard '${shard}'`);
  const row = [key, op.operationId, op.permissions.type, op.permissions.list, op.scopes, (op.preview ? 1 : 0) | (op.deprecated ? 2 : 0)];
  if (!shards.has(shard)) shards.set(shard, []);
  shards.get(shard).push(row);
}

const folder = path.resolve(__dirname, "..", "policies", "data", "api-operations");
fs.rmSync(folder, { recursive: true, force: true });
fs.mkdirSync(folder, { recursive: true });
// One row per line: small diffs when the catalog is refreshed.
const rowsText = (rows) => `[\n${rows.map((row) => `  ${JSON.stringify(row)}`).join(",\n")}\n]\n`;
for (const [shard, rows] of shards) fs.writeFileSync(path.join(folder, `${shard}.json`), rowsText(rows));
const index = {
  about: source.about,
  source: source.source,
  scopesSource: source.scopesSource,
  vendored: `Split by scripts/vendor-api-operations.cjs from ${path.basename(input)} into one file per first path segment after /api/v2/ (${entries.length} operations in ${shards.size} files). Each row: [key, operationId, permissions.type, permissions.list, scopes or null when unknown, flags: 1 preview, 2 deprecated]. Summaries and descriptions are left out.`,
  shards: Object.fromEntries([...shards].map(([shard, rows]) => [shard, rows.length])),
};
fs.writeFileSync(path.join(folder, "index.json"), `${JSON.stringify(index, null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), folder)}/: ${entries.length} operations in ${shards.size} files`);
