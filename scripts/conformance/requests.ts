// Turns an operation and chosen values into an HTTP request: parameters serialized the
// way the spec's `style`/`explode` say (styles.ts), the body written as the request
// media type the operation documents (media.ts), `Accept` from what its success
// responses produce. Reads wire values back the same way.
import type { JsonSchema, Operation, Parameter } from "../spec/openapi.ts";
import type { OpenApiDocument } from "../spec/openapi.ts";
import type { HttpRequest } from "./http.ts";
import { acceptFor, encodeBody, jsonRequestType } from "./media.ts";
import { cookiePieces, pathSegment, queryPieces, readHeader } from "./styles.ts";

/** Parameter values by name, typed (serialized here per the parameter's style); a string is a primitive value. */
export type ParameterValues = Record<string, unknown>;

export interface RequestInput {
  path?: ParameterValues;
  query?: ParameterValues;
  /** Header values as sent (header parameters are serialized by the caller, inputs.ts). */
  headers?: Record<string, string>;
  /** Cookie parameters by name, serialized per their style into the Cookie header (after any credential cookie). */
  cookies?: ParameterValues;
  /** Sent as the operation's request media type (JSON, a form, multipart); undefined means no body. */
  body?: unknown;
  /** Sent byte for byte as the operation's JSON media type (for malformed JSON); wins over `body`. */
  rawBody?: string;
  /** The request media type to send `body` as, when not the one requestMediaOf picks. */
  mediaType?: string;
  method?: string;
  /** A full URL handed out by the server (e.g. a `Link` header); replaces path and query. */
  url?: string;
}

const parameterOf = (op: Operation, where: Parameter["in"], name: string) => op.parameters.find((p) => p.in === where && p.name === name);

export function buildUrl(baseUrl: string, op: Operation, path: ParameterValues, query: ParameterValues): string {
  const filled = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => pathSegment(parameterOf(op, "path", name), path[name] === undefined ? "" : path[name]));
  const pieces = Object.entries(query).flatMap(([name, value]) => (value === undefined ? [] : queryPieces(parameterOf(op, "query", name), name, value)));
  const url = new URL(baseUrl.replace(/\/+$/, "") + filled);
  if (pieces.length) url.search = url.search ? `${url.search}&${pieces.join("&")}` : pieces.join("&");
  return url.toString();
}

function withQuery(url: URL, query: ParameterValues): string {
  for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
  return url.toString();
}

/** The Cookie header: a credential's cookie first, then the cookie parameters. */
function cookieHeader(op: Operation, existing: string | undefined, cookies: ParameterValues): string | undefined {
  const pieces = Object.entries(cookies).flatMap(([name, value]) => (value === undefined ? [] : cookiePieces(parameterOf(op, "cookie", name), name, value)));
  const all = [...(existing ? [existing] : []), ...pieces];
  return all.length ? all.join("; ") : undefined;
}

export function buildRequest(baseUrl: string, op: Operation, input: RequestInput): HttpRequest {
  const headers: Record<string, string> = { Accept: acceptFor(op), ...input.headers };
  const cookieName = Object.keys(headers).find((name) => name.toLowerCase() === "cookie");
  const cookie = cookieHeader(op, cookieName ? headers[cookieName] : undefined, input.cookies ?? {});
  if (cookieName) delete headers[cookieName];
  if (cookie) headers.Cookie = cookie;
  let body: string | undefined;
  if (input.rawBody !== undefined) {
    headers["Content-Type"] = input.mediaType ?? jsonRequestType(op);
    body = input.rawBody;
  } else if (input.body !== undefined) {
    const encoded = encodeBody(op, input.body, input.mediaType);
    headers["Content-Type"] = encoded.contentType;
    body = encoded.text;
  }
  return {
    method: (input.method ?? op.method).toUpperCase(),
    url: input.url ? withQuery(new URL(input.url, baseUrl), input.query ?? {}) : buildUrl(baseUrl, op, input.path ?? {}, input.query ?? {}),
    headers,
    body,
  };
}

/** A wire string (a header's value, `simple` style) read back as the typed value the schema describes; left a string when it cannot be. */
export function coerceWire(doc: OpenApiDocument, schema: JsonSchema, wire: string): unknown {
  return readHeader(doc, { name: "", in: "header", schema }, wire);
}
