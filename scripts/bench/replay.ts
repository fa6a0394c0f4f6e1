// The conformance run's floor: the very requests a run sends, recorded once by a
// pass-through proxy, then sent again by a loop that checks nothing: with fetch, or
// with the suite's own transport.
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import { HttpClient } from "../conformance/http.ts";
import { DEFAULTS } from "../conformance/runner.ts";
import { listenOnLoopback } from "./loopback.ts";

export interface RecordedRequest {
  method: string;
  /** Path and query exactly as the server received them. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RecordingProxy {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Headers that describe one connection or one encoding of the body, not the request. */
const CONNECTION_HEADERS = new Set(["host", "connection", "keep-alive", "content-length", "transfer-encoding"]);
const FORWARD_TIMEOUT_MS = 10_000;

function requestHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([name, value]) => !CONNECTION_HEADERS.has(name) && value !== undefined)
      .map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : String(value)]),
  );
}

async function readBody(message: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Forwards every request to `target` unchanged, Host header included (servers build
 * `Link` URLs from it, so followed links come back through the proxy and get recorded).
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    void (async () => {
      const body = await readBody(incoming);
      requests.push({
        method: incoming.method ?? "GET",
        path: incoming.url ?? "/",
        headers: requestHeaders(incoming.headers),
        ...(body.byteLength > 0 ? { body: body.toString("utf8") } : {}),
      });
      const forwarded = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers, timeout: FORWARD_TIMEOUT_MS },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forwarded.once("timeout", () => forwarded.destroy());
      forwarded.once("error", () => outgoing.socket?.destroy());
      forwarded.end(body);
    })().catch(() => outgoing.socket?.destroy());
  });
  return { ...(await listenOnLoopback(server)), requests };
}

export interface ReplayResult {
  sent: number;
  /** Requests that got no complete response (the run may provoke some on purpose). */
  transportErrors: number;
}

/**
 * How the floor sends: `fetch` is the plain loop the target is set against;
 * `suite-transport` is the suite's own HTTP layer (node:http) with no checks, so the
 * gap between it and a run is what the checks and their inputs cost.
 */
export type ReplayTransport = "fetch" | "suite-transport";

type Send = (url: string, recorded: RecordedRequest) => Promise<boolean>;

function sender(transport: ReplayTransport, timeoutMs: number): Send {
  if (transport === "suite-transport") {
    const client = new HttpClient({ timeoutMs, maxBodyBytes: DEFAULTS.maxBodyBytes, secrets: [] });
    return async (url, { method, headers, body }) => (await client.send({ method, url, headers, ...(body === undefined ? {} : { body }) })).transportError === undefined;
  }
  return async (url, recorded) => {
    try {
      const response = await fetch(url, {
        method: recorded.method,
        headers: recorded.headers,
        body: recorded.body,
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer();
      return true;
    } catch {
      return false;
    }
  };
}

/** Sends each request in order, waiting for its whole body, as a run does; no checks. */
export async function replay(
  baseUrl: string,
  requests: readonly RecordedRequest[],
  timeoutMs: number,
  transport: ReplayTransport = "fetch",
): Promise<ReplayResult> {
  const send = sender(transport, timeoutMs);
  let transportErrors = 0;
  for (const recorded of requests) if (!(await send(`${baseUrl}${recorded.path}`, recorded))) transportErrors += 1;
  return { sent: requests.length, transportErrors };
}
