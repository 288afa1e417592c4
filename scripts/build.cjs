#!/usr/bin/env node
/**
 * Builds the package: the provider bindings (when missing), then `dist/` compiled by tsc with declaration files,
 * then the data the compiled code reads at run time beside it (the API operation shards and the docs-derived provider
 * schema, which are loaded on first use rather than imported), then the configuration schema's validator compiled
 * ahead of time. `npm run build`; `npm pack` runs it (prepack).
 */
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const dist = path.join(root, "dist");

if (!fs.existsSync(path.join(root, ".gen", "providers", "genesyscloud", "index.ts"))) {
  execFileSync(process.execPath, [path.join(__dirname, "generate-bindings.cjs")], { stdio: "inherit" });
}
fs.rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.build.json")], { stdio: "inherit" });
for (const data of ["policies/data/api-operations", "provider-schema/genesyscloud-docs.json"]) {
  fs.cpSync(path.join(root, data), path.join(dist, data), { recursive: true });
}
// The configuration schema's validator, compiled now rather than at every start of the CLI.
const { validatorSource } = require(path.join(dist, "config", "schema-validation.js"));
fs.writeFileSync(path.join(dist, "config", "schema-validator.generated.js"), validatorSource());
fs.chmodSync(path.join(dist, "cli", "bin.js"), 0o755);
console.log(`scopegate: built ${path.relative(root, dist)}/`);
