// The scale benchmark's inputs: the generated spec obeys the project's own lint
// rules and bundles, and the generic server passes the conformance suite on it, so
// what part 5 times is a clean run, not a run full of failures.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packageBin } from "../../scripts/bench/commands.ts";
import { startGenericServer } from "../../scripts/bench/generic-server.ts";
import { OPERATIONS_PER_RESOURCE, resourceLetters, scaleResources, writeScaleSpec } from "../../scripts/bench/scale-spec.ts";
import { buildModel } from "../../scripts/spec/model.ts";
import { runConformance } from "../../scripts/conformance/runner.ts";
import { projectRoot, redoclyConfigPath } from "../../scripts/lib/apis.ts";
import { loadBundle } from "../../scripts/spec/openapi.ts";

const redocly = packageBin("@redocly/cli", "redocly");
const dir = mkdtempSync(join(tmpdir(), "bench-scale-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function redoclyRun(...args: string[]) {
  return spawnSync(process.execPath, [redocly, ...args], { cwd: projectRoot, encoding: "utf8", timeout: 60_000 });
}

describe("resource names", () => {
  it("count in letters, since operationIds may not hold digits", () => {
    expect([1, 2, 26, 27, 52, 53, 702, 703].map(resourceLetters)).toEqual(["A", "B", "Z", "Aa", "Az", "Ba", "Zz", "Aaa"]);
    expect(() => resourceLetters(0)).toThrow(RangeError);
    const names = scaleResources(800).map((resource) => resource.name);
    expect(new Set(names).size).toBe(800);
  });
});

describe("scale spec, N = 2", () => {
  const root = writeScaleSpec(join(dir, "spec"), 2);
  const bundle = join(dir, "openapi.json");

  it("passes `redocly lint` with the project's rules (recommended-strict and the house rules)", () => {
    const lint = redoclyRun("lint", root, "--config", redoclyConfigPath);
    expect(lint.stderr).toContain("Your API description is valid");
    expect(lint.status).toBe(0);
  });

  it("bundles into two resources of five operations each, with the roles the suite reads", () => {
    expect(redoclyRun("bundle", root, "-o", bundle).status).toBe(0);
    const model = buildModel(loadBundle(bundle), "scale");
    expect(model.operations).toHaveLength(2 * OPERATIONS_PER_RESOURCE);
    expect(model.resources.map((resource) => resource.tag)).toEqual(["ResourceA", "ResourceB"]);
    for (const resource of model.resources) {
      expect([resource.create, resource.read, resource.update, resource.delete].map((op) => op?.method)).toEqual(["post", "get", "put", "delete"]);
      expect(resource.lists.map((op) => op.raw["x-pagination"])).toEqual([{ style: "offset", limit: "limit", offset: "offset", total: "/total" }]);
      expect(resource.idProperty).toBe("id");
    }
  });

  it("routes like the reference framework: unknown paths 404, undocumented methods 405 with Allow, no token 401", async () => {
    const server = await startGenericServer(loadBundle(bundle), "t");
    try {
      const send = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, { ...init, signal: AbortSignal.timeout(5_000) });
      expect((await send("/nowhere")).status).toBe(404);
      const patch = await send("/resource-b/1", { method: "PATCH", headers: { Authorization: "Bearer t" } });
      expect([patch.status, patch.headers.get("allow")]).toEqual([405, "GET, PUT, DELETE"]);
      expect((await send("/resource-a")).status).toBe(401);
      const list = await send("/resource-a?limit=5", { headers: { Authorization: "Bearer t" } });
      expect(await list.json()).toEqual({ data: [], total: 0 });
    } finally {
      await server.close();
    }
  });

  it("is served by the generic server with zero violations in full mode", async () => {
    const token = "scale-test-token";
    const server = await startGenericServer(loadBundle(bundle), token);
    try {
      const report = await runConformance({ api: "scale", baseUrl: server.url, token, seed: 7, maxExamples: 1, bundlePath: bundle });
      expect(report.violations).toEqual([]);
      expect(report.complete).toBe(true);
      // Every stateful check found something to check: the generic handlers really store, page and delete.
      for (const check of ["ensure_resource_availability", "update_visibility", "use_after_free", "pagination"]) {
        expect(report.summary[check]?.passed, check).toBeGreaterThan(0);
      }
    } finally {
      await server.close();
    }
  });
});
