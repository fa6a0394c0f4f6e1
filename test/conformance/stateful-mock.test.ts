// The suite in full mode (stateful checks included) finds nothing wrong with the
// stateful mock of any API: creates, updates and deletes persist, lists page, sort and
// filter as the spec's x- extensions say, and unknown ids and tokens are refused. The
// mocks start as the README's frontend section starts them (`--stateful`, no --token),
// and the suite gets the token they print, as the README's CONFORMANCE_TOKEN.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeViolation } from "../../scripts/conformance/reporters/text.ts";
import { STATEFUL_CHECKS } from "../../scripts/conformance/checks/index.ts";
import { runConformance } from "../../scripts/conformance/runner.ts";
import { loadApis } from "../../scripts/lib/apis.ts";
import { mockLines, parseMockArgs } from "../../scripts/mock/index.ts";
import { type RunningMocks, startMocks } from "../../scripts/mock/mocks.ts";

describe("conformance in full mode against the stateful mocks", () => {
  let mocks: RunningMocks;
  let TOKEN: string;
  beforeAll(async () => {
    const { log: _log, ...options } = parseMockArgs(["--stateful", "--port-base", "0"]);
    mocks = await startMocks(options);
    TOKEN = /^token (\S+):/m.exec(mockLines(mocks, options))?.[1] ?? "the mock printed no token";
  });
  afterAll(async () => {
    await mocks?.stop();
  });

  it.each(loadApis().flatMap((api) => [1, 2].map((seed) => [api.name, seed] as const)))("%s, seed %i: zero violations", async (api, seed) => {
    // The previous run deleted what it could; the control route brings the seed back (with --token, only for the token).
    const reset = await fetch(`${mocks.urls[api]}/__mock/reset`, { method: "POST", headers: { Authorization: `Bearer ${TOKEN}` }, signal: AbortSignal.timeout(5_000) });
    expect(reset.status).toBe(204);
    const report = await runConformance({ api, baseUrl: mocks.urls[api] as string, token: TOKEN, seed, timeLimitMs: 60_000 });
    expect(report.complete).toBe(true);
    expect(report.mode).toBe("full");
    expect(report.violations.map(describeViolation)).toEqual([]);
    // The stateful checks did run: every API has at least a list to page or an item to follow.
    const statefulPasses = STATEFUL_CHECKS.reduce((sum, check) => sum + (report.summary[check]?.passed ?? 0), 0);
    expect(statefulPasses).toBeGreaterThan(0);
    expect(report.summary.ignored_auth?.passed ?? 0).toBeGreaterThan(0);
  });
});
