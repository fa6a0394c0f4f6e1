// The schemas of a spec from anywhere, checked against JSON Schema's own meta-schema
// before anything is compiled from them: `type: any` or a Swagger 2 `required: true`
// inside a schema is then one line naming its place, where ajv's compiler would
// have stopped the run with "type must be JSONType" and no location.
//
// ajv checks each schema of the document (each of components/schemas, and each
// `schema` of a parameter, header or media type) against the 2020-12 meta-schema,
// which lets the OpenAPI keywords (discriminator, example, xml, x-…) pass; a 3.0
// document has been made 2020-12 by then (load.ts: nullable, boolean bounds).
import { createRequire } from "node:module";
import type { ErrorObject } from "ajv/dist/2020.js";
import { escapePointerToken, isObject, type OpenApiDocument } from "./openapi.ts";

const require = createRequire(import.meta.url);

/** The keys under which a value is data, not spec: nothing in them is a schema. */
const DATA_KEYS = new Set(["example", "examples", "default", "enum", "const"]);

/** Each schema of the document that no other schema holds, with its JSON pointer. */
function* schemaRoots(node: unknown, pointer: string): Generator<[string, unknown]> {
  if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) yield* schemaRoots(item, `${pointer}/${index}`);
    return;
  }
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    const at = `${pointer}/${escapePointerToken(key)}`;
    if (key === "schema" && typeof value === "object" && value !== null) yield [at, value];
    else if (at === "#/components/schemas" && isObject(value)) for (const [name, schema] of Object.entries(value)) yield [`${at}/${escapePointerToken(name)}`, schema];
    else if (!DATA_KEYS.has(key) && !key.startsWith("x-")) yield* schemaRoots(value, at);
  }
}

/** One line for the errors ajv found at one place of a schema. */
function describe(pointer: string, errors: ErrorObject[], value: unknown): string {
  const allowed = errors.find((error) => error.keyword === "enum")?.params.allowedValues as unknown[] | undefined;
  if (pointer.endsWith("/type") && allowed) return `${pointer}: ${JSON.stringify(value)} is not a JSON Schema type (${allowed.join(", ")})`;
  const plain = errors.filter((error) => error.keyword !== "anyOf" && error.keyword !== "oneOf");
  return `${pointer}: ${[...new Set((plain.length ? plain : errors).map((error) => error.message))].join(" or ")} (found ${JSON.stringify(value)?.slice(0, 60)})`;
}

/** Every place where a schema of `doc` is not JSON Schema, one line each, in document order. */
export function schemaProblems(doc: OpenApiDocument): string[] {
  const { Ajv2020 } = require("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js");
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const problems: string[] = [];
  for (const [root, schema] of schemaRoots(doc, "#")) {
    if (ajv.validateSchema(schema as object) || !ajv.errors) continue;
    const byPlace = new Map<string, ErrorObject[]>();
    for (const error of ajv.errors) byPlace.set(error.instancePath, [...(byPlace.get(error.instancePath) ?? []), error]);
    // The deepest places say what is wrong; their ancestors only repeat that a child failed.
    const places = [...byPlace.keys()].filter((place) => ![...byPlace.keys()].some((other) => other !== place && other.startsWith(`${place}/`)));
    for (const place of places) problems.push(describe(`${root}${place}`, byPlace.get(place) ?? [], valueAt(schema, place)));
  }
  return problems;
}

function valueAt(schema: unknown, instancePath: string): unknown {
  let node = schema;
  for (const token of instancePath.split("/").slice(1)) node = isObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[token.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined;
  return node;
}
