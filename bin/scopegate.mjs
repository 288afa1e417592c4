#!/usr/bin/env node
// The scopegate CLI. tsx's loader runs the TypeScript sources directly, so there is no build step.
import "tsx";

// The sources are CommonJS (see tsconfig.json): their exports arrive on the module's default export.
const cli = await import("../cli/main.ts");
const { runCli } = cli.default ?? cli;
process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });
