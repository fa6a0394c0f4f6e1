// What the mock tests share: requests built from each operation's own examples,
// credentials built from each API's security scheme, and schema checks of answers.
// Everything is read from the bundles, so a new API or operation is tested with no change here.
import http from "node:http";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { ApiClientOptions } from "../../generated/client-runtime.js";
import { type Operation, type ResolvedParameter, responseSchemaPointer } from "../../scripts/spec/openapi.ts";
import { loadAll, type LoadedApi } from "../specs/helpers.ts";

export { loadAll, type LoadedApi };

/** A made-up credential: the mock checks where a credential is sent, not what it is. */
export const TEST_TOKEN = "test-token-0123456789abcdef";

export interface RequestArgs {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body?: unknown;
}

export interface Case {
  name: string;
  loaded: LoadedApi;
  op: Operation;
}

/** One case per operation of every API, named `<api> <operationId>`. */
export function operationCases(apis: LoadedApi[]): Case[] {
  return apis.flatMap((loaded) => loaded.operations.map((op) => ({ name: `${loaded.api.name} ${op.operationId}`, loaded, op })));
}

function parameterExample(parameter: ResolvedParameter): unknown {
  if (parameter.example !== undefined) return parameter.example;
  return Object.values(parameter.examples ?? {})[0]?.value;
}

/** The operation called with its documented example for every parameter and its first body example. */
export function exampleArgs(op: Operation): RequestArgs {
  const pick = (where: "path" | "query") =>
    Object.fromEntries(op.parameters.filter((p) => p.in === where).map((p) => [p.name, parameterExample(p)]));
  const media = op.requestBody?.content?.["application/json"];
  const body = media?.example ?? Object.values(media?.examples ?? {})[0]?.value;
  return { path: pick("path"), query: pick("query"), ...(op.requestBody ? { body } : {}) };
}

function queryString(op: Operation, query: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const parameter = op.parameters.find((p) => p.in === "query" && p.name === name);
    // OpenAPI's default for query parameters is `form` with `explode: true` (repeat the name).
    if (Array.isArray(value) && parameter?.explode !== false) for (const item of value) search.append(name, String(item));
    else search.append(name, Array.isArray(value) ? value.join(",") : String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** The operation's URL under `baseUrl`; path values are used as given (already encoded or deliberately broken). */
export function rawUrl(baseUrl: string, op: Operation, args: RequestArgs): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => String(args.path[name]));
  return `${baseUrl}${path}${queryString(op, args.query)}`;
}

export function operationUrl(baseUrl: string, op: Operation, args: RequestArgs): string {
  const encoded = Object.fromEntries(Object.entries(args.path).map(([name, value]) => [name, encodeURIComponent(String(value))]));
  return rawUrl(baseUrl, op, { ...args, path: encoded });
}

interface Scheme {
  type: string;
  scheme?: string;
  in?: string;
  name?: string;
}

function schemeOf(loaded: LoadedApi, op: Operation): Scheme {
  const name = Object.keys(op.security[0] ?? {})[0];
  const scheme = name ? (loaded.doc.components?.securitySchemes?.[name] as Scheme | undefined) : undefined;
  if (!scheme) throw new Error(`${loaded.api.name} ${op.operationId}: no security scheme`);
  return scheme;
}

/** The header that carries a credential for this operation, and its well-formed value. */
export function credentialHeader(loaded: LoadedApi, op: Operation, token = TEST_TOKEN): [string, string] {
  const scheme = schemeOf(loaded, op);
  if (scheme.type === "http" && scheme.scheme?.toLowerCase() === "bearer") return ["Authorization", `Bearer ${token}`];
  if (scheme.type === "apiKey" && scheme.in === "header" && scheme.name) return [scheme.name, token];
  throw new Error(`${loaded.api.name}: the mock tests do not know how to send a ${scheme.type} credential`);
}

/** Credentials sent the wrong way for this API's scheme; each should get 401 from the real API. */
export function malformedCredentials(loaded: LoadedApi, op: Operation): Array<[string, Record<string, string>]> {
  const scheme = schemeOf(loaded, op);
  if (scheme.type === "http") {
    return [
      ["a Basic credential", { Authorization: "Basic dXNlcjpwYXNzd29yZA==" }],
      ["the Bearer scheme with no token", { Authorization: "Bearer" }],
    ];
  }
  return [
    ["an empty key", { [scheme.name ?? ""]: "" }],
    ["a bearer token instead of the key", { Authorization: `Bearer ${TEST_TOKEN}` }],
  ];
}

export function jsonHeaders(body: unknown): Record<string, string> {
  return body === undefined ? {} : { "Content-Type": "application/json" };
}

/** The status Prism answers by default: the lowest documented 2xx. */
export function successStatus(op: Operation): string {
  const status = Object.keys(op.responses).filter((code) => /^2\d\d$/.test(code)).sort()[0];
  if (!status) throw new Error(`${op.operationId}: no 2xx response`);
  return status;
}

export function documented4xx(op: Operation): string[] {
  return Object.keys(op.responses).filter((code) => /^4\d\d$/.test(code) && code !== "401");
}

/**
 * Problems with an answer, by the operation's documented response for `status`:
 * undocumented status, a body where none is documented, or a body its schema rejects.
 */
export function responseProblems(loaded: LoadedApi, op: Operation, status: number, bodyText: string): string[] {
  const response = op.responses[String(status)];
  if (!response) return [`status ${status} is not documented (documented: ${Object.keys(op.responses).join(", ")})`];
  if (!response.content?.["application/json"]) return bodyText === "" ? [] : [`status ${status} documents no body, got ${bodyText.slice(0, 80)}`];
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return [`status ${status}: body is not JSON: ${bodyText.slice(0, 80)}`];
  }
  return loaded.validators.validate(responseSchemaPointer(op, String(status)), body).errors.map((error) => `status ${status}: ${error}`);
}


export interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * Sends exactly what it is given, through node:http rather than fetch: a GET with
 * a body or a path with a lone `%` are requests a mock must survive too.
 */
export function send(url: string, request: RawRequest = {}): Promise<Answer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      { host: target.hostname, port: target.port, method: request.method ?? "GET", path: url.slice(target.origin.length), headers: request.headers, timeout: 10_000 },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("end", () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(incoming.headers)) if (value !== undefined) headers.set(name, String(value));
          resolve({ status: incoming.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString("utf8") });
        });
        incoming.on("error", reject);
      },
    );
    outgoing.on("timeout", () => outgoing.destroy(new Error(`no answer from ${url} within 10 s`)));
    outgoing.on("error", reject);
    outgoing.end(request.body);
  });
}

/**
 * What the tests need of a generated client. Each API's client is typed by its own
 * `paths`; a loop over every API and operation can only call it by method and path.
 */
interface ClientByPath {
  request(
    method: string,
    path: string,
    init: { params: { path: Record<string, unknown>; query: Record<string, unknown> }; body?: unknown },
  ): Promise<{ response: Response }>;
}

/**
 * Calls the operation through `generated/<api>/index.js` (the client an app would
 * use), with a fetch that keeps what went over the wire for the assertions.
 */
export async function callThroughClient(
  loaded: LoadedApi,
  baseUrl: string,
  op: Operation,
  args: RequestArgs,
  /** null: send no credential. */
  token: string | null = TEST_TOKEN,
): Promise<Answer & { sent: Request }> {
  const module = (await import(pathToFileURL(join(loaded.api.generatedDir, "index.js")).href)) as {
    createClient(options: ApiClientOptions): unknown;
  };
  let wire: (Answer & { sent: Request }) | undefined;
  const recordingFetch = async (request: Request) => {
    const sent = request.clone();
    const response = await fetch(request);
    wire = { sent, status: response.status, headers: response.headers, text: await response.clone().text() };
    return response;
  };
  const client = module.createClient({ baseUrl, ...(token === null ? {} : { token }), fetch: recordingFetch, timeoutMs: 10_000 }) as ClientByPath;
  await client.request(op.method, op.path, { params: { path: args.path, query: args.query }, ...(args.body === undefined ? {} : { body: args.body }) });
  if (!wire) throw new Error(`${op.operationId}: the client sent nothing`);
  return wire;
}
