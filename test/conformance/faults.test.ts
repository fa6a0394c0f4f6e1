// Every check is proven: for each fault of the reference servers, the suite run
// against that faulty server reports the check the fault breaks, naming a real
// operation of the API (as a violation, or as an advisory when the broken rule is a
// decision of the spec), and the CLI exits 1. Every check has at least one fault.
import { describe, expect, it } from "vitest";
import { runConformance } from "../../scripts/conformance/runner.ts";
import { CHECK_NAMES } from "../../scripts/conformance/checks/index.ts";
import { findApi } from "../../scripts/lib/apis.ts";
import { listOperations, loadBundle } from "../../scripts/spec/openapi.ts";
import { FAULTS, startReferenceServer } from "../fixtures/reference/index.ts";
import { runCli } from "./helpers.ts";

// Caught, by the same run (its check alone, seed 1), in generation.test.ts, which also
// shows the input shrunk: running it here again cost ~3 CPU-s of shrinking.
const CAUGHT_IN_GENERATION_TEST = new Set(["fullengage/long-string-500"]);

describe("faults prove the checks", () => {
  it("every check of the suite is broken by at least one fault, with at least 20 faults", () => {
    expect(FAULTS.length).toBeGreaterThanOrEqual(20);
    expect(CHECK_NAMES.filter((check) => !FAULTS.some((fault) => fault.check === check))).toEqual([]);
  });

  it.each(FAULTS.filter((fault) => !CAUGHT_IN_GENERATION_TEST.has(`${fault.api}/${fault.name}`)).map((fault) => [`${fault.api}/${fault.name}`, fault] as const))("%s is caught", async (_, fault) => {
    const server = await startReferenceServer({ api: fault.api, faults: [fault.name] });
    try {
      // Only the check the fault breaks: that no other check cries wolf is reference.test.ts's proof.
      const report = await runConformance({ api: fault.api, baseUrl: server.url, token: server.token, seed: 1, checks: [fault.check] });
      // A fault that breaks only a decision of the spec (x-decision) is reported as an advisory.
      const caught = [...report.violations, ...report.advisories].filter((violation) => violation.check === fault.check);
      expect(caught.length, `${fault.check} should fail: ${fault.description}`).toBeGreaterThan(0);
      const operations = listOperations(loadBundle(findApi(fault.api).bundle)).map((op) => op.operationId);
      for (const violation of caught) expect(operations).toContain(violation.operationId);
    } finally {
      await server.close();
    }
  });

  it("the CLI exits 1 against a faulty server and names the check and the operation", async () => {
    const server = await startReferenceServer({ api: "fullengage", faults: ["status-filter-ignored"] });
    try {
      const run = await runCli(["--api", "fullengage", "--base-url", server.url, "--seed", "1", "--quiet", "--checks", "filtering"], {
        CONFORMANCE_TOKEN: server.token,
      });
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/✗ filtering · listClients · status=\["active"\]/);
      expect(run.stdout).toMatch(/filtering\s+\d+\s+[1-9]\d*\s+\d+\s+✗/);
    } finally {
      await server.close();
    }
  });
});
