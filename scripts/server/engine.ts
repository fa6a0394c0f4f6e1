// The transport-free core of every spec-driven server (the reference servers, the
// stateful mock, the MSW handlers): routes a request to an operation of the bundled
// spec, enforces its security scheme, validates parameters and bodies with the
// spec's validators, and hands valid requests to the API definition's handlers.
// It imports nothing from Node.js, so the same code runs in a browser.
import { type HttpMethod, listOperations, type OpenApiDocument, type Operation } from "../spec/openapi.ts";
import { perObject } from "../lib/memo.ts";
import { SpecValidators } from "../spec/validators.ts";
import { readJsonBody, readParameters, takesJsonBody } from "./inputs.ts";
import { FixedWindowLimiter } from "./rate-limit.ts";
import type { ErrorKind, FaultDefinition, FieldError, RateLimitPolicy, ReferenceApi, WireReply } from "./types.ts";

export class ReferenceConfigError extends Error {}

export const MAX_BODY_BYTES = 1024 * 1024;

/** A request as any transport hands it over. */
export interface EngineRequest {
  method: string;
  /** Absolute, with the host the client used (links in replies point back there). */
  url: URL;
  header(name: string): string | undefined;
  /** The body as text; undefined when it is larger than MAX_BODY_BYTES. */
  text(): Promise<string | undefined>;
  /** Who is asking, for the rate limit. */
  client: string;
  /** The part of the path before the spec's paths (`/api/v1` when the API lives there); default none. */
  basePath?: string;
}

export interface EngineOptions {
  /** The only token accepted; undefined accepts any non-empty credential sent the way the scheme says (a mock). */
  token?: string;
  /** Names of faults to switch on (see the API's `faults`). */
  faults?: readonly string[];
  /** Overrides the API's rate limit (only APIs that have one use it). */
  rateLimit?: Partial<RateLimitPolicy>;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
  /** Compiled validators of `doc`, when the caller already has them. */
  validators?: SpecValidators;
  /** Answer 400 to a query parameter the operation does not document (where it documents a 400), not ignore it. */
  rejectUnknownQuery?: boolean;
}

export interface Answer {
  reply: WireReply;
  /** Undefined for 404/405 and rate-limited answers. */
  operationId?: string;
  operation?: Operation;
  /** What was wrong with the request, for a log line; undefined when nothing was. */
  problem?: string;
}

export interface Engine {
  answer(request: EngineRequest): Promise<Answer>;
  /** Back to the seed data. */
  reset(): void;
  /**
   * The request carries the engine's token (a mock's control routes ask): as
   * `Authorization: Bearer <token>` or the way any of the API's security schemes takes
   * it. Always true when the engine has no token.
   */
  carriesToken(request: Pick<EngineRequest, "header">): boolean;
  readonly faults: readonly string[];
}

interface Route {
  path: string;
  pattern: RegExp;
  parameterNames: string[];
  /** Literal segments: the more, the more specific (`/clients/page/{page}` before `/clients/{id}`). */
  literals: number;
  operations: Map<string, Operation>;
}

type RouteMatch =
  | { kind: "operation"; operation: Operation; pathValues: Record<string, string>; badlyEncoded: string[] }
  | { kind: "method"; allow: string[] }
  | { kind: "none" };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function compileRoute(path: string): Route {
  const parameterNames: string[] = [];
  const segments = path.split("/").slice(1);
  const source = segments
    .map((segment) => {
      const parameter = /^\{([^}]+)\}$/.exec(segment)?.[1];
      if (parameter === undefined) return escapeRegExp(segment);
      parameterNames.push(parameter);
      return "([^/]+)";
    })
    .join("/");
  const literals = segments.filter((segment) => !segment.startsWith("{")).length;
  return { path, pattern: new RegExp(`^/${source}$`), parameterNames, literals, operations: new Map() };
}

export class Router {
  private readonly routes: Route[];

  constructor(operations: Operation[], extra: Array<{ method: HttpMethod; path: string; operation: Operation }> = []) {
    const byPath = new Map<string, Route>();
    const add = (method: string, path: string, operation: Operation) => {
      const route = byPath.get(path) ?? compileRoute(path);
      byPath.set(path, route);
      route.operations.set(method.toUpperCase(), operation);
    };
    for (const operation of operations) add(operation.method, operation.path, operation);
    for (const entry of extra) add(entry.method, entry.path, entry.operation);
    this.routes = [...byPath.values()].sort((a, b) => b.literals - a.literals);
  }

  match(method: string, pathname: string): RouteMatch {
    // A plain loop: this runs on every request of a mock serving thousands a second.
    const verb = method.toUpperCase();
    let firstFound: Route | undefined;
    for (const route of this.routes) {
      const found = route.pattern.exec(pathname);
      if (found === null) continue;
      firstFound ??= route;
      const operation = route.operations.get(verb);
      if (operation) return { kind: "operation", operation, ...decodePathValues(route, found) };
    }
    return firstFound ? { kind: "method", allow: [...firstFound.operations.keys()] } : { kind: "none" };
  }
}

function decodePathValues(route: Route, found: RegExpExecArray): { pathValues: Record<string, string>; badlyEncoded: string[] } {
  const pathValues: Record<string, string> = {};
  const badlyEncoded: string[] = [];
  route.parameterNames.forEach((name, index) => {
    const raw = found[index + 1] ?? "";
    try {
      pathValues[name] = decodeURIComponent(raw);
    } catch {
      pathValues[name] = raw;
      badlyEncoded.push(name);
    }
  });
  return { pathValues, badlyEncoded };
}

export function describeFields(fields: FieldError[]): string {
  return fields.map((field) => `${field.name} ${field.problem}`).join("; ");
}

/** Equal strings, compared in time that does not depend on where they differ. */
function sameSecret(given: string, expected: string): boolean {
  let difference = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i += 1) difference |= (given.charCodeAt(i) || 0) ^ expected.charCodeAt(i);
  return difference === 0;
}

interface AuthSettings {
  doc: OpenApiDocument;
  token: string | undefined;
  bearerPrefixOptional: boolean;
  fault?: FaultDefinition["auth"];
}

/** The credential the request offers for one security scheme, or undefined when it offers none of that kind. */
function offeredCredential(settings: AuthSettings, schemeName: string, request: Pick<EngineRequest, "header">): string | undefined {
  const scheme = settings.doc.components?.securitySchemes?.[schemeName];
  if (!scheme) return undefined;
  if (scheme.type === "http" && scheme.scheme?.toLowerCase() === "bearer") {
    const header = request.header("authorization");
    if (header === undefined) return undefined;
    const bearer = /^Bearer(?:\s+(.*))?$/i.exec(header.trim());
    if (bearer) return bearer[1]?.trim() ?? "";
    // A bare token, where the scheme allows it; `Basic ...` is another scheme, never a bare token.
    return settings.bearerPrefixOptional && !/^\w+\s/.test(header.trim()) ? header.trim() : "";
  }
  if (scheme.type === "apiKey" && scheme.in === "header" && scheme.name) return request.header(scheme.name);
  return undefined;
}

/** Undefined when authorized, else what is wrong with the credentials. */
function authProblem(settings: AuthSettings, operation: Operation, request: EngineRequest): string | undefined {
  if (operation.security.length === 0) return undefined;
  const problems: string[] = [];
  for (const requirement of operation.security) {
    const missing = Object.keys(requirement).flatMap((schemeName) => {
      const offered = offeredCredential(settings, schemeName, request);
      if (offered === undefined) return settings.fault === "accept-missing" ? [] : [missingCredential(settings.doc, schemeName)];
      if (offered === "") return [`${missingCredential(settings.doc, schemeName)} (the credential is empty or sent another way)`];
      if (settings.fault === "accept-any" || settings.token === undefined) return [];
      return sameSecret(offered, settings.token) ? [] : ["the credential is not valid"];
    });
    if (missing.length === 0) return undefined;
    problems.push(missing.join(" and "));
  }
  return problems[0];
}

function missingCredential(doc: OpenApiDocument, schemeName: string): string {
  const scheme = doc.components?.securitySchemes?.[schemeName];
  if (scheme?.type === "apiKey") return `missing API key in the ${scheme.name ?? "?"} ${scheme.in ?? "header"}`;
  return "missing Authorization: Bearer <token>";
}

/** Whether the scheme lets a bearer token come without its `Bearer ` prefix (`x-bearer-prefix: optional`). */
export function bearerPrefixIsOptional(doc: OpenApiDocument): boolean {
  return Object.values(doc.components?.securitySchemes ?? {}).some((scheme) => (scheme as unknown as Record<string, unknown>)["x-bearer-prefix"] === "optional");
}

function resolveFaults(api: ReferenceApi, names: readonly string[]): FaultDefinition[] {
  return names.map((name) => {
    const fault = api.faults.find((candidate) => candidate.name === name);
    if (!fault) {
      const known = api.faults.map((candidate) => candidate.name).join(", ");
      throw new ReferenceConfigError(`unknown fault "${name}" for ${api.name}; known: ${known}`);
    }
    return fault;
  });
}

function resolveRateLimit(api: ReferenceApi, override: Partial<RateLimitPolicy> | undefined): RateLimitPolicy | undefined {
  if (!api.rateLimit) return undefined;
  const policy = { ...api.rateLimit, ...override };
  for (const [name, value] of Object.entries(policy)) {
    if (!Number.isInteger(value) || value < 1) throw new ReferenceConfigError(`rate limit ${name} must be a positive integer, not ${String(value)}`);
  }
  return policy;
}

const documentedQueryNames = perObject((operation: Operation) => operation.parameters.filter((p) => p.in === "query").map((p) => p.name));

/** Query parameters the operation does not document (a misspelled name is otherwise silently ignored). */
function unknownQueryParameters(operation: Operation, query: URLSearchParams): FieldError[] {
  const documented = documentedQueryNames(operation);
  const unknown: FieldError[] = [];
  for (const name of query.keys()) {
    if (documented.includes(name) || unknown.some((field) => field.name === name)) continue;
    const known = documented.length > 0 ? `documented: ${documented.join(", ")}` : "it takes none";
    unknown.push({ name, in: "query", value: query.get(name), problem: `is not a query parameter of ${operation.operationId} (${known})` });
  }
  return unknown;
}

/** The status to answer: `wanted` when the operation documents it, else 400. */
function documentedOr400(operation: Operation, wanted: number): number {
  return operation.responses[String(wanted)] ? wanted : 400;
}

function parsedOrUndefined(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function createEngine(api: ReferenceApi, doc: OpenApiDocument, options: EngineOptions = {}): Engine {
  const validators = options.validators ?? new SpecValidators(doc, api.name);
  const operations = listOperations(doc);
  if (options.token !== undefined && options.token.trim() === "") throw new ReferenceConfigError("the token must not be empty");
  const faults = resolveFaults(api, options.faults ?? []);
  const faultNames = new Set(faults.map((fault) => fault.name));
  const clock = options.now ?? (() => new Date());
  const limitPolicy = resolveRateLimit(api, options.rateLimit);
  const limiter = limitPolicy ? new FixedWindowLimiter(limitPolicy) : undefined;
  let store = api.createStore(clock());
  const auth: AuthSettings = {
    doc,
    token: options.token,
    bearerPrefixOptional: api.bearerPrefixOptional ?? bearerPrefixIsOptional(doc),
    fault: faults.find((f) => f.auth)?.auth,
  };
  const extraRoutes = faults.flatMap((fault) => {
    const route = fault.route;
    const operation = route && operations.find((candidate) => candidate.operationId === route.operationId);
    return route && operation ? [{ method: route.method, path: route.path, operation }] : [];
  });
  const router = new Router(operations, extraRoutes);
  const hasFault = (name: string) => faultNames.has(name);

  const errorAnswer = (kind: ErrorKind, status: number, message: string, fields: FieldError[] = [], operation?: Operation): Answer => ({
    reply: { status, headers: {}, body: api.errorBody({ kind, status, message, fields, operation }) },
    operationId: operation?.operationId,
    operation,
    problem: message,
  });

  async function route(request: EngineRequest, now: Date): Promise<Answer> {
    const { url } = request;
    const base = request.basePath ?? "";
    const pathname = base !== "" && url.pathname.startsWith(base) ? url.pathname.slice(base.length) || "/" : url.pathname;
    const match = router.match(request.method, pathname);
    if (match.kind === "none") return errorAnswer("unknown_path", 404, `no operation at ${pathname}`);
    if (match.kind === "method") {
      const answer = errorAnswer("method_not_allowed", 405, `${request.method} is not allowed on ${pathname}; allowed: ${match.allow.join(", ")}`);
      return { ...answer, reply: { ...answer.reply, headers: { ...answer.reply.headers, Allow: match.allow.join(", ") } } };
    }
    const { operation } = match;
    const operationId = operation.operationId;
    const unauthorized = authProblem(auth, operation, request);
    if (unauthorized !== undefined) return errorAnswer("unauthorized", 401, unauthorized, [], operation);

    const query = new URLSearchParams(url.search);
    for (const fault of faults) fault.rewriteQuery?.(operationId, query);
    const unknown = options.rejectUnknownQuery && url.search !== "" && operation.responses["400"] ? unknownQueryParameters(operation, query) : [];
    if (unknown.length > 0) return errorAnswer("invalid_input", 400, describeFields(unknown), unknown, operation);
    // Read before validation: a fault may crash on input the server's own checks would let through.
    const text = takesJsonBody(operation) ? await request.text() : undefined;
    if (faults.length > 0) {
      const raw = { path: match.pathValues, query: Object.fromEntries(query), body: parsedOrUndefined(text) };
      const broken = faults.map((fault) => fault.breaks?.(operationId, raw)).find(Boolean);
      if (broken) return { operationId, operation, reply: broken };
    }
    const parameters = readParameters(doc, validators, operation, match.pathValues, query);
    // A value that is not valid percent-encoding cannot be what the client meant, whatever its schema allows.
    for (const name of match.badlyEncoded) {
      if (!parameters.errors.some((error) => error.name === name)) parameters.errors.push({ name, in: "path", value: match.pathValues[name], problem: "is not valid percent-encoding" });
    }
    if (parameters.errors.length > 0) return errorAnswer("invalid_input", 400, describeFields(parameters.errors), parameters.errors, operation);
    let body: unknown;
    if (takesJsonBody(operation)) {
      if (text === undefined) return errorAnswer("malformed_body", 400, `body larger than ${MAX_BODY_BYTES} bytes`, [], operation);
      const read = readJsonBody(validators, operation, text, request.header("content-type"));
      if (!read.ok) {
        const status = read.malformed ? 400 : documentedOr400(operation, api.invalidBodyStatus ?? 400);
        return errorAnswer(read.malformed ? "malformed_body" : "invalid_input", status, describeFields(read.errors), read.errors, operation);
      }
      body = read.value;
    }
    const handler = api.handlers[operationId];
    if (!handler) throw new Error(`${api.name} has no handler for ${operationId}`);
    const result = handler({ path: parameters.path, query: parameters.query, body, store, fault: hasFault, now, url, operation, request });
    return { operationId, operation, reply: { status: result.status, headers: { ...result.headers }, body: result.body, ...(result.contentType ? { contentType: result.contentType } : {}) }, ...(result.problem ? { problem: result.problem } : {}) };
  }

  async function answer(request: EngineRequest): Promise<Answer> {
    const now = clock();
    const limit = limiter?.hit(request.client, now);
    let outcome: Answer;
    if (limit?.limited) {
      outcome = errorAnswer("rate_limited", 429, "too many requests");
    } else {
      try {
        outcome = await route(request, now);
      } catch (error) {
        outcome = { reply: { status: 500, headers: {}, body: { error: (error as Error).message } }, problem: (error as Error).message };
      }
    }
    const documented = outcome.operation && api.headersFor?.(outcome.operation, outcome.reply.status);
    let reply: WireReply = { ...outcome.reply, headers: { ...documented, ...limit?.headers, ...outcome.reply.headers } };
    for (const fault of faults) if (fault.rewriteReply) reply = fault.rewriteReply(reply, outcome.operationId);
    return { ...outcome, reply };
  }

  const schemeNames = Object.keys(doc.components?.securitySchemes ?? {});
  const carriesToken = (request: Pick<EngineRequest, "header">): boolean => {
    const token = options.token;
    if (token === undefined) return true;
    const bearer = /^Bearer\s+(.*)$/i.exec(request.header("authorization")?.trim() ?? "")?.[1]?.trim();
    if (bearer !== undefined && sameSecret(bearer, token)) return true;
    return schemeNames.some((name) => {
      const offered = offeredCredential(auth, name, request);
      return offered !== undefined && sameSecret(offered, token);
    });
  };

  return {
    answer,
    reset: () => {
      store = api.createStore(clock());
    },
    carriesToken,
    faults: [...faultNames],
  };
}
