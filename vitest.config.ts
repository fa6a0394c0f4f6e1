import { existsSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Files that start processes, browsers or packs (seconds each), the longest first (wall
 * seconds of each file in a whole run, 2026-12-04). `npm run test:quick` leaves them out
 * for the edit-test loop; `npm test` and CI run everything, these first (see below).
 */
const SLOW = [
  "test/conformance/package.test.ts",
  "test/specs/docs-browser.test.ts",
  "test/mock/cli.test.ts",
  "test/review/review.test.ts",
  "test/generated/consumer.test.ts",
  "test/review/cli.test.ts",
  "test/mock/dynamic.test.ts",
  "test/conformance/faults.test.ts",
  "test/generated/freshness.test.ts",
  "test/conformance/mock.test.ts",
  "test/specs/lint.test.ts",
  "test/conformance/baseline.test.ts",
  "test/conformance/generation.test.ts",
  "test/mock/msw-browser.test.ts",
  "test/generated/consumer-msw.test.ts",
  "test/conformance/reference.test.ts",
  "test/conformance/html-report.test.ts",
  "test/conformance/scale.test.ts",
  "test/conformance/hostile.test.ts",
  "test/conformance/rate-limit.test.ts",
  "test/mock/operations.test.ts",
  "test/conformance/stateful-mock.test.ts",
  "test/generated/types.test.ts",
  "test/generated/query-browser.test.ts",
  "test/bench/scale.test.ts",
  "test/proxy/cli.test.ts",
  "test/mock/start.test.ts",
  "test/mock/stateful-browser.test.ts",
  "test/mock/browser.test.ts",
  "test/mock/cross-site.test.ts",
  "test/reference/no-faults-shipped.test.ts",
  "test/proxy/browser.test.ts",
];

const root = fileURLToPath(new URL(".", import.meta.url));
// A renamed file would otherwise drop out of the quick loop's exclusions without a word.
for (const file of SLOW) if (!existsSync(join(root, file))) throw new Error(`vitest.config.ts: SLOW names ${file}, which does not exist`);

/**
 * The files of SLOW first, in its order, then the rest in vitest's own: on a fresh clone
 * vitest has no durations and would start the largest files first, so a long file could
 * start last and hold the whole run up while the other workers sit idle.
 */
class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = SLOW.indexOf(relative(root, file.moduleId).split(sep).join("/"));
      return index === -1 ? SLOW.length : index;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

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
    sequence: { sequencer: SlowFilesFirst },
  },
});
