// Part 4: the mocks as `npm run mock` runs them (Prism per API behind the guard,
// static examples, Prism's request log off): start-up time of all of them, then
// throughput and latency of one list operation per API under autocannon, beside a
// bare node:http server answering the same bytes. Then, on one list operation side by
// side in alternating rounds: Prism bare, the guard in front of it, the stateful mock
// (built, as another repo runs it, and from the sources, as `npm run mock` runs it) and
// the node:http floor, for the guard's cost and the stateful mock's speed-up.
import { credentialsFor } from "../conformance/auth.ts";
import { buildModel } from "../spec/model.ts";
import { paginationOf } from "../spec/extensions.ts";
import { buildRequest } from "../conformance/requests.ts";
import { type Api, loadApis } from "../lib/apis.ts";
import { loadBundle } from "../spec/openapi.ts";
import { startMocks } from "../mock/mocks.ts";
import { buildCli } from "../build.ts";
import { type FixedReply, loadTest, type LoadResult, type PlainServer, startPlainServer, startStatefulMockProcess } from "./children.ts";
import { BenchError } from "./commands.ts";
import { mswBundleRow } from "./msw-bundle.ts";
import { median, pairedRatio, timeMs } from "./stats.ts";
import { formatMs, formatRate, type Row } from "./table.ts";
import { firstListOperation } from "./validation.ts";

const STARTUP_RUNS = 3;
const CONNECTIONS = 10;
const DURATION_SECONDS = 10;
const REQUEST_TIMEOUT_MS = 10_000;
/** Prism checks that credentials are present, not what they are. */
const TOKEN = "bench-token-0123456789ab";
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "date"]);

interface ListRequest {
  api: Api;
  operation: string;
  method: string;
  path: string;
  url: string;
  headers: Record<string, string>;
}

/** `pageSize`: ask for pages of that many items (where the list pages), so mocks that answer from a store and from an example send alike bodies. */
function listRequest(api: Api, baseUrl: string, pageSize?: number): ListRequest | undefined {
  const model = buildModel(loadBundle(api.bundle), api.name);
  const op = firstListOperation(model.operations);
  if (!op) return undefined;
  const credentials = credentialsFor(model, op);
  const limit = paginationOf(op)?.limit;
  const page = pageSize !== undefined && limit !== undefined ? { [limit]: pageSize } : {};
  const request = buildRequest(baseUrl, op, { headers: credentials?.headers(TOKEN) ?? {}, query: { ...credentials?.query(TOKEN), ...page } });
  return { api, operation: op.operationId, method: request.method, path: op.path, url: request.url, headers: request.headers };
}

/** One answer of the mock, kept byte for byte for the plain server to repeat. */
async function sampleReply(request: ListRequest): Promise<FixedReply> {
  const response = await fetch(request.url, { method: request.method, headers: request.headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const body = new Uint8Array(await response.arrayBuffer());
  if (response.status < 200 || response.status > 299) {
    throw new BenchError(`${request.api.name} ${request.operation}: the mock answered ${response.status}, not 2xx`);
  }
  const headers = Object.fromEntries([...response.headers].filter(([name]) => !HOP_BY_HOP.has(name)));
  return { status: response.status, headers, body };
}

async function startupRow(apis: Api[]): Promise<Row> {
  const mockTimes: number[] = [];
  const floorTimes: number[] = [];
  for (let round = 0; round < STARTUP_RUNS; round += 1) {
    let stop = async () => {};
    mockTimes.push(
      await timeMs(async () => {
        stop = (await startMocks({ portBase: 0, apis })).stop;
      }),
    );
    await stop();
    const empty: FixedReply = { status: 204, headers: {}, body: new Uint8Array() };
    let servers: Array<{ stop(): Promise<void> }> = [];
    floorTimes.push(
      await timeMs(async () => {
        servers = await Promise.all(apis.map(() => startPlainServer(empty)));
      }),
    );
    await Promise.all(servers.map((server) => server.stop()));
  }
  return {
    part: "4 mock",
    case: `start-up, all ${apis.length} mocks`,
    measured: formatMs(median(mockTimes)),
    floor: `${formatMs(median(floorTimes))} ${apis.length} bare node servers`,
    ratio: pairedRatio(mockTimes, floorTimes),
    data: { runs: STARTUP_RUNS, ms: mockTimes, medianMs: median(mockTimes), floorMs: floorTimes, floorMedianMs: median(floorTimes) },
  };
}

function describeLoad(result: LoadResult): string {
  return `${formatRate(result.requestsPerSecond, "req/s")}, p50 ${result.p50} ms, p99 ${result.p99} ms`;
}

async function loadRow(request: ListRequest): Promise<Row> {
  const reply = await sampleReply(request);
  const plain = await startPlainServer(reply);
  try {
    const options = { method: request.method, headers: request.headers, connections: CONNECTIONS, durationSeconds: DURATION_SECONDS };
    const mock = await loadTest({ ...options, url: request.url });
    const { pathname, search } = new URL(request.url);
    const floor = await loadTest({ ...options, url: `${plain.url}${pathname}${search}` });
    if (mock.non2xx > 0 || mock.errors > 0) {
      throw new BenchError(`${request.api.name}: the mock answered ${mock.non2xx} non-2xx and ${mock.errors} errors under load`);
    }
    return {
      part: "4 mock",
      case: `${request.api.name} ${request.operation} ${request.method} ${request.path} (${CONNECTIONS} conn, ${DURATION_SECONDS} s, ${reply.body.byteLength} B)`,
      measured: describeLoad(mock),
      floor: `${describeLoad(floor)} node:http`,
      ratio: mock.requestsPerSecond / floor.requestsPerSecond,
      data: { api: request.api.name, operationId: request.operation, bytes: reply.body.byteLength, connections: CONNECTIONS, durationSeconds: DURATION_SECONDS, mock, floor },
    };
  } finally {
    await plain.stop();
  }
}

const SIDE_BY_SIDE_ROUNDS = 3;
const SIDE_BY_SIDE_SECONDS = 5;
/** The guard may cost at most 15% of Prism's bare throughput; the stateful mock must be 5x Prism's. */
const GUARD_TARGET = 0.85;
const STATEFUL_TARGET = 5;

interface Contender {
  label: string;
  url: string;
  samples: LoadResult[];
}

/** Each contender under the same load in turn, round after round, so a busy moment hits them all alike. */
async function alternate(request: ListRequest, contenders: Contender[]): Promise<void> {
  const { pathname, search } = new URL(request.url);
  for (let round = 0; round < SIDE_BY_SIDE_ROUNDS; round += 1) {
    for (const contender of contenders) {
      const result = await loadTest({ url: `${contender.url}${pathname}${search}`, method: request.method, headers: request.headers, connections: CONNECTIONS, durationSeconds: SIDE_BY_SIDE_SECONDS });
      if (result.non2xx > 0 || result.errors > 0) throw new BenchError(`${request.api.name} ${contender.label}: ${result.non2xx} non-2xx and ${result.errors} errors under load`);
      contender.samples.push(result);
    }
  }
}

const rates = (contender: Contender) => contender.samples.map((sample) => sample.requestsPerSecond);

function sideBySideRow(request: ListRequest, contender: Contender, base: Contender, target?: { kind: "min"; value: number }): Row {
  return {
    part: "4 mock",
    case: `${request.api.name} ${request.operation} ${new URL(request.url).search}, side by side: ${contender.label}`,
    measured: `${formatRate(median(rates(contender)), "req/s")}, p99 ${median(contender.samples.map((sample) => sample.p99))} ms`,
    floor: `${formatRate(median(rates(base)), "req/s")} ${base.label}`,
    ratio: pairedRatio(rates(contender), rates(base)),
    ...(target ? { target } : {}),
    data: { api: request.api.name, operationId: request.operation, rounds: SIDE_BY_SIDE_ROUNDS, durationSeconds: SIDE_BY_SIDE_SECONDS, samples: contender.samples, base: base.label },
  };
}

/**
 * Prism bare, guard + Prism, the stateful mock (built, and from the sources) and node:http
 * on the same list request, each mock in its own process as its users run it.
 */
async function sideBySideRows(api: Api): Promise<Row[]> {
  await buildCli();
  const prism = await startMocks({ portBase: 0, apis: [api] });
  const started: PlainServer[] = [];
  try {
    const [guarded] = prism.mocks;
    // One item per page: Prism answers the example's items whatever the limit, the stateful mock its whole store.
    const request = listRequest(api, guarded?.url ?? "", 1);
    if (!request || !guarded?.upstream) return [];
    // One at a time, so a failing start leaves nothing running that `finally` does not know of.
    for (const start of [() => startStatefulMockProcess("built", api.name), () => startStatefulMockProcess("sources", api.name), async () => startPlainServer(await sampleReply(request))]) {
      started.push(await start());
    }
    const [built, sources, plain] = started as [PlainServer, PlainServer, PlainServer];
    const contenders: Contender[] = [
      { label: "Prism bare", url: guarded.upstream, samples: [] },
      { label: "guard + Prism", url: guarded.url, samples: [] },
      { label: "stateful mock (clients-contract mock)", url: built.url, samples: [] },
      { label: "stateful mock (npm run mock -- --stateful, tsx)", url: sources.url, samples: [] },
      { label: "node:http floor", url: plain.url, samples: [] },
    ];
    await alternate(request, contenders);
    const [bare, guard, shipped, tsx, floor] = contenders as [Contender, Contender, Contender, Contender, Contender];
    return [
      sideBySideRow(request, bare, floor),
      sideBySideRow(request, guard, bare, { kind: "min", value: GUARD_TARGET }),
      sideBySideRow(request, shipped, bare, { kind: "min", value: STATEFUL_TARGET }),
      sideBySideRow(request, tsx, bare),
      sideBySideRow(request, floor, bare),
    ];
  } finally {
    await Promise.all([prism.stop(), ...started.map((server) => server.stop())]);
  }
}

export async function runMock(apis: Api[] = loadApis()): Promise<Row[]> {
  const rows = [await startupRow(apis)];
  const mocks = await startMocks({ portBase: 0, apis });
  try {
    for (const api of apis) {
      const request = listRequest(api, mocks.urls[api.name] ?? "");
      if (request) rows.push(await loadRow(request));
    }
  } finally {
    await mocks.stop();
  }
  // One list operation is enough for the side-by-side figures: the code paths are the same for every API.
  const [compared] = apis;
  if (compared) rows.push(...(await sideBySideRows(compared)), await mswBundleRow(compared));
  return rows;
}
