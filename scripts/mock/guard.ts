// A thin HTTP proxy in front of each Prism, for the few requests Prism 5.14.2 gets
// wrong, and for who may call the mock from where. Everything else passes through
// untouched; Prism's CORS headers (every origin, with credentials) are replaced by what
// the origin policy grants (./origin-policy.ts, shared with the stateful mock): a Host
// that is not allowed gets 403, and so do a preflight and a /__mock/ request from a page
// on an origin that is not.
//  - A path with broken percent-encoding (`/clients/%`) throws inside Prism's
//    router and kills the whole process. Real servers answer 400, so the guard
//    escapes the stray `%` and asks Prism for the operation's documented 400.
//  - A body that is not JSON gets Prism's own `{"error":{"code":"invalid_json"}}`,
//    not the API's error shape. The guard sends `null` instead, which fails the
//    operation's body schema, so Prism answers with the spec's 400/422 example.
//  - `Prefer: code=200, example=<unknown>` gets a 500 from Prism, where
//    `Prefer: example=<unknown>` alone gets 404. The guard answers 404 for both.
//  - A member marked `x-same-as` (a password confirmation) that differs from its
//    sibling is invalid, but JSON Schema cannot say so and Prism accepts it. The
//    guard sends `null` in its place too, so Prism answers the spec's 400/422.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { logLine, prismViolations } from "./log.ts";
import { CONTROL_PREFIX, OriginPolicy } from "./origin-policy.ts";
import { type PrismSpec, violationFields } from "./prism-explain.ts";

export interface GuardOptions {
  api: string;
  /** `[member, sibling]` pairs from the spec's `x-same-as`: the two must be equal. */
  sameAs?: Array<[string, string]>;
  host: string;
  /** 0 picks a free port. */
  port: number;
  timeoutMs?: number;
  /** The spec's server URLs: links Prism copies from the examples are rewritten to point at the mock itself. */
  serverUrls?: string[];
  /** The spec, for explained error bodies and `Prefer` headers it cannot honour. */
  spec?: PrismSpec;
  /** The scheme takes a bare token (`x-bearer-prefix: optional`): the guard adds the `Bearer ` Prism wants. */
  bearerPrefixOptional?: boolean;
  /** Receives one line per request (method, path, status, Prism's violations). */
  log?: (line: string) => void;
  /** Origins besides the loopback ones whose pages get CORS headers, with credentials; `*`: every origin, without (./origin-policy.ts). */
  corsOrigins?: readonly string[];
  /** Host names besides the loopback ones and `host` that requests may be addressed to. */
  allowedHosts?: readonly string[];
}

export interface Guard {
  port: number;
  /** Where Prism listens; until it is set the guard answers 503. */
  setUpstream(port: number): void;
  close(): Promise<void>;
}

/** The guard cannot take its port; the message is one line, ready to print. */
export class ListenError extends Error {}

const MAX_BODY_BYTES = 1_000_000;
const DEFAULT_TIMEOUT_MS = 10_000;
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"]);
const PRISM_NOT_FOUND = "https://stoplight.io/prism/errors#NOT_FOUND";

/** The URL with every path segment that cannot be percent-decoded made decodable (its `%` escaped). */
export function repairPath(url: string): { url: string; malformed: boolean } {
  if (!url.includes("%")) return { url, malformed: false };
  const queryStart = url.indexOf("?");
  const path = queryStart < 0 ? url : url.slice(0, queryStart);
  let malformed = false;
  const segments = path.split("/").map((segment) => {
    try {
      decodeURIComponent(segment);
      return segment;
    } catch {
      malformed = true;
      return segment.replace(/%/g, "%25");
    }
  });
  return { url: segments.join("/") + (queryStart < 0 ? "" : url.slice(queryStart)), malformed };
}

/** The body, or `null` in its place when it claims to be JSON and is not. */
export function repairJsonBody(contentType: string | undefined, body: Buffer): Buffer {
  if (body.length === 0 || !contentType || !/\bjson\b/i.test(contentType)) return body;
  try {
    JSON.parse(body.toString("utf8"));
    return body;
  } catch {
    return Buffer.from("null");
  }
}

/** The first `[member, sibling]` pair whose values differ in the JSON body, if any. */
export function sameAsMismatch(body: Buffer, pairs: Array<[string, string]>): [string, string] | undefined {
  if (pairs.length === 0 || body.length === 0) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== "object") return undefined;
  const members = parsed as Record<string, unknown>;
  return pairs.find(([name, sibling]) => name in members && sibling in members && members[name] !== members[sibling]);
}

/** The body, or `null` in its place when a member differs from the sibling it must repeat. */
export function rejectSameAsMismatch(body: Buffer, pairs: Array<[string, string]>): Buffer {
  return sameAsMismatch(body, pairs) ? Buffer.from("null") : body;
}

function forwardedHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name) && name !== "content-length"),
  ) as http.OutgoingHttpHeaders;
}

/**
 * `headers` (an answer's, lower-case names) with Prism's CORS headers, which allow every
 * origin with credentials, replaced by what the policy grants the request's Origin.
 */
function withCors(policy: OriginPolicy, request: http.IncomingMessage, headers: http.OutgoingHttpHeaders): http.OutgoingHttpHeaders {
  const origin = request.headers.origin;
  const grant = policy.corsGrant(origin);
  if (grant === "none") {
    for (const name of Object.keys(headers)) if (name.startsWith("access-control-")) delete headers[name];
    return headers;
  }
  if (grant === "any") delete headers["access-control-allow-credentials"];
  const vary = headers.vary;
  Object.assign(headers, policy.corsHeaders(origin));
  if (typeof vary === "string" && !/\borigin\b/i.test(vary)) headers.vary = `${vary}, Origin`;
  return headers;
}

function sendProblem(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  status: number,
  problem: { type?: string; title: string; detail: string },
  headers: http.OutgoingHttpHeaders,
): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const body = JSON.stringify({ type: problem.type ?? "about:blank", title: problem.title, status, detail: problem.detail });
  response.writeHead(status, { ...headers, "content-type": "application/problem+json", "content-length": Buffer.byteLength(body) });
  response.end(body);
}

const NO_BODY = Buffer.alloc(0);

function readBody(request: http.IncomingMessage): Promise<Buffer | undefined> {
  // Most requests (every GET) have no body: no stream to wait for.
  if (request.headers["content-length"] === undefined && request.headers["transfer-encoding"] === undefined) return Promise.resolve(NO_BODY);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) resolve(undefined);
      else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

// Prism's 5xx are its own failures, never a response from the spec (no spec here documents a 5xx).
function rewritePreferFailure(
  policy: OriginPolicy,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  upstream: http.IncomingMessage,
): void {
  const chunks: Buffer[] = [];
  upstream.on("data", (chunk: Buffer) => chunks.push(chunk));
  upstream.on("end", () => {
    let detail = "Prism cannot produce the response the Prefer header asks for.";
    try {
      const problem = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { title?: string; detail?: string };
      detail = problem.detail || problem.title || detail;
    } catch {
      // Keep the generic detail.
    }
    const headers = withCors(policy, request, forwardedHeaders(upstream.headers));
    delete headers["content-type"];
    sendProblem(request, response, 404, { type: PRISM_NOT_FOUND, title: "The Prefer header asks for a response the spec does not have", detail }, headers);
  });
}

/** `header` with every URL under one of the spec's servers moved to the mock (`host`), so following a link stays on the mock. */
export function pointingHere(header: string, serverUrls: string[], host: string | undefined): string {
  if (host === undefined) return header;
  return serverUrls.reduce((text, server) => text.split(`<${server.replace(/\/+$/, "")}/`).join(`<http://${host}/`), header);
}

interface Explaining {
  method: string;
  url: string;
  status: number;
  violations: string | string[] | undefined;
  guardProblem: string | undefined;
}

/** Prism's error answer with its body rewritten by the spec to say what was wrong (./prism-explain.ts). */
function explainUpstream(spec: PrismSpec, what: Explaining, response: http.ServerResponse, upstream: http.IncomingMessage, cors: (headers: http.OutgoingHttpHeaders) => http.OutgoingHttpHeaders): void {
  const chunks: Buffer[] = [];
  upstream.on("data", (chunk: Buffer) => chunks.push(chunk));
  upstream.on("end", () => {
    const fields = typeof what.violations === "string" ? violationFields(what.violations) : [];
    const explained = spec.explain(what.method, what.url, what.status, fields, what.guardProblem);
    const text = explained === undefined ? Buffer.concat(chunks) : Buffer.from(JSON.stringify(explained));
    const headers = cors(forwardedHeaders(upstream.headers));
    if (explained !== undefined) headers["content-type"] = "application/json";
    response.writeHead(what.status, { ...headers, "content-length": text.length });
    response.end(text);
  });
}

export function startGuard(options: GuardOptions): Promise<Guard> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let upstreamPort: number | undefined;
  const policy = new OriginPolicy({ host: options.host, corsOrigins: options.corsOrigins ?? [], allowedHosts: options.allowedHosts ?? [] });
  const cors = (request: http.IncomingMessage): http.OutgoingHttpHeaders => ({ ...policy.corsHeaders(request.headers.origin) });

  /** The request may not reach Prism: a Host not allowed, or a preflight or control route from an origin not allowed. */
  function refusal(request: http.IncomingMessage): string | undefined {
    const host = request.headers.host;
    if (!policy.hostAllowed(host)) return policy.hostRefusal(host ?? "");
    const origin = request.headers.origin;
    if (request.method === "OPTIONS" && request.headers["access-control-request-method"] !== undefined && policy.corsGrant(origin) === "none") {
      return policy.preflightRefusal(origin);
    }
    const url = request.url ?? "/";
    if (origin !== undefined && url.startsWith(CONTROL_PREFIX) && !policy.controlAllowed(origin)) return policy.originRefusal(origin, url.split("?")[0] ?? url);
    return undefined;
  }

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    // What was wrong with the request, for the log line.
    let problem: string | undefined;
    const log = options.log;
    if (log) response.once("finish", () => log(logLine(options.api, request.method ?? "GET", request.url ?? "/", response.statusCode, problem)));
    const refused = refusal(request);
    if (refused !== undefined) {
      problem = refused;
      sendProblem(request, response, 403, { title: "Forbidden", detail: refused }, cors(request));
      request.resume();
      return;
    }
    if (upstreamPort === undefined) {
      sendProblem(request, response, 503, { title: `The ${options.api} mock is starting`, detail: "Try again in a second." }, cors(request));
      request.resume();
      return;
    }
    const received = await readBody(request);
    if (received === undefined) {
      sendProblem(request, response, 413, { title: "Request body too large", detail: `The mock accepts bodies up to ${MAX_BODY_BYTES} bytes.` }, cors(request));
      request.resume();
      return;
    }
    const { url, malformed } = repairPath(request.url ?? "/");
    const method = request.method ?? "GET";
    const prefer = [request.headers.prefer ?? []].flat().join(", ") || undefined;
    const preferProblem = prefer === undefined || malformed ? undefined : options.spec?.preferProblem(method, url, prefer);
    if (preferProblem !== undefined) {
      problem = preferProblem;
      sendProblem(request, response, 400, { title: "The Prefer header asks for a response the spec does not have", detail: preferProblem }, cors(request));
      return;
    }
    const jsonBody = repairJsonBody(request.headers["content-type"], received);
    const mismatch = sameAsMismatch(jsonBody, options.sameAs ?? []);
    const body = mismatch ? Buffer.from("null") : jsonBody;
    // What the guard itself found wrong: Prism only sees the null or the 400 it asks for.
    const guardProblem = malformed
      ? "a path segment is not valid percent-encoding"
      : jsonBody !== received
        ? "the body is not valid JSON"
        : mismatch
          ? `${mismatch[0]} must equal ${mismatch[1]}`
          : undefined;
    const headers = forwardedHeaders(request.headers);
    const authorization = request.headers.authorization?.trim();
    // A bare token has no space; `Basic x` is another scheme and a lone `Bearer` an empty token.
    if (options.bearerPrefixOptional && authorization && !/\s/.test(authorization) && !/^bearer$/i.test(authorization)) {
      headers.authorization = `Bearer ${authorization}`;
    }
    if (malformed) headers.prefer = "code=400";
    if (body.length > 0 || request.headers["content-length"] !== undefined) headers["content-length"] = body.length;

    const upstreamRequest = http.request({ host: "127.0.0.1", port: upstreamPort, method: request.method, path: url, headers, agent });
    upstreamRequest.setTimeout(timeoutMs, () => upstreamRequest.destroy(new Error("timeout")));
    upstreamRequest.on("response", (upstream) => {
      const status = upstream.statusCode ?? 502;
      if (status >= 500 && request.headers.prefer !== undefined) {
        rewritePreferFailure(policy, request, response, upstream);
        return;
      }
      const violations = upstream.headers["sl-violations"];
      if (log) problem = guardProblem ?? prismViolations(violations);
      if (options.spec && status >= 400 && status < 500 && (violations !== undefined || guardProblem !== undefined)) {
        explainUpstream(options.spec, { method, url, status, violations, guardProblem }, response, upstream, (headers) => withCors(policy, request, headers));
        return;
      }
      const headers = withCors(policy, request, forwardedHeaders(upstream.headers));
      // The Host passed the policy above: links only ever name an allowed host.
      if (typeof headers.link === "string") headers.link = pointingHere(headers.link, options.serverUrls ?? [], request.headers.host);
      response.writeHead(status, headers);
      upstream.pipe(response);
    });
    upstreamRequest.on("error", (error) => {
      const timedOut = error.message === "timeout";
      sendProblem(request, response, timedOut ? 504 : 502, {
        title: timedOut ? `The ${options.api} mock did not answer in time` : `The ${options.api} mock is not running`,
        detail: timedOut ? `No answer from Prism within ${timeoutMs / 1000} s.` : error.message,
      }, cors(request));
    });
    response.on("close", () => {
      if (!response.writableFinished) upstreamRequest.destroy();
    });
    upstreamRequest.end(body);
  }

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      sendProblem(request, response, 400, { title: "Unreadable request", detail: error instanceof Error ? error.message : String(error) }, cors(request));
    });
  });

  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      agent.destroy();
      reject(
        error.code === "EADDRINUSE"
          ? new ListenError(`${options.api}: port ${options.port} is already in use (try --port-base)`)
          : new ListenError(`${options.api}: cannot listen on ${options.host}:${options.port} (${error.code ?? error.message})`),
      );
    });
    server.listen(options.port, options.host, () => {
      const close = () =>
        new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
          agent.destroy();
        });
      const setUpstream = (port: number) => {
        upstreamPort = port;
      };
      resolve({ port: (server.address() as AddressInfo).port, setUpstream, close });
    });
  });
}
