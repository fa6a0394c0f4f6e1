// The suite in full mode finds nothing wrong with a conformant server (the reference
// server of each API), over several seeds, and the CLI exits 0 against it.
import { describe, expect, it } from "vitest";
import { describeViolation } from "../../scripts/conformance/reporters/text.ts";
import { runConformance } from "../../scripts/conformance/runner.ts";
import { STATEFUL_CHECKS } from "../../scripts/conformance/checks/index.ts";
import { REFERENCE_APIS, startReferenceServer } from "../fixtures/reference/index.ts";
import { runCli } from "./helpers.ts";

const SEEDS = [1, 2, 3];

describe.each(REFERENCE_APIS.map((api) => api.name))("%s reference server", (api) => {
  // Strict: the reference servers keep the specs' decisions too, so nothing is even an advisory.
  it.each(SEEDS)("full mode, seed %i, strict: zero violations", async (seed) => {
    const server = await startReferenceServer({ api });
    try {
      const report = await runConformance({ api, baseUrl: server.url, token: server.token, seed, strict: true });
      expect(report.violations.map(describeViolation)).toEqual([]);
      expect(report.advisories).toEqual([]);
      expect(report.complete).toBe(true);
      const evaluated = Object.entries(report.summary).filter(([, counts]) => counts.passed > 0).map(([check]) => check);
      expect(evaluated).toContain("response_schema_conformance");
      expect(evaluated).toContain("ignored_auth");
      expect(evaluated.some((check) => (STATEFUL_CHECKS as readonly string[]).includes(check))).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("the CLI exits 0 and writes its summary", async () => {
    const server = await startReferenceServer({ api });
    try {
      const run = await runCli(["--api", api, "--base-url", server.url, "--seed", "1", "--quiet"], { CONFORMANCE_TOKEN: server.token });
      expect(run.stdout).toMatch(new RegExp(`${api} \\(full\\) at http://127\\.0\\.0\\.1:\\d+: 0 violations`));
      expect(run.code).toBe(0);
    } finally {
      await server.close();
    }
  });
});
