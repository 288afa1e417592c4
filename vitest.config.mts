import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globals: true,
    setupFiles: ["test/setup.ts"],
    // Synth tests build real cdktf apps; give the 2-core CI machine room.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
