// Turns an operation and chosen values into an HTTP request, serializing parameters
// the way the spec's `style`/`explode` say, and reads wire values back the same way.
import type { JsonSchema, Operation, Parameter } from "../lib/openapi.ts";
import { deref, type OpenApiDocument } from "../lib/openapi.ts";
import type { HttpRequest } from "./http.ts";

/** Parameter values by name; a string is sent as-is (already in wire form). */
export type ParameterValues = Record<string, unknown>;

export interface RequestInput {
  path?: ParameterValues;
  query?: ParameterValues;
  headers?: Record<string, string>;
  /** Sent as JSON; undefined means no body. */
  body?: unknown;
  /** Sent byte for byte as `application/json` (for malformed JSON); wins over `body`. */
  rawBody?: string;
  method?: string;
  /** A full URL handed out by the server (e.g. a `Link` header); replaces path and query. */
  url?: string;
}

function toWire(value: unknown, parameter?: Parameter): string[] {
  if (Array.isArray(value)) {
    const explode = parameter?.explode ?? (parameter?.style ?? "form") === "form";
    const items = value.map((item) => String(item));
    return explode ? items : [items.join(",")];
  }
  return [String(value)];
}

export function buildUrl(baseUrl: string, op: Operation, path: ParameterValues, query: ParameterValues): string {
  const filled = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(toWire(path[name])[0] ?? ""));
  const url = new URL(baseUrl.replace(/\/+$/, "") + filled);
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const parameter = op.parameters.find((p) => p.in === "query" && p.name === name);
    for (const wire of toWire(value, parameter)) url.searchParams.append(name, wire);
  }
  return url.toString();
}

function withQuery(url: URL, query: ParameterValues): string {
  for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
  return url.toString();
}

export function buildRequest(baseUrl: string, op: Operation, input: RequestInput): HttpRequest {
  const headers: Record<string, string> = { Accept: "application/json", ...input.headers };
  let body: string | undefined;
  if (input.rawBody !== undefined || input.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = input.rawBody ?? JSON.stringify(input.body);
  }
  return {
    method: (input.method ?? op.method).toUpperCase(),
    url: input.url ? withQuery(new URL(input.url, baseUrl), input.query ?? {}) : buildUrl(baseUrl, op, input.path ?? {}, input.query ?? {}),
    headers,
    body,
  };
}

function primaryType(doc: OpenApiDocument, schema: JsonSchema): string | undefined {
  const resolved = deref(doc, schema);
  const type = resolved.type;
  if (Array.isArray(type)) return type.find((t) => t !== "null") as string | undefined;
  return type as string | undefined;
}

/** A wire string read back as the typed value the schema describes; left a string when it cannot be. */
export function coerceWire(doc: OpenApiDocument, schema: JsonSchema, wire: string): unknown {
  switch (primaryType(doc, schema)) {
    case "integer":
    case "number":
      return /^-?\d+(\.\d+)?$/.test(wire) ? Number(wire) : wire;
    case "boolean":
      return wire === "true" ? true : wire === "false" ? false : wire;
    case "array": {
      const items = (deref(doc, schema).items ?? {}) as JsonSchema;
      return wire.split(",").map((item) => coerceWire(doc, items, item));
    }
    default:
      return wire;
  }
}
