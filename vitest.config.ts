import { configDefaults, defineConfig } from "vitest/config";

/**
 * Files that start processes, browsers or packs (seconds each). `npm run test:quick`
 * leaves them out for the edit-test loop; `npm test` and CI run everything.
 */
const SLOW = [
  "test/mock/{browser,stateful-browser,cli,start,dynamic,operations}.test.ts",
  "test/specs/{docs-browser,lint}.test.ts",
  "test/generated/{consumer,freshness,types}.test.ts",
  "test/conformance/{package,hostile,mock,baseline,rate-limit,faults,generation,reference,stateful-mock}.test.ts",
  "test/bench/scale.test.ts",
  "test/review/{review,cli}.test.ts",
];

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: [...configDefaults.exclude, ...(process.env.TEST_QUICK ? SLOW : [])],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Most files wait on child processes (Prism, tsc, npm, Chromium), so three workers
    // keep two cores busy; vitest's default on two cores is one.
    maxWorkers: 3,
    // Files in a worker share the modules they import (scripts/, the specs' bundles)
    // instead of loading and transforming them again: a quarter less CPU. Files keep
    // no state in shared modules; what they start they stop.
    isolate: false,
    // The Prism mocks and one Chromium, shared by the files that need them (started on first use).
    globalSetup: ["test/setup/shared-servers.ts"],
  },
});
