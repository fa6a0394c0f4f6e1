// The API model: operations grouped into resources, each in a role the model can say
// why it gave (the x- extension, the body's shape, the path's shape).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findApi } from "../../scripts/lib/apis.ts";
import { loadSpec } from "../../scripts/spec/load.ts";
import { buildModel } from "../../scripts/spec/model.ts";
import { loadBundle } from "../../scripts/spec/openapi.ts";

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
});
