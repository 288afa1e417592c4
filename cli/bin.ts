#!/usr/bin/env node
/** The `scopegate` command of the installed package (compiled to `dist/cli/bin.js`); `bin/scopegate.mjs` runs the sources. */
import { runCli } from "./main";

void runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }).then((code) => {
  process.exitCode = code;
});
