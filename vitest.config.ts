import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

/**
 * Files that start processes, browsers or packs (seconds each), the costliest first
 * (CPU-seconds of each file run alone, 2026-12-01). `npm run test:quick` leaves them out
 * for the edit-test loop; `npm test` and CI run everything.
 */
const SLOW = [
  "test/mock/dynamic.test.ts",
  "test/mock/cli.test.ts",
  "test/review/review.test.ts",
  "test/review/cli.test.ts",
  "test/generated/types.test.ts",
  "test/generated/freshness.test.ts",
  "test/mock/browser.test.ts",
  "test/conformance/mock.test.ts",
  "test/generated/consumer.test.ts",
  "test/mock/operations.test.ts",
  "test/generated/consumer-msw.test.ts",
  "test/conformance/package.test.ts",
  "test/conformance/faults.test.ts",
  "test/specs/docs-browser.test.ts",
  "test/conformance/generation.test.ts",
  "test/specs/lint.test.ts",
  "test/conformance/reference.test.ts",
  "test/conformance/baseline.test.ts",
  "test/conformance/stateful-mock.test.ts",
  "test/mock/stateful-browser.test.ts",
  "test/conformance/rate-limit.test.ts",
  "test/mock/msw-browser.test.ts",
  "test/generated/query-browser.test.ts",
  "test/mock/start.test.ts",
  "test/conformance/hostile.test.ts",
  "test/mock/cross-site.test.ts",
  "test/bench/scale.test.ts",
  "test/reference/no-faults-shipped.test.ts",
  "test/conformance/scale.test.ts",
  "test/conformance/html-report.test.ts",
  "test/proxy/cli.test.ts",
  "test/proxy/browser.test.ts",
];

const root = fileURLToPath(new URL(".", import.meta.url));
// A renamed file would otherwise drop out of the quick loop's exclusions without a word.
for (const file of SLOW) if (!existsSync(join(root, file))) throw new Error(`vitest.config.ts: SLOW names ${file}, which does not exist`);

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
