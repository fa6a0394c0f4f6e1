// Loading any spec: OpenAPI 3.0's schema dialect is read as 2020-12, which the
// validators speak, so a valid 3.0 spec never crashes the compiler.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSpec } from "../../scripts/spec/load.ts";
import { SpecError } from "../../scripts/spec/openapi.ts";
import { SpecValidators } from "../../scripts/spec/validators.ts";

async function load30(schemas: Record<string, unknown>) {
  const file = join(mkdtempSync(join(tmpdir(), "load-")), "openapi.json");
  writeFileSync(file, JSON.stringify({ openapi: "3.0.3", info: { title: "t", version: "1" }, paths: {}, components: { schemas } }));
  return loadSpec(file);
}

describe("OpenAPI 3.0 schemas", () => {
  it("nullable beside a type adds null to the type and to an enum", async () => {
    const doc = await load30({ A: { type: "string", enum: ["x"], nullable: true }, B: { type: "integer", nullable: false } });
    expect(doc.components?.schemas).toEqual({ A: { type: ["string", "null"], enum: ["x", null] }, B: { type: "integer" } });
  });

  it("nullable beside anyOf, allOf or $ref (Stripe has 345): the node becomes anyOf [itself, null] in place, and compiles", async () => {
    const doc = await load30({
      Money: { type: "object", properties: { amount: { type: "integer" } } },
      Charge: { nullable: true, description: "a charge", anyOf: [{ $ref: "#/components/schemas/Money" }, { type: "string" }] },
      Wrapped: { nullable: true, allOf: [{ $ref: "#/components/schemas/Money" }] },
    });
    expect(doc.components?.schemas?.Charge).toEqual({ anyOf: [{ description: "a charge", anyOf: [{ $ref: "#/components/schemas/Money" }, { type: "string" }] }, { type: "null" }] });
    const validators = new SpecValidators(doc, "nullable");
    for (const name of ["Charge", "Wrapped"]) {
      expect(validators.validate(`/components/schemas/${name}`, null).valid).toBe(true);
      expect(validators.validate(`/components/schemas/${name}`, { amount: 1 }).valid).toBe(true);
      expect(validators.validate(`/components/schemas/${name}`, 12).valid).toBe(false);
    }
  });

  it("exclusive bounds as booleans become 2020-12 bounds", async () => {
    const doc = await load30({ N: { type: "number", minimum: 0, exclusiveMinimum: true, maximum: 9, exclusiveMaximum: false } });
    expect(doc.components?.schemas?.N).toEqual({ type: "number", exclusiveMinimum: 0, maximum: 9 });
  });
});

describe("a schema that is not JSON Schema (the Gym server's own served spec)", () => {
  const gymLike = {
    Client: { type: "object", required: true, properties: { client_id: { type: "integer" } } },
    Payment: { anyOf: [{ type: "object", required: true }, { type: "string" }] },
    Spec: { type: "any" },
  };

  it("is refused before anything is compiled, one line per place naming its JSON pointer", async () => {
    const error = await load30(gymLike).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    expect(error).toBeInstanceOf(SpecError);
    expect(error?.message.split("\n").slice(1)).toEqual([
      "  #/components/schemas/Client/required: must be array (found true)",
      "  #/components/schemas/Payment/anyOf/0/required: must be array (found true)",
      '  #/components/schemas/Spec/type: "any" is not a JSON Schema type (array, boolean, integer, null, number, object, string)',
    ]);
    expect(error?.message).toMatch(/the schemas are not JSON Schema in 3 places:$/m);
  });

  it("OpenAPI's own keywords beside the schema's are no problem", async () => {
    const doc = await load30({ Pet: { type: "object", discriminator: { propertyName: "kind" }, xml: { name: "pet" }, example: { required: true }, "x-note": { type: "any" }, properties: { kind: { type: "string" } } } });
    expect(Object.keys(doc.components?.schemas ?? {})).toEqual(["Pet"]);
  });
});
