// Scale: operations side by side (--workers) judge exactly what one at a time does,
// a spec splits across CI machines (--shard) deterministically with each resource
// whole, and `conformance merge` joins the shards' JSON reports into one verdict.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { RunContext, type RunSettings } from "../../scripts/conformance/context.ts";
import type { HttpClient } from "../../scripts/conformance/http.ts";
import type { Pacer } from "../../scripts/conformance/pacing.ts";
import type { ConformanceReport, Recorder } from "../../scripts/conformance/results.ts";
import { shrink } from "../../scripts/conformance/shrinking.ts";
import { arbitraryFor } from "../../scripts/conformance/values.ts";
import type { ApiModel } from "../../scripts/spec/model.ts";
import { runConformance } from "../../scripts/conformance/runner.ts";
import type { OpenApiDocument, Operation } from "../../scripts/spec/openapi.ts";
import { shardOf } from "../../scripts/spec/model.ts";
import { startReferenceServer } from "../fixtures/reference/index.ts";
import { runCli } from "./helpers.ts";

const op = (operationId: string, tag?: string) => ({ operationId, tags: tag ? [tag] : [] }) as unknown as Operation;

describe("--workers", () => {
  it("four operations at a time judge every case one at a time does, and a fault is still caught", async () => {
    // Two fresh servers: a run leaves items behind that the next run would list.
    const server = await startReferenceServer({ api: "magloft" });
    const twin = await startReferenceServer({ api: "magloft" });
    const faulty = await startReferenceServer({ api: "magloft", faults: ["update-ignored"] });
    try {
      const alone = await runConformance({ api: "magloft", baseUrl: server.url, token: server.token, seed: 3 });
      const together = await runConformance({ api: "magloft", baseUrl: twin.url, token: twin.token, seed: 3, workers: 4 });
      expect(together.violations).toEqual([]);
      expect(together.summary).toEqual(alone.summary);
      expect(together.requests).toBe(alone.requests);
      const broken = await runConformance({ api: "magloft", baseUrl: faulty.url, token: faulty.token, seed: 3, workers: 4 });
      expect(broken.violations.map((violation) => violation.check)).toContain("update_visibility");
    } finally {
      await Promise.all([server.close(), twin.close(), faulty.close()]);
    }
  });

  it("operations really are side by side: with a 20 ms server, four are in flight at once", async () => {
    const server = await startTimedServer(() => 20, () => ({ status: 200, body: "{}" }));
    try {
      const report = await runConformance({ api: "slow", spec: getSpec(["a", "b", "c", "d", "e", "f"]), baseUrl: server.url, stateless: true, seed: 1, workers: 4, checks: ["positive_data_acceptance"] });
      expect(report.complete).toBe(true);
      expect(server.mostInFlight()).toBe(4);
    } finally {
      await server.close();
    }
  });

  it("the whole-API check goes side by side too, each path only after its own operations", async () => {
    // getA's answers are the slowest: the other workers are free while it still runs.
    const server = await startTimedServer(
      (method, path) => (method === "GET" && path === "/a" ? 60 : 20),
      (method) => (method === "GET" ? { status: 200, body: "{}" } : { status: 405, body: "" }),
    );
    try {
      const report = await runConformance({ api: "slow", spec: getSpec(["a", "b", "c", "d"]), baseUrl: server.url, stateless: true, seed: 1, workers: 4, checks: ["positive_data_acceptance", "unsupported_method"] });
      expect(report.summary.unsupported_method).toMatchObject({ passed: 16, failed: 0 });
      const probes = server.seen.filter((request) => request.method !== "GET");
      // One path at a time would never have two of its probes in flight.
      expect(Math.max(...probes.map((probe) => probes.filter((other) => other.start < probe.end && probe.start < other.end).length))).toBeGreaterThan(1);
      for (const path of ["/a", "/b", "/c", "/d"]) {
        const lastGet = Math.max(...server.seen.filter((request) => request.path === path && request.method === "GET").map((request) => request.end));
        expect(Math.min(...probes.filter((probe) => probe.path === path).map((probe) => probe.start))).toBeGreaterThanOrEqual(lastGet);
      }
    } finally {
      await server.close();
    }
  });

  it("the operation with the most to vary starts first, not last, so it does not run alone at the end", async () => {
    const server = await startTimedServer(() => 20, () => ({ status: 200, body: "{}" }));
    const query = (name: string) => ({ name, in: "query", schema: { type: "integer", minimum: 1, maximum: 9 } });
    try {
      const spec = getSpec(["a", "b", "c", "d", "e"], { e: [query("x"), query("y"), query("z")] });
      await runConformance({ api: "slow", spec, baseUrl: server.url, stateless: true, seed: 1, workers: 2, checks: ["positive_data_acceptance"] });
      const first = (path: string) => server.seen.findIndex((request) => request.path.startsWith(path));
      // b starts once a or e has finished (a, b and c were the diagnosis's probes, before).
      expect(first("/e")).toBeLessThan(server.seen.slice(3).findIndex((request) => request.path === "/b") + 3);
    } finally {
      await server.close();
    }
  });

  it("the report lists cases in one worker's order, whichever answer came first", async () => {
    // Answers at random speeds, each breaking its schema, and every method accepted: every operation and path fails.
    const server = await startTimedServer(() => Math.random() * 15, () => ({ status: 200, body: "[]" }));
    const spec = getSpec(["a", "b", "c", "d", "e", "f"]);
    try {
      const run = (workers: number) => runConformance({ api: "slow", spec, baseUrl: server.url, stateless: true, seed: 1, workers, checks: ["positive_data_acceptance", "unsupported_method", "response_schema_conformance"] });
      const order = (report: ConformanceReport) => ({ operations: Object.keys(report.operations), violations: report.violations.map((violation) => `${violation.operationId} ${violation.check} ${violation.case}`) });
      const alone = order(await run(1));
      expect(alone.violations.filter((violation) => violation.includes("unsupported_method")).length).toBeGreaterThan(0);
      expect(alone.violations.at(-1)).toMatch(/^getF unsupported_method/);
      for (let i = 0; i < 2; i += 1) expect(order(await run(4))).toEqual(alone);
    } finally {
      await server.close();
    }
  });
});

interface SeenRequest {
  method: string;
  path: string;
  start: number;
  end: number;
}

/** A server that answers every request after `delayMs()` with `answer(method)`, noting when each came and went. */
async function startTimedServer(delayMs: (method: string, path: string) => number, answer: (method: string) => { status: number; body: string }) {
  const seen: SeenRequest[] = [];
  let inFlight = 0;
  let most = 0;
  const server = createServer((req, res) => {
    const request = { method: req.method ?? "", path: req.url ?? "", start: performance.now(), end: Number.POSITIVE_INFINITY };
    seen.push(request);
    most = Math.max(most, (inFlight += 1));
    setTimeout(() => {
      inFlight -= 1;
      request.end = performance.now();
      const { status, body } = answer(request.method);
      res.writeHead(status, body ? { "Content-Type": "application/json" } : {}).end(body);
    }, delayMs(request.method, request.path));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    mostInFlight: () => most,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A spec of one GET operation per path (`/a` answered by `getA`), each an object; `parameters` by name. */
function getSpec(names: readonly string[], parameters: Record<string, unknown[]> = {}): string {
  const ok = { "200": { description: "ok", content: { "application/json": { schema: { type: "object" } } } } };
  const paths = Object.fromEntries(names.map((name) => [`/${name}`, { get: { operationId: `get${name.toUpperCase()}`, parameters: parameters[name] ?? [], responses: ok } }]));
  const spec = join(mkdtempSync(join(tmpdir(), "workers-")), "openapi.json");
  writeFileSync(spec, JSON.stringify({ openapi: "3.1.0", info: { title: "slow", version: "1" }, paths }));
  return spec;
}

describe("a large spec's operations share the run's time", () => {
  afterEach(() => vi.restoreAllMocks());

  /** A run context with `operations` left and `msLeft` before the run's deadline, at a frozen now. */
  function contextWith(operations: number, msLeft: number): RunContext {
    vi.spyOn(Date, "now").mockReturnValue(1_000_000);
    const model = { operations: Array.from({ length: operations }, (_, i) => op(`op${i}`)) } as unknown as ApiModel;
    const settings = { deadline: 1_000_000 + msLeft } as RunSettings;
    return new RunContext(model, {} as HttpClient, {} as Recorder, settings, () => undefined, {} as Pacer);
  }

  it("each operation's inputs and shrinks end at its share of the time left, between 200 ms and the longest asked", () => {
    const stripeLike = contextWith(533, 120_000);
    expect(stripeLike.operationDeadline(10_000) - Date.now()).toBeCloseTo(120_000 / 533);
    stripeLike.operationsLeft = 100;
    expect(stripeLike.operationDeadline(10_000) - Date.now()).toBe(1_200);
    expect(contextWith(10, 120_000).operationDeadline(10_000) - Date.now()).toBe(10_000);
    expect(contextWith(5_000, 120_000).operationDeadline(10_000) - Date.now()).toBe(200);
    // Never past the run's own end.
    expect(contextWith(1, 50).operationDeadline(10_000) - Date.now()).toBe(50);
  });

  it("a 5,000-character string (Stripe's maxLength everywhere) shrinks to a shorter one that still fails", async () => {
    const doc = { openapi: "3.1.0", info: { title: "t", version: "1" }, paths: {} } as unknown as OpenApiDocument;
    const arbitrary = arbitraryFor(doc, { type: "string", maxLength: 5000 });
    expect(arbitrary.canShrinkWithoutContext("x".repeat(5000))).toBe(true);
    expect(arbitrary.canShrinkWithoutContext("é")).toBe(false);
    const smallest = await shrink(arbitrary, "x".repeat(5000), async (candidate) => (candidate as string).length >= 100, 1);
    expect((smallest as string).length).toBeGreaterThanOrEqual(100);
    expect((smallest as string).length).toBeLessThan(5000);
  });

  it("shrinking sends no more requests than its budget, and keeps the smallest failure found within it", async () => {
    const doc = { openapi: "3.1.0", info: { title: "t", version: "1" }, paths: {} } as unknown as OpenApiDocument;
    let sent = 0;
    const smallest = await shrink(arbitraryFor(doc, { type: "string", maxLength: 5000 }), "x".repeat(5000), async (candidate) => (sent += 1) > 0 && (candidate as string).length >= 100, 1, 3);
    expect(sent).toBe(3);
    expect((smallest as string).length).toBeLessThan(5000);
  });
});

describe("--shard", () => {
  const operations = [op("listA", "a"), op("getA", "a"), op("createA", "a"), op("listB", "b"), op("getB", "b"), op("listC", "c"), op("ping")];

  it("splits by resource, largest first to the lightest shard: every operation in exactly one shard, the same on every machine", () => {
    const shards = [1, 2, 3].map((index) => shardOf(operations, index, 3).map((o) => o.operationId));
    expect(shards).toEqual([["listA", "getA", "createA"], ["listB", "getB"], ["listC", "ping"]]);
    expect(shards.flat().sort()).toEqual(operations.map((o) => o.operationId).sort());
    expect(shardOf([...operations].reverse(), 2, 3).map((o) => o.operationId).sort()).toEqual(["getB", "listB"]);
  });

  it("more machines than resources: a shard may be empty", () => {
    expect(shardOf(operations, 5, 5)).toEqual([]);
  });

  it("merge joins the shards' JSON reports: counts added, one verdict, the run's exit code", async () => {
    const server = await startReferenceServer({ api: "gym", faults: ["bad-id-500"] });
    const dir = mkdtempSync(join(tmpdir(), "shards-"));
    try {
      const shard = (i: number) => runCli(["--api", "gym", "--base-url", server.url, "--seed", "1", "--quiet", "--shard", `${i}/2`, "--report", `json=${dir}/shard-${i}.json`], { CONFORMANCE_TOKEN: server.token });
      const runs = [await shard(1), await shard(2)];
      const whole = await runCli(["--api", "gym", "--base-url", server.url, "--seed", "1", "--quiet", "--report", `json=${dir}/whole.json`], { CONFORMANCE_TOKEN: server.token });
      const merged = await runCli(["merge", `${dir}/shard-1.json`, `${dir}/shard-2.json`, "--report", `json=${dir}/merged.json`, "--report", `junit=${dir}/merged.xml`]);
      expect(runs.map((run) => run.code).sort()).toEqual([0, 1]);
      expect(merged.code).toBe(1);
      const read = (name: string) => JSON.parse(readFileSync(join(dir, name), "utf8")) as { summary: Record<string, unknown>; violations: Array<{ check: string }> };
      expect(read("merged.json").summary).toEqual(read("whole.json").summary);
      expect(read("merged.json").violations.map((violation) => violation.check)).toEqual(read("whole.json").violations.map((violation) => violation.check));
      expect(readFileSync(join(dir, "merged.xml"), "utf8")).toMatch(/<testsuites name="conformance gym"/);
      expect(merged.stdout).toMatch(/gym \(full\) at .*: \d+ violations?/);

      // Each shard's report says which it is, so a lost or doubled shard cannot pass for a whole run.
      expect([1, 2].map((i) => (JSON.parse(readFileSync(join(dir, `shard-${i}.json`), "utf8")) as { shard: unknown }).shard)).toEqual([{ index: 1, count: 2 }, { index: 2, count: 2 }]);
      const half = await runCli(["merge", `${dir}/shard-1.json`, "--report", `json=${dir}/half.json`]);
      expect(half.code).toBe(1);
      expect((JSON.parse(readFileSync(join(dir, "half.json"), "utf8")) as ConformanceReport).stopReason).toMatch(/^no report of shard 2\/2: its operations were not tested, or its report was not found/);
      const twice = await runCli(["merge", `${dir}/shard-1.json`, `${dir}/shard-2.json`, `${dir}/shard-1.json`]);
      expect(twice.code).toBe(2);
      expect(twice.stderr).toContain(`conformance merge: shard 1/2 is given twice (${dir}/shard-1.json and ${dir}/shard-1.json)`);
      const mixed = await runCli(["merge", `${dir}/shard-1.json`, `${dir}/whole.json`]);
      expect(mixed.code).toBe(2);
      expect(mixed.stderr).toContain(`${dir}/whole.json is not the report of a --shard run`);
    } finally {
      await server.close();
    }
  });

  it("a shard that holds no operation (more shards than resources) says so, even when quiet, and passes", async () => {
    const server = await startReferenceServer({ api: "fullengage" });
    try {
      const empty = await runCli(["--api", "fullengage", "--base-url", server.url, "--seed", "1", "--quiet", "--shard", "2/2"], { CONFORMANCE_TOKEN: server.token });
      expect(empty.code).toBe(0);
      expect(empty.stderr).toMatch(/shard 2\/2 holds none of the spec's \d+ operations: a resource stays whole on one shard, and there are fewer resources than shards/);
    } finally {
      await server.close();
    }
  });

  it("bad shard values and merge inputs are one clear line, exit 2", async () => {
    const bad = await runCli(["--api", "gym", "--base-url", "http://127.0.0.1:1", "--shard", "3/2"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--shard must be <i>\/<n> with 1 <= i <= n <= 1000/);
    const none = await runCli(["merge"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/merge needs the JSON reports/);
    const notReport = await runCli(["merge", join(import.meta.dirname, "../../package.json")]);
    expect(notReport.stderr).toMatch(/not a conformance JSON report of format 1/);
  });
});
