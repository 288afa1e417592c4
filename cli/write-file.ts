import * as fs from "node:fs";
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
