import * as fs from "node:fs";
import * as path from "node:path";

let packageVersionText: string | undefined;

/** This package's version, such as `0.1.0`: read once, when first needed. */
export function packageVersion(): string {
  packageVersionText ??= (JSON.parse(fs.readFileSync(path.resolve(__dirname, "..", "package.json"), "utf8")) as { version: string }).version;
  return packageVersionText;
}
