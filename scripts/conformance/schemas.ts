// What a request schema asks for, read the way generation needs it: `$ref`s followed,
// `allOf` members merged into one schema (properties, required, bounds), and the
// choices a value must make (a `oneOf`/`anyOf` branch, `if`/`then`/`else`) listed
// apart, so values can be built to fit instead of drawn at random and thrown away.
// Also the request's view of a document for the validators: a readOnly member is
// never required in a request, and 3.0's `nullable` is said in 2020-12 words.
import { deref, isObject, type JsonSchema, type OpenApiDocument } from "../spec/openapi.ts";
import { schemaObjects } from "../spec/validators.ts";

/** A schema with its `$ref`s followed and its `allOf` merged; the choices it leaves open are in `choices`. */
export interface FlatSchema {
  schema: JsonSchema;
  /** Each entry: one of these alternatives must hold as well (a branch is merged into `schema` to build a value). */
  choices: JsonSchema[][];
  /** The `$ref`s followed on the way, to tell a recursive schema. */
  refs: string[];
}

const CHOICE_KEYWORDS = ["allOf", "oneOf", "anyOf", "if", "then", "else", "$ref", "discriminator"];
const LOWER_BOUNDS = ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties", "minContains"];
const UPPER_BOUNDS = ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties", "maxContains"];
/** allOf chains longer than this are taken as a cycle. */
const MAX_FLATTEN_DEPTH = 24;

/** The types a schema allows, explicit or implied by its keywords ([] when it says nothing). */
export function typesOf(schema: JsonSchema): string[] {
  const type = schema.type;
  if (Array.isArray(type)) return type.map(String);
  if (typeof type === "string") return [type];
  if ("const" in schema) return [jsonType(schema.const)];
  if (Array.isArray(schema.enum)) return [...new Set(schema.enum.map(jsonType))];
  if (isObject(schema.properties) || Array.isArray(schema.required) || typeof schema.minProperties === "number") return ["object"];
  if (schema.items !== undefined || Array.isArray(schema.prefixItems) || typeof schema.minItems === "number") return ["array"];
  if (typeof schema.pattern === "string" || typeof schema.minLength === "number" || typeof schema.maxLength === "number" || typeof schema.format === "string") return ["string"];
  if (typeof schema.minimum === "number" || typeof schema.maximum === "number" || typeof schema.multipleOf === "number") return ["number"];
  return [];
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function intersectTypes(a: unknown, b: unknown): unknown {
  const left = Array.isArray(a) ? a.map(String) : [String(a)];
  const right = Array.isArray(b) ? b.map(String) : [String(b)];
  const both = left.flatMap((type) => {
    if (right.includes(type)) return [type];
    if (type === "number" && right.includes("integer")) return ["integer"];
    if (type === "integer" && right.includes("number")) return ["integer"];
    return [];
  });
  const unique = [...new Set(both)];
  // No common type: the schema allows nothing; keep the first so a value is still built (and the validator refuses it).
  if (unique.length === 0) return a;
  return unique.length === 1 ? unique[0] : unique;
}

/** Two schemas (refs followed, no allOf) that must both hold, as one. */
export function mergeSchemas(a: JsonSchema, b: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...a };
  for (const [key, value] of Object.entries(b)) {
    if (!(key in out) || out[key] === undefined) {
      out[key] = value;
      continue;
    }
    const mine = out[key];
    if (key === "type") out.type = intersectTypes(mine, value);
    else if (key === "properties" && isObject(mine) && isObject(value)) {
      const properties: Record<string, unknown> = { ...mine };
      for (const [name, property] of Object.entries(value)) properties[name] = name in properties ? { allOf: [properties[name], property] } : property;
      out.properties = properties;
    } else if (key === "required" && Array.isArray(mine) && Array.isArray(value)) out.required = [...new Set([...mine, ...value])];
    else if (key === "enum" && Array.isArray(mine) && Array.isArray(value)) out.enum = mine.filter((item) => value.some((other) => same(item, other)));
    else if (LOWER_BOUNDS.includes(key) && typeof mine === "number" && typeof value === "number") out[key] = Math.max(mine, value);
    else if (UPPER_BOUNDS.includes(key) && typeof mine === "number" && typeof value === "number") out[key] = Math.min(mine, value);
    else if ((key === "items" || key === "additionalProperties" || key === "unevaluatedProperties") && (mine === false || value === false)) out[key] = false;
    else if ((key === "items" || key === "additionalProperties" || key === "contains" || key === "propertyNames") && isObject(mine) && isObject(value)) out[key] = { allOf: [mine, value] };
    else if (key === "prefixItems" && Array.isArray(mine) && Array.isArray(value)) {
      out.prefixItems = Array.from({ length: Math.max(mine.length, value.length) }, (_, i) => (mine[i] && value[i] ? { allOf: [mine[i], value[i]] } : (mine[i] ?? value[i])));
    } else if (key === "readOnly" || key === "writeOnly" || key === "uniqueItems") out[key] = mine === true || value === true;
    else if (key === "nullable") out.nullable = mine === true && value === true;
    // Anything else (pattern, format, const, ...): the first one stays; the validator judges the rest.
  }
  return out;
}

/** The `$ref`s of `node` followed (each recorded), until a schema that is not a reference. */
function follow(doc: OpenApiDocument, node: unknown, refs: string[]): JsonSchema {
  let current: unknown = node;
  for (let hops = 0; isObject(current) && typeof current.$ref === "string" && hops < MAX_FLATTEN_DEPTH; hops += 1) {
    refs.push(current.$ref);
    const siblings: JsonSchema = { ...current };
    delete siblings.$ref;
    const target = deref(doc, { $ref: current.$ref });
    // 3.1 lets keywords sit beside a $ref: they hold too.
    current = Object.keys(siblings).length > 0 && isObject(target) ? { allOf: [target, siblings] } : target;
  }
  return isObject(current) ? current : {};
}

/**
 * For a `oneOf`/`anyOf` under a discriminator: each alternative with the discriminating
 * property set to the value that names it (the mapping's key, else the schema's name).
 */
function discriminated(schema: JsonSchema, alternatives: unknown[]): JsonSchema[] {
  const discriminator = schema.discriminator;
  if (!isObject(discriminator) || typeof discriminator.propertyName !== "string") return alternatives.filter(isObject);
  const property = discriminator.propertyName;
  const mapping = (isObject(discriminator.mapping) ? discriminator.mapping : {}) as Record<string, unknown>;
  return alternatives.filter(isObject).map((alternative) => {
    const ref = typeof alternative.$ref === "string" ? alternative.$ref : undefined;
    if (!ref) return alternative;
    const name = Object.entries(mapping).find(([, target]) => target === ref || (typeof target === "string" && !target.includes("/") && ref.endsWith(`/${target}`)))?.[0] ?? ref.split("/").pop();
    return { allOf: [alternative, { type: "object", required: [property], properties: { [property]: { const: name } } }] };
  });
}

const flattened = new WeakMap<OpenApiDocument, WeakMap<object, FlatSchema>>();

/** `node` with refs followed and allOf merged, its open choices listed apart (read-only: it is shared). */
export function flatten(doc: OpenApiDocument, node: unknown): FlatSchema {
  if (!isObject(node)) return flattenFresh(doc, node, 0, []);
  let byDoc = flattened.get(doc);
  if (!byDoc) flattened.set(doc, (byDoc = new WeakMap()));
  let flat = byDoc.get(node);
  if (!flat) byDoc.set(node, (flat = flattenFresh(doc, node, 0, [])));
  return flat;
}

function flattenFresh(doc: OpenApiDocument, node: unknown, depth: number, seen: string[]): FlatSchema {
  const refs: string[] = [];
  const schema = follow(doc, node, refs);
  const own: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) if (!CHOICE_KEYWORDS.includes(key)) own[key] = value;
  const flat: FlatSchema = { schema: own, choices: [], refs: [...refs] };
  const oneOf = Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : undefined;
  if (oneOf && oneOf.length > 0) flat.choices.push(discriminated(schema, oneOf));
  if (Array.isArray(schema.oneOf) && Array.isArray(schema.anyOf) && schema.anyOf.length > 0) flat.choices.push(schema.anyOf.filter(isObject));
  if (isObject(schema.if) && (isObject(schema.then) || isObject(schema.else))) {
    // A value that meets `if` must meet `then`; one that does not, `else`. Built from either side.
    flat.choices.push([{ allOf: [schema.if, isObject(schema.then) ? schema.then : {}] }, isObject(schema.else) ? schema.else : {}]);
  }
  if (Array.isArray(schema.allOf) && depth < MAX_FLATTEN_DEPTH) {
    const path = [...seen, ...refs];
    for (const member of schema.allOf) {
      // A member that refers back to a schema being merged adds nothing new (a cycle).
      if (isObject(member) && typeof member.$ref === "string" && path.includes(member.$ref)) continue;
      const inner = flattenFresh(doc, member, depth + 1, path);
      flat.schema = mergeSchemas(flat.schema, inner.schema);
      flat.choices.push(...inner.choices);
      flat.refs.push(...inner.refs);
    }
  }
  return flat;
}

/** The schema merged as far as it can be without choosing a branch (for reading its properties and bounds). */
export function resolved(doc: OpenApiDocument, node: unknown): JsonSchema {
  return flatten(doc, node).schema;
}

/** Whether the member's schema marks it readOnly (never sent in a request). */
export function isReadOnly(doc: OpenApiDocument, node: unknown): boolean {
  return resolved(doc, node).readOnly === true;
}

/** The object members a request may send: every declared property but the readOnly ones, allOf members included. */
export function writableProperties(doc: OpenApiDocument, node: unknown): Record<string, JsonSchema> {
  const properties = (resolved(doc, node).properties ?? {}) as Record<string, JsonSchema>;
  return Object.fromEntries(Object.entries(properties).filter(([, property]) => !isReadOnly(doc, property)));
}

/** The members a request must send (required, and not readOnly). */
export function requiredMembers(doc: OpenApiDocument, node: unknown): string[] {
  const schema = resolved(doc, node);
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  return ((schema.required ?? []) as string[]).filter((name) => !(name in properties) || !isReadOnly(doc, properties[name]));
}

/**
 * `value` without the members its schema marks readOnly, at any depth (a spec's own
 * example may hold the id the server assigns). A member readOnly in any branch of a
 * oneOf/anyOf goes too.
 */
export function withoutReadOnly(doc: OpenApiDocument, node: unknown, value: unknown, depth = 0): unknown {
  if (depth > MAX_FLATTEN_DEPTH) return value;
  const flat = flatten(doc, node);
  const branches = [flat.schema, ...flat.choices.flat().map((choice) => resolved(doc, choice))];
  if (Array.isArray(value)) {
    const items = branches.map((branch) => branch.items).find(isObject);
    const prefix = branches.map((branch) => branch.prefixItems).find(Array.isArray) as unknown[] | undefined;
    return value.map((item, i) => {
      const schema = prefix?.[i] ?? items;
      return schema ? withoutReadOnly(doc, schema, item, depth + 1) : item;
    });
  }
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(value)) {
    const schemas = branches.map((branch) => (isObject(branch.properties) ? branch.properties[name] : undefined)).filter((schema) => schema !== undefined);
    if (schemas.some((schema) => isReadOnly(doc, schema))) continue;
    out[name] = schemas[0] === undefined ? member : withoutReadOnly(doc, schemas[0], member, depth + 1);
  }
  return out;
}

const VALUE_KEYWORDS = new Set(["example", "examples", "enum", "const", "default"]);

function needsRequestView(doc: OpenApiDocument): boolean {
  for (const node of schemaObjects(doc)) if (changesForRequests(doc, node)) return true;
  return false;
}

/** Whether requests see `node` otherwise than the document says it: a required readOnly member, or 3.0's `nullable` without `type`. */
function changesForRequests(doc: OpenApiDocument, node: Record<string, unknown>): boolean {
  if (node.nullable === true && node.type === undefined) return true;
  const properties = node.properties;
  return isObject(properties) && Array.isArray(node.required) && node.required.some((name) => typeof name === "string" && name in properties && isReadOnly(doc, properties[name]));
}

/**
 * The document as requests see it, when that differs from the document itself: a
 * readOnly member is not required (OpenAPI: it SHOULD NOT be sent in a request), and a
 * 3.0 `nullable: true` without a `type` beside it (allOf, anyOf, oneOf, $ref) allows
 * null through `anyOf` (ajv refuses to compile `nullable` without `type`). Pointers into
 * the view are the document's.
 */
export function requestView(doc: OpenApiDocument): OpenApiDocument | undefined {
  // Looked for first: most documents need no view, and copying one (Stripe's: 6 MB) costs time and memory.
  if (!needsRequestView(doc)) return undefined;
  let changed = false;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isObject(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) out[key] = VALUE_KEYWORDS.has(key) ? value : walk(value);
    if (isObject(node.properties) && Array.isArray(node.required)) {
      const properties = node.properties;
      const required = (node.required as unknown[]).filter((name) => typeof name !== "string" || !(name in properties) || !isReadOnly(doc, properties[name]));
      if (required.length !== node.required.length) {
        changed = true;
        out.required = required;
      }
    }
    if (out.nullable === true && out.type === undefined) {
      changed = true;
      delete out.nullable;
      return { anyOf: [out, { type: "null" }] };
    }
    return out;
  };
  const view = walk(doc) as OpenApiDocument;
  return changed ? view : undefined;
}
