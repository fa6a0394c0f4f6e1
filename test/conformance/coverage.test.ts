// Coverage: what a run exercised of the spec. Unit tests feed exchanges by hand to a
// small spec of their own; one run against a reference server checks the figures a real
// run reports in the JSON and on the terminal's line.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Coverage, type CoverageReport, coverageLine, exchangeOf, mergeCoverage } from "../../scripts/conformance/coverage.ts";
import { listOperations, type OpenApiDocument } from "../../scripts/spec/openapi.ts";
import { SpecValidators } from "../../scripts/spec/validators.ts";
import { type ReferenceServer, startReferenceServer } from "../fixtures/reference/index.ts";
import { runCli } from "./helpers.ts";

const doc: OpenApiDocument = {
  openapi: "3.1.0",
  info: { title: "Coverage", version: "1" },
  paths: {
    "/items/{itemId}": {
      get: {
        operationId: "getItem",
        parameters: [
          { name: "itemId", in: "path", required: true, schema: { type: "integer", minimum: 1 } },
          { name: "color", in: "query", schema: { $ref: "#/components/schemas/Color" } },
          { name: "tags", in: "query", schema: { type: "array", items: { $ref: "#/components/schemas/Color" } } },
          { name: "X-Trace", in: "header", required: true, schema: { type: "string", minLength: 3 } },
        ],
        responses: { "200": { description: "ok" }, "404": { description: "no such item" }, "5XX": { description: "broken" }, default: { description: "any" } },
      },
    },
    "/items": {
      post: {
        operationId: "createItem",
        requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/Item" } } } },
        responses: { "201": { description: "made" }, "422": { description: "invalid" } },
      },
    },
  },
  components: {
    schemas: {
      Color: { type: "string", enum: ["red", "green", "blue"] },
      Item: {
        type: "object",
        required: ["id", "name"],
        properties: { id: { type: "string", readOnly: true }, name: { type: "string", minLength: 1 }, size: { type: "integer" }, color: { $ref: "#/components/schemas/Color" } },
      },
    },
  },
};

function coverage(): Coverage {
  return new Coverage({ doc, operations: listOperations(doc), validators: new SpecValidators(doc, "coverage-test", {}, () => undefined) });
}

describe("coverage of exchanges", () => {
  it("documented statuses seen and never seen (a range by any status in it, default aside), and the hint for each", () => {
    const cov = coverage();
    cov.observe({ operationId: "getItem", status: 200 });
    cov.observe({ operationId: "getItem", status: 503 });
    cov.observe({ operationId: "getItem", status: 418 });
    cov.observe({ operationId: "getItem" }); // no response
    const { operations, hints, totals } = cov.report();
    expect(operations.getItem?.statuses).toEqual({ received: [200, 418, 503], seen: ["200", "5XX"], notSeen: ["404"], undocumented: [418] });
    expect(operations.getItem?.requests).toBe(4);
    expect(hints).toEqual(["404 of getItem never observed: no input reached it", "createItem never called: none of its checks sent a request"]);
    expect(totals.statuses).toEqual({ covered: 2, total: 5, percent: 40 });
    expect(totals.operations).toEqual({ covered: 1, total: 2, percent: 50 });
  });

  it("a parameter counts as valid or invalid by its schema, typed or as wire text; a required one left out is invalid use", () => {
    const cov = coverage();
    cov.observe(exchangeOf("getItem", { path: { itemId: 7 }, query: { color: "red" }, headers: { "x-trace": "abcd" } }, 200, 5));
    cov.observe({ operationId: "getItem", parameters: { path: { itemId: "0" }, query: {}, header: {} }, status: 400 });
    const parameters = cov.report().operations.getItem?.parameters;
    expect(parameters?.["path itemId"]).toEqual({ valid: true, invalid: true });
    expect(parameters?.["query color"]).toEqual({ valid: true, invalid: false, enum: { sent: ["red"], notSent: ["green", "blue"] } });
    // Header names are case-insensitive; left out while required is the invalid use.
    expect(parameters?.["header X-Trace"]).toEqual({ valid: true, invalid: true });
    // Never sent: neither.
    expect(parameters?.["query tags"]).toEqual({ valid: false, invalid: false, enum: { sent: [], notSent: ["red", "green", "blue"] } });
  });

  it("a wire string is read as the server reads it: '7' is a valid integer, 'x' is not; an array's items count toward its enum", () => {
    const cov = coverage();
    cov.observe({ operationId: "getItem", parameters: { path: { itemId: "7" }, query: { tags: ["green", "blue"] } } });
    const wire = cov.report().operations.getItem?.parameters;
    expect(wire?.["path itemId"]).toEqual({ valid: true, invalid: false });
    expect(wire?.["query tags"]?.enum).toEqual({ sent: ["green", "blue"], notSent: ["red"] });
    const bad = coverage();
    bad.observe({ operationId: "getItem", parameters: { path: { itemId: "x" } } });
    expect(bad.report().operations.getItem?.parameters["path itemId"]).toEqual({ valid: false, invalid: true });
  });

  it("body members are judged by the errors the body's schema gives under each; readOnly members are not counted", () => {
    const cov = coverage();
    cov.observe(exchangeOf("createItem", { body: { name: "a", size: 3, color: "blue" } }, 201, 1));
    cov.observe(exchangeOf("createItem", { body: { name: "", size: 3 } }, 422, 1));
    cov.observe(exchangeOf("createItem", { body: { size: "big" } }, 422, 1));
    // Malformed JSON sent raw judges no member.
    cov.observe(exchangeOf("createItem", { rawBody: '{"name": ', body: { name: 5 } }, 422, 1));
    const report = cov.report();
    expect(report.operations.createItem?.body).toEqual({
      name: { valid: true, invalid: true },
      size: { valid: true, invalid: true },
      color: { valid: true, invalid: false, enum: { sent: ["blue"], notSent: ["red", "green"] } },
    });
    expect(report.totals.bodyMembersValid).toEqual({ covered: 3, total: 3, percent: 100 });
    expect(report.totals.bodyMembersInvalid).toEqual({ covered: 2, total: 3, percent: 67 });
    expect(report.operations.createItem?.timeMs).toBe(4);
  });

  it("an exchange of an operation the spec lacks is ignored; the line gives every total", () => {
    const cov = coverage();
    cov.observe({ operationId: "nope", status: 200 });
    const report = cov.report();
    expect(Object.keys(report.operations)).toEqual(["getItem", "createItem"]);
    expect(coverageLine(report)).toBe(
      "coverage: operations 0% (0/2) · statuses 0% (0/5) · parameters valid 0% (0/4), invalid 0% (0/4) · body members valid 0% (0/3), invalid 0% (0/3) · enum values 0% (0/9)",
    );
  });
});

describe("merging the coverage of shards", () => {
  it("an operation in several reports counts what any exercised; totals and hints are recomputed", () => {
    const first = coverage();
    first.observe(exchangeOf("getItem", { path: { itemId: 1 }, query: { color: "red" }, headers: { "X-Trace": "abc" } }, 200, 2));
    const second = coverage();
    second.observe(exchangeOf("getItem", { path: { itemId: 0 }, query: { color: "green" }, headers: { "X-Trace": "abc" } }, 404, 3));
    second.observe(exchangeOf("createItem", { body: { name: "n" } }, 201, 1));
    const merged = mergeCoverage([first.report(), second.report()]);
    const getItem = merged.operations.getItem;
    expect(getItem?.statuses).toEqual({ seen: ["200", "404"], notSeen: ["5XX"], received: [200, 404], undocumented: [] });
    expect([getItem?.requests, getItem?.timeMs]).toEqual([2, 5]);
    expect(getItem?.parameters["path itemId"]).toEqual({ valid: true, invalid: true });
    expect(getItem?.parameters["query color"]?.enum).toEqual({ sent: ["red", "green"], notSent: ["blue"] });
    expect(merged.totals.operations).toEqual({ covered: 2, total: 2, percent: 100 });
    expect(merged.hints).toEqual(["5XX of getItem never observed: no input reached it", "422 of createItem never observed: no input reached it"]);
  });
});

describe("coverage of a run against a reference server", () => {
  let server: ReferenceServer;
  let stdout: string;
  let coverageReport: CoverageReport;

  beforeAll(async () => {
    server = await startReferenceServer({ api: "fullengage" });
    const dir = mkdtempSync(join(tmpdir(), "coverage-"));
    const run = await runCli(
      ["--api", "fullengage", "--base-url", server.url, "--stateless", "--quiet", "--seed", "1", "--max-examples", "1", "--checks", "positive_data_acceptance,negative_data_rejection", "--report", `json=${dir}/r.json`],
      { CONFORMANCE_TOKEN: server.token },
    );
    expect(run.code).toBe(0);
    stdout = run.stdout;
    coverageReport = (JSON.parse(readFileSync(`${dir}/r.json`, "utf8")) as { coverage: CoverageReport }).coverage;
  });
  afterAll(() => server.close());

  it("reports the statuses, parameters and enum values the run really exercised", () => {
    const list = coverageReport.operations.listClients;
    expect(list?.statuses.seen).toEqual(expect.arrayContaining(["200", "400"]));
    // Valid credentials on every request of these two checks: the documented 401 is never reached, and says so.
    expect(list?.statuses.notSeen).toEqual(["401"]);
    expect(coverageReport.hints).toContain("401 of listClients never observed: no input reached it");
    expect(list?.parameters["query limit"]).toEqual({ valid: true, invalid: true });
    // A free-text search has no invalid value to send.
    expect(list?.parameters["query query"]).toEqual({ valid: true, invalid: false });
    expect(list?.parameters["query sortOrder"]?.enum).toEqual({ sent: ["asc", "desc"], notSent: [] });
    expect(coverageReport.operations.createClient?.body.name).toEqual({ valid: true, invalid: true });
    expect(coverageReport.totals.operations).toEqual({ covered: 5, total: 5, percent: 100 });
  });

  it("the terminal summary prints the coverage line with the hints' count", () => {
    const line = stdout.split("\n").find((text) => text.startsWith("coverage: "));
    expect(line).toBe(`${coverageLine(coverageReport)} (${coverageReport.hints.length} coverage hints in the JSON and HTML reports)`);
  });
});
