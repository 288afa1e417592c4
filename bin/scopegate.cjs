#!/usr/bin/env node
// The scopegate CLI. Runs the TypeScript sources through tsx, so there is no build step.
"use strict";
require("tsx/cjs");
const { runCli } = require("../cli/main.ts");

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }).then(
  (code) => {
    process.exitCode = code;
  },
);
