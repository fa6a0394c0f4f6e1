// Values from the spec: examples, boundary values (the edges of every range and the
// values real servers trip on: 2^31, very long and non-ASCII strings, ...), values
// generated from the schemas (fast-check, seeded), and invalid values derived from
// the schemas. Every value is confirmed with the spec's own validator by the caller,
// so a "valid" input is never invalid and an "invalid" one never valid: the suite
// does not raise false alarms of its own.
//
// Generation is constructive (schemas.ts merges allOf and lists the branches to
// choose from), never a filter that draws until something fits: drawing ends, and
// what cannot be made within a bounded number of draws is reported, not waited for.
import * as fc from "fast-check";
import { isObject, type JsonSchema, type OpenApiDocument, type Parameter } from "../spec/openapi.ts";
import { flatten, isReadOnly, requiredMembers, resolved, typesOf, writableProperties } from "./schemas.ts";

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
/** From this nesting depth on a value keeps only what it must have: required members, the fewest items. */
const SOFT_DEPTH = 6;
/** Nesting no value can be built within (a member that requires itself): generation gives up there. */
const HARD_DEPTH = 40;
/** Arbitraries built for one schema before the rest is built minimal (the huge schemas of some public specs). */
const NODE_BUDGET = 1_000;

// Building a stringMatching arbitrary parses its regex; done once per pattern, not per value.
const EMAIL = fc
  .tuple(fc.stringMatching(/^[a-z][a-z0-9]{2,10}$/), fc.constantFrom("example.com", "example.org"))
  .map(([user, host]) => `${user}@${host}`);
const patternArbitraries = new Map<string, fc.Arbitrary<string> | undefined>();

/** Strings matching `pattern`, or undefined when fast-check cannot read it as an ECMAScript regex. */
function patternArbitrary(pattern: string): fc.Arbitrary<string> | undefined {
  if (!patternArbitraries.has(pattern)) {
    let arbitrary: fc.Arbitrary<string> | undefined;
    for (const flags of ["", "u"]) {
      try {
        arbitrary = fc.stringMatching(new RegExp(pattern, flags));
        break;
      } catch {
        arbitrary = undefined;
      }
    }
    patternArbitraries.set(pattern, arbitrary);
  }
  return patternArbitraries.get(pattern);
}

/**
 * One printable ASCII character (U+0020 to U+007E): fast-check's own `grapheme-ascii`
 * unit, which it does not export. Made by `fc.string` with a length of 1, each character
 * cost an array, its length and two maps more: on a vendor API, a third of all the
 * values a run generated and of its time in fast-check.
 */
const ASCII_CHARACTER = fc.mapToConstant({ num: 0x7f - 0x20, build: (index) => String.fromCharCode(0x20 + index) });

/** The characters of a string `asciiString` could have made; throws for any other value (fast-check's contract for an unmapper). */
function asciiCharacters(value: unknown): string[] {
  if (typeof value !== "string") throw new Error("not a string");
  const characters = [...value];
  if (!characters.every((character) => ASCII_CHARACTER.canShrinkWithoutContext(character))) throw new Error("not an ASCII string");
  return characters;
}

/**
 * ASCII strings as `fc.string({ unit: "grapheme-ascii" })` makes them, with a linear way
 * back from a string to its characters. fast-check's own splits a string it did not make
 * (a boundary value, an example) by copying the token list at every character: a
 * 5,000-character string cost 100 MB of garbage each time it was shrunk or checked, and
 * on Stripe's spec (maxLength 5000 everywhere) half of a run's time went to the GC.
 */
function asciiString(minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc.array(ASCII_CHARACTER, { minLength, maxLength, size: "small" }).map((characters) => characters.join(""), asciiCharacters);
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = typeof schema.minLength === "number" ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === "number" ? Math.max(schema.maxLength, minLength) : Math.max(minLength, MAX_STRING);
  switch (schema.format) {
    case "uuid":
      return fc.uuid();
    case "email":
      return EMAIL;
    case "date-time":
      return fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2030-12-31T23:59:59Z"), noInvalidDate: true }).map((d) => d.toISOString());
    case "date":
      return fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case "time":
      return fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 })).map((t) => `${t.map((n) => String(n).padStart(2, "0")).join(":")}Z`);
    case "uri":
      return fc.webUrl();
    case "uri-reference":
      return fc.webUrl().map((url) => url.replace(/^https?:/, ""));
    case "hostname":
      return fc.domain();
    case "ipv4":
      return fc.ipV4();
    case "ipv6":
      return fc.ipV6();
    case "byte": {
      const length = Math.ceil(minLength / 4) * 4;
      return fc.base64String({ minLength: length, maxLength: Math.max(length, 24) });
    }
    case "binary":
      // A file's content: short printable text, sent as a file part where the media type has parts.
      return asciiString(Math.max(minLength, 1), Math.max(Math.min(maxLength, 64), minLength, 1));
  }
  if (typeof schema.pattern === "string") {
    const matching = patternArbitrary(schema.pattern);
    if (matching) return matching;
  }
  return asciiString(minLength, maxLength);
}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

// The whole safe-integer range where the schema sets no bound: fast-check's bias keeps most values small, and
// large ones are what 32-bit columns break on.
function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const int32 = schema.format === "int32";
  let min = typeof schema.minimum === "number" ? schema.minimum : int32 ? INT32.min : Number.MIN_SAFE_INTEGER;
  let max = typeof schema.maximum === "number" ? schema.maximum : int32 ? INT32.max : Number.MAX_SAFE_INTEGER;
  if (typeof schema.exclusiveMinimum === "number") min = Math.max(min, Math.floor(schema.exclusiveMinimum) + 1);
  if (typeof schema.exclusiveMaximum === "number") max = Math.min(max, Math.ceil(schema.exclusiveMaximum) - 1);
  min = Math.max(Math.ceil(min), Number.MIN_SAFE_INTEGER);
  max = Math.min(Math.floor(max), Number.MAX_SAFE_INTEGER);
  // Bounds no integer fits (a fraction range): a value at the bound, which the validator judges.
  if (min > max) return fc.constant(typeof schema.minimum === "number" ? schema.minimum : min);
  const step = typeof schema.multipleOf === "number" && schema.multipleOf > 0 ? schema.multipleOf : undefined;
  if (step !== undefined) {
    const low = Math.ceil(min / step);
    const high = Math.floor(max / step);
    if (low <= high && Number.isSafeInteger(low) && Number.isSafeInteger(high)) return fc.integer({ min: low, max: high }).map((k) => k * step);
  }
  const ints = fc.integer({ min, max });
  return integer ? ints : ints.map((n) => (n + 0.25 <= max ? n + 0.25 : n));
}

interface BuildState {
  doc: OpenApiDocument;
  /** `$ref`s being built, outermost first: one met again is a recursion. */
  refs: string[];
  depth: number;
  /** Only what the schema requires: no optional members, the fewest items, the simplest branch. */
  minimal: boolean;
  budget: { nodes: number };
}

const oneOf = (arbitraries: fc.Arbitrary<unknown>[]): fc.Arbitrary<unknown> => (arbitraries.length === 1 ? (arbitraries[0] as fc.Arbitrary<unknown>) : fc.oneof(...arbitraries));

/** The branch a minimal value takes: null, or one that refers to no other schema. */
function simplest(alternatives: JsonSchema[]): JsonSchema {
  return alternatives.find((alternative) => alternative.type === "null") ?? alternatives.find((alternative) => !JSON.stringify(alternative).includes('"$ref"')) ?? (alternatives[0] as JsonSchema);
}

function fitsType(value: unknown, type: string): boolean {
  if (type === "null") return value === null;
  if (type === "integer") return Number.isInteger(value);
  if (type === "number") return typeof value === "number";
  if (type === "array") return Array.isArray(value);
  if (type === "object") return isObject(value);
  return typeof value === type;
}

function build(node: unknown, state: BuildState): fc.Arbitrary<unknown> {
  state.budget.nodes += 1;
  if (state.depth > HARD_DEPTH) return fc.constant(null);
  const flat = flatten(state.doc, node);
  const recursive = flat.refs.some((ref) => state.refs.includes(ref));
  const minimal = state.minimal || recursive || state.depth >= SOFT_DEPTH || state.budget.nodes > NODE_BUDGET;
  const inner: BuildState = { ...state, refs: [...state.refs, ...flat.refs], depth: state.depth + 1, minimal };
  const schema = flat.schema;
  const [choice, ...otherChoices] = flat.choices;
  if (choice && choice.length > 0) {
    // One branch at a time, merged with what the schema says beside it (and the choices still open).
    const base: JsonSchema = otherChoices.length ? { ...schema, allOf: otherChoices.map((alternatives) => ({ anyOf: alternatives })) } : schema;
    const branches = minimal ? [simplest(choice)] : choice;
    return oneOf(branches.map((branch) => build({ allOf: [base, branch] }, inner)));
  }
  if (schema.nullable === true) {
    const { nullable: _nullable, ...rest } = schema;
    if (minimal) return fc.constant(null);
    return fc.oneof({ arbitrary: build(rest, inner), weight: 3 }, { arbitrary: fc.constant(null), weight: 1 });
  }
  if ("const" in schema) return fc.constant(schema.const);
  const types = typesOf(schema);
  if (Array.isArray(schema.enum)) {
    const fitting = schema.enum.filter((value) => schema.type === undefined || types.some((type) => fitsType(value, type)));
    const values = fitting.length ? fitting : schema.enum.length ? schema.enum : [null];
    return fc.constantFrom(...values);
  }
  return oneOf(
    (types.length ? types : ["string"]).map((type): fc.Arbitrary<unknown> => {
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
          return arrayArbitrary(schema, inner);
        case "object":
          return objectArbitrary(schema, inner);
        default:
          return stringArbitrary(schema);
      }
    }),
  );
}

function arrayArbitrary(schema: JsonSchema, state: BuildState): fc.Arbitrary<unknown[]> {
  const prefix = (Array.isArray(schema.prefixItems) ? schema.prefixItems : []) as JsonSchema[];
  const closed = schema.items === false;
  const minItems = typeof schema.minItems === "number" ? schema.minItems : 0;
  const maxItems = Math.min(typeof schema.maxItems === "number" ? schema.maxItems : Number.POSITIVE_INFINITY, closed ? prefix.length : Number.POSITIVE_INFINITY);
  const minLength = Math.min(minItems, maxItems);
  const maxLength = state.minimal ? minLength : Math.max(minLength, Math.min(maxItems, Math.max(MAX_GENERATED_ARRAY, prefix.length)));
  const items = isObject(schema.items) ? build(schema.items, state) : fc.string({ maxLength: 10 });
  if (prefix.length === 0) {
    return schema.uniqueItems === true ? fc.uniqueArray(items, { minLength, maxLength, selector: (v) => JSON.stringify(v) }) : fc.array(items, { minLength, maxLength });
  }
  // prefixItems: position i takes prefixItems[i], the positions after them `items`; every length the bounds allow.
  const heads = prefix.map((item) => build(item, state));
  const shapes: fc.Arbitrary<unknown[]>[] = [];
  for (let length = minLength; length <= Math.min(maxLength, prefix.length); length += 1) {
    if (length < prefix.length || closed) shapes.push(fc.tuple(...heads.slice(0, length)));
  }
  if (!closed && maxLength >= prefix.length) {
    const tail = fc.array(items, { minLength: Math.max(0, minLength - prefix.length), maxLength: maxLength - prefix.length });
    shapes.push(fc.tuple(fc.tuple(...heads), tail).map(([head, rest]) => [...head, ...rest]));
  }
  return shapes.length ? (oneOf(shapes) as fc.Arbitrary<unknown[]>) : fc.constant([]);
}

function objectArbitrary(schema: JsonSchema, state: BuildState): fc.Arbitrary<Record<string, unknown>> {
  const properties = (isObject(schema.properties) ? schema.properties : {}) as Record<string, JsonSchema>;
  const writable = Object.keys(properties).filter((name) => !isReadOnly(state.doc, properties[name]));
  const required = requiredMembers(state.doc, schema);
  const optional = state.minimal ? [] : writable.filter((name) => !required.includes(name));
  const minProperties = typeof schema.minProperties === "number" ? schema.minProperties : 0;
  const maxProperties = typeof schema.maxProperties === "number" ? schema.maxProperties : Number.POSITIVE_INFINITY;
  // Bounds on the member count met by construction: optional members made required, or left out.
  const promoted = optional.slice(0, Math.max(0, minProperties - required.length));
  const mandatory = [...required, ...promoted];
  const rest = optional.filter((name) => !promoted.includes(name)).slice(0, Math.max(0, maxProperties - mandatory.length));
  const extra = isObject(schema.additionalProperties) ? (schema.additionalProperties as JsonSchema) : {};
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const name of [...writable.filter((n) => mandatory.includes(n) || rest.includes(n)), ...mandatory.filter((n) => !(n in properties))]) {
    model[name] = build(properties[name] ?? extra, state);
  }
  if (schema.additionalProperties !== false) {
    for (let i = 1; Object.keys(model).length < minProperties; i += 1) {
      model[`extra${i}`] = build(extra, state);
      mandatory.push(`extra${i}`);
    }
  }
  return fc.record(model, { requiredKeys: mandatory.filter((name) => name in model), noNullPrototype: true });
}

const arbitraries = new WeakMap<OpenApiDocument, WeakMap<object, fc.Arbitrary<unknown>>>();

/**
 * A fast-check arbitrary for request values of a JSON Schema of the document: refs
 * followed, allOf merged, a branch of oneOf/anyOf/if-then-else chosen, required members
 * always there and readOnly members never, recursion cut at optional members and the
 * fewest items. Built without filters, so drawing from it always ends; what it draws
 * is confirmed by the validator. Built once per schema.
 */
export function arbitraryFor(doc: OpenApiDocument, schemaOrRef: JsonSchema): fc.Arbitrary<unknown> {
  let byDoc = arbitraries.get(doc);
  if (!byDoc) arbitraries.set(doc, (byDoc = new WeakMap()));
  let arbitrary = byDoc.get(schemaOrRef);
  if (!arbitrary) byDoc.set(schemaOrRef, (arbitrary = build(schemaOrRef, { doc, refs: [], depth: 0, minimal: false, budget: { nodes: 0 } })));
  return arbitrary;
}

/** Draws tried per value wanted, at most. */
export const ATTEMPTS_PER_VALUE = 10;

/**
 * Up to `count` distinct values of `arbitrary` that `isValid` accepts: drawn in rounds,
 * at most ATTEMPTS_PER_VALUE times as many as wanted and never past `deadline`, so an
 * arbitrary that rarely fits its schema costs a bounded time and yields fewer values.
 */
export function drawValid<T>(arbitrary: fc.Arbitrary<T>, isValid: (value: T) => boolean, count: number, seed: number, deadline = Number.POSITIVE_INFINITY): T[] {
  if (count <= 0) return [];
  const seen = new Set<string>();
  const out: T[] = [];
  const attempts = Math.max(count * ATTEMPTS_PER_VALUE, 20);
  // The first round draws count * 4, as a single sample did before: the first values stay what they were.
  for (let drawn = 0, round = 0; drawn < attempts && out.length < count && Date.now() < deadline; round += 1) {
    const size = Math.min(round === 0 ? count * 4 : Math.max(count * 2, 8), attempts - drawn);
    for (const value of fc.sample(arbitrary, { seed: seed + round * 7919, numRuns: size })) {
      const key = JSON.stringify(value);
      if (seen.has(key)) continue;
      seen.add(key);
      if (!isValid(value)) continue;
      out.push(value);
      if (out.length === count) break;
    }
    drawn += size;
  }
  return out;
}

/** Up to `count` distinct generated values that the validator accepts (bounded: see drawValid). */
export function generateValid(
  doc: OpenApiDocument,
  schema: JsonSchema,
  isValid: (value: unknown) => boolean,
  count: number,
  seed: number,
  deadline = Number.POSITIVE_INFINITY,
): unknown[] {
  return count <= 0 ? [] : drawValid(arbitraryFor(doc, schema), isValid, count, seed, deadline);
}

/**
 * `arbitrary` restricted to values `accept` holds for, without fast-check's endless filter
 * loop: generation gives up after `attempts` draws and returns its last value (whoever
 * uses a generated value checks it), while shrinking never leaves what `accept` holds for.
 */
export function bounded<T>(arbitrary: fc.Arbitrary<T>, accept: (value: T) => boolean, attempts = 50): fc.Arbitrary<T> {
  return new BoundedFilter(arbitrary, accept, attempts);
}

class BoundedFilter<T> extends fc.Arbitrary<T> {
  constructor(
    private readonly inner: fc.Arbitrary<T>,
    private readonly accept: (value: T) => boolean,
    private readonly attempts: number,
  ) {
    super();
  }

  generate(random: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    let value = this.inner.generate(random, biasFactor);
    for (let i = 1; i < this.attempts && !this.accept(value.value); i += 1) value = this.inner.generate(random, biasFactor);
    return value;
  }

  canShrinkWithoutContext(value: unknown): value is T {
    return this.inner.canShrinkWithoutContext(value) && this.accept(value);
  }

  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    return this.inner.shrink(value, context).filter((candidate) => this.accept(candidate.value));
  }
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
  const schema = resolved(doc, schemaOrRef);
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => ({ label: `enum value ${JSON.stringify(value)}`, value }));
  const out: Labeled[] = [];
  for (const type of typesOf(schema)) {
    if (type === "integer") out.push(...integerBoundaries(schema));
    if (type === "number") out.push(...integerBoundaries(schema), { label: "a fraction", value: 0.5 });
    if (type === "string") out.push(...stringBoundaries(schema));
    if (type === "boolean") out.push({ label: "true", value: true }, { label: "false", value: false });
    if (type === "array" && !Array.isArray(schema.prefixItems)) {
      const length = Math.min(typeof schema.maxItems === "number" ? schema.maxItems : LONG_ARRAY, LONG_ARRAY);
      const items = isObject(schema.items) ? arbitraryFor(doc, schema.items as JsonSchema) : fc.string();
      const long = schema.uniqueItems
        ? fc.uniqueArray(items, { minLength: 0, maxLength: length, size: "max", selector: (v) => JSON.stringify(v) })
        : fc.array(items, { minLength: length, maxLength: length });
      out.push({ label: "an empty array", value: [] }, { label: `a long array (up to ${length} items)`, value: fc.sample(long, { seed, numRuns: 1 })[0] });
      if (schema.uniqueItems && isObject(schema.items)) {
        const item = resolved(doc, schema.items);
        if (Array.isArray(item.enum)) out.push({ label: "every enum value", value: [...item.enum] });
      }
    }
  }
  return out;
}

/** Schema-derived values that break one rule each; the caller keeps only those the validator rejects. */
export function invalidCandidates(doc: OpenApiDocument, schemaOrRef: JsonSchema): Labeled[] {
  const schema = resolved(doc, schemaOrRef);
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

/**
 * Invalid bodies: one broken member at a time on top of a valid body, and wholesale
 * breakage. readOnly members are never the broken one (a request does not send them,
 * so a server may ignore them).
 */
export function invalidBodies(doc: OpenApiDocument, schemaOrRef: JsonSchema, validBody: unknown): Labeled[] {
  const schema = resolved(doc, schemaOrRef);
  const out: Labeled[] = [
    { label: "an array instead of an object", value: [] },
    { label: "a string instead of an object", value: "not an object" },
  ];
  if (typeof schema.minProperties === "number" && schema.minProperties > 0) out.push({ label: "an empty object", value: {}, ...ours(schema, "minProperties") });
  if (!isObject(validBody)) return out;
  for (const name of requiredMembers(doc, schema)) {
    const { [name]: _dropped, ...rest } = validBody;
    out.push({ label: `required member ${name} missing`, value: rest, ...ours(schema, "required") });
  }
  for (const [name, property] of Object.entries(writableProperties(doc, schema))) {
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
