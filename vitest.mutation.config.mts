import { BaseSequencer, type TestSpecification } from "vitest/node";
import { defineConfig } from "vitest/config";

/**
 * The tests `npm run mutate` (Stryker) runs against mutants of policies/ and formatters/: every test that runs the policy engine
 * in-process. Tests that spawn a process (the CLI binary, tsx main.ts, cdktf synth) are left out: a child process
 * never runs the mutant, so they would only cost time; so are the tests of configuration loading and CLI plumbing
 * (config/bad-input, input-errors …), which run the whole engine per case: a surviving mutant would run them all.
 */
const MUTATION_TESTS = [
  "test/policies/**/*.test.ts",
  "test/formatters/**/*.test.ts",
  "test/terraform/**/*.test.ts",
  "test/config/{roles,promotion-edit}.test.ts",
  "test/cli/{scan,scan-privileged-role,scan-unreadable,scan-variables,scan-secrets,scan-modules,scan-exported,promote,rules,access,deploy-client,bad-input-report}.test.ts",
];

/** Fast, focused files first: Stryker stops at the first failing test, so a mutant is usually killed by the first file. */
const ORDER = ["test/policies/rules/", "test/policies/", "test/formatters/", "test/cli/rules", "test/terraform/", "test/cli/"];

class FocusedFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const relative = file.moduleId.slice(file.project.config.root.length + 1).replaceAll("\\", "/");
      const index = ORDER.findIndex((prefix) => relative.startsWith(prefix));
      return [index < 0 ? ORDER.length : index, relative] as const;
    };
    return [...files].sort((a, b) => {
      const [ra, pa] = rank(a);
      const [rb, pb] = rank(b);
      return ra - rb || (pa < pb ? -1 : pa > pb ? 1 : 0);
    });
  }
}

export default defineConfig({
  test: {
    include: MUTATION_TESTS,
    // Tests that spawn a process to see what it loads skip themselves here (`it.skipIf(SPAWNS_SKIPPED)`).
    env: { SCOPEGATE_MUTATION_RUN: "1" },
    globals: true,
    // One module graph for all files of a run: each mutant's run imports the engine once, not once per file.
    isolate: false,
    sequence: { sequencer: FocusedFirst },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
