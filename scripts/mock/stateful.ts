// The stateful mock: every API served in this process from an in-memory store seeded
// with the documented examples (./spec-api.ts on the engine), with the origin policy of
// the Prism mode (./origin-policy.ts: CORS for loopback and --cors-origin pages only, Host
// checked), a control route that restores the seed (with --token, only for requests that
// carry it), and an optional request log.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Api } from "../lib/apis.ts";
import { loadBundle } from "../spec/openapi.ts";
import { createEngine, type Engine } from "../server/engine.ts";
import { type Listening, listen } from "../server/server.ts";
import type { WireReply } from "../server/types.ts";
import { logLine } from "./log.ts";
import { CONTROL_PREFIX, OriginPolicy } from "./origin-policy.ts";
import { type SeedData, SeedError, specApi } from "./spec-api.ts";

/** `POST` here restores the seed data of the mock it is sent to. */
export const RESET_PATH = "/__mock/reset";

export interface StatefulOptions {
  apis: Api[];
  host: string;
  /** The port of each API (0: a free one). */
  portOf(api: Api): number;
  /** The only token accepted; default any non-empty credential sent the way the API's scheme says. */
  token?: string;
  /** The 401's advice to a client that sent another token (the command line names the default token it printed). */
  tokenHint?: string;
  /** Seed data per API name in place of the documented examples; a reset restores it. */
  data?: Readonly<Record<string, SeedData>>;
  /** Receives one line per request. */
  log?: (line: string) => void;
  /** Origins besides the loopback ones whose pages get CORS headers, with credentials; `*`: every origin, without (./origin-policy.ts). */
  corsOrigins?: readonly string[];
  /** Host names besides the loopback ones and `host` that requests may be addressed to. */
  allowedHosts?: readonly string[];
}

export interface StatefulMock {
  api: string;
  port: number;
  url: string;
  engine: Engine;
  close(): Promise<void>;
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** The CORS headers of an answer: the origin policy's, plus every header of the reply exposed to the page. */
export function corsHeaders(policy: OriginPolicy, request: IncomingMessage, reply?: WireReply): Record<string, string> {
  const cors = policy.corsHeaders(request.headers.origin);
  if (cors["access-control-allow-origin"] === undefined || reply === undefined) return cors;
  const exposed = Object.keys(reply.headers);
  return exposed.length === 0 ? cors : { ...cors, "access-control-expose-headers": exposed.join(", ") };
}

function refuse(policy: OriginPolicy, request: IncomingMessage, response: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ error: message });
  response.writeHead(status, { ...policy.corsHeaders(request.headers.origin), ...headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) });
  response.end(body);
  request.resume();
}

function preflight(policy: OriginPolicy, request: IncomingMessage, response: ServerResponse): void {
  const origin = request.headers.origin;
  if (policy.corsGrant(origin) === "none") {
    refuse(policy, request, response, 403, policy.preflightRefusal(origin));
    return;
  }
  response.writeHead(204, {
    ...policy.corsHeaders(origin),
    "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": header(request, "access-control-request-headers") ?? "*",
    "Access-Control-Max-Age": "600",
  });
  response.end();
}

async function startOne(api: Api, options: StatefulOptions): Promise<StatefulMock> {
  const doc = loadBundle(api.bundle);
  const seed = options.data?.[api.name];
  let served: ReturnType<typeof specApi>;
  try {
    served = specApi(doc, api.name, seed === undefined ? {} : { seed });
  } catch (error) {
    if (error instanceof SeedError) throw new Error(`${api.name}: ${error.message}`);
    throw error;
  }
  const { api: definition, model } = served;
  const engine = createEngine(definition, doc, {
    validators: model.validators,
    rejectUnknownQuery: true,
    ...(options.token === undefined ? {} : { token: options.token }),
    ...(options.tokenHint === undefined ? {} : { tokenHint: options.tokenHint }),
  });
  const log = options.log;
  const policy = new OriginPolicy({ host: options.host, corsOrigins: options.corsOrigins ?? [], allowedHosts: options.allowedHosts ?? [] });
  const refused = (request: IncomingMessage, response: ServerResponse, status: number, message: string, headers?: Record<string, string>) => {
    log?.(logLine(api.name, request.method ?? "GET", request.url ?? "/", status, message));
    refuse(policy, request, response, status, message, headers);
    return true;
  };
  // Runs before the engine on every request: a Map lookup for the Host, a string compare for the path.
  const intercept = (request: IncomingMessage, response: ServerResponse): boolean => {
    const host = request.headers.host;
    if (!policy.hostAllowed(host)) return refused(request, response, 403, policy.hostRefusal(host ?? ""));
    if (request.method === "OPTIONS" && request.headers["access-control-request-method"] !== undefined) {
      preflight(policy, request, response);
      return true;
    }
    const url = request.url ?? "/";
    if (!url.startsWith(CONTROL_PREFIX)) return false;
    const path = url.split("?")[0] ?? url;
    const origin = request.headers.origin;
    if (origin !== undefined && !policy.controlAllowed(origin)) return refused(request, response, 403, policy.originRefusal(origin, path));
    if (!engine.carriesToken({ header: (name) => header(request, name), query: (name) => new URL(url, "http://mock").searchParams.get(name) ?? undefined })) {
      return refused(request, response, 401, `${path} needs the mock's --token: send Authorization: Bearer <token> (or the credential the way the API's scheme takes it)`, {
        "www-authenticate": 'Bearer realm="clients-contract mock"',
      });
    }
    if (path !== RESET_PATH || request.method !== "POST") return false;
    engine.reset();
    log?.(logLine(api.name, "POST", RESET_PATH, 204, "seed data restored"));
    response.writeHead(204, policy.corsHeaders(origin)).end();
    request.resume();
    return true;
  };
  let server: Listening;
  try {
    server = await listen(engine, {
      host: options.host,
      port: options.portOf(api),
      intercept,
      extraHeaders: (request, reply) => corsHeaders(policy, request, reply),
      ...(log ? { onAnswer: (request, answer) => log(logLine(api.name, request.method ?? "GET", request.url ?? "/", answer.reply.status, answer.problem)) } : {}),
    });
  } catch (error) {
    throw new Error(`${api.name}: ${(error as Error).message}${/in use/.test((error as Error).message) ? " (try --port-base)" : ""}`);
  }
  return { api: api.name, port: server.port, url: server.url, engine, close: server.close };
}

/** One stateful mock per API; on a failure the ones already started are closed. */
export async function startStatefulMocks(options: StatefulOptions): Promise<StatefulMock[]> {
  const started: StatefulMock[] = [];
  try {
    for (const api of options.apis) started.push(await startOne(api, options));
  } catch (error) {
    await Promise.all(started.map((mock) => mock.close()));
    throw error;
  }
  return started;
}
