// The forwarding half: a request sent on to the upstream as the client sent it (its Host
// rewritten to the upstream's, hop-by-hop headers dropped), on kept-alive connections,
// with a timeout on every call: no byte from the upstream for that long ends the call,
// and idle connections closed after a second (see the constructor).
// Redirects are not followed: a 3xx goes back to the client untouched.
import type { Agent, IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from "node:http";
import { type HttpModule, httpModuleFor } from "../lib/http-client.ts";
import { describeTransportError, IDLE_SOCKET_MS } from "../conformance/http.ts";
import { UsageError } from "../lib/cli.ts";
import type { BodyTap } from "./body.ts";

/** Headers of one connection, not of the message (RFC 9110 7.6.1): never forwarded either way. */
export const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade"]);

/** `--upstream` as a URL; a UsageError says what is wrong with it. */
export function parseUpstream(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--upstream is not a URL: "${value}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`--upstream must be http or https, got ${url.protocol}`);
  if (url.search !== "" || url.hash !== "") throw new UsageError(`--upstream must not have a query or a fragment: each request's path is appended to it`);
  return url;
}

export type UpstreamResult = { ok: true; response: IncomingMessage } | { ok: false; status: 502 | 504; message: string };

class UpstreamTimeout extends Error {}

export class Upstream {
  readonly origin: string;
  private readonly prefix: string;
  private readonly host: string;
  private readonly send: HttpModule["request"];
  private readonly agent: Agent;

  constructor(readonly url: URL, private readonly timeoutMs: number) {
    this.origin = url.origin;
    this.prefix = url.pathname.replace(/\/+$/, "");
    this.host = url.host;
    const module = httpModuleFor(url.protocol === "https:" ? "https:" : "http:");
    this.send = module.request;
    // A connection left idle past IDLE_SOCKET_MS is closed, not reused: the upstream may
    // have closed it meanwhile without a Keep-Alive hint, and the next request on it
    // would meet a reset and become a 502 the upstream never caused.
    this.agent = new module.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS });
  }

  /** The upstream URL of a request path (`/clients?limit=2`). */
  target(path: string): string {
    return `${this.origin}${this.prefix}${path}`;
  }

  /** Sends the request on, its body from `body` (what was read, then the unread rest); resolves at the response's headers. */
  forward(method: string, path: string, headers: IncomingHttpHeaders, body: BodyTap): Promise<UpstreamResult> {
    return new Promise((resolve) => {
      const outgoing = this.send(this.target(path), { method, headers: this.forwardedHeaders(headers), agent: this.agent });
      outgoing.setTimeout(this.timeoutMs, () => outgoing.destroy(new UpstreamTimeout()));
      outgoing.once("error", (error) => {
        if (error instanceof UpstreamTimeout) resolve({ ok: false, status: 504, message: `no response from ${this.origin} within ${this.timeoutMs} ms` });
        else resolve({ ok: false, status: 502, message: `${describeTransportError(error).message} (upstream ${this.origin})` });
      });
      outgoing.once("response", (response) => resolve({ ok: true, response }));
      body.sendTo(outgoing);
    });
  }

  /** The headers the upstream gets: the client's, hop-by-hop ones dropped, Host the upstream's. */
  forwardedHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
    const out: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
    out.host = this.host;
    return out;
  }

  close(): void {
    this.agent.destroy();
  }
}
