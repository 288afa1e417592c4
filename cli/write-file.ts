import * as fs from "node:fs";
import * as path from "node:path";
import type { CliIO } from "./io";
import { UsageError } from "./io";
import { escapeControlCharacters } from "../config/problems";

/** Writes via a temporary file and a rename, so a reader never sees half a file and a failed write loses nothing. */
export function writeAtomically(file: string, text: string): void {
  // Beside the file, its name shortened so the temporary name is not too long where the file's own name is not.
  const temporary = path.join(path.dirname(file), `.${path.basename(file).slice(0, 200)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
  } catch (error) {
    // Cleaning up must not mask why the write failed (ENOTDIR, ENAMETOOLONG ... also fail the removal).
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // nothing was created
    }
    throw new UsageError(`cannot write '${file}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
}

/** The longest file name most file systems take. */
const MAX_NAME_BYTES = 255;

/**
 * Where `--output` writes a report, checked before anything runs: its directory exists, it is not a directory, and it
 * is not the configuration file (which the report would replace).
 */
export function reportPath(output: string | undefined, inputs: { readonly configuration?: string; readonly scanned?: readonly string[] }, io: CliIO): string | undefined {
  if (output === undefined) return undefined;
  const resolved = path.resolve(io.cwd, output);
  const tooLong = resolved.split(path.sep).find((part) => Buffer.byteLength(part) > MAX_NAME_BYTES);
  if (tooLong !== undefined) {
    throw new UsageError(`cannot write '${escapeControlCharacters(output.length > 80 ? `${output.slice(0, 77)}...` : output)}': a name in it is ${Buffer.byteLength(tooLong)} bytes; expected names of at most ${MAX_NAME_BYTES} bytes.`);
  }
  if (!fs.existsSync(path.dirname(resolved))) throw new UsageError(`cannot write '${output}': directory '${path.dirname(output)}' does not exist.`);
  if (!fs.statSync(path.dirname(resolved)).isDirectory()) throw new UsageError(`cannot write '${output}': '${path.dirname(output)}' is a file; expected a directory to write the report in.`);
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
