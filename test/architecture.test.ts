import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers";

/** Source folders and what each may not import. */
const PURE_FOLDERS = ["model", "config", "policies", "formatters", "cli", "terraform"];

/** Every source folder of the program. */
const SOURCE_FOLDERS = ["model", "config", "terraform", "policies", "formatters", "constructs", "cli"];

/** HashiCorp's HCL parser, published under @cdktf/ but not cdktf: the scanner reads HCL with it. */
const HCL_PARSER = "@cdktf/hcl2json";

function sourceFiles(folder: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Static imports (and requires, and re-exports) of a file; lazy `await import(...)` is allowed and not listed. */
function staticImports(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"|require\("([^"]+)"\)/gm)].map((m) => m[1] ?? m[2]);
}

/** The source files a file imports statically (type imports included), resolved to absolute paths. */
function importedFiles(file: string): string[] {
  return staticImports(file)
    .filter((spec) => spec.startsWith("."))
    .map((spec) => path.resolve(path.dirname(file), spec))
    .flatMap((target) => [`${target}.ts`, path.join(target, "index.ts")].filter((candidate) => fs.existsSync(candidate)).slice(0, 1));
}

/** The top-level folder of a source file (`model`, `policies` …). */
function folderOf(file: string): string {
  return path.relative(ROOT, file).split(path.sep)[0];
}

describe("architecture: cdktf stays at the edge", () => {
  it.each(PURE_FOLDERS)("%s/ never imports cdktf, constructs or the generated bindings statically", (folder) => {
    for (const file of sourceFiles(folder)) {
      const offending = staticImports(file).filter(
        (spec) => spec !== HCL_PARSER && (spec === "cdktf" || spec.startsWith("@cdktf/") || spec.includes(".gen/") || spec.includes("constructs")),
      );
      expect(offending, path.relative(ROOT, file)).toEqual([]);
    }
  });

  it("policies/ is pure: it imports only itself, the model, the pure config helpers and the vendored provider schema, and does no I/O", () => {
    const allowedModules = ["outputs", "raw-config", "regions", "suggest"].map((name) => path.join(ROOT, "config", name));
    // The package entry `scopegate/policies` hands out the report formatters with the engine.
    const entry = path.join(ROOT, "policies", "index.ts");
    for (const file of sourceFiles("policies")) {
      for (const spec of staticImports(file)) {
        const where = path.relative(ROOT, file);
        if (!spec.startsWith(".")) {
          expect(spec, where).toBe("node:crypto");
          continue;
        }
        const target = path.resolve(path.dirname(file), spec);
        const inside =
          target.startsWith(path.join(ROOT, "policies") + path.sep) ||
          target.startsWith(path.join(ROOT, "model") + path.sep) ||
          target.startsWith(path.join(ROOT, "provider-schema") + path.sep) ||
          allowedModules.includes(target) ||
          (file === entry && target === path.join(ROOT, "formatters"));
        expect(inside, `${where} imports ${spec}`).toBe(true);
      }
    }
  });
});

describe("architecture: layers", () => {
  /** What each folder may import besides itself: the model at the bottom, readers and rules on it, the CLI on top. */
  const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
    model: [],
    config: ["model", "policies"],
    terraform: ["model", "config", "policies"],
    policies: ["model", "config", "provider-schema", "formatters"],
    formatters: ["model", "config", "policies"],
    constructs: ["model", "config", "policies", "formatters", "cli", ".gen"],
    cli: ["model", "config", "terraform", "policies", "formatters", "constructs"],
  };

  it.each(SOURCE_FOLDERS)("%s/ imports only the layers below it", (folder) => {
    for (const file of sourceFiles(folder)) {
      const outside = importedFiles(file)
        .map(folderOf)
        .filter((target) => target !== folder && !MAY_IMPORT[folder].includes(target));
      expect(outside, path.relative(ROOT, file)).toEqual([]);
    }
  });

  it("has no import cycles (type imports included)", () => {
    const files = [...SOURCE_FOLDERS.flatMap(sourceFiles), path.join(ROOT, "main.ts")];
    const graph = new Map(files.map((file) => [file, importedFiles(file)]));
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "open") {
        cycles.push([...trail.slice(trail.indexOf(file)), file].map((part) => path.relative(ROOT, part)).join(" -> "));
        return;
      }
      state.set(file, "open");
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, "done");
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });
});

describe("architecture: generated bindings only for what is synthesized", () => {
  it("generates bindings for exactly the types constructs/ and main.ts import (scripts/synthesized-types.json)", () => {
    const types = JSON.parse(fs.readFileSync(path.join(ROOT, "scripts", "synthesized-types.json"), "utf8")) as { resources: string[]; dataSources: string[] };
    const expected = [...types.resources.map((type) => type.replace(/^genesyscloud_/, "")), ...types.dataSources.map((type) => `data-${type}`)].map((name) => name.replaceAll("_", "-"));
    const imported = new Set(
      [...sourceFiles("constructs"), path.join(ROOT, "main.ts")].flatMap((file) =>
        staticImports(file).flatMap((spec) => /\.gen\/providers\/genesyscloud\/([a-z0-9-]+)$/.exec(spec)?.[1] ?? []),
      ),
    );
    imported.delete("provider");
    expect([...imported].sort()).toEqual(expected.sort());
  });
});
