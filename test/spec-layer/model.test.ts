// The API model: operations grouped into resources, each in a role the model can say
// why it gave (the x- extension, the body's shape, the path's shape).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findApi } from "../../scripts/lib/apis.ts";
import { loadSpec } from "../../scripts/spec/load.ts";
import { buildModel } from "../../scripts/spec/model.ts";
import { loadBundle } from "../../scripts/spec/openapi.ts";

describe("resources and their links", () => {
  it("fullengage: every role, each with the reason", () => {
    const [clients] = buildModel(loadBundle(findApi("fullengage").bundle), "fullengage").resources;
    expect([...(clients?.links ?? [])].sort((a, b) => a.operationId.localeCompare(b.operationId))).toEqual([
      { role: "create", operationId: "createClient", why: "POST on a collection path" },
      { role: "delete", operationId: "deleteClient", why: "DELETE on a path ending in the id parameter {id}" },
      { role: "read", operationId: "getClient", why: "GET on a path ending in the id parameter {id}" },
      { role: "list", operationId: "listClients", why: 'x-items: "/data"' },
      { role: "update", operationId: "updateClient", why: "PATCH on a path ending in the id parameter {id}" },
    ]);
  });

  it("a spec with no x- extensions: a list found by its array body", async () => {
    const petstore = await loadSpec(join(import.meta.dirname, "../fixtures/petstore/openapi.yaml"));
    const [pets] = buildModel(petstore, "petstore").resources;
    expect(pets?.links.find((link) => link.role === "list")).toEqual({ role: "list", operationId: "listPets", why: "a GET whose 2xx body is an array" });
  });
});
