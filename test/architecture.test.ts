import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers";

/** Source folders and what each may not import. */
const PURE_FOLDERS = ["config", "policies", "cli", "terraform"];

/** HashiCorp's HCL parser, published under @cdktf/ but not cdktf: the scanner reads HCL with it. */
const HCL_PARSER = "@cdktf/hcl2json";

function sourceFiles(folder: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Static imports (and requires) of a file; lazy `await import(...)` is allowed and not listed. */
function staticImports(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  return [...text.matchAll(/^\s*import\s[^;]*?from\s+"([^"]+)"|require\("([^"]+)"\)/gm)].map((m) => m[1] ?? m[2]);
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

  it("policies/ is pure: it imports only itself, the config model, the pure config helpers, the Terraform document types and the vendored provider schema, and does no I/O", () => {
    const allowedModules = [...["model", "outputs", "raw-config", "regions", "suggest"].map((name) => path.join(ROOT, "config", name)), path.join(ROOT, "terraform", "document")];
    for (const file of sourceFiles("policies")) {
      for (const spec of staticImports(file)) {
        const where = path.relative(ROOT, file);
        if (!spec.startsWith(".")) {
          expect(spec, where).toBe("node:crypto");
          continue;
        }
        const target = path.resolve(path.dirname(file), spec);
        const inside =
          target.startsWith(path.join(ROOT, "policies") + path.sep) || target.startsWith(path.join(ROOT, "provider-schema") + path.sep) || allowedModules.includes(target);
        expect(inside, `${where} imports ${spec}`).toBe(true);
      }
    }
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
