// Invalid requests made from each operation's own schemas: for every parameter the
// first wire value its schema rejects, and bodies of the wrong shape. A parameter
// that accepts every string (a free-text search) has no invalid value and no case.
import { deref, type JsonSchema, type Operation, type ResolvedParameter } from "../../scripts/spec/openapi.ts";
import type { LoadedApi } from "./helpers.ts";

export interface InvalidInput {
  what: string;
  path?: Record<string, string>;
  query?: Record<string, string>;
  body?: string;
  /** What the mock's error body must name. */
  blames: string;
}

/**
 * Tried in order; each is wrong for a different kind of schema (type, enum or
 * pattern; minimum). An empty value (`?search=`) is left out: servers commonly read
 * it as no value at all, and so does Prism.
 */
const CANDIDATES = ["!!", "0"];

// What the value becomes after the server parses the query string, as Prism does.
function parsedValue(raw: string, schema: JsonSchema, loaded: LoadedApi): unknown {
  const type = schema.type;
  if (type === "array") return [parsedValue(raw, deref(loaded.doc, (schema.items ?? {}) as JsonSchema), loaded)];
  if ((type === "integer" || type === "number") && raw.trim() !== "" && !Number.isNaN(Number(raw))) return Number(raw);
  if (type === "boolean" && (raw === "true" || raw === "false")) return raw === "true";
  return raw;
}

function invalidValue(loaded: LoadedApi, parameter: ResolvedParameter): string | undefined {
  const schema = deref(loaded.doc, parameter.schema ?? {});
  return CANDIDATES.find((raw) => !loaded.validators.validate(`${parameter.pointer}/schema`, parsedValue(raw, schema, loaded)).valid);
}

function invalidBodies(loaded: LoadedApi, op: Operation): InvalidInput[] {
  const schema = op.requestBody?.content?.["application/json"]?.schema;
  if (!schema) return [];
  const resolved = deref(loaded.doc, schema);
  const bodies: InvalidInput[] = [{ what: "a body that is a string, not an object", body: JSON.stringify("not an object"), blames: "body" }];
  const required = Array.isArray(resolved.required) ? resolved.required : [];
  if (required.length > 0 || Number(resolved.minProperties ?? 0) > 0) {
    bodies.push({ what: "an empty body object", body: "{}", blames: String(required[0] ?? "body") });
  }
  const textProperty = Object.entries((resolved.properties ?? {}) as Record<string, JsonSchema>).find(
    ([, property]) => deref(loaded.doc, property).type === "string",
  );
  if (textProperty) {
    bodies.push({ what: `a number where "${textProperty[0]}" must be text`, body: JSON.stringify({ [textProperty[0]]: 12345 }), blames: textProperty[0] });
  }
  return bodies;
}

export function invalidInputs(loaded: LoadedApi, op: Operation): InvalidInput[] {
  const parameters = op.parameters.flatMap((parameter): InvalidInput[] => {
    if (parameter.in !== "path" && parameter.in !== "query") return [];
    const value = invalidValue(loaded, parameter);
    if (value === undefined) return [];
    return [{ what: `${parameter.in} parameter ${parameter.name}=${JSON.stringify(value)}`, [parameter.in]: { [parameter.name]: value }, blames: parameter.name }];
  });
  return [...parameters, ...invalidBodies(loaded, op)];
}
