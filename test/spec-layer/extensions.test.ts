// Our x- extensions are read in one place (scripts/spec/extensions.ts), and a spec that
// states one badly is refused with the pointer of each problem, before any request.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findApi, loadApis } from "../../scripts/lib/apis.ts";
import { extensionProblems, sameAsPairs, valuesAt } from "../../scripts/spec/extensions.ts";
import { listOperations, loadBundle, type OpenApiDocument } from "../../scripts/spec/openapi.ts";
import { runCli } from "../conformance/helpers.ts";

const BROKEN = {
  openapi: "3.1.0",
  info: { title: "Broken", version: "1" },
  paths: {
    "/things": {
      get: {
        operationId: "listThings",
        "x-items": "data",
        "x-pagination": { style: "pages", limit: "size" },
        "x-sort": { field: "sortBy" },
        parameters: [{ name: "q", in: "query", schema: { type: "string" }, "x-search": { fields: "name" } }],
        responses: { "200": { description: "ok" } },
      },
      post: {
        operationId: "createThing",
        requestBody: { content: { "application/json": { schema: { type: "object", properties: { password: { type: "string" }, again: { type: "string", "x-same-as": "pasword" } } } } } },
        responses: { "201": { description: "ok" } },
      },
    },
  },
} as unknown as OpenApiDocument;

describe("x- extensions", () => {
  it.each(loadApis().map((api) => api.name))("%s: every extension is well formed", (name) => {
    const doc = loadBundle(findApi(name).bundle);
    expect(extensionProblems(doc, listOperations(doc))).toEqual([]);
  });

  it("each malformed one is named by its JSON pointer", () => {
    expect(extensionProblems(BROKEN, listOperations(BROKEN))).toEqual([
      '#/paths/~1things/get/x-items: must be a JSON pointer ("" or starting with /)',
      "#/paths/~1things/get/x-pagination/style: must be one of offset, cursor, page, link",
      "#/paths/~1things/get/x-sort/field: must name a parameter of the operation",
      "#/paths/~1things/get/x-sort/order: must name a parameter of the operation",
      "#/paths/~1things/get/parameters/0/x-search: must be {fields: [<path>, ...]}",
      '#/paths/~1things/post/requestBody/content/application~1json/schema/properties/again/x-same-as: names no sibling property ("pasword")',
    ]);
  });

  it("a descending flag may stand alone in x-sort; descending, backward and x-widens are checked too", () => {
    const list = (sort: unknown, parameters: unknown[]) =>
      ({
        openapi: "3.1.0",
        info: { title: "Flags", version: "1" },
        paths: { "/things": { get: { operationId: "listThings", "x-sort": sort, "x-pagination": { style: "link", backward: "previous" }, parameters, responses: { "200": { description: "ok" } } } } },
      }) as unknown as OpenApiDocument;
    const flag = (name: string, extra: Record<string, unknown> = {}) => ({ name, in: "query", schema: { type: "boolean" }, ...extra });
    const alone = list({ descending: "desc" }, [flag("desc"), flag("previous")]);
    expect(extensionProblems(alone, listOperations(alone))).toEqual([]);
    const broken = list({ descending: "reverse", field: "sortBy" }, [flag("all", { "x-widens": "yes" })]);
    expect(extensionProblems(broken, listOperations(broken))).toEqual([
      '#/paths/~1things/get/x-pagination/backward: names no parameter of the operation ("previous")',
      "#/paths/~1things/get/x-sort/field: must name a parameter of the operation",
      "#/paths/~1things/get/x-sort/order: must name a parameter of the operation",
      "#/paths/~1things/get/x-sort/descending: must name a parameter of the operation",
      "#/paths/~1things/get/parameters/0/x-widens: must be true",
    ]);
  });

  it("--spec with a malformed one: exit 2, one line per problem, no request sent", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "extensions-")), "openapi.json");
    writeFileSync(file, JSON.stringify(BROKEN));
    const run = await runCli(["--spec", file, "--base-url", "http://127.0.0.1:9", "--quiet"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("#/paths/~1things/get/x-pagination/style: must be one of offset, cursor, page, link");
    expect(run.stderr).not.toMatch(/internal error|cannot reach/);
  });

  it("x-filter paths fan out over arrays; x-same-as pairs are found wherever they sit", () => {
    expect(valuesAt({ roles: [{ id: 1 }, { id: 2 }] }, "roles/id")).toEqual([1, 2]);
    expect(sameAsPairs(BROKEN.paths)).toEqual([["again", "pasword"]]);
  });
});
