import * as fs from "node:fs";
import * as path from "node:path";

let root: string | undefined;
let packageVersionText: string | undefined;

/**
 * The folder of scopegate's own `package.json`: the repository from the sources (`cli/`), the installed package from
 * the compiled CLI (`dist/cli/`). Its `docs/` and `schema/` ship with the package.
 */
export function packageRoot(): string {
  if (root === undefined) {
    let folder = __dirname;
    while (!isScopegatePackage(folder) && path.dirname(folder) !== folder) folder = path.dirname(folder);
    root = folder;
  }
  return root;
}

function isScopegatePackage(folder: string): boolean {
  try {
    return (JSON.parse(fs.readFileSync(path.join(folder, "package.json"), "utf8")) as { name?: string }).name === "scopegate";
  } catch {
    return false;
  }
}

/** This package's version, such as `0.1.0`: read once, when first needed. */
export function packageVersion(): string {
  packageVersionText ??= (JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
  return packageVersionText;
}
