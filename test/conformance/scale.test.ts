// Scale: operations side by side (--workers) judge exactly what one at a time does,
// a spec splits across CI machines (--shard) deterministically with each resource
// whole, and `conformance merge` joins the shards' JSON reports into one verdict.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runConformance } from "../../scripts/conformance/runner.ts";
import type { Operation } from "../../scripts/spec/openapi.ts";
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
    let inFlight = 0;
    let most = 0;
    const server = createServer((_req, res) => {
      most = Math.max(most, (inFlight += 1));
      setTimeout(() => {
        inFlight -= 1;
        res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
      }, 20);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const paths = Object.fromEntries(["a", "b", "c", "d", "e", "f"].map((name) => [`/${name}`, { get: { operationId: `get${name.toUpperCase()}`, responses: { "200": { description: "ok", content: { "application/json": { schema: { type: "object" } } } } } } }]));
    const spec = join(mkdtempSync(join(tmpdir(), "workers-")), "openapi.json");
    writeFileSync(spec, JSON.stringify({ openapi: "3.1.0", info: { title: "slow", version: "1" }, paths }));
    try {
      const report = await runConformance({ api: "slow", spec, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, stateless: true, seed: 1, workers: 4, checks: ["positive_data_acceptance"] });
      expect(report.complete).toBe(true);
      expect(most).toBe(4);
    } finally {
      server.closeAllConnections();
      server.close();
    }
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
      expect(merged.stdout).toMatch(/gym \(full\) at .*: \d+ violations/);
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
