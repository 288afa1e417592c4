import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../config/load";
import { synthesize } from "../../constructs/app";
import { ROOT, tempDir } from "../helpers";

/**
 * The example's synthesized stacks, byte for byte, as they were before the constructs became a public library
 * (`test/fixtures/synth-example/`, written by `npm start` then): the YAML app is one user of the library, and moving
 * to it changed nothing a deployed stack would see. Regenerate the fixtures only for a change meant to alter them.
 */
describe("the example synthesizes byte-identical JSON", () => {
  const fixtures = path.join(ROOT, "test", "fixtures", "synth-example");
  const loaded = loadConfig(path.join(ROOT, "scopegate.yaml"), "scopegate.yaml");
  // Laid out as `npm start` lays it out: cdktf.out beside the configuration (local state paths are relative to it).
  const configDir = tempDir();
  const outdir = path.join(configDir, "cdktf.out");

  it("synthesizes the same stacks", () => {
    if (!loaded.ok) throw new Error(loaded.problems[0].message);
    synthesize(loaded.model, { outdir, configDir });
    const stacks = fs.readdirSync(path.join(outdir, "stacks")).sort();
    expect(stacks).toEqual(fs.readdirSync(fixtures).map((file) => file.replace(/\.tf\.json$/, "")).sort());
    for (const stack of stacks) {
      const synthesized = fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8");
      expect({ stack, json: synthesized }).toEqual({ stack, json: fs.readFileSync(path.join(fixtures, `${stack}.tf.json`), "utf8") });
    }
  });

  it("synthesizes the same stacks one tenant at a time (a partial synth), into an output of its own", () => {
    if (!loaded.ok) throw new Error(loaded.problems[0].message);
    const partial = path.join(configDir, "one-at-a-time");
    for (const tenant of loaded.model.tenants) {
      const summary = synthesize(loaded.model, { outdir: partial, configDir, tenants: [tenant] });
      expect(summary.stacks.every((stack) => stack.tenant === tenant)).toBe(true);
    }
    for (const stack of fs.readdirSync(fixtures).map((file) => file.replace(/\.tf\.json$/, ""))) {
      const synthesized = fs.readFileSync(path.join(partial, "stacks", stack, "cdk.tf.json"), "utf8");
      expect({ stack, json: synthesized }).toEqual({ stack, json: fs.readFileSync(path.join(fixtures, `${stack}.tf.json`), "utf8") });
    }
    // The same manifest as the full synth above wrote.
    expect(fs.readFileSync(path.join(partial, "manifest.json"), "utf8")).toBe(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
  });
});
