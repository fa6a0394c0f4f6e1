// A small typed view of a bundled OpenAPI 3.1 document: operations with their
// path-item parameters merged in and every `$ref` that a tool walks resolved.
// Only what the toolkit reads is typed; the bundle itself stays the source of truth.
import { readFileSync } from "node:fs";

export type JsonSchema = Record<string, unknown>;
export type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";
export const HTTP_METHODS: readonly HttpMethod[] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

export interface ExampleObject {
  summary?: string;
  value?: unknown;
  "x-source"?: string;
}

export interface MediaType {
  schema?: JsonSchema;
  example?: unknown;
  examples?: Record<string, ExampleObject>;
}

export interface Header {
  required?: boolean;
  schema?: JsonSchema;
  example?: unknown;
}

export interface Parameter {
  name: string;
  in: "query" | "path" | "header" | "cookie";
  required?: boolean;
  style?: string;
  explode?: boolean;
  allowEmptyValue?: boolean;
  schema?: JsonSchema;
  example?: unknown;
  examples?: Record<string, ExampleObject>;
  [extension: `x-${string}`]: unknown;
}

/** A parameter with refs resolved, and where it sits in the bundle (for its schema's pointer). */
export interface ResolvedParameter extends Parameter {
  pointer: string;
}

export interface Response {
  description?: string;
  headers?: Record<string, Header>;
  content?: Record<string, MediaType>;
  /** OpenAPI links: operations this response's values can feed (spec/model.ts chains a create's to its items). */
  links?: Record<string, unknown>;
  /** Why this response is ours rather than the vendor's (see openapi/README.md). */
  "x-decision"?: string;
}

export interface RequestBody {
  required?: boolean;
  content?: Record<string, MediaType>;
}

export type SecurityRequirement = Record<string, string[]>;

export interface SecurityScheme {
  type: "http" | "apiKey" | "oauth2" | "openIdConnect" | "mutualTLS";
  scheme?: string;
  in?: "header" | "query" | "cookie";
  name?: string;
}

export interface ServerObject {
  url: string;
  description?: string;
  variables?: Record<string, { default: string }>;
}

/** A server URL with its variables at their defaults (a variable without one stays as written). */
export function serverUrl(server: ServerObject): string {
  return server.url.replace(/\{([^}]+)\}/g, (whole, name: string) => server.variables?.[name]?.default ?? whole);
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  servers?: ServerObject[];
  security?: SecurityRequirement[];
  paths: Record<string, Record<string, unknown>>;
  components?: {
    schemas?: Record<string, JsonSchema>;
    securitySchemes?: Record<string, SecurityScheme>;
    [section: string]: unknown;
  };
}

/** One operation, ready to use: refs resolved, path-item parameters merged. */
export interface Operation {
  operationId: string;
  method: HttpMethod;
  path: string;
  /** JSON pointer of the operation in the bundle, e.g. `/paths/~1clients/get`. */
  pointer: string;
  summary?: string;
  tags: string[];
  parameters: ResolvedParameter[];
  requestBody?: RequestBody;
  responses: Record<string, Response>;
  /** The requirements that apply (the operation's own, else the document's). */
  security: SecurityRequirement[];
  /** The raw operation object, for `x-` extensions. */
  raw: Record<string, unknown>;
}

export class SpecError extends Error {}

export function loadBundle(file: string): OpenApiDocument {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new SpecError(`${file}: cannot read the bundled spec (run \`npm run generate\`)`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new SpecError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(doc) || typeof doc.openapi !== "string" || !doc.openapi.startsWith("3.1") || !isObject(doc.paths)) {
    throw new SpecError(`${file}: not an OpenAPI 3.1 document`);
  }
  return doc as unknown as OpenApiDocument;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

const tokensByPointer = new Map<string, string[]>();
/** A bound on the cache: a caller walking arbitrary bodies must not grow it forever. */
const MAX_CACHED_POINTERS = 10_000;

/** The unescaped tokens of a JSON pointer, parsed once per pointer (servers write the same few thousands of times a second). */
function pointerTokens(pointer: string): string[] {
  let tokens = tokensByPointer.get(pointer);
  if (!tokens) {
    tokens = pointer === "" || pointer === "/" ? [] : pointer.replace(/^\//, "").split("/").map((raw) => decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~"));
    if (tokensByPointer.size >= MAX_CACHED_POINTERS) tokensByPointer.clear();
    tokensByPointer.set(pointer, tokens);
  }
  return tokens;
}

/** `value` placed at `pointer` inside a copy of `target` (`""` replaces it); only the objects on the way are copied, `target` is left as it was. */
export function setByPointer(target: unknown, pointer: string, value: unknown): unknown {
  return setTokens(target, pointerTokens(pointer), 0, value);
}

function setTokens(target: unknown, tokens: string[], at: number, value: unknown): unknown {
  const token = tokens[at];
  if (token === undefined) return value;
  const base = isObject(target) ? target : {};
  return { ...base, [token]: setTokens(base[token], tokens, at + 1, value) };
}

/** The value at a JSON pointer (`/a/b`), or undefined. */
export function getByPointer(root: unknown, pointer: string): unknown {
  let node = root;
  for (const token of pointerTokens(pointer)) {
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isObject(node)) node = node[token];
    else return undefined;
  }
  return node;
}

/**
 * The pointer of the same node with every `$ref` on the way followed, so a tool
 * that resolves pointers literally (ajv) finds it: `/paths/~1a/get/responses/401/content`
 * becomes `/components/responses/Unauthorized/content`.
 */
export function canonicalPointer(doc: OpenApiDocument, pointer: string): string {
  let canonical = "";
  let node: unknown = doc;
  const follow = () => {
    for (let hops = 0; isObject(node) && typeof node.$ref === "string" && node.$ref.startsWith("#/"); hops += 1) {
      if (hops > 32) throw new SpecError(`$ref cycle at ${canonical}`);
      canonical = node.$ref.slice(1);
      node = getByPointer(doc, canonical);
    }
  };
  for (const token of pointer.replace(/^\//, "").split("/").filter(Boolean)) {
    follow();
    const key = token.replace(/~1/g, "/").replace(/~0/g, "~");
    node = isObject(node) ? node[key] : Array.isArray(node) ? node[Number(key)] : undefined;
    canonical += `/${token}`;
  }
  return canonical;
}

/** Follows local `$ref`s until a non-reference node. */
export function deref<T>(doc: OpenApiDocument, node: T): T {
  let current: unknown = node;
  for (let hops = 0; isObject(current) && typeof current.$ref === "string"; hops += 1) {
    if (hops > 32 || !current.$ref.startsWith("#")) throw new SpecError(`cannot resolve $ref ${current.$ref}`);
    current = getByPointer(doc, current.$ref.slice(1));
  }
  return current as T;
}

function resolveExamples(doc: OpenApiDocument, examples: Record<string, ExampleObject> | undefined) {
  if (!examples) return undefined;
  return Object.fromEntries(Object.entries(examples).map(([name, example]) => [name, deref(doc, example)]));
}

function resolveMedia(doc: OpenApiDocument, content: Record<string, MediaType> | undefined) {
  if (!content) return undefined;
  return Object.fromEntries(
    Object.entries(content).map(([type, media]) => [type, { ...media, examples: resolveExamples(doc, media.examples) }]),
  );
}

function resolveParameters(doc: OpenApiDocument, owner: Record<string, unknown>, ownerPointer: string): ResolvedParameter[] {
  return ((owner.parameters as Parameter[] | undefined) ?? []).map((parameter, index) => {
    const resolved = deref(doc, parameter);
    return { ...resolved, examples: resolveExamples(doc, resolved.examples), pointer: `${ownerPointer}/parameters/${index}` };
  });
}

function resolveResponse(doc: OpenApiDocument, response: Response): Response {
  const resolved = deref(doc, response);
  const headers = resolved.headers
    ? Object.fromEntries(Object.entries(resolved.headers).map(([name, header]) => [name, deref(doc, header)]))
    : undefined;
  return { ...resolved, headers, content: resolveMedia(doc, resolved.content) };
}

/** Every operation of the document, in document order. */
export function listOperations(doc: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, pathItemOrRef] of Object.entries(doc.paths)) {
    const pathItem = deref(doc, pathItemOrRef);
    const pathPointer = `/paths/${escapePointerToken(path)}`;
    const shared = resolveParameters(doc, pathItem, pathPointer);
    for (const method of HTTP_METHODS) {
      const raw = pathItem[method];
      if (!isObject(raw)) continue;
      const pointer = `${pathPointer}/${method}`;
      const own = resolveParameters(doc, raw, pointer);
      const overridden = new Set(own.map((p) => `${p.in}:${p.name}`));
      const body = raw.requestBody ? deref(doc, raw.requestBody as RequestBody) : undefined;
      operations.push({
        operationId: String(raw.operationId ?? `${method} ${path}`),
        method,
        path,
        pointer,
        summary: raw.summary as string | undefined,
        tags: (raw.tags as string[] | undefined) ?? [],
        parameters: [...shared.filter((p) => !overridden.has(`${p.in}:${p.name}`)), ...own],
        requestBody: body ? { ...body, content: resolveMedia(doc, body.content) } : undefined,
        responses: Object.fromEntries(
          Object.entries((raw.responses as Record<string, Response> | undefined) ?? {}).map(([status, response]) => [
            status,
            resolveResponse(doc, response),
          ]),
        ),
        security: (raw.security as SecurityRequirement[] | undefined) ?? doc.security ?? [],
        raw,
      });
    }
  }
  return operations;
}

/** JSON pointer of a response body schema inside the bundle. */
export function responseSchemaPointer(operation: Operation, status: string, mediaType = "application/json"): string {
  return `${operation.pointer}/responses/${status}/content/${escapePointerToken(mediaType)}/schema`;
}

/** JSON pointer of the request body schema inside the bundle. */
export function requestSchemaPointer(operation: Operation, mediaType = "application/json"): string {
  return `${operation.pointer}/requestBody/content/${escapePointerToken(mediaType)}/schema`;
}
