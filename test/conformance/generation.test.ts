// Generation in phases: the spec's examples, boundary values for every parameter and
// body member, then seeded random inputs; `--seed` and `--max-examples` change what
// every operation receives, and a failure is shrunk to a minimal input.
import { describe, expect, it } from "vitest";
import { RunContext } from "../../scripts/conformance/context.ts";
import { HttpClient } from "../../scripts/conformance/http.ts";
import { validInputs } from "../../scripts/conformance/inputs.ts";
import { buildModel } from "../../scripts/spec/model.ts";
import { Pacer } from "../../scripts/conformance/pacing.ts";
import { CHECK_NAMES } from "../../scripts/conformance/checks/index.ts";
import { Recorder } from "../../scripts/conformance/results.ts";
import { runConformance } from "../../scripts/conformance/runner.ts";
import { boundaryCandidates } from "../../scripts/conformance/values.ts";
import { findApi, loadApis } from "../../scripts/lib/apis.ts";
import { loadBundle } from "../../scripts/spec/openapi.ts";
import { startReferenceServer } from "../fixtures/reference/index.ts";

function context(api: string, seed: number, maxExamples = 4): RunContext {
  const model = buildModel(loadBundle(findApi(api).bundle), api);
  const settings = { baseUrl: "http://127.0.0.1:1", token: "t", headers: {}, stateless: false, seed, maxExamples, deadline: Date.now() + 60_000, runTag: "tag", strict: false };
  return new RunContext(model, new HttpClient({ timeoutMs: 1000, maxBodyBytes: 1024, secrets: ["t"] }), new Recorder(new Set(CHECK_NAMES)), settings, () => {}, new Pacer());
}

const values = (candidates: Array<{ value: unknown }>) => candidates.map((candidate) => candidate.value);

describe("boundary values", () => {
  const doc = loadBundle(findApi("gym").bundle);

  it("integers: the bounds, 0, -1, the 32-bit edge and one past it, 2^53-1 when there is no maximum", () => {
    expect(values(boundaryCandidates(doc, { type: "integer", minimum: 1 }, 1))).toEqual(
      expect.arrayContaining([1, 0, -1, 2 ** 31 - 1, 2 ** 31, Number.MAX_SAFE_INTEGER]),
    );
    const bounded = values(boundaryCandidates(doc, { type: "integer", minimum: 1, maximum: 100 }, 1));
    expect(bounded).toEqual(expect.arrayContaining([1, 100]));
    expect(bounded).not.toContain(Number.MAX_SAFE_INTEGER);
  });

  it("strings: empty, maxLength, very long without one, non-ASCII, reserved URL characters", () => {
    const unbounded = values(boundaryCandidates(doc, { type: "string" }, 1)) as string[];
    expect(unbounded).toContain("");
    expect(unbounded.some((value) => value.length >= 1000)).toBe(true);
    expect(unbounded.some((value) => /[^\x00-\x7f]/.test(value))).toBe(true);
    expect(unbounded.some((value) => /[/?#&=%]/.test(value))).toBe(true);
    expect(values(boundaryCandidates(doc, { type: "string", maxLength: 20 }, 1))).toContain("x".repeat(20));
  });

  it("arrays: empty and long", () => {
    const arrays = values(boundaryCandidates(doc, { type: "array", items: { type: "integer" } }, 1)) as unknown[][];
    expect(arrays).toContainEqual([]);
    expect(Math.max(...arrays.map((array) => array.length))).toBeGreaterThanOrEqual(50);
  });
});

describe("valid inputs in phases", () => {
  it("magloft getClient (an integer id with no maximum) gets its example id, then the integer boundaries, then random ids", () => {
    const ctx = context("magloft", 1);
    const op = ctx.model.operations.find((candidate) => candidate.operationId === "getClient")!;
    const inputs = validInputs(ctx, op);
    expect(inputs[0]?.phase).toBe("examples");
    const boundaryIds = inputs.filter((input) => input.phase === "boundaries").map((input) => input.input.path?.id);
    expect(boundaryIds).toEqual(expect.arrayContaining([0, -1, 2 ** 31 - 1, 2 ** 31, Number.MAX_SAFE_INTEGER]));
    expect(inputs.filter((input) => input.phase === "boundaries").every((input) => input.madeUpId)).toBe(true);
    expect(inputs.filter((input) => input.phase === "random")).toHaveLength(4);
  });

  it("gym getClient (1 to 2^31-1 since the spec records the 32-bit column) gets both edges as valid ids", () => {
    const ctx = context("gym", 1);
    const op = ctx.model.operations.find((candidate) => candidate.operationId === "getClient")!;
    const boundaryIds = validInputs(ctx, op).filter((input) => input.phase === "boundaries").map((input) => input.input.path?.client_id);
    expect(boundaryIds).toEqual(expect.arrayContaining([1, 2 ** 31 - 1]));
    expect(boundaryIds).not.toContain(2 ** 31);
  });

  it.each(loadApis().map((api) => api.name))("%s: --seed changes what every operation with inputs receives, --max-examples how many", (api) => {
    const random = (seed: number, maxExamples: number) => {
      const ctx = context(api, seed, maxExamples);
      return ctx.model.operations.map((op) => validInputs(ctx, op).filter((input) => input.phase === "random").map((input) => input.parts));
    };
    const one = random(1, 4);
    const two = random(2, 4);
    const ctx = context(api, 1);
    ctx.model.operations.forEach((op, i) => {
      const generated = op.parameters.length > 0 || op.requestBody !== undefined;
      if (!generated) return;
      expect(one[i]?.length, op.operationId).toBeGreaterThan(0);
      expect(one[i], `${op.operationId} with seeds 1 and 2`).not.toEqual(two[i]);
    });
    expect(random(1, 4)).toEqual(one);
    expect(random(1, 1).every((inputs, i) => inputs.length <= 1 && inputs.length <= (one[i]?.length ?? 0))).toBe(true);
  });
});

describe("header parameters", () => {
  it("get boundary values and random values like path and query parameters, sent as strings", () => {
    const doc = {
      openapi: "3.1.0",
      info: { title: "headers", version: "1" },
      paths: {
        "/things": {
          get: {
            operationId: "listThings",
            parameters: [{ name: "X-Page-Size", in: "header", required: true, schema: { type: "integer", minimum: 1, maximum: 50 }, example: 10 }],
            responses: { "200": { description: "ok" } },
          },
        },
      },
    };
    const model = buildModel(doc as never, "headers");
    const settings = { baseUrl: "http://127.0.0.1:1", token: "t", headers: {}, stateless: false, strict: false, seed: 1, maxExamples: 3, deadline: Date.now() + 60_000, runTag: "tag" };
    const ctx = new RunContext(model, new HttpClient({ timeoutMs: 1000, maxBodyBytes: 1024, secrets: [] }), new Recorder(new Set(CHECK_NAMES)), settings, () => {}, new Pacer());
    const inputs = validInputs(ctx, model.operations[0]!);
    const boundary = inputs.filter((input) => input.phase === "boundaries").map((input) => input.input.headers?.["X-Page-Size"]);
    expect(boundary).toEqual(expect.arrayContaining(["1", "50"]));
    const random = inputs.filter((input) => input.phase === "random");
    expect(random.length).toBeGreaterThan(0);
    expect(random.every((input) => /^\d+$/.test(input.input.headers?.["X-Page-Size"] ?? ""))).toBe(true);
  });
});

describe("findings on the new faults", () => {
  it("gym int32-id-crash: the dropped connection on client_id 2^31 (one past the maximum) is found, and no id at or below 2^31-1 is blamed", async () => {
    const server = await startReferenceServer({ api: "gym", faults: ["int32-id-crash"] });
    try {
      const report = await runConformance({ api: "gym", baseUrl: server.url, token: server.token, seed: 1 });
      const crashes = report.violations.filter((v) => v.check === "not_a_server_error" && v.operationId === "getClient");
      expect(crashes.length).toBeGreaterThan(0);
      expect(crashes.every((v) => v.actual === "connection reset before the response was complete")).toBe(true);
      expect(crashes.map((v) => v.request?.url)).toContain(`${server.url}/client/2147483648`);
      expect(crashes.every((v) => Number(new URL(v.request!.url).pathname.split("/").pop()) > 2 ** 31 - 1)).toBe(true);
      expect(report.complete).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("fullengage long-string-500: a 1000-character string is shrunk to the 256 characters that first break the server", async () => {
    const server = await startReferenceServer({ api: "fullengage", faults: ["long-string-500"] });
    try {
      const report = await runConformance({ api: "fullengage", baseUrl: server.url, token: server.token, seed: 1, checks: ["not_a_server_error"] });
      const shrunk = report.violations.find((v) => v.operationId === "listClients" && v.shrunkFrom);
      // The fault is caught by the check it breaks (faults.test.ts leaves this fault to this run).
      expect(shrunk?.check).toBe("not_a_server_error");
      expect(shrunk?.case).toMatch(/^shrunk: query=".*… \(256 characters\)"$/);
      expect(new URL(shrunk!.request!.url).searchParams.get("query")).toHaveLength(256);
      expect(shrunk?.response?.status).toBe(500);
      expect(shrunk?.curl).toContain("query=");
    } finally {
      await server.close();
    }
  });
});
