// Part 4: the mocks as `npm run mock` runs them (Prism per API behind the guard,
// static examples, Prism's request log off): start-up time of all of them, then
// throughput and latency of one list operation per API under autocannon, beside a
// bare node:http server answering the same bytes.
import { credentialsFor } from "../conformance/auth.ts";
import { buildModel } from "../conformance/model.ts";
import { buildRequest } from "../conformance/requests.ts";
import { type Api, loadApis } from "../lib/apis.ts";
import { loadBundle } from "../lib/openapi.ts";
import { startMocks } from "../mock/mocks.ts";
import { type FixedReply, loadTest, type LoadResult, startPlainServer } from "./children.ts";
import { BenchError } from "./commands.ts";
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

function listRequest(api: Api, baseUrl: string): ListRequest | undefined {
  const model = buildModel(loadBundle(api.bundle), api.name);
  const op = firstListOperation(model.operations);
  if (!op) return undefined;
  const credentials = credentialsFor(model, op);
  const request = buildRequest(baseUrl, op, { headers: credentials?.headers(TOKEN) ?? {}, query: credentials?.query(TOKEN) ?? {} });
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
  return rows;
}
