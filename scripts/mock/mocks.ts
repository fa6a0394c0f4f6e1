// The programmatic mock runner: `npm run mock`, `npm start`, the tests and the
// benchmarks all start mocks through `startMocks`, so they all see the same thing.
// Each API gets a Prism server on a private port (all of a run's in one host process,
// ./prism.ts) and a guard (./guard.ts) on its public port, 127.0.0.1:<port base + the
// API's index in redocly.yaml>.
import { type Api, loadApis, MOCK_PORT_BASE } from "../lib/apis.ts";
import { loadBundle, serverUrl } from "../spec/openapi.ts";
import { sameAsPairs } from "../spec/extensions.ts";
import { anyBearerPrefixOptional } from "../spec/security.ts";
import { type Guard, ListenError, startGuard } from "./guard.ts";
import { PrismFailure, type PrismHost, startPrismHost } from "./prism.ts";
import { prismSpec } from "./prism-explain.ts";
import { OriginPolicy } from "./origin-policy.ts";
import type { SeedData } from "./spec-api.ts";
import { startStatefulMocks } from "./stateful.ts";

export const MOCK_HOST = "127.0.0.1";
const DEFAULT_READY_TIMEOUT_MS = 30_000;

export interface MockOptions {
  /** Which APIs to mock; all of redocly.yaml by default. */
  apis?: Api[];
  /** Port of the first API in redocly.yaml; each API adds its index. 0 picks free ports. */
  portBase?: number;
  /** Serve data generated from the schemas instead of the vendors' examples. */
  dynamic?: boolean;
  /** Makes generated data repeatable. */
  seed?: number;
  readyTimeoutMs?: number;
  /** Aborting while the mocks start stops those already started and rejects. */
  signal?: AbortSignal;
  /** Serve from an in-memory store that remembers writes (./stateful.ts) instead of Prism. */
  stateful?: boolean;
  /** Stateful mode: the only token accepted (default: any credential sent the way the scheme says). */
  token?: string;
  /** Stateful mode: the 401's advice to a client that sent another token. */
  tokenHint?: string;
  /** Stateful mode: seed data per API name, each `{ <collection>: [items] }`, in place of the examples (`--data-file`). */
  data?: Record<string, SeedData>;
  /** Address to listen on; default 127.0.0.1. */
  host?: string;
  /** Origins besides the loopback ones whose pages may read answers, with credentials; `*`: every origin, without (./origin-policy.ts). */
  corsOrigins?: string[];
  /** Host names besides the loopback ones (and `host`) that requests may be addressed to. */
  allowedHosts?: string[];
  /** Receives one line per request (method, path, status, what was wrong). */
  log?: (line: string) => void;
}

export interface RunningMock {
  api: string;
  url: string;
  port: number;
  /** PID of the Prism host (one process for every API of the run); undefined in stateful mode, which runs in this process. */
  pid?: number;
  /** Prism's own URL behind the guard (the benchmark compares the two); undefined in stateful mode. */
  upstream?: string;
}

export interface RunningMocks {
  mocks: RunningMock[];
  /** Base URL per API name. */
  urls: Record<string, string>;
  /** Resolves with a one-line reason if a mock stops without being asked to. */
  unexpectedExit: Promise<string>;
  stop(): Promise<void>;
}

/** Errors a user can act on; the message is one line, ready to print. */
export class MockStartError extends Error {}

interface Started {
  api: Api;
  guard: Guard;
  /** Prism's own port behind the guard, once it listens. */
  upstream?: number;
}

export function mockPort(api: Api, portBase: number): number {
  return portBase === 0 ? 0 : portBase + api.index;
}

async function guardPort(api: Api, portBase: number, options: MockOptions): Promise<Guard> {
  const doc = loadBundle(api.bundle);
  try {
    return await startGuard({
      api: api.name,
      host: options.host ?? MOCK_HOST,
      port: mockPort(api, portBase),
      sameAs: sameAsPairs(doc),
      bearerPrefixOptional: anyBearerPrefixOptional(doc),
      spec: prismSpec(doc, api.name),
      serverUrls: (doc.servers ?? []).map(serverUrl),
      corsOrigins: options.corsOrigins ?? [],
      allowedHosts: options.allowedHosts ?? [],
      ...(options.log ? { log: options.log } : {}),
    });
  } catch (error) {
    if (error instanceof ListenError) throw new MockStartError(error.message);
    throw error;
  }
}

/** The host serving every API's Prism, each guard pointed at its API's server; or the first failure, with the host stopped. */
async function startPrisms(started: Started[], options: MockOptions): Promise<PrismHost> {
  const host = startPrismHost(started.map(({ api }) => ({ name: api.name, bundle: api.bundle, dynamic: options.dynamic ?? false, seed: options.seed })));
  try {
    const ports = await Promise.all(
      started.map(({ api }) =>
        host.ready(api.name, options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS, options.signal).catch((error: unknown) => {
          throw error instanceof PrismFailure ? new MockStartError(`${api.name}: ${error.message}`) : error;
        }),
      ),
    );
    started.forEach((item, index) => {
      item.upstream = ports[index] as number;
      item.guard.setUpstream(item.upstream);
    });
    return host;
  } catch (error) {
    await host.stop();
    throw error;
  }
}

async function stopAll(started: Started[], host?: PrismHost): Promise<void> {
  await Promise.all([...started.map(({ guard }) => guard.close()), host?.stop()]);
}

/** The base URL of a server listening on `host`. */
export function baseUrl(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

async function startStateful(apis: Api[], portBase: number, options: MockOptions): Promise<RunningMocks> {
  const host = options.host ?? MOCK_HOST;
  let started;
  try {
    started = await startStatefulMocks({
      apis,
      host,
      portOf: (api) => mockPort(api, portBase),
      corsOrigins: options.corsOrigins ?? [],
      allowedHosts: options.allowedHosts ?? [],
      ...(options.token === undefined ? {} : { token: options.token }),
      ...(options.tokenHint === undefined ? {} : { tokenHint: options.tokenHint }),
      ...(options.data === undefined ? {} : { data: options.data }),
      ...(options.log ? { log: options.log } : {}),
    });
  } catch (error) {
    throw new MockStartError((error as Error).message);
  }
  const mocks = started.map((mock) => ({ api: mock.api, port: mock.port, url: baseUrl(host, mock.port) }));
  return {
    mocks,
    urls: Object.fromEntries(mocks.map((mock) => [mock.api, mock.url])),
    // In-process servers do not exit on their own.
    unexpectedExit: new Promise<string>(() => {}),
    stop: async () => {
      await Promise.all(started.map((mock) => mock.close()));
    },
  };
}

export async function startMocks(options: MockOptions = {}): Promise<RunningMocks> {
  const apis = options.apis ?? loadApis();
  const portBase = options.portBase ?? MOCK_PORT_BASE;
  const lastPort = Math.max(...apis.map((api) => mockPort(api, portBase)));
  if (!Number.isInteger(portBase) || portBase < 0 || lastPort > 65_535) {
    throw new MockStartError(`port base ${portBase} does not leave room for ${apis.length} mocks below 65536`);
  }
  // A broken bundle is reported in one line here, before Prism turns it into a stack dump.
  for (const api of apis) {
    try {
      loadBundle(api.bundle);
    } catch (error) {
      throw new MockStartError(`${api.name}: ${(error as Error).message}`);
    }
  }
  // A bad --cors-origin or --allowed-host in one line, before anything listens (each mock builds its own policy from them).
  try {
    new OriginPolicy({ host: options.host ?? MOCK_HOST, corsOrigins: options.corsOrigins ?? [], allowedHosts: options.allowedHosts ?? [] });
  } catch (error) {
    throw new MockStartError((error as Error).message);
  }
  if (options.stateful) return startStateful(apis, portBase, options);

  const started: Started[] = [];
  let host: PrismHost;
  let stopping = false;
  try {
    // Ports first: a port in use is known at once, not after Prism's start-up.
    for (const api of apis) {
      options.signal?.throwIfAborted();
      started.push({ api, guard: await guardPort(api, portBase, options) });
    }
    host = await startPrisms(started, options);
  } catch (error) {
    stopping = true;
    await stopAll(started);
    throw error;
  }

  const mocks = started.map(({ api, guard, upstream }) => ({
    api: api.name,
    port: guard.port,
    url: baseUrl(options.host ?? MOCK_HOST, guard.port),
    pid: host.child.pid,
    upstream: baseUrl("127.0.0.1", upstream as number),
  }));
  // One host serves them all: when it goes, every API goes with it.
  const unexpectedExit = host.exited.then((reason) =>
    stopping ? new Promise<string>(() => {}) : `${started.map(({ api }) => api.name).join(", ")}: mock stopped unexpectedly (${reason})`,
  );
  return {
    mocks,
    urls: Object.fromEntries(mocks.map((mock) => [mock.api, mock.url])),
    unexpectedExit,
    async stop() {
      stopping = true;
      await stopAll(started, host);
    },
  };
}
