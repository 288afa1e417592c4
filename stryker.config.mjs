// Mutation testing of the policy engine: `npm run mutate` (not part of `npm test`). See README.md, "Testing".
// Stryker 9 runs on Node 20 (Stryker 10 needs Node 22).

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  // The in-process tests that run the policy engine; see the file for what it leaves out and why.
  vitest: { configFile: "vitest.mutation.config.mts" },
  mutate: ["policies/**/*.ts", "formatters/**/*.ts"],
  coverageAnalysis: "perTest",
  // Two cores shared with other work: one test runner. Pass --concurrency 2 on an otherwise idle machine.
  concurrency: 1,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  // Later runs re-test only mutants whose code or covering tests changed; delete the file (or pass --force) for a full run.
  // Static mutants (module-level tables and message templates) would take half the run and be re-tested by every test;
  // they are left out of the score (Stryker reports them as ignored).
  ignoreStatic: true,
  incremental: true,
  incrementalFile: "reports/mutation/stryker-incremental.json",
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  thresholds: { high: 90, low: 85, break: 90 },
};
