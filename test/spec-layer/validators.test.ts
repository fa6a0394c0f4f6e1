// A spec's regular expressions cannot hang the process: a pattern with nested
// quantifiers (catastrophic backtracking) is left unchecked, with a warning, and every
// other pattern is checked as usual.
import { describe, expect, it } from "vitest";
import type { OpenApiDocument } from "../../scripts/spec/openapi.ts";
import { SpecValidators } from "../../scripts/spec/validators.ts";

const doc = {
  openapi: "3.1.0",
  info: { title: "patterns", version: "1" },
  paths: {},
  components: { schemas: { Evil: { type: "string", pattern: "^(a+)+$" }, Fine: { type: "string", pattern: "^[a-z]+-\\d{2}$" } } },
} as unknown as OpenApiDocument;

describe("patterns from a spec", () => {
  it("^(a+)+$ against 40 a's and a '!' returns at once, unchecked, said once", () => {
    const warnings: string[] = [];
    const validators = new SpecValidators(doc, "patterns", {}, (message) => warnings.push(message));
    const evil = `${"a".repeat(40)}!`;
    expect(validators.validate("/components/schemas/Evil", evil).valid).toBe(true);
    expect(validators.validate("/components/schemas/Evil", evil).valid).toBe(true);
    expect(warnings).toEqual(['pattern "^(a+)+$" is not checked: its nested quantifiers can take exponential time on some strings']);
  });

  it("other patterns are checked", () => {
    const validators = new SpecValidators(doc, "patterns", {}, () => undefined);
    expect(validators.validate("/components/schemas/Fine", "ab-12").valid).toBe(true);
    expect(validators.validate("/components/schemas/Fine", "ab-123").valid).toBe(false);
  });
});
