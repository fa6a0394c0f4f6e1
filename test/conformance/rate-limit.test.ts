// Rate limits: a 429 is never a pass or a failure but inconclusive, counted per check in
// the summary, JSON and JUnit; the suite waits as Retry-After and the RateLimit headers
// ask, and paces itself with --rate-limit.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Pacer, parseRatePace, rateLimitWindow } from "../../scripts/conformance/pacing.ts";
import { junitReport } from "../../scripts/conformance/reporters/junit.ts";
import { describeViolation } from "../../scripts/conformance/reporters/text.ts";
import { runConformance } from "../../scripts/conformance/runner.ts";
import { REFERENCE_APIS, startReferenceServer } from "../fixtures/reference/index.ts";
import { runCli } from "./helpers.ts";

/** Records the waits instead of waiting, so a test of Retry-After takes no time. */
function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}

describe("the pace the user asks for and the window the server announces", () => {
  it("--rate-limit takes <n>/<s|m|h>", () => {
    expect(parseRatePace("100/m")).toEqual({ requests: 100, periodMs: 60_000 });
    expect(parseRatePace("5/s")).toEqual({ requests: 5, periodMs: 1_000 });
    expect(parseRatePace("1/h")).toEqual({ requests: 1, periodMs: 3_600_000 });
    for (const bad of ["100", "0/m", "10/d", "x/s", "-1/s"]) expect(parseRatePace(bad), bad).toBeUndefined();
  });

  it("reads RateLimit (both drafts), RateLimit-* and X-RateLimit-* (delay or epoch seconds)", () => {
    const now = 1_700_000_000_000;
    expect(rateLimitWindow({ ratelimit: "limit=100, remaining=0, reset=30" }, now)).toEqual({ remaining: 0, resetSeconds: 30 });
    expect(rateLimitWindow({ ratelimit: '"default";r=3;t=12' }, now)).toEqual({ remaining: 3, resetSeconds: 12 });
    expect(rateLimitWindow({ "ratelimit-remaining": "0", "ratelimit-reset": "7" }, now)).toEqual({ remaining: 0, resetSeconds: 7 });
    expect(rateLimitWindow({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(now / 1000 + 20) }, now)).toEqual({ remaining: 0, resetSeconds: 20 });
  });

  it("waits for Retry-After after a 429, for the reset when the window is spent, and for the pace", () => {
    const pacer = new Pacer({ requests: 2, periodMs: 1_000 });
    pacer.sending(0);
    pacer.observe(429, { "retry-after": "3" }, 0);
    expect(pacer.waitBeforeNext(0).ms).toBe(3_000);
    pacer.observe(200, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "5" }, 3_000);
    expect(pacer.waitBeforeNext(3_000).ms).toBe(5_000);
    const paced = new Pacer({ requests: 2, periodMs: 1_000 });
    paced.sending(0);
    paced.sending(100);
    expect(paced.waitBeforeNext(200)).toMatchObject({ ms: 800, reason: expect.stringMatching(/--rate-limit/) });
  });
});

describe("a server that answers 429 with Retry-After on every 7th request", () => {
  it.each(REFERENCE_APIS.map((api) => api.name))("%s: zero violations, complete, the 429s inconclusive, every Retry-After honoured", async (api) => {
    const server = await startReferenceServer({ api, throttleEvery: 7 });
    const { sleep, waits } = recordingSleep();
    try {
      const report = await runConformance({ api, baseUrl: server.url, token: server.token, seed: 1, sleep });
      expect(report.violations.map(describeViolation)).toEqual([]);
      expect(report.complete).toBe(true);
      expect(report.summary.not_a_server_error?.inconclusive).toBeGreaterThan(0);
      expect(report.summary.status_code_conformance?.inconclusive).toBe(report.summary.not_a_server_error?.inconclusive);
      // A wait after every 429 (also those to requests no response check reads: probes, undocumented methods),
      // as long as its Retry-After (1 s) less the moments since the answer.
      expect(waits.length).toBeGreaterThanOrEqual(report.summary.not_a_server_error?.inconclusive ?? 0);
      expect(waits.every((ms) => ms > 500 && ms <= 1_000)).toBe(true);
      const perOperation = Object.values(report.operations).reduce((sum, checks) => sum + (checks.not_a_server_error?.inconclusive ?? 0), 0);
      expect(perOperation).toBe(report.summary.not_a_server_error?.inconclusive);
      const junit = junitReport(report);
      expect(junit).toMatch(/<skipped message="\d+ cases? inconclusive: rate limited \(429\)"/);
      expect(junit).not.toContain("<failure");
    } finally {
      await server.close();
    }
  });

  it("the CLI shows the inconclusive column and writes inconclusive counts to JSON", async () => {
    const server = await startReferenceServer({ api: "gym", throttleEvery: 10, rateLimit: { limit: 10_000 } });
    const report = join(mkdtempSync(join(tmpdir(), "conformance-")), "report.json");
    try {
      // Real waits here: the CLI has no sleep to inject, and Retry-After is 1 s.
      const run = await runCli(["--api", "gym", "--base-url", server.url, "--seed", "1", "--quiet", "--checks", "not_a_server_error,ignored_auth", "--max-examples", "0", "--report", `json=${report}`], {
        CONFORMANCE_TOKEN: server.token,
      });
      expect(run.stdout).toMatch(/check\s+passed\s+failed\s+inconclusive/);
      expect(run.stdout).toMatch(/not_a_server_error\s+\d+\s+0\s+[1-9]\d*/);
      expect(run.stdout).toMatch(/0 violations, \d+ inconclusive cases? \(rate limited \(429\) ×\d+\)/);
      expect(run.code).toBe(0);
      const json = JSON.parse(readFileSync(report, "utf8"));
      expect(json.summary.not_a_server_error.inconclusive).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe("429 on every request", () => {
  it("nothing passes, nothing fails, and the run says the checks are unjudged and exits 1", async () => {
    const server = await startReferenceServer({ api: "gym", throttleEvery: 1 });
    const { sleep } = recordingSleep();
    try {
      const report = await runConformance({ api: "gym", baseUrl: server.url, token: server.token, seed: 1, stateless: true, sleep });
      expect(report.violations).toEqual([]);
      expect(Object.values(report.summary).every((counts) => counts.passed === 0 && counts.failed === 0)).toBe(true);
      expect(report.inconclusiveChecks).toEqual(expect.arrayContaining(["not_a_server_error", "positive_data_acceptance", "ignored_auth", "unsupported_method"]));
      expect(report.complete).toBe(false);
    } finally {
      await server.close();
    }
  });

  it("a window spent before the checks begin (the fourth run in gym's 5 minutes) stops the run during the diagnosis, exit 1, nothing judged", async () => {
    const server = await startReferenceServer({ api: "gym", rateLimit: { limit: 1, windowSeconds: 3_600 } });
    try {
      const run = await runCli(["--api", "gym", "--base-url", server.url, "--seed", "1", "--quiet"], { CONFORMANCE_TOKEN: server.token });
      expect(run.code).toBe(1);
      // The first answer's spent window is not taken on trust (a mock may echo one on every answer): the next request is answered 429.
      expect(run.stdout).toMatch(/run incomplete: rate limited: 429 Too Many Requests \(Retry-After: 3600 s\); waiting 3600 s would pass the time limit/);
      expect(run.stdout).toMatch(/: 0 violations, \d+ requests/);
      expect(run.stderr).not.toMatch(/internal error/);
    } finally {
      await server.close();
    }
  });

  it("a window that resets after the time limit stops the run, saying why", async () => {
    const server = await startReferenceServer({ api: "gym", rateLimit: { limit: 5, windowSeconds: 3_600 } });
    try {
      const run = await runCli(["--api", "gym", "--base-url", server.url, "--seed", "1", "--quiet", "--time-limit-ms", "10000"], { CONFORMANCE_TOKEN: server.token });
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/run incomplete: rate limited: .*waiting \d+ s would pass the time limit/);
    } finally {
      await server.close();
    }
  });
});

describe("a server whose RateLimit headers announce a small window", () => {
  it("gym at 15 requests per second: the suite waits for each reset and is never answered 429", async () => {
    const server = await startReferenceServer({ api: "gym", rateLimit: { limit: 15, windowSeconds: 1 } });
    try {
      const report = await runConformance({ api: "gym", baseUrl: server.url, token: server.token, seed: 1 });
      expect(report.violations.map(describeViolation)).toEqual([]);
      expect(report.complete).toBe(true);
      expect(Object.values(report.summary).every((counts) => counts.inconclusive === 0)).toBe(true);
      expect(report.requests).toBeGreaterThan(15);
    } finally {
      await server.close();
    }
  }, 60_000);
});
