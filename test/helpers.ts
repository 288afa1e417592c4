import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runCli } from "../cli/main";
import type { CliIO } from "../cli/io";

/** The repository root. */
export const ROOT = path.resolve(__dirname, "..");

/** A fresh temporary directory, removed by the caller's afterEach/afterAll if it likes. */
export function tempDir(prefix = "scopegate-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Runs the CLI in-process with captured output. */
export async function run(argv: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined>; today?: string } = {}) {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: options.env ?? {},
    cwd: options.cwd ?? ROOT,
    today: options.today,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/** Every file below `dir` with its content, for "nothing changed" assertions. */
export function snapshotTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  if (!fs.existsSync(dir)) return files;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = path.join(entry.parentPath, entry.name);
      files[path.relative(dir, full)] = fs.readFileSync(full, "utf8");
    }
  }
  return files;
}
