// The suite in --stateless mode finds nothing wrong with the Prism mock of any API:
// the mock is what frontend developers build on, so it must honour the contract.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runConformance } from "../../scripts/conformance/runner.ts";
import { loadApis } from "../../scripts/lib/apis.ts";
import { type RunningMocks, startMocks } from "../../scripts/mock/mocks.ts";
import { describeViolation } from "../../scripts/conformance/report.ts";

describe("conformance --stateless against the Prism mocks", () => {
  let mocks: RunningMocks;
  beforeAll(async () => {
    mocks = await startMocks({ portBase: 0 });
  });
  afterAll(async () => {
    await mocks?.stop();
  });

  it.each(loadApis().map((api) => api.name))("%s: zero violations", async (api) => {
    const report = await runConformance({ api, baseUrl: mocks.urls[api] as string, stateless: true, seed: 1, timeLimitMs: 60_000 });
    expect(report.complete).toBe(true);
    expect(report.requests).toBeGreaterThan(10);
    expect(report.violations.map(describeViolation)).toEqual([]);
  });
});
