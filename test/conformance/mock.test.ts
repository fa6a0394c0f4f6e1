// The suite in --stateless mode finds nothing wrong with the Prism mock of any API:
// the mock is what frontend developers build on, so it must honour the contract.
import { beforeAll, describe, expect, it } from "vitest";
import { runConformance } from "../../scripts/conformance/runner.ts";
import { loadApis } from "../../scripts/lib/apis.ts";
import { describeViolation } from "../../scripts/conformance/reporters/text.ts";
import { sharedMocks } from "../fixtures/shared.ts";

describe("conformance --stateless against the Prism mocks", () => {
  let urls: Record<string, string>;
  beforeAll(async () => {
    urls = await sharedMocks();
  });

  it.each(loadApis().map((api) => api.name))("%s: zero violations", async (api) => {
    const report = await runConformance({ api, baseUrl: urls[api] as string, stateless: true, seed: 1, timeLimitMs: 60_000 });
    expect(report.complete).toBe(true);
    expect(report.requests).toBeGreaterThan(10);
    expect(report.violations.map(describeViolation)).toEqual([]);
  });
});
