// The fast path for date-times must not loosen the format check: every string it
// accepts, ajv-formats' full check accepts too, so the validators accept exactly
// what full mode accepts; and the validators still report every error.
import fc from "fast-check";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { describe, expect, it } from "vitest";
import { findApi } from "../../scripts/lib/apis.ts";
import { listOperations, loadBundle, responseSchemaPointer } from "../../scripts/spec/openapi.ts";
import { COMMON_DATE_TIME, dateTimeFormat, SpecValidators } from "../../scripts/spec/validators.ts";
import { firstListOperation, listBodyOfSize } from "../../scripts/bench/validation.ts";

const full = (fullFormats["date-time"] as { validate: (value: string) => boolean }).validate;
const fast = dateTimeFormat.validate as (value: string) => boolean;

const field = (max: number, width = 2) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(width, "0"));
/** Date-time-shaped strings with each field just inside or just past its range, so the edges (29 February, 31 April, hour 24, second 60) come up often. */
const dateTimeLike = fc
  .tuple(
    fc.constantFrom("2023", "2024", "2000", "1900", "0000", "9999"),
    field(13),
    field(32),
    fc.constantFrom("T", "T", "T", "t", " ", "x", "TT"),
    field(25),
    field(61),
    field(61),
    fc.constantFrom("", ".5", ".123456", "."),
    fc.constantFrom("Z", "z", "", "+00:00", "-23:59", "+24:00", "+05:60", "+0530", "+05", "-12:3"),
  )
  .map(([y, mo, d, sep, h, mi, s, frac, tz]) => `${y}-${mo}-${d}${sep}${h}:${mi}:${s}${frac}${tz}`);

describe("date-time format", () => {
  it("accepts only strings the full check accepts, and every string it accepts", () => {
    fc.assert(
      fc.property(fc.oneof({ arbitrary: dateTimeLike, weight: 9 }, { arbitrary: fc.string(), weight: 1 }), (value) => {
        if (COMMON_DATE_TIME.test(value)) expect(full(value)).toBe(true);
        expect(fast(value)).toBe(full(value));
      }),
      { numRuns: 50_000 },
    );
  });

  it.each([
    ["2024-02-29T10:00:00Z", true],
    ["2023-02-29T10:00:00Z", false],
    ["2024-04-31T10:00:00Z", false],
    ["2024-12-31T23:59:60Z", true],
    ["2024-12-31T22:59:60Z", false],
    ["2024-01-01 10:00:00+01:00", true],
    ["2024-01-01T24:00:00Z", false],
    ["2024-01-01T10:00:00", false],
  ])("%s is %s, as in ajv-formats' full mode", (value, valid) => {
    expect(fast(value)).toBe(valid);
    expect(full(value)).toBe(valid);
  });
});

describe("SpecValidators", () => {
  const api = findApi("fullengage");
  const doc = loadBundle(api.bundle);
  const op = firstListOperation(listOperations(doc));
  if (!op) throw new Error("fullengage has no list operation");
  const pointer = responseSchemaPointer(op, "200");

  it("rejects impossible dates and wrong formats, one message per broken rule", () => {
    const body = listBodyOfSize(op, 3) as { data: Array<Record<string, unknown>> };
    const [first, second] = body.data as [Record<string, unknown>, Record<string, unknown>];
    first.createdAt = "2025-02-29T10:00:00Z";
    second.id = "not-a-uuid";
    const result = new SpecValidators(doc, api.name).validate(pointer, body);
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual(['/data/0/createdAt must match format "date-time"', '/data/1/id must match format "uuid"']);
  });

  it("compiles a schema once, whichever operation's shared response leads to it", () => {
    const validators = new SpecValidators(doc, api.name);
    const unauthorized = listOperations(doc).map((operation) => responseSchemaPointer(operation, "401"));
    expect(unauthorized.length).toBeGreaterThan(1);
    const compiled = new Set(unauthorized.map((schema) => validators.at(schema)));
    expect(compiled.size).toBe(1);
    expect(validators.validate(pointer, listBodyOfSize(op, 2))).toEqual({ valid: true, errors: [] });
  });
});
