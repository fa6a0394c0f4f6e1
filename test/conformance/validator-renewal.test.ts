// A run's validators do not all live to its end: past a budget of compiled source, the
// next compile starts a new Ajv and the cached validators are let go (Stripe's spec held
// 80 MB of compiled validators to the end of a run). What is asked for again is compiled
// again and judges the same; validators handed out before still work; a warning about a
// spec's pattern is still said once; a schema larger than the budget does not make every
// compile start anew.
import { describe, expect, it } from "vitest";
import type { OpenApiDocument } from "../../scripts/spec/openapi.ts";
import { MAX_COMPILED_SOURCE_CHARS, SpecValidators } from "../../scripts/spec/validators.ts";

const doc = {
  openapi: "3.1.0",
  info: { title: "renewal", version: "1" },
  paths: {},
  components: {
    schemas: {
      Code: { type: "string", pattern: "^[a-z]+-\\d{2}$" },
      Evil: { type: "string", pattern: "^(a+)+$" },
      Name: { type: "string", pattern: "^[A-Z][a-z]+$" },
      Size: { type: "string", pattern: "^[0-9]+(px|em)$" },
      Item: { type: "object", required: ["code"], properties: { code: { $ref: "#/components/schemas/Code" } } },
      Big: {
        type: "object",
        properties: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`member${i}`, { type: "string", minLength: i, pattern: "^[a-z]+$" }])),
      },
    },
  },
} as unknown as OpenApiDocument;

describe("validators past their budget of compiled source", () => {
  it("within the budget, a schema is compiled once", () => {
    expect(MAX_COMPILED_SOURCE_CHARS).toBeGreaterThan(1_000_000);
    const validators = new SpecValidators(doc, "renewal", {}, () => undefined);
    expect(validators.at("/components/schemas/Item")).toBe(validators.at("/components/schemas/Item"));
  });

  it("past it, the next compile drops what was cached: asked again, a schema is compiled anew and judges the same", () => {
    // A budget of 1 holds two of the largest schemas compiled so far: the fourth schema of about one size starts a new Ajv.
    const validators = new SpecValidators(doc, "renewal", {}, () => undefined, 1);
    const first = validators.at("/components/schemas/Code");
    for (const pointer of ["/components/schemas/Name", "/components/schemas/Size", "/components/schemas/Evil"]) validators.at(pointer);
    const again = validators.at("/components/schemas/Code");
    expect(again).not.toBe(first);
    for (const validate of [first, again]) {
      expect(validate("ab-12")).toBe(true);
      expect(validate("ab-123")).toBe(false);
    }
    expect(validators.validate("/components/schemas/Item", { code: "x" }).errors).toEqual(['/code must match pattern "^[a-z]+-\\d{2}$"']);
  });

  it("a schema larger than the budget is not compiled again at every compile: the budget grows to hold two of it", () => {
    const validators = new SpecValidators(doc, "renewal", {}, () => undefined, 1);
    const big = validators.at("/components/schemas/Big");
    for (const pointer of ["/components/schemas/Code", "/components/schemas/Name"]) validators.at(pointer);
    expect(validators.at("/components/schemas/Big")).toBe(big);
  });

  it("a pattern left unchecked is said once, however many Ajv instances compile it", () => {
    const warnings: string[] = [];
    const validators = new SpecValidators(doc, "renewal", {}, (message) => warnings.push(message), 1);
    for (const pointer of ["/components/schemas/Evil", "/components/schemas/Code", "/components/schemas/Name", "/components/schemas/Size", "/components/schemas/Evil"]) validators.at(pointer);
    expect(warnings).toEqual(['pattern "^(a+)+$" is not checked: its nested quantifiers can take exponential time on some strings']);
  });
});
