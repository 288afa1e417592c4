import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { bareSynth } from "../../bench/bare-synth";
import { generateConfig } from "../../bench/generate-config";
import { loadConfig } from "../../config/load";
import { synthesize } from "../../constructs/app";
import { ROOT, snapshotTree, tempDir } from "../helpers";

/**
 * The bench's floor of synth (part 8) writes what `synthesize` writes, byte for byte: the same resources with the same
 * attribute values, so the ratio of the two measures scopegate's own cost only.
 */
describe("the bare cdktf synth of the bench", () => {
  const cases: [string, () => string][] = [
    ["the example", () => path.join(ROOT, "scopegate.yaml")],
    [
      "a generated configuration of 12 tenants",
      () => {
        const file = path.join(tempDir(), "tenants.yaml");
        fs.writeFileSync(file, generateConfig(12));
        return file;
      },
    ],
  ];
  it.each(cases)("writes what synthesize writes for %s", (_, configFile) => {
    const file = configFile();
    const loaded = loadConfig(file);
    if (!loaded.ok) throw new Error(loaded.problems[0].message);
    const configDir = tempDir();
    synthesize(loaded.model, { outdir: path.join(configDir, "cdktf.out"), configDir });
    bareSynth(loaded.model, { outdir: path.join(configDir, "bare.out"), configDir });
    const scopegate = snapshotTree(path.join(configDir, "cdktf.out"));
    const bare = snapshotTree(path.join(configDir, "bare.out"));
    expect(Object.keys(bare).sort()).toEqual(Object.keys(scopegate).sort());
    for (const [file, json] of Object.entries(scopegate)) expect({ file, json: bare[file] }).toEqual({ file, json });
  });
});
