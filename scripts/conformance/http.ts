// The suite's only way to the network: every request has a timeout that covers the
// whole body, bodies are capped, transport failures become readable messages, and
// the credentials are redacted from everything that is recorded.
//
// It speaks node:http(s) rather than fetch: a run is hundreds of small sequential
// requests, and fetch's per-request cost (WHATWG streams, Request objects, abort
// signals) was 3-4 times node:http's, more than all the checks together (`npm run
// bench`, part 3). node:http also sends exactly the method and headers it is given.
import type { Agent, IncomingHttpHeaders } from "node:http";
import { httpModuleFor } from "../lib/http-client.ts";
import { decodeQueryValue, MIN_SUBSTRING_CHARS, Redactor } from "../lib/redact.ts";

export interface RequestRecord {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Set when the request did not carry the run's own credentials on purpose (ignored_auth's cases). */
  auth?: "none" | "wrong-scheme" | "unknown-token";
}

export interface ResponseRecord {
  status: number;
  headers: Record<string, string>;
  /** The body as text, cut to a readable length for reports. */
  body: string;
  bodyBytes: number;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export type TransportFailure = "refused" | "dns" | "tls" | "reset" | "timeout" | "too-large" | "other";

export interface Exchange {
  request: RequestRecord;
  response?: ResponseRecord & { text: string };
  /** Set when no complete response arrived: refused, reset, timed out, too large. */
  transportError?: string;
  transportFailure?: TransportFailure;
  /** A curl command that sends the same request, the token as `$CONFORMANCE_TOKEN`. */
  curl(): string;
}

export interface HttpOptions {
  timeoutMs: number;
  maxBodyBytes: number;
  /** Strings that must never be recorded: the token first (curl lines leave it to `$CONFORMANCE_TOKEN`), then other secrets. */
  secrets: string[];
}

/** Request and response bodies are kept this long in reports (replay knows a body this long was cut). */
export const REPORTED_BODY_CHARS = 2_000;

const CONNECTION_RESET = "connection reset before the response was complete";

/** A failure this module detects itself; its message is what the report says. */
class TransportError extends Error {
  constructor(message: string, readonly failure: TransportFailure) {
    super(message);
  }
}

const TLS_CODES = /^(ERR_SSL_|ERR_TLS_|CERT_|EPROTO$|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|HOSTNAME_MISMATCH$)/;

export function describeTransportError(error: unknown): { message: string; failure: TransportFailure } {
  if (error instanceof TransportError) return { message: error.message, failure: error.failure };
  const err = error as { message?: string; code?: string; hostname?: string };
  const code = err.code ?? "";
  if (code === "ECONNREFUSED") return { message: "connection refused", failure: "refused" };
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME") {
    return { message: `host not found (DNS lookup of ${err.hostname ?? "the host"} failed: ${code})`, failure: "dns" };
  }
  if (TLS_CODES.test(code)) return { message: `TLS handshake failed (${code}): ${err.message ?? ""}`.trim(), failure: "tls" };
  if (code === "ECONNRESET" || code === "EPIPE" || /socket hang up|aborted/i.test(err.message ?? "")) return { message: CONNECTION_RESET, failure: "reset" };
  return { message: `request failed: ${err.message ?? String(error)}`, failure: "other" };
}

const TOKEN_VARIABLE = '"$CONFORMANCE_TOKEN"';
/** Where the token goes in a curl line before it is quoted; no request text holds a NUL. */
const TOKEN_MARK = "\u0000token\u0000";
const shellQuote = (text: string) => `'${text.replace(/'/g, "'\\''")}'`;

/** `text` quoted for a POSIX shell, each TOKEN_MARK left to the shell's `$CONFORMANCE_TOKEN`. */
function shellWord(text: string): string {
  return text.split(TOKEN_MARK).map((piece) => (piece === "" ? "" : shellQuote(piece))).join(TOKEN_VARIABLE) || "''";
}

/** `text` with the token marked where it stands: as a whole, after an auth scheme, as a cookie value, or (long enough) anywhere. */
function markToken(text: string, token: string): string {
  if (!token) return text;
  if (text === token) return TOKEN_MARK;
  if (token.length >= MIN_SUBSTRING_CHARS) return text.split(token).join(TOKEN_MARK);
  const scheme = /^(\S+\s+)(\S+)$/.exec(text);
  if (scheme?.[2] === token) return `${scheme[1]}${TOKEN_MARK}`;
  return text.replace(/(^|;\s*)([^=;\s]+=)([^;]*)/g, (whole, lead: string, name: string, value: string) => (value === token ? `${lead}${name}${TOKEN_MARK}` : whole));
}

/**
 * The URL with the token marked, and `--url-query` arguments for a token in a query
 * value that needs percent-encoding: curl encodes it there, where a raw `+` in the URL
 * would reach the server as a space.
 */
function curlUrl(url: string, token: string): { url: string; args: string[] } {
  const args: string[] = [];
  const queryStart = url.indexOf("?");
  if (!token || queryStart < 0) return { url: markToken(url, token), args };
  const hash = url.indexOf("#", queryStart);
  const queryEnd = hash < 0 ? url.length : hash;
  const pairs = url
    .slice(queryStart + 1, queryEnd)
    .split("&")
    .flatMap((pair) => {
      const equals = pair.indexOf("=");
      if (equals < 0) return [markToken(pair, token)];
      const [name, value] = [pair.slice(0, equals), pair.slice(equals + 1)];
      if (value === token || decodeQueryValue(value) !== token) return [`${name}=${markToken(value, token)}`];
      // curl's --url-query takes the name as written and percent-encodes the value.
      args.push("--url-query", shellWord(`${name}=${TOKEN_MARK}`));
      return [];
    });
  return { url: `${markToken(url.slice(0, queryStart), token)}${pairs.length ? `?${pairs.join("&")}` : ""}${url.slice(queryEnd)}`, args };
}

/** One `-H`/`-u` argument pair for a header: the token left to the shell, other secrets blanked. */
function curlHeader(name: string, value: string, token: string, redactor: Redactor): string[] {
  const basic = /^Basic\s+(\S+)$/i.exec(value)?.[1];
  if (token && name.toLowerCase() === "authorization" && basic && Buffer.from(basic, "base64").toString("utf8") === token) return ["-u", TOKEN_VARIABLE];
  const marked = markToken(value, token);
  const shown = marked.includes(TOKEN_MARK) ? redactor.text(marked) : (redactor.headers({ [name]: value })[name] ?? "");
  return ["-H", shellWord(`${name}: ${shown}`)];
}

/**
 * The request as a curl command; Content-Length and Host are left to curl, secrets
 * never appear. `secrets[0]` is the token, left to `$CONFORMANCE_TOKEN`.
 */
export function curlCommand(request: HttpRequest, secrets: readonly string[], secretHeaderNames: ReadonlySet<string> = new Set(), redactor = new Redactor(secrets, secretHeaderNames)): string {
  const token = secrets[0] ?? "";
  const parts = ["curl"];
  if (request.method !== "GET") parts.push("-X", request.method);
  const { url, args } = curlUrl(request.url, token);
  parts.push(shellWord(redactor.url(url)), ...args);
  for (const [name, value] of Object.entries(request.headers)) {
    if (!/^(content-length|host)$/i.test(name)) parts.push(...curlHeader(name, value, token, redactor));
  }
  if (request.body !== undefined) parts.push("--data-raw", shellWord(redactor.body(markToken(request.body, token))));
  return parts.join(" ");
}

/** Header values as fetch shows them: repeated headers joined with ", ". */
function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  return flat;
}

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  bytes: Buffer;
}

/** One kept-alive agent per protocol for the whole process, made on first use. */
const AGENTS = new Map<string, Agent>();

/**
 * After this long without a request sent or a response received, the kept-alive sockets
 * are closed before the next request. A POST is never sent twice (see roundTrip), so a
 * socket the server closed while it sat idle would fail it; servers close idle sockets
 * after a few seconds (Node 5 s, gunicorn 2 s), and a run is quiet that long only when
 * it waits (a rate limit), where a new connection costs nothing. (The agent's own
 * `timeout` would do it per socket, but re-arms a timer at every request: about 4% of a
 * vendor run's CPU on Node 20.)
 */
export const IDLE_SOCKET_MS = 1_000;

let lastActivity = 0;

/** Closes `agent`'s free sockets when the suite has been quiet past IDLE_SOCKET_MS; notes the activity. */
function freshAfterQuiet(agent: Agent): void {
  const now = Date.now();
  if (now - lastActivity > IDLE_SOCKET_MS) for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
  lastActivity = now;
}

/** A reset met on a reused keep-alive socket before any response: a stale idle socket, or this request's own doing. */
class ReusedSocketReset extends Error {
  constructor(readonly reset: Error) {
    super(reset.message);
  }
}

/** RFC 9110 §9.2.2: sending one of these twice means what sending it once does. */
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"]);

/**
 * One request; rejects on any transport failure, including the timeout over headers
 * and body. A reset on a reused keep-alive socket before any response is most often the
 * race between the server's idle timeout and our next request, but it is also what a
 * request that kills the server meets, and nothing on the wire tells the two apart. So,
 * as Node's documentation advises, only an idempotent request is sent once more (a POST
 * or PATCH never twice), and when that retry fails too, the reset this request met is
 * the evidence: the retry's "connection refused" describes a server this request may
 * have killed, not this request.
 */
async function roundTrip(request: HttpRequest, timeoutMs: number, maxBodyBytes: number): Promise<RawResponse> {
  try {
    return await attempt(request, timeoutMs, maxBodyBytes);
  } catch (error) {
    if (!(error instanceof ReusedSocketReset)) throw error;
    if (!IDEMPOTENT_METHODS.has(request.method.toUpperCase())) throw error.reset;
    return attempt(request, timeoutMs, maxBodyBytes).catch(() => {
      throw error.reset;
    });
  }
}

/** A timer that fires this late has found the event loop busy (generating, validating, shrinking). */
const LOOP_BUSY_MS = 50;

/**
 * A request's timeout counted in time the process could have read the answer: when the
 * timer fires late because the event loop was busy (another worker's generation), the
 * server's bytes may be waiting unread in the socket, and timers run before I/O, so the
 * deadline moves on by as long as the loop was away, at most the timeout again, and
 * fires only once it fires on time. A slow server still times out; a busy suite does
 * not blame it.
 */
class ResponseDeadline {
  private timer: NodeJS.Timeout;
  private granted = 0;

  constructor(private readonly timeoutMs: number, private readonly expire: () => void) {
    this.timer = this.arm(timeoutMs);
  }

  private arm(ms: number): NodeJS.Timeout {
    // Date.now(), as the run's own deadline: on Node 20 the first performance.now() loads perf_hooks' internals (~3 ms).
    const due = Date.now() + ms;
    return setTimeout(() => {
      const late = Date.now() - due;
      if (late <= LOOP_BUSY_MS || this.granted >= this.timeoutMs) return this.expire();
      const extra = Math.min(late, this.timeoutMs - this.granted);
      this.granted += extra;
      this.timer = this.arm(extra);
    }, ms);
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

function attempt(request: HttpRequest, timeoutMs: number, maxBodyBytes: number): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(request.url);
    const module = httpModuleFor(url.protocol);
    if (!module) throw new Error(`unsupported protocol ${url.protocol}`);
    const body = request.body === undefined ? undefined : Buffer.from(request.body, "utf8");
    const headers = body === undefined ? request.headers : { ...request.headers, "Content-Length": String(body.byteLength) };
    let agent = AGENTS.get(url.protocol);
    if (!agent) AGENTS.set(url.protocol, (agent = new module.Agent({ keepAlive: true })));
    freshAfterQuiet(agent);
    const outgoing = module.request(url, { method: request.method, headers, agent });
    const fail = (error: Error) => {
      timer.clear();
      outgoing.destroy();
      reject(error);
    };
    const timer = new ResponseDeadline(timeoutMs, () => fail(new TransportError(`no complete response within ${timeoutMs} ms`, "timeout")));
    let answered = false;
    outgoing.once("error", (error: Error & { code?: string }) => {
      fail(!answered && outgoing.reusedSocket && error.code === "ECONNRESET" ? new ReusedSocketReset(error) : error);
    });
    outgoing.once("response", (incoming) => {
      answered = true;
      const chunks: Buffer[] = [];
      let total = 0;
      incoming.on("data", (chunk: Buffer) => {
        total += chunk.byteLength;
        if (total > maxBodyBytes) fail(new TransportError(`response body larger than ${maxBodyBytes} bytes`, "too-large"));
        else chunks.push(chunk);
      });
      incoming.once("error", fail);
      // A connection closed mid-body does not always surface as an error event.
      incoming.once("close", () => {
        if (!incoming.complete) fail(new TransportError(CONNECTION_RESET, "reset"));
      });
      incoming.once("end", () => {
        lastActivity = Date.now();
        timer.clear();
        resolve({ status: incoming.statusCode ?? 0, headers: flatHeaders(incoming.headers), bytes: Buffer.concat(chunks, total) });
      });
    });
    outgoing.end(body);
  });
}

/** `target` with `key` computed on its first read and kept from then on (a plain, writable property). */
function keptOnRead<T extends object, K extends string, V>(target: T, key: K, compute: () => V): T & Record<K, V> {
  const keep = (value: V) => Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get: () => {
      const value = compute();
      keep(value);
      return value;
    },
    set: keep,
  }) as T & Record<K, V>;
}

export class HttpClient {
  requestsSent = 0;
  private readonly secretHeaderNames: ReadonlySet<string>;
  readonly redactor: Redactor;

  constructor(private readonly options: HttpOptions, secretHeaderNames: string[] = []) {
    this.secretHeaderNames = new Set(secretHeaderNames.map((name) => name.toLowerCase()));
    this.redactor = new Redactor(options.secrets, this.secretHeaderNames);
  }

  record(request: HttpRequest): RequestRecord {
    const { redactor } = this;
    return {
      method: request.method,
      url: redactor.url(request.url),
      headers: redactor.headers(request.headers),
      ...(request.body === undefined ? {} : { body: redactor.bodyPreview(request.body, REPORTED_BODY_CHARS) }),
    };
  }

  /**
   * Sends `request`. What the exchange records is redacted, and the parts only evidence
   * reads (the request, the response's body preview) are redacted when first read: most
   * exchanges pass and are never shown, and redacting every one of them cost a vendor run
   * about 40 ms of CPU on Node 20. The response's headers are redacted at once (checks read them).
   */
  async send(request: HttpRequest): Promise<Exchange> {
    this.requestsSent += 1;
    const { timeoutMs, maxBodyBytes, secrets } = this.options;
    const curl = () => curlCommand(request, secrets, this.secretHeaderNames, this.redactor);
    const record = () => this.record(request);
    try {
      const { status, headers, bytes } = await roundTrip(request, timeoutMs, maxBodyBytes);
      const text = bytes.toString("utf8");
      const response = keptOnRead({ status, headers: this.redactor.headers(headers), bodyBytes: bytes.byteLength, text }, "body", () => this.redactor.bodyPreview(text, REPORTED_BODY_CHARS));
      return keptOnRead({ curl, response }, "request", record);
    } catch (error) {
      const { message, failure } = describeTransportError(error);
      return keptOnRead({ curl, transportError: message, transportFailure: failure }, "request", record);
    }
  }
}
