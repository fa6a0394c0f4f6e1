// The transport-free core of every spec-driven server (the stateful mock, the MSW
// handlers, the reference servers of test/fixtures/): one pipeline of named stages,
// like Prism's (route, validate input, validate security, mock or forward):
//
//   admit         the API's rate limit, counted per client: 429 over it
//   route         method and path to an operation of the spec: 404, or 405 with Allow
//   authenticate  the operation's security, through the scheme table (./authenticate.ts): 401
//   validate      parameters and the JSON body against the spec's validators: 400 (or the API's status for a body)
//   respond       the API's handler for the operation, with the validated input
//   decorate      the documented headers and the rate-limit headers on every answer
//
// Each stage is a function of the engine's state; `answer` composes them. Hooks
// (./hooks.ts) change what a stage does without the engine knowing why. It imports
// nothing from Node.js, so the same code runs in a browser.
import { listOperations, type OpenApiDocument, type Operation } from "../spec/openapi.ts";
import type { OfferedRequest } from "../spec/security.ts";
import { perObject } from "../lib/memo.ts";
import { SpecValidators } from "../spec/validators.ts";
import { type Authenticator, authenticate, carriesToken, createAuthenticator } from "./authenticate.ts";
import { type EngineHook, type HookPoints, hookPoints } from "./hooks.ts";
import { readJsonBody, readParameters, takesJsonBody } from "./inputs.ts";
import { FixedWindowLimiter, type RateLimitVerdict } from "./rate-limit.ts";
import { type OperationMatch, Router } from "./route.ts";
import type { ErasedInput, ErrorKind, FieldError, RateLimitPolicy, ServedApi, WireReply } from "./types.ts";

export { Router } from "./route.ts";
export type { EngineHook } from "./hooks.ts";

/** A configuration the engine cannot run with (an empty token, a bad rate limit, a hook's route to no operation). */
export class EngineConfigError extends Error {}

export const MAX_BODY_BYTES = 1024 * 1024;

/** A request as any transport hands it over. */
export interface EngineRequest extends OfferedRequest {
  method: string;
  /** Absolute, with the host the client used (links in replies point back there). */
  url: URL;
  header(name: string): string | undefined;
  /** A query parameter's first value as sent (for an API key in the query). */
  query(name: string): string | undefined;
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
  /** Said in the 401 to a credential that is not `token`: what to send instead (never the token itself unless it is public). */
  tokenHint?: string;
  /** Changes to what the stages do (./hooks.ts); none by default. */
  hooks?: readonly EngineHook[];
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
  carriesToken(request: OfferedRequest): boolean;
}

/** What the stages share: made once per engine, never per request. */
interface EngineState {
  api: ServedApi;
  doc: OpenApiDocument;
  validators: SpecValidators;
  router: Router;
  auth: Authenticator;
  hooks: HookPoints;
  limiter: FixedWindowLimiter | undefined;
  rejectUnknownQuery: boolean;
  store: unknown;
  switchedOn: (name: string) => boolean;
}

export function describeFields(fields: FieldError[]): string {
  return fields.map((field) => `${field.name} ${field.problem}`).join("; ");
}

function resolveRateLimit(api: ServedApi, override: Partial<RateLimitPolicy> | undefined): RateLimitPolicy | undefined {
  if (!api.rateLimit) return undefined;
  const policy = { ...api.rateLimit, ...override };
  for (const [name, value] of Object.entries(policy)) {
    if (!Number.isInteger(value) || value < 1) throw new EngineConfigError(`rate limit ${name} must be a positive integer, not ${String(value)}`);
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

/** An error the engine answers itself, in the API's own error body. */
function errorAnswer(state: EngineState, kind: ErrorKind, status: number, message: string, fields: FieldError[] = [], operation?: Operation): Answer {
  return {
    reply: { status, headers: {}, body: state.api.errorBody({ kind, status, message, fields, operation }) },
    operationId: operation?.operationId,
    operation,
    problem: message,
  };
}

/** Stage 0: the request counted against the API's rate limit (undefined when it has none). */
function admit(state: EngineState, request: EngineRequest, now: Date): RateLimitVerdict | undefined {
  return state.limiter?.hit(request.client, now);
}

/** Stage 1: the operation the method and path name, or the 404 or 405 answer. */
function route(state: EngineState, request: EngineRequest): OperationMatch | Answer {
  const { url } = request;
  const base = request.basePath ?? "";
  const pathname = base !== "" && url.pathname.startsWith(base) ? url.pathname.slice(base.length) || "/" : url.pathname;
  const match = state.router.match(request.method, pathname);
  if (match.kind === "operation") return match;
  if (match.kind === "none") return errorAnswer(state, "unknown_path", 404, `no operation at ${pathname}`);
  const answer = errorAnswer(state, "method_not_allowed", 405, `${request.method} is not allowed on ${pathname}; allowed: ${match.allow.join(", ")}`);
  return { ...answer, reply: { ...answer.reply, headers: { ...answer.reply.headers, Allow: match.allow.join(", ") } } };
}

// Stage 2, authenticate, is ./authenticate.ts: undefined when the credentials do, else the 401's message.

/**
 * Stage 3: the input the handler gets, its parameters and body coerced and validated,
 * or the 400 (422, ...) answer. `text` is the body as read (undefined when the operation
 * takes none, or it was too large).
 */
function validate(state: EngineState, request: EngineRequest, match: OperationMatch, text: string | undefined, now: Date): ErasedInput | Answer {
  const { operation } = match;
  const { url } = request;
  const query = new URLSearchParams(url.search);
  const { editQuery, intercept } = state.hooks;
  if (editQuery) for (const edit of editQuery) edit(operation, query);
  if (state.rejectUnknownQuery && url.search !== "" && operation.responses["400"]) {
    const unknown = unknownQueryParameters(operation, query);
    if (unknown.length > 0) return errorAnswer(state, "invalid_input", 400, describeFields(unknown), unknown, operation);
  }
  if (intercept) {
    const raw = { path: match.pathValues, query: Object.fromEntries(query), body: parsedOrUndefined(text) };
    for (const hook of intercept) {
      const reply = hook(operation, raw);
      if (reply) return { operationId: operation.operationId, operation, reply };
    }
  }
  const parameters = readParameters(state.doc, state.validators, operation, match.pathValues, query);
  // A value that is not valid percent-encoding cannot be what the client meant, whatever its schema allows.
  for (const name of match.badlyEncoded) {
    if (!parameters.errors.some((error) => error.name === name)) parameters.errors.push({ name, in: "path", value: match.pathValues[name], problem: "is not valid percent-encoding" });
  }
  if (parameters.errors.length > 0) return errorAnswer(state, "invalid_input", 400, describeFields(parameters.errors), parameters.errors, operation);
  let body: unknown;
  if (takesJsonBody(operation)) {
    if (text === undefined) return errorAnswer(state, "malformed_body", 400, `body larger than ${MAX_BODY_BYTES} bytes`, [], operation);
    const read = readJsonBody(state.validators, operation, text, request.header("content-type"));
    if (!read.ok) {
      const status = read.malformed ? 400 : documentedOr400(operation, state.api.invalidBodyStatus ?? 400);
      return errorAnswer(state, read.malformed ? "malformed_body" : "invalid_input", status, describeFields(read.errors), read.errors, operation);
    }
    body = read.value;
  }
  return { path: parameters.path, query: parameters.query, body, store: state.store, switchedOn: state.switchedOn, now, url, operation, request };
}

/** Stage 4: the API's handler for the operation answers the validated input. */
function respond(state: EngineState, input: ErasedInput): Answer {
  const { operation } = input;
  const operationId = operation.operationId;
  const handler = state.api.handlers[operationId];
  if (!handler) throw new Error(`${state.api.name} has no handler for ${operationId}`);
  const result = handler(input);
  return {
    operationId,
    operation,
    reply: { status: result.status, headers: { ...result.headers }, body: result.body, ...(result.contentType ? { contentType: result.contentType } : {}) },
    ...(result.problem ? { problem: result.problem } : {}),
  };
}

/** Stage 5: every answer with the headers its operation documents and the rate limit's, under the answer's own. */
function decorate(state: EngineState, outcome: Answer, limit: RateLimitVerdict | undefined): Answer {
  const documented = outcome.operation && state.api.headersFor?.(outcome.operation, outcome.reply.status);
  let reply: WireReply = { ...outcome.reply, headers: { ...documented, ...limit?.headers, ...outcome.reply.headers } };
  const { editReply } = state.hooks;
  if (editReply) for (const edit of editReply) reply = edit(reply, outcome.operation);
  return { ...outcome, reply };
}

/** Stages 1 to 4 for an admitted request. */
async function serve(state: EngineState, request: EngineRequest, now: Date): Promise<Answer> {
  const routed = route(state, request);
  if ("reply" in routed) return routed;
  const { operation } = routed;
  const unauthorized = authenticate(state.auth, operation, request);
  if (unauthorized !== undefined) return errorAnswer(state, "unauthorized", 401, unauthorized, [], operation);
  // Read once the request is authorized, before validation: a hook may look at input the validators refuse.
  const text = takesJsonBody(operation) ? await request.text() : undefined;
  const input = validate(state, request, routed, text, now);
  return "reply" in input ? input : respond(state, input);
}

async function answer(state: EngineState, clock: () => Date, request: EngineRequest): Promise<Answer> {
  const now = clock();
  const limit = admit(state, request, now);
  let outcome: Answer;
  if (limit?.limited) {
    outcome = errorAnswer(state, "rate_limited", 429, "too many requests");
  } else {
    try {
      outcome = await serve(state, request, now);
    } catch (error) {
      outcome = { reply: { status: 500, headers: {}, body: { error: (error as Error).message } }, problem: (error as Error).message };
    }
  }
  return decorate(state, outcome, limit);
}

export function createEngine(api: ServedApi, doc: OpenApiDocument, options: EngineOptions = {}): Engine {
  const validators = options.validators ?? new SpecValidators(doc, api.name);
  const operations = listOperations(doc);
  if (options.token !== undefined && options.token.trim() === "") throw new EngineConfigError("the token must not be empty");
  const hooks = hookPoints(options.hooks ?? [], operations, (message) => new EngineConfigError(message));
  const clock = options.now ?? (() => new Date());
  const limitPolicy = resolveRateLimit(api, options.rateLimit);
  const switches = hooks.switches;
  const state: EngineState = {
    api,
    doc,
    validators,
    router: new Router(operations, hooks.routes),
    auth: createAuthenticator(doc, operations, options.token, hooks.judgeCredential, options.tokenHint),
    hooks,
    limiter: limitPolicy ? new FixedWindowLimiter(limitPolicy) : undefined,
    rejectUnknownQuery: options.rejectUnknownQuery ?? false,
    store: api.createStore(clock()),
    switchedOn: (name) => switches.has(name),
  };
  return {
    answer: (request) => answer(state, clock, request),
    reset: () => {
      state.store = api.createStore(clock());
    },
    carriesToken: (request) => carriesToken(state.auth, request),
  };
}
