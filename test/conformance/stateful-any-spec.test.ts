// Stateful testing on a spec with none of our x- extensions (test/fixtures/things): full
// mode finds the create → read → update → delete chain from OpenAPI links, else from the
// create's Location header, else from the item path under the create's, passes a correct
// server and fails each fault on its lifecycle check; with no basis for a chain the
// lifecycle checks are n/a and say why. The runtime expressions and the ranking of the
// sources are held here too.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { CheckName } from "../../scripts/conformance/checks/names.ts";
import type { RunEvent } from "../../scripts/conformance/events.ts";
import { describeChains, evaluate, type ExchangeView, learn, matchTemplate, pathUnderBase } from "../../scripts/conformance/links.ts";
import { terminalReporter } from "../../scripts/conformance/reporters/terminal.ts";
import { runConformance } from "../../scripts/conformance/runner.ts";
import type { Resource } from "../../scripts/spec/model.ts";
import type { Operation } from "../../scripts/spec/openapi.ts";
import { startThings, THINGS_FAULTS, type ThingsFault, type ThingsOptions } from "../fixtures/things/server.ts";

const SPEC = join(import.meta.dirname, "../fixtures/things/openapi.yaml");
const LIFECYCLE: CheckName[] = ["ensure_resource_availability", "update_visibility", "use_after_free"];
const dir = mkdtempSync(join(tmpdir(), "things-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Spec = { paths: Record<string, Record<string, { responses: Record<string, Record<string, unknown>> }>> };
const created = (doc: Spec) => doc.paths["/things"]?.post?.responses["201"] as Record<string, unknown>;
const withoutLinks = (doc: Spec) => delete created(doc).links;
const withoutLocation = (doc: Spec) => delete created(doc).headers;
function itemsUnderThings(doc: Spec): void {
  doc.paths["/things/{thingId}"] = doc.paths["/thing-items/{thingId}"] as Spec["paths"][string];
  delete doc.paths["/thing-items/{thingId}"];
}

/**
 * The things spec with `edits` applied, written as a self-contained 3.1 bundle (read as
 * a bundle, not through --spec's loader, which costs more than the run here: the
 * loader has tests of its own, and the run with every check below goes through it).
 */
function specVariant(name: string, ...edits: Array<(doc: Spec) => void>): { bundlePath: string } {
  const doc = parse(readFileSync(SPEC, "utf8")) as Spec;
  for (const edit of edits) edit(doc);
  const bundlePath = join(dir, `${name}.json`);
  writeFileSync(bundlePath, JSON.stringify(doc));
  return { bundlePath };
}

async function run(spec: { bundlePath: string } | { spec: string }, server: ThingsOptions, checks: CheckName[] | undefined = LIFECYCLE, maxExamples = 4) {
  const things = await startThings(server);
  const events: RunEvent[] = [];
  const header: string[] = [];
  try {
    const report = await runConformance({
      api: "",
      ...spec,
      baseUrl: things.url,
      seed: 1,
      maxExamples,
      ...(checks ? { checks } : {}),
      listeners: [(event) => events.push(event), terminalReporter({ out: () => undefined, err: (line) => header.push(line), quiet: false, verbose: false })],
    });
    const notes = events.flatMap((event) => (event.type === "note" ? [event.message] : []));
    return { report, events, notes, header: header.join("\n") };
  } finally {
    await things.close();
  }
}

/** Each way a chain is found, and where the run says so: the header for what the spec says, a note for what a Location header taught. */
const VARIANTS = [
  { name: "OpenAPI links", spec: () => specVariant("links"), server: {}, told: "header", says: "read getThing (OpenAPI link): OpenAPI link GetThing of createThing's 201: {thingId} = $response.body#/id" },
  {
    name: "no links, a Location header",
    spec: () => specVariant("location", withoutLinks),
    server: {},
    told: "notes",
    says: /chain things: read getThing, update replaceThing, delete deleteThing \(the Location \/thing-items\/\d+ of createThing's 201 is GET \/thing-items\/\{thingId\}\)/,
  },
  {
    name: "neither, items under the create's path",
    spec: () => specVariant("same-path", withoutLinks, withoutLocation, itemsUnderThings),
    server: { itemsPath: "/things", location: false },
    told: "header",
    says: "read getThing (inferred): GET on a path ending in the id parameter {thingId}, under createThing's path: {thingId} = $response.body#/id",
  },
] as const;

describe.each(VARIANTS)("full mode on a spec with no x- extensions: $name", ({ spec, server, told, says }) => {
  it("passes the correct server: every lifecycle check runs on the chain, none fails, the header says why it exists", async () => {
    const { report, header, notes } = await run(spec(), server);
    for (const check of LIFECYCLE) {
      expect(report.notApplicable[check], check).toBeUndefined();
      expect(report.summary[check]?.passed, check).toBeGreaterThan(0);
      expect(report.summary[check]?.failed, check).toBe(0);
    }
    expect(report.violations).toEqual([]);
    expect(told === "header" ? header : notes.join("\n")).toMatch(says);
  });

  it.each(Object.entries(THINGS_FAULTS) as Array<[ThingsFault, CheckName]>)("fails a server with the fault %s on %s", async (fault, check) => {
    const { report } = await run(spec(), { ...server, fault });
    expect(report.summary[check]?.failed).toBeGreaterThan(0);
    expect(report.violations.some((violation) => violation.check === check)).toBe(true);
  });
});

describe("a create that answers 201 with a Location and no body: the id comes from the Location alone", () => {
  const spec = () => specVariant("location", withoutLinks);

  it("the correct server passes every lifecycle check", async () => {
    const { report } = await run(spec(), { bodylessCreate: true });
    for (const check of LIFECYCLE) expect(report.summary[check]?.passed, check).toBeGreaterThan(0);
    expect(report.violations).toEqual([]);
  });

  it("a delete that does nothing fails use_after_free, and nothing else", async () => {
    const { report } = await run(spec(), { bodylessCreate: true, fault: "delete-does-nothing" });
    expect(report.violations.map((violation) => violation.check)).toEqual(["use_after_free"]);
  });
});

describe("full mode with no basis for a chain", () => {
  it("neither links, Location nor an item path under the create's: the lifecycle checks are n/a and say why, the header too", async () => {
    const spec = specVariant("no-chain", withoutLinks, withoutLocation);
    // The server does keep nothing: with no chain the suite must not guess /thing-items/{id} from the tag and call that a failure.
    const { report, header } = await run(spec, { location: false, fault: "create-not-persisted" });
    for (const check of LIFECYCLE) {
      expect(report.notApplicable[check], check).toMatch(/no created item reaches them \(no x-item, OpenAPI link, Location header, or item path under the create's\)/);
      expect(report.summary[check]?.failed, check).toBe(0);
    }
    expect(header).toContain("things: createThing → no read, update or delete yet (no x-item, OpenAPI link or item path under its own); a Location header in its response may give them");
  });

  it("a run with every check, the spec read as --spec reads it, passes the correct server (the chain's requests are judged by the response checks too)", async () => {
    const { report } = await run({ spec: SPEC }, {}, undefined, 1);
    expect(report.violations).toEqual([]);
    expect(report.summary.use_after_free?.passed).toBeGreaterThan(0);
  });
});

describe("runtime expressions (OpenAPI 3.1 §4.8.20.4) on a live exchange", () => {
  const view: ExchangeView = {
    url: "http://127.0.0.1:9/v1/things?dry=no",
    method: "POST",
    status: 201,
    request: { path: { team: "a b" }, query: { dry: "no" }, headers: { "X-Request-Id": "r-1" }, body: { name: "lamp", tags: ["x", "y"] } },
    response: { headers: { location: "/v1/thing-items/7", "content-type": "application/json" }, body: { data: { id: 7, "a/b": "slash", "m~n": "tilde" } } },
  };

  it.each([
    ["$url", "http://127.0.0.1:9/v1/things?dry=no"],
    ["$method", "POST"],
    ["$statusCode", 201],
    ["$request.path.team", "a b"],
    ["$request.query.dry", "no"],
    ["$request.header.x-request-id", "r-1"],
    ["$request.body#/tags/1", "y"],
    ["$request.body", { name: "lamp", tags: ["x", "y"] }],
    ["$response.header.Location", "/v1/thing-items/7"],
    ["$response.body#/data/id", 7],
    ["$response.body#/data/a~1b", "slash"],
    ["$response.body#/data/m~0n", "tilde"],
    ["$response.body#/data/missing", undefined],
    ["$response.query.dry", undefined],
    ["/thing-items/{$response.body#/data/id}?by={$method}", "/thing-items/7?by=POST"],
    ["$notAnExpression", "$notAnExpression"],
    [42, 42],
  ])("%s → %j", (expression, value) => {
    expect(evaluate(expression, view)).toEqual(value);
  });

  it("a Location is read against the request URL and the base URL's path; another origin or path names no operation", () => {
    expect(pathUnderBase("/v1/thing-items/7", view.url, "http://127.0.0.1:9/v1")).toBe("/thing-items/7");
    expect(pathUnderBase("thing-items/7", view.url, "http://127.0.0.1:9/v1/")).toBe("/thing-items/7");
    expect(pathUnderBase("http://elsewhere.test/v1/thing-items/7", view.url, "http://127.0.0.1:9/v1")).toBeUndefined();
    expect(pathUnderBase("/v2/thing-items/7", view.url, "http://127.0.0.1:9/v1")).toBeUndefined();
    expect(matchTemplate("/thing-items/{thingId}", "/thing-items/a%20b")).toEqual({ thingId: "a b" });
    expect(matchTemplate("/thing-items/{thingId}", "/thing-items/7/parts")).toBeUndefined();
    expect(matchTemplate("/thing-items/{thingId}", "/thing-items/%E0%A4%A")).toBeUndefined();
  });
});

describe("the order of the sources", () => {
  const op = (operationId: string, method: Operation["method"], path: string) => ({ operationId, method, path }) as Operation;
  const operations = [op("getThing", "get", "/thing-items/{thingId}"), op("getOther", "get", "/others/{thingId}")];
  const fromLocation = { role: "read" as const, operationId: "getThing", source: "location" as const, why: "Location", parameters: [{ in: "path" as const, name: "thingId", value: "$response.header.Location" }] };
  const resourceWithRead = (source: "openapi-link" | "extension" | "inference", parameters = true): Resource => ({
    tag: "things",
    lists: [],
    read: operations[1],
    links: [{ role: "read", operationId: "getOther", source, why: source, ...(parameters ? { parameters: [{ in: "path", name: "thingId", value: "$response.body#/id" }] } : {}) }],
  });

  it("a Location header outranks inference and fills a role nothing chained", () => {
    for (const resource of [resourceWithRead("inference"), resourceWithRead("inference", false)]) {
      expect(learn(resource, [fromLocation], operations)).toEqual([fromLocation]);
      expect(resource.read?.operationId).toBe("getThing");
      expect(resource.links).toEqual([fromLocation]);
    }
  });

  it("never an x- extension's or an OpenAPI link's", () => {
    for (const source of ["extension", "openapi-link"] as const) {
      const resource = resourceWithRead(source);
      expect(learn(resource, [fromLocation], operations)).toEqual([]);
      expect(resource.read?.operationId).toBe("getOther");
    }
  });

  it("the header names each step's source", () => {
    expect(describeChains([{ resource: "things", links: [{ role: "create", operationId: "createThing", source: "inference", why: "POST on a collection path" }, { ...fromLocation, from: "createThing" }] }])).toEqual([
      "things: createThing → read getThing",
      "  create createThing (inferred): POST on a collection path",
      "  read getThing (Location header): Location",
    ]);
  });
});
