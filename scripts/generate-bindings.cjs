#!/usr/bin/env node
/**
 * Generates the TypeScript bindings for the genesyscloud provider from the vendored schema
 * (provider-schema/genesyscloud.json), for the types scopegate synthesizes only (scripts/synthesized-types.json),
 * into .gen/providers/genesyscloud, offline, with the generator
 * `cdktf get` uses. Runs on `npm ci` (postinstall); `npm run gen` runs it by hand.
 */
"use strict";
process.env.CHECKPOINT_DISABLE = "1";
// @cdktf/commons runs `terraform version` when loaded (where terraform exists); terraform prints a warning block
// when TF_CLI_CONFIG_FILE names a file that does not exist, which would look like a failed install.
if (process.env.TF_CLI_CONFIG_FILE && !require("node:fs").existsSync(process.env.TF_CLI_CONFIG_FILE)) {
  delete process.env.TF_CLI_CONFIG_FILE;
}

const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const schemaFile = path.join(root, "provider-schema", "genesyscloud.json");
const outdir = path.join(root, ".gen");

/** The types scopegate's constructs synthesize (test/architecture.test.ts keeps this equal to their imports of .gen). */
const SYNTHESIZED = JSON.parse(fs.readFileSync(path.join(__dirname, "synthesized-types.json"), "utf8"));

/** The schema with only the resource and data source types scopegate synthesizes: the bindings stay small. */
function onlySynthesizedTypes(file) {
  const pick = (schemas, types) => Object.fromEntries(Object.entries(schemas ?? {}).filter(([type]) => types.includes(type)));
  const provider_schemas = Object.fromEntries(
    Object.entries(file.provider_schemas).map(([source, schema]) => [
      source,
      { ...schema, resource_schemas: pick(schema.resource_schemas, SYNTHESIZED.resources), data_source_schemas: pick(schema.data_source_schemas, SYNTHESIZED.dataSources) },
    ]),
  );
  return { ...file, provider_schemas };
}

async function main() {
  let generatorModule;
  try {
    // Deep import: the package index loads jsii-pacmak, which binding generation does not need.
    generatorModule = require("@cdktf/provider-generator/lib/get/generator/provider-generator");
  } catch {
    // Installed without dev dependencies (npm ci --omit=dev): keep whatever bindings are there.
    console.log("scopegate: @cdktf/provider-generator is not installed; skipping binding generation.");
    return;
  }
  const { TerraformProviderGenerator } = generatorModule;
  const { CodeMaker } = require("codemaker");
  const { TerraformProviderConstraint, ConstructsMakerProviderTarget, Language } = require("@cdktf/commons");

  const schema = onlySynthesizedTypes(JSON.parse(fs.readFileSync(schemaFile, "utf8")));
  const code = new CodeMaker();
  const generator = new TerraformProviderGenerator(code, schema);
  const constraint = new TerraformProviderConstraint({
    name: "genesyscloud",
    source: "mypurecloud/genesyscloud",
    version: "~> 1.84",
  });
  generator.generate(new ConstructsMakerProviderTarget(constraint, Language.TYPESCRIPT));
  fs.rmSync(path.join(outdir, "providers", "genesyscloud"), { recursive: true, force: true });
  await code.save(outdir);
  console.log(`scopegate: generated genesyscloud provider bindings in ${path.relative(root, outdir)}/providers/genesyscloud`);
}

main().catch((error) => {
  console.error(`scopegate: could not generate provider bindings from ${path.relative(root, schemaFile)}: ${error.message}`);
  process.exit(1);
});
