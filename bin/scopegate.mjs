#!/usr/bin/env node
// The `scopegate` command. In the installed package it runs the compiled CLI (dist/); in a clone of the repository,
// where the TypeScript sources sit beside it, it runs them through tsx, so what runs is always what is checked out.
import { existsSync } from "node:fs";

const sources = new URL("../cli/main.ts", import.meta.url);
if (existsSync(sources)) {
  await import("tsx");
  // The sources are CommonJS (see tsconfig.json): their exports arrive on the module's default export.
  const cli = await import(sources.href);
  const { runCli } = cli.default ?? cli;
  process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });
} else {
  await import("../dist/cli/bin.js");
}
