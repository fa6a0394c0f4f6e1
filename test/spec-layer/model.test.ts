// The API model: operations grouped into resources, each in a role the model can say
// why it gave (the x- extension, the body's shape, the path's shape).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findApi } from "../../scripts/lib/apis.ts";
import { loadSpec } from "../../scripts/spec/load.ts";
import { buildModel } from "../../scripts/spec/model.ts";
import { loadBundle, type OpenApiDocument } from "../../scripts/spec/openapi.ts";

describe("resources and their links", () => {
  it("fullengage: every role, each with the reason; x-item on the create chains its items", () => {
    const [clients] = buildModel(loadBundle(findApi("fullengage").bundle), "fullengage").resources;
    const fromCreate = { from: "createClient", parameters: [{ in: "path", name: "id", value: "$response.body#/data/id" }] };
    const chained = "x-item of createClient names the new item: {id} = $response.body#/data/id";
    expect([...(clients?.links ?? [])].sort((a, b) => a.operationId.localeCompare(b.operationId))).toEqual([
      { role: "create", operationId: "createClient", source: "extension", why: 'x-item: "/data" names the new item' },
      { role: "delete", operationId: "deleteClient", source: "extension", why: chained, ...fromCreate },
      { role: "read", operationId: "getClient", source: "extension", why: chained, ...fromCreate },
      { role: "list", operationId: "listClients", source: "extension", why: 'x-items: "/data"' },
      { role: "update", operationId: "updateClient", source: "extension", why: chained, ...fromCreate },
    ]);
  });

  it("a spec with no x- extensions: a list found by its array body", async () => {
    const petstore = await loadSpec(join(import.meta.dirname, "../fixtures/petstore/openapi.yaml"));
    const [pets] = buildModel(petstore, "petstore").resources;
    expect(pets?.links.find((link) => link.role === "list")).toEqual({ role: "list", operationId: "listPets", source: "inference", why: "a GET whose 2xx body is an array" });
  });

  it("a spec with no x- extensions: OpenAPI links (operationId or operationRef) chain the create to items on another path", async () => {
    const things = await loadSpec(join(import.meta.dirname, "../fixtures/things/openapi.yaml"));
    const [resource] = buildModel(things, "things").resources;
    const chain = resource?.links.filter((link) => link.parameters).map(({ role, operationId, source, from, parameters }) => ({ role, operationId, source, from, parameters }));
    const path = (value: string) => [{ in: "path", name: "thingId", value }];
    expect(chain).toEqual([
      { role: "read", operationId: "getThing", source: "openapi-link", from: "createThing", parameters: path("$response.body#/id") },
      { role: "update", operationId: "replaceThing", source: "openapi-link", from: "createThing", parameters: path("$response.header.Location") },
      { role: "delete", operationId: "deleteThing", source: "openapi-link", from: "createThing", parameters: path("$response.body#/id") },
    ]);
  });

  it("inference: an item path under the create's is chained through the item's id-like member; another path is not", () => {
    const item = { type: "object", properties: { thing_id: { type: "string" }, name: { type: "string" } } };
    const ok = { "200": { description: "", content: { "application/json": { schema: item } } } };
    const doc = {
      openapi: "3.1.0",
      info: { title: "t", version: "1" },
      paths: {
        "/things": { post: { operationId: "createThing", tags: ["t"], responses: { "201": ok["200"] } } },
        "/things/{id}": { get: { operationId: "getThing", tags: ["t"], responses: ok } },
        "/thing-items/{id}": { delete: { operationId: "deleteThing", tags: ["t"], responses: { "204": { description: "" } } } },
      },
    };
    const [resource] = buildModel(doc as unknown as OpenApiDocument, "t").resources;
    expect(resource?.links.find((link) => link.role === "read")?.parameters).toEqual([{ in: "path", name: "id", value: "$response.body#/thing_id" }]);
    expect(resource?.links.find((link) => link.role === "delete")).toEqual({ role: "delete", operationId: "deleteThing", source: "inference", why: "DELETE on a path ending in the id parameter {id}" });
  });
});
