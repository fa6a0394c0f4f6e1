// `startProxy`: a validating proxy between a client and a real server. Each request
// goes through the engine's stages (./request-stage.ts), then on to the upstream
// (./upstream.ts), and each answer through the suite's response checks
// (conformance/checks/response.ts) on its way back, so an exchange is judged by the same
// validators and response contract as the suite's own requests. A body is validated up
// to a cap: past it the rest streams through unread. Every answer carries
// X-Contract-Violations (the count, and the first problem), readable by pages too.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { findApi } from "../lib/apis.ts";
import { RESPONSE_CHECKS } from "../conformance/checks/index.ts";
import type { CheckName } from "../conformance/checks/names.ts";
import { checkResponse } from "../conformance/checks/response.ts";
import type { ObservedExchange } from "../conformance/coverage.ts";
import { curlCommand, describeTransportError, type Exchange, type RequestRecord } from "../conformance/http.ts";
import { type CheckResult, Recorder } from "../conformance/results.ts";
import { OriginPolicy } from "../mock/origin-policy.ts";
import type { FrameworkError } from "../server/types.ts";
import { buildModel } from "../spec/model.ts";
import { loadBundle, type OpenApiDocument, type Operation } from "../spec/openapi.ts";
import { isJsonMediaType, mediaTypeOf, responseKeyFor } from "../spec/response-contract.js";
import { tapBody } from "./body.ts";
import { asRecordedCheck, Ledger, type ProxyReport, REQUEST_CHECK_NAMES, REQUEST_CHECKS, type RequestCheck, UNDOCUMENTED, violationLine } from "./ledger.ts";
import { type RequestVerdict, requestStage } from "./request-stage.ts";
import { SecretBook } from "./secrets.ts";
import { HOP_BY_HOP, parseUpstream, Upstream } from "./upstream.ts";

export const VIOLATIONS_HEADER = "X-Contract-Violations";
/** Bodies are validated up to this many bytes (each way); past it they stream through unvalidated. */
export const DEFAULT_MAX_VALIDATED_BYTES = 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 30_000;
/** The status `errors` answers a request that breaks the contract with (Prism's). */
export const BLOCKED_STATUS = 422;
const REPORTED_BODY_CHARS = 2_000;
const HEADER_PROBLEM_CHARS = 300;

export interface ProxyOptions {
  /** One of this package's APIs by name, or... */
  api?: string;
  /** ...any OpenAPI document, already loaded (`name` names it in reports). */
  spec?: { doc: OpenApiDocument; name: string };
  upstream: string;
  port?: number;
  host?: string;
  /** Answer a request that breaks the contract 422 in the vendor's error shape instead of forwarding it. */
  errors?: boolean;
  /** Told every exchange in one line (`--log`). */
  onExchange?: (line: string) => void;
  /** Told each violation whose group (check, operation, cause) is new, in one line. */
  onViolation?: (line: string) => void;
  /** Told, in one line, of an exchange the proxy could not finish (the client's connection is then cut). */
  onError?: (line: string) => void;
  maxValidatedBytes?: number;
  timeoutMs?: number;
  /** Origins besides the loopback ones whose pages may read answers (the mock's --cors-origin). */
  corsOrigins?: readonly string[];
}

export interface RunningProxy {
  url: string;
  port: number;
  /** Everything seen so far, as one report of the suite's shape with coverage. */
  report(): ProxyReport;
  /** Removes credentials seen from text written elsewhere. */
  redact(text: string): string;
  close(): Promise<void>;
}

/** The proxy cannot listen as asked (a port in use). */
export class ProxyConfigError extends Error {}

const REQUEST_CHECK_OF: Record<FrameworkError["kind"], RequestCheck> = {
  unknown_path: "documented_operation",
  method_not_allowed: "documented_operation",
  unauthorized: "request_credentials",
  invalid_input: "request_conformance",
  malformed_body: "request_conformance",
  rate_limited: "request_conformance",
};

const ALL_RESPONSE_CHECKS: ReadonlySet<CheckName> = new Set(RESPONSE_CHECKS);
/** A body past the cap is not read: every check but the schema's (its case is inconclusive). */
const UNREAD_BODY_CHECKS: ReadonlySet<CheckName> = new Set(RESPONSE_CHECKS.filter((check) => check !== "response_schema_conformance"));

/** A header value a client can read: one line of printable ASCII, cut short. */
function headerSafe(text: string): string {
  const flat = text.replace(/[^\x20-\x7e]+/g, " ").trim();
  return flat.length > HEADER_PROBLEM_CHARS ? `${flat.slice(0, HEADER_PROBLEM_CHARS - 3)}...` : flat;
}

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function flatHeaders(headers: IncomingHttpHeaders | OutgoingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : String(value);
  return flat;
}

export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const upstreamUrl = parseUpstream(options.upstream);
  const { doc, name } = options.spec ?? { doc: loadBundle(findApi(options.api ?? "").bundle), name: options.api ?? "" };
  const model = buildModel(doc, name);
  const cap = options.maxValidatedBytes ?? DEFAULT_MAX_VALIDATED_BYTES;
  const stage = requestStage(model, name, cap);
  const upstream = new Upstream(upstreamUrl, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const ledger = new Ledger(model, name, upstreamUrl.href.replace(/\/$/, ""));
  const secrets = new SecretBook(doc);
  const policy = new OriginPolicy({ ...(options.host ? { host: options.host } : {}), corsOrigins: options.corsOrigins ?? [] });

  /** Everything one exchange needs to be judged and recorded. */
  interface Context {
    request: IncomingMessage;
    response: ServerResponse;
    started: number;
    verdict: RequestVerdict;
    /** The client's headers, flat. */
    sentHeaders: Record<string, string>;
    /** The request as recorded, credentials out; made when a violation records it. */
    readonly record: RequestRecord;
    curl: () => string;
    what: string;
  }

  function contextOf(request: IncomingMessage, response: ServerResponse, verdict: RequestVerdict, started: number): Context {
    const sentHeaders = flatHeaders(request.headers);
    const offered = secrets.learn({ header: (header) => sentHeaders[header.toLowerCase()], query: (query) => new URL(request.url ?? "/", "http://proxy").searchParams.get(query) ?? undefined });
    const { redactor } = secrets;
    const path = request.url ?? "/";
    const headers = flatHeaders(upstream.forwardedHeaders(request.headers));
    const body = verdict.body.complete && verdict.body.bytes > 0 ? verdict.body.text() : undefined;
    const sent = { method: request.method ?? "GET", url: upstream.target(path), headers, ...(body === undefined ? {} : { body }) };
    let record: RequestRecord | undefined;
    return {
      request,
      response,
      started,
      verdict,
      sentHeaders,
      get record() {
        return (record ??= { method: sent.method, url: redactor.url(sent.url), headers: redactor.headers(headers), ...(body === undefined ? {} : { body: redactor.bodyPreview(body, REPORTED_BODY_CHARS) }) });
      },
      curl: () => curlCommand(sent, offered, secrets.secretHeaderNames, redactor),
      what: `${sent.method} ${redactor.url(path)}`,
    };
  }

  /** The request checks in stage order: each stage the request passed, then the one that refused it (none after it ran). */
  function requestResults(context: Context): CheckResult[] {
    const { refusal, operation } = context.verdict;
    const failedAt = refusal && REQUEST_CHECK_OF[refusal.kind];
    const results: CheckResult[] = [];
    for (const check of REQUEST_CHECK_NAMES) {
      const operationId = operation?.operationId ?? UNDOCUMENTED;
      if (check !== failedAt) {
        results.push({ check: asRecordedCheck(check), operationId, outcome: "passed", case: context.what });
        continue;
      }
      results.push({
        check: asRecordedCheck(check),
        operationId,
        outcome: "failed",
        case: context.what,
        expected: REQUEST_CHECKS[check],
        actual: secrets.redactor.text(refusal?.message ?? ""),
        request: context.record,
        curl: context.curl(),
      });
      break;
    }
    return results;
  }

  function responseResults(context: Context, exchange: Exchange, bodyValidated: boolean): CheckResult[] {
    const operation = context.verdict.operation;
    if (!operation) return [];
    const results: CheckResult[] = [];
    const checks = new Recorder(bodyValidated ? ALL_RESPONSE_CHECKS : UNREAD_BODY_CHECKS, (result) => results.push(result));
    const unauthenticated = context.verdict.refusal?.kind === "unauthorized";
    checkResponse(model, checks, operation, exchange, context.what, unauthenticated);
    if (bodyValidated) return results;
    const reason = `body larger than ${cap} bytes: passed through, not validated`;
    return [...results, { check: "response_schema_conformance", operationId: operation.operationId, outcome: "inconclusive", case: context.what, reason }];
  }

  /** The exchange as coverage reads it: parameters as sent, the body parsed. */
  function observed(context: Context, status: number | undefined): ObservedExchange | undefined {
    const { operation, pathValues, body } = context.verdict;
    if (!operation) return undefined;
    const url = new URL(context.request.url ?? "/", "http://proxy");
    const parsed = body.complete && body.bytes > 0 ? parsedJson(body.text()) : undefined;
    return {
      operationId: operation.operationId,
      parameters: { path: pathValues, query: Object.fromEntries(url.searchParams), header: context.sentHeaders },
      ...(parsed === undefined ? {} : { body: parsed }),
      ...(status === undefined ? {} : { status }),
      durationMs: Date.now() - context.started,
    };
  }

  /** Records the exchange; returns the X-Contract-Violations value. */
  function settle(context: Context, status: number | undefined, results: CheckResult[]): string {
    const operation = context.verdict.operation;
    const seen = observed(context, status);
    for (const fresh of ledger.add({ ...(seen ? { observed: seen } : {}), results })) {
      options.onViolation?.(secrets.redactor.text(`✗ ${violationLine(fresh)}`));
    }
    const violations = results.filter((result) => result.outcome === "failed");
    options.onExchange?.(
      secrets.redactor.text(`${context.what} → ${status ?? "no answer"} ${Date.now() - context.started} ms ${operation?.operationId ?? UNDOCUMENTED}${violations.length ? ` ✗ ${violations.length}` : ""}`),
    );
    const first = violations[0];
    return first ? `${violations.length}; ${headerSafe(secrets.redactor.text(`${first.check}: ${first.actual ?? ""}`))}` : "0";
  }

  function corsHeaders(request: IncomingMessage, exposed: readonly string[]): Record<string, string> {
    const cors = policy.corsHeaders(request.headers.origin);
    if (cors["access-control-allow-origin"] === undefined) return {};
    return { ...cors, "access-control-expose-headers": [...new Set([...exposed, VIOLATIONS_HEADER])].join(", ") };
  }

  function answerOwn(context: Context, status: number, body: unknown, violations: string): void {
    const text = JSON.stringify(body);
    const headers = { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)), [VIOLATIONS_HEADER]: violations, ...corsHeaders(context.request, []) };
    context.response.writeHead(status, headers).end(text);
  }

  function preflight(request: IncomingMessage, response: ServerResponse): void {
    const origin = request.headers.origin;
    if (policy.corsGrant(origin) === "none") {
      const flag = origin === undefined || origin === "null" ? "" : ` To allow it, start the proxy with --cors-origin ${origin}`;
      const text = JSON.stringify({ error: `Origin ${origin ?? "(none)"} may not read answers through the proxy: only loopback origins and --cors-origin ones get CORS headers.${flag}` });
      response.writeHead(403, { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) }).end(text);
      return;
    }
    response.writeHead(204, {
      ...policy.corsHeaders(origin),
      "access-control-allow-methods": String(request.headers["access-control-request-method"]),
      "access-control-allow-headers": request.headers["access-control-request-headers"] ?? "*",
      "access-control-max-age": "600",
    });
    response.end();
  }

  /** Whether the proxy reads the upstream's body before answering (to validate it, and to say in the header what it found). */
  function readsBody(operation: Operation | undefined, status: number, contentType: string | undefined, length: number): boolean {
    if (length > cap) return false;
    if (isJsonMediaType(mediaTypeOf(contentType))) return true;
    const key = operation && responseKeyFor(operation.responses, status);
    const content = key ? Object.keys(operation.responses[key]?.content ?? {}) : [];
    // Documented as JSON (the body is validated), or documented with no body (any byte is a violation).
    return key !== undefined && (content.length === 0 || content.some(isJsonMediaType));
  }

  /** No complete answer from the upstream: the client gets 502 or 504 from the proxy, and the operation a not_a_server_error. */
  function answerFailure(context: Context, status: 502 | 504, message: string): void {
    const exchange: Exchange = {
      get request() {
        return context.record;
      },
      curl: context.curl,
      transportError: message,
    };
    const header = settle(context, undefined, [...requestResults(context), ...responseResults(context, exchange, true)]);
    answerOwn(context, status, { type: "about:blank", title: status === 504 ? "Gateway Timeout" : "Bad Gateway", status, detail: message }, header);
  }

  async function relay(context: Context): Promise<void> {
    const { request, response, verdict } = context;
    const forwarded = await upstream.forward(request.method ?? "GET", request.url ?? "/", request.headers, verdict.body);
    if (!forwarded.ok) return answerFailure(context, forwarded.status, forwarded.message);
    const incoming = forwarded.response;
    const status = incoming.statusCode ?? 502;
    const body = tapBody(incoming, cap);
    const length = Number(incoming.headers["content-length"] ?? 0);
    if (readsBody(verdict.operation, status, incoming.headers["content-type"], length)) {
      const broken = await body.read().then(
        () => undefined,
        (error: unknown) => describeTransportError(error).message,
      );
      if (broken !== undefined) return answerFailure(context, 502, `${broken} (upstream ${upstream.origin})`);
    }
    const headers = flatHeaders(incoming.headers);
    const text = body.complete ? body.text() : "";
    const { redactor } = secrets;
    let preview: string | undefined;
    const exchange: Exchange = {
      get request() {
        return context.record;
      },
      curl: context.curl,
      response: {
        status,
        headers: redactor.headers(headers),
        // Only a violation records the body: redacting it for every exchange cost a twentieth of the proxy's time.
        get body() {
          return (preview ??= redactor.bodyPreview(text, REPORTED_BODY_CHARS));
        },
        bodyBytes: body.complete ? body.bytes : Math.max(length, body.bytes, 1),
        text,
      },
    };
    const header = settle(context, status, [...requestResults(context), ...responseResults(context, exchange, !body.overflowed)]);
    const out: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(incoming.headers)) if (value !== undefined && !HOP_BY_HOP.has(name) && !name.startsWith("access-control-")) out[name] = value;
    Object.assign(out, { [VIOLATIONS_HEADER]: header }, corsHeaders(request, Object.keys(headers).filter((name) => !HOP_BY_HOP.has(name))));
    response.writeHead(status, out);
    incoming.once("aborted", () => response.destroy());
    incoming.once("error", () => response.destroy());
    body.sendTo(response);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method === "OPTIONS" && request.headers["access-control-request-method"] !== undefined) return preflight(request, response);
    const started = Date.now();
    const verdict = await stage.judge(request);
    const context = contextOf(request, response, verdict, started);
    if (verdict.refusal && options.errors) {
      const header = settle(context, undefined, requestResults(context));
      request.resume();
      answerOwn(context, BLOCKED_STATUS, stage.errorBody(verdict.refusal, BLOCKED_STATUS) ?? { error: verdict.refusal.message }, header);
      return;
    }
    await relay(context);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.destroy();
      options.onError?.(secrets.redactor.text(`${request.method ?? "GET"} ${request.url ?? "/"}: not finished (${(error as Error).message})`));
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(new ProxyConfigError(error.code === "EADDRINUSE" ? `port ${options.port} is already in use` : `cannot listen on ${host}:${options.port ?? 0} (${error.code ?? error.message})`)),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    report: () => ledger.report(),
    redact: (text) => secrets.redactor.text(text),
    close: () =>
      new Promise<void>((resolve, reject) => {
        upstream.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
