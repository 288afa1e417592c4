import * as fs from "node:fs";
import * as path from "node:path";
import type { CliIO } from "./io";
import { UsageError } from "./io";

/** Writes via a temporary file and a rename, so a reader never sees half a file and a failed write loses nothing. */
export function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw new UsageError(`cannot write '${file}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
}

/**
 * Where `--output` writes a report, checked before anything runs: its directory exists, it is not a directory, and it
 * is not the configuration file (which the report would replace).
 */
export function reportPath(output: string | undefined, inputs: { readonly configuration?: string; readonly scanned?: readonly string[] }, io: CliIO): string | undefined {
  if (output === undefined) return undefined;
  const resolved = path.resolve(io.cwd, output);
  if (!fs.existsSync(path.dirname(resolved))) throw new UsageError(`cannot write '${output}': directory '${path.dirname(output)}' does not exist.`);
  if (fs.existsSync(resolved) && fs.statSync(resolved).isDirectory()) throw new UsageError(`cannot write '${output}': it is a directory; expected a file name.`);
  if (inputs.configuration !== undefined && resolved === path.resolve(io.cwd, inputs.configuration)) {
    throw new UsageError(`--output '${output}' is the configuration file; expected another file, so the report does not replace the configuration.`);
  }
  for (const scanned of inputs.scanned ?? []) {
    const input = path.resolve(io.cwd, scanned);
    if (resolved === input || resolved.startsWith(input + path.sep)) throw new UsageError(`--output '${output}' is among the scanned paths ('${scanned}'); expected a file outside them, so the report is neither scanned nor replaces what was.`);
  }
  return resolved;
}
