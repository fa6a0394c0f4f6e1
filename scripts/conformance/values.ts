// Values from the spec: examples, boundary values (the edges of every range and the
// values real servers trip on: 2^31, very long and non-ASCII strings, ...), values
// generated from the schemas (fast-check, seeded), and invalid values derived from
// the schemas. Every value is confirmed with the spec's own validator by the caller,
// so a "valid" input is never invalid and an "invalid" one never valid: the suite
// does not raise false alarms of its own.
import fc from "fast-check";
import { deref, isObject, type JsonSchema, type OpenApiDocument, type Parameter } from "../lib/openapi.ts";

export interface Labeled<T = unknown> {
  label: string;
  value: T;
  /** Set when the value breaks only a rule the spec labels `x-decision` (ours, not the vendor's): the reason given there. */
  decision?: string;
}

/** The reason a schema gives in `x-decision` for `keyword`, when that rule is ours rather than the vendor's. */
export function decisionFor(schema: JsonSchema, keyword: string): string | undefined {
  const decisions = schema["x-decision"];
  const reason = isObject(decisions) ? decisions[keyword] : undefined;
  return typeof reason === "string" ? reason : undefined;
}

/** The candidate's `decision` member when `keyword` is labelled `x-decision` in the schema. */
function ours(schema: JsonSchema, keyword: string): Pick<Labeled, "decision"> {
  return { decision: decisionFor(schema, keyword) };
}

const MAX_GENERATED_ARRAY = 3;
/** The longest string generated or shrunk when the schema sets no maxLength; `size` keeps most generated strings short. */
const MAX_STRING = 10_000;
const LONG_STRING = 1_000;
const LONG_ARRAY = 50;

// Building a stringMatching arbitrary parses its regex; done once per pattern, not per value.
const EMAIL = fc
  .tuple(fc.stringMatching(/^[a-z][a-z0-9]{2,10}$/), fc.constantFrom("example.com", "example.org"))
  .map(([user, host]) => `${user}@${host}`);
const patternArbitraries = new Map<string, fc.Arbitrary<string>>();

function patternArbitrary(pattern: string): fc.Arbitrary<string> {
  let arbitrary = patternArbitraries.get(pattern);
  if (!arbitrary) patternArbitraries.set(pattern, (arbitrary = fc.stringMatching(new RegExp(pattern))));
  return arbitrary;
}

function typesOf(schema: JsonSchema): string[] {
  const type = schema.type;
  if (Array.isArray(type)) return type.map(String);
  if (typeof type === "string") return [type];
  if (Array.isArray(schema.enum)) return [...new Set(schema.enum.map((v) => (v === null ? "null" : typeof v)))];
  return [];
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = typeof schema.minLength === "number" ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === "number" ? schema.maxLength : Math.max(minLength, MAX_STRING);
  switch (schema.format) {
    case "uuid":
      return fc.uuid();
    case "email":
      return EMAIL;
    case "date-time":
      return fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2030-12-31T23:59:59Z"), noInvalidDate: true }).map((d) => d.toISOString());
    case "date":
      return fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case "uri":
      return fc.webUrl();
    case "uri-reference":
      return fc.webUrl().map((url) => url.replace(/^https?:/, ""));
  }
  if (typeof schema.pattern === "string") return patternArbitrary(schema.pattern);
  return fc.string({ minLength, maxLength, unit: "grapheme-ascii", size: "small" });
}

// The whole safe-integer range where the schema sets no bound: fast-check's bias keeps most values small, and
// large ones are what 32-bit columns break on.
function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = typeof schema.minimum === "number" ? schema.minimum : typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum + 1 : Number.MIN_SAFE_INTEGER;
  const max = typeof schema.maximum === "number" ? schema.maximum : typeof schema.exclusiveMaximum === "number" ? schema.exclusiveMaximum - 1 : Number.MAX_SAFE_INTEGER;
  const ints = fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
  return integer ? ints : ints.map((n) => (n + 0.25 <= max ? n + 0.25 : n));
}

/** A fast-check arbitrary for a JSON Schema of the document (refs resolved). */
export function arbitraryFor(doc: OpenApiDocument, schemaOrRef: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const schema = deref(doc, schemaOrRef);
  if ("const" in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const variants = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
  if (Array.isArray(variants)) return fc.oneof(...variants.map((variant) => arbitraryFor(doc, variant, depth + 1)));
  const types = typesOf(schema);
  const arbitraries = (types.length ? types : ["string"]).map((type): fc.Arbitrary<unknown> => {
    switch (type) {
      case "null":
        return fc.constant(null);
      case "boolean":
        return fc.boolean();
      case "integer":
        return numberArbitrary(schema, true);
      case "number":
        return numberArbitrary(schema, false);
      case "array":
        return arrayArbitrary(doc, schema, depth);
      case "object":
        return objectArbitrary(doc, schema, depth);
      default:
        return stringArbitrary(schema);
    }
  });
  return arbitraries.length === 1 ? (arbitraries[0] as fc.Arbitrary<unknown>) : fc.oneof(...arbitraries);
}

function arrayArbitrary(doc: OpenApiDocument, schema: JsonSchema, depth: number): fc.Arbitrary<unknown[]> {
  const items = isObject(schema.items) ? arbitraryFor(doc, schema.items as JsonSchema, depth + 1) : fc.string();
  const minLength = typeof schema.minItems === "number" ? schema.minItems : 0;
  const maxLength = Math.max(minLength, Math.min(typeof schema.maxItems === "number" ? schema.maxItems : MAX_GENERATED_ARRAY, MAX_GENERATED_ARRAY));
  return schema.uniqueItems
    ? fc.uniqueArray(items, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
    : fc.array(items, { minLength, maxLength });
}

function objectArbitrary(doc: OpenApiDocument, schema: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = (schema.required ?? []) as string[];
  const model = Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, arbitraryFor(doc, property, depth + 1)]));
  return fc.record(model, { requiredKeys: required }).filter((value) => Object.keys(value).length >= (Number(schema.minProperties) || 0));
}

/** Up to `count` distinct generated values that the validator accepts. */
export function generateValid(
  doc: OpenApiDocument,
  schema: JsonSchema,
  isValid: (value: unknown) => boolean,
  count: number,
  seed: number,
): unknown[] {
  if (count <= 0) return [];
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const value of fc.sample(arbitraryFor(doc, schema), { seed, numRuns: count * 4 })) {
    const key = JSON.stringify(value);
    if (seen.has(key) || !isValid(value)) continue;
    seen.add(key);
    out.push(value);
    if (out.length === count) break;
  }
  return out;
}

const INT32_MAX = 2 ** 31 - 1;

function integerBoundaries(schema: JsonSchema): Labeled[] {
  const out: Labeled[] = [];
  if (typeof schema.minimum === "number") out.push({ label: `the minimum ${schema.minimum}`, value: schema.minimum });
  if (typeof schema.maximum === "number") out.push({ label: `the maximum ${schema.maximum}`, value: schema.maximum });
  out.push({ label: "0", value: 0 }, { label: "-1", value: -1 }, { label: "2^31-1 (largest 32-bit integer)", value: INT32_MAX });
  out.push({ label: "2^31 (one past a 32-bit integer)", value: INT32_MAX + 1 }, { label: "2^32", value: 2 ** 32 });
  if (typeof schema.maximum !== "number") out.push({ label: "2^53-1 (largest safe integer; no maximum)", value: Number.MAX_SAFE_INTEGER });
  return out;
}

function stringBoundaries(schema: JsonSchema): Labeled[] {
  const minLength = typeof schema.minLength === "number" ? schema.minLength : 0;
  const out: Labeled[] = [{ label: "an empty string", value: "" }];
  if (minLength > 0) out.push({ label: `minLength ${minLength}`, value: "x".repeat(minLength) });
  if (typeof schema.maxLength === "number") out.push({ label: `maxLength ${schema.maxLength}`, value: "x".repeat(schema.maxLength) });
  else out.push({ label: `a very long string (${LONG_STRING} characters; no maxLength)`, value: "x".repeat(LONG_STRING) });
  out.push(
    { label: "non-ASCII text", value: "Ünïcødé Иван 日本語 🙂" },
    { label: "reserved URL characters", value: "a/b?c#d&e=f+g%20h;i,j" },
  );
  if (schema.format === "uuid") {
    out.push({ label: "the nil UUID", value: "00000000-0000-0000-0000-000000000000" }, { label: "the max UUID", value: "ffffffff-ffff-ffff-ffff-ffffffffffff" });
  }
  if (schema.format === "date-time") out.push({ label: "the epoch", value: "1970-01-01T00:00:00Z" }, { label: "the year 9999", value: "9999-12-31T23:59:59Z" });
  return out;
}

/**
 * Valid-looking values at the edges of a schema, labelled; the caller keeps those the
 * validator accepts (a value one past an edge is an invalid input: `invalidCandidates`).
 */
export function boundaryCandidates(doc: OpenApiDocument, schemaOrRef: JsonSchema, seed: number): Labeled[] {
  const schema = deref(doc, schemaOrRef);
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => ({ label: `enum value ${JSON.stringify(value)}`, value }));
  const out: Labeled[] = [];
  for (const type of typesOf(schema)) {
    if (type === "integer") out.push(...integerBoundaries(schema));
    if (type === "number") out.push(...integerBoundaries(schema), { label: "a fraction", value: 0.5 });
    if (type === "string") out.push(...stringBoundaries(schema));
    if (type === "boolean") out.push({ label: "true", value: true }, { label: "false", value: false });
    if (type === "array") {
      const length = Math.min(typeof schema.maxItems === "number" ? schema.maxItems : LONG_ARRAY, LONG_ARRAY);
      const items = isObject(schema.items) ? arbitraryFor(doc, schema.items as JsonSchema) : fc.string();
      const long = schema.uniqueItems
        ? fc.uniqueArray(items, { minLength: 0, maxLength: length, size: "max", selector: (v) => JSON.stringify(v) })
        : fc.array(items, { minLength: length, maxLength: length });
      out.push({ label: "an empty array", value: [] }, { label: `a long array (up to ${length} items)`, value: fc.sample(long, { seed, numRuns: 1 })[0] });
      if (schema.uniqueItems && isObject(schema.items)) {
        const item = deref(doc, schema.items as JsonSchema);
        if (Array.isArray(item.enum)) out.push({ label: "every enum value", value: [...item.enum] });
      }
    }
  }
  return out;
}

/** Schema-derived values that break one rule each; the caller keeps only those the validator rejects. */
export function invalidCandidates(doc: OpenApiDocument, schemaOrRef: JsonSchema): Labeled[] {
  const schema = deref(doc, schemaOrRef);
  const types = typesOf(schema);
  const out: Labeled[] = [];
  if (!types.includes("string")) out.push({ label: "a string where the schema wants no string", value: "not-a-number" });
  if (!types.includes("integer") && !types.includes("number")) out.push({ label: "a number where the schema wants none", value: 12345 });
  if (!types.includes("boolean") && types.length > 0) out.push({ label: "a boolean where the schema wants none", value: true });
  if (!types.includes("object") && types.length > 0) out.push({ label: "an object where the schema wants none", value: { unexpected: true } });
  if (!types.includes("null") && types.length > 0) out.push({ label: "null where the schema does not allow it", value: null });
  // A fraction breaks only "integer": where the vendor says "number", integer is our decision.
  if (types.includes("integer")) out.push({ label: "a fraction where an integer is required", value: 1.5, ...ours(schema, "type") });
  if (typeof schema.minimum === "number") out.push({ label: `below the minimum ${schema.minimum}`, value: schema.minimum - 1, ...ours(schema, "minimum") });
  if (typeof schema.maximum === "number") out.push({ label: `above the maximum ${schema.maximum}`, value: schema.maximum + 1, ...ours(schema, "maximum") });
  if (typeof schema.minLength === "number" && schema.minLength > 0) out.push({ label: `shorter than minLength ${schema.minLength}`, value: "", ...ours(schema, "minLength") });
  if (typeof schema.maxLength === "number") out.push({ label: `longer than maxLength ${schema.maxLength}`, value: "x".repeat(schema.maxLength + 1), ...ours(schema, "maxLength") });
  if (Array.isArray(schema.enum) || "const" in schema) out.push({ label: "a value outside the enum", value: "not-in-the-enum", ...ours(schema, "enum") });
  if (typeof schema.pattern === "string") out.push({ label: `not matching ${schema.pattern}`, value: "!!", ...ours(schema, "pattern") });
  if (typeof schema.format === "string") out.push({ label: `not a valid ${schema.format}`, value: `not-a-${schema.format}`, ...ours(schema, "format") });
  if (types.includes("array") && isObject(schema.items)) {
    for (const item of invalidCandidates(doc, schema.items as JsonSchema)) out.push({ ...item, label: `an item that is ${item.label}`, value: [item.value] });
  }
  return out;
}

/** Invalid bodies: one broken member at a time on top of a valid body, and wholesale breakage. */
export function invalidBodies(doc: OpenApiDocument, schemaOrRef: JsonSchema, validBody: unknown): Labeled[] {
  const schema = deref(doc, schemaOrRef);
  const out: Labeled[] = [
    { label: "an array instead of an object", value: [] },
    { label: "a string instead of an object", value: "not an object" },
  ];
  if (typeof schema.minProperties === "number" && schema.minProperties > 0) out.push({ label: "an empty object", value: {}, ...ours(schema, "minProperties") });
  if (!isObject(validBody)) return out;
  for (const name of (schema.required ?? []) as string[]) {
    const { [name]: _dropped, ...rest } = validBody;
    out.push({ label: `required member ${name} missing`, value: rest, ...ours(schema, "required") });
  }
  for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)) {
    for (const candidate of invalidCandidates(doc, property)) {
      out.push({ ...candidate, label: `${name}: ${candidate.label}`, value: { ...validBody, [name]: candidate.value } });
    }
  }
  return out;
}

/** The example values a parameter documents, most specific first. */
export function parameterExamples(parameter: Parameter): unknown[] {
  const values: unknown[] = [];
  if (parameter.example !== undefined) values.push(parameter.example);
  for (const example of Object.values(parameter.examples ?? {})) if (example.value !== undefined) values.push(example.value);
  const schema = parameter.schema ?? {};
  if (schema.example !== undefined) values.push(schema.example);
  if (schema.default !== undefined) values.push(schema.default);
  return values;
}
