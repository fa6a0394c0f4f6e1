// The stateful mock: every API served in this process from an in-memory store seeded
// with the documented examples (./spec-api.ts on the engine), with the Prism mode's
// CORS, a control route that restores the seed, and an optional request log.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Api } from "../lib/apis.ts";
import { loadBundle } from "../lib/openapi.ts";
import { createEngine, type Engine } from "../server/engine.ts";
import { type Listening, listen } from "../server/server.ts";
import type { WireReply } from "../server/types.ts";
import { logLine } from "./log.ts";
import { specApi } from "./spec-api.ts";

/** `POST` here restores the seed data of the mock it is sent to. */
export const RESET_PATH = "/__mock/reset";

export interface StatefulOptions {
  apis: Api[];
  host: string;
  /** The port of each API (0: a free one). */
  portOf(api: Api): number;
  /** The only token accepted; default any non-empty credential sent the way the API's scheme says. */
  token?: string;
  /** Receives one line per request. */
  log?: (line: string) => void;
}

export interface StatefulMock {
  api: string;
  port: number;
  url: string;
  engine: Engine;
  close(): Promise<void>;
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** What Prism sends: any origin may call, with credentials, and read every header. */
export function corsHeaders(request: IncomingMessage, reply?: WireReply): Record<string, string> {
  const origin = header(request, "origin");
  const headers: Record<string, string> = origin
    ? { "Access-Control-Allow-Origin": origin, "Access-Control-Allow-Credentials": "true", Vary: "Origin" }
    : { "Access-Control-Allow-Origin": "*" };
  const exposed = Object.keys(reply?.headers ?? {});
  if (exposed.length > 0) headers["Access-Control-Expose-Headers"] = exposed.join(", ");
  return headers;
}

function preflight(request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(204, {
    ...corsHeaders(request),
    "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": header(request, "access-control-request-headers") ?? "*",
    "Access-Control-Max-Age": "600",
  });
  response.end();
}

async function startOne(api: Api, options: StatefulOptions): Promise<StatefulMock> {
  const doc = loadBundle(api.bundle);
  const { api: definition, model } = specApi(doc, api.name);
  const engine = createEngine(definition, doc, { validators: model.validators, rejectUnknownQuery: true, ...(options.token === undefined ? {} : { token: options.token }) });
  const log = options.log;
  const intercept = (request: IncomingMessage, response: ServerResponse): boolean => {
    if (request.method === "OPTIONS" && header(request, "access-control-request-method") !== undefined) {
      preflight(request, response);
      return true;
    }
    if (request.url?.split("?")[0] !== RESET_PATH || request.method !== "POST") return false;
    engine.reset();
    log?.(logLine(api.name, "POST", RESET_PATH, 204, "seed data restored"));
    response.writeHead(204, corsHeaders(request)).end();
    request.resume();
    return true;
  };
  let server: Listening;
  try {
    server = await listen(engine, {
      host: options.host,
      port: options.portOf(api),
      intercept,
      extraHeaders: corsHeaders,
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
