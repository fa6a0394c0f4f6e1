// Part 3: a full conformance run per API against its reference server, beside the
// floor: the same requests sent by a plain fetch loop with no checks. A second row sets
// the run beside the same requests sent through the suite's own transport (node:http)
// with no checks: that gap is what the checks and their inputs cost. Each timed run
// gets a fresh server, so every run starts from the same seed data.
import { runConformance } from "../conformance/runner.ts";
import { type Api, loadApis } from "../lib/apis.ts";
import { REFERENCE_APIS, startReferenceServer } from "../../test/fixtures/reference/index.ts";
import { BenchError } from "./commands.ts";
import { replay, type RecordedRequest, type ReplayTransport, startRecordingProxy } from "./replay.ts";
import { median, pairedRatio } from "./stats.ts";
import { formatCount, formatMs, type Row } from "./table.ts";

// Runs take a fraction of a second, so more of them cost little and steady the medians.
const RUNS = 5;
/** One seed for every run, so each run sends the same requests as the recorded one. */
const SEED = 1;
const TIMEOUT_MS = 5_000;
const TARGET = { kind: "max", value: 1.3 } as const;

export async function withServer<T>(api: string, work: (url: string, token: string) => Promise<T>): Promise<T> {
  const server = await startReferenceServer({ api });
  try {
    return await work(server.url, server.token);
  } finally {
    await server.close();
  }
}

function checksRun(summary: Record<string, { passed: number; failed: number }>): number {
  return Object.values(summary).reduce((total, entry) => total + entry.passed + entry.failed, 0);
}

interface TimedRun {
  ms: number;
  requests: number;
  checks: number;
  violations: number;
  complete: boolean;
}

async function timedRun(api: string): Promise<TimedRun> {
  return withServer(api, async (baseUrl, token) => {
    const start = process.hrtime.bigint();
    const report = await runConformance({ api, baseUrl, token, seed: SEED, timeoutMs: TIMEOUT_MS });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    return { ms, requests: report.requests, checks: checksRun(report.summary), violations: report.violations.length, complete: report.complete };
  });
}

export async function recordRequests(api: string): Promise<RecordedRequest[]> {
  return withServer(api, async (baseUrl, token) => {
    const proxy = await startRecordingProxy(baseUrl);
    try {
      await runConformance({ api, baseUrl: proxy.url, token, seed: SEED, timeoutMs: TIMEOUT_MS });
      return [...proxy.requests];
    } finally {
      await proxy.close();
    }
  });
}

async function timedReplay(api: string, requests: RecordedRequest[], transport: ReplayTransport): Promise<number> {
  return withServer(api, async (baseUrl) => {
    const start = process.hrtime.bigint();
    await replay(baseUrl, requests, TIMEOUT_MS, transport);
    return Number(process.hrtime.bigint() - start) / 1e6;
  });
}

async function apiRows(api: Api): Promise<Row[]> {
  // The recording run also warms up the engine and fetch, so no timed run pays for the JIT.
  const recorded = await recordRequests(api.name);
  const runs: TimedRun[] = [];
  const floor: number[] = [];
  const transportFloor: number[] = [];
  for (let round = 0; round < RUNS; round += 1) {
    runs.push(await timedRun(api.name));
    floor.push(await timedReplay(api.name, recorded, "fetch"));
    transportFloor.push(await timedReplay(api.name, recorded, "suite-transport"));
  }
  if (runs.some((run) => !run.complete)) throw new BenchError(`${api.name}: a conformance run against the reference server stopped early`);
  const last = runs.at(-1) as TimedRun;
  const times = runs.map((run) => run.ms);
  const data = {
    api: api.name,
    seed: SEED,
    runs: RUNS,
    requests: last.requests,
    checks: last.checks,
    violations: last.violations,
    ms: times,
    medianMs: median(times),
    floorRequests: recorded.length,
    floorMs: floor,
    floorMedianMs: median(floor),
    transportFloorMs: transportFloor,
    transportFloorMedianMs: median(transportFloor),
  };
  return [
    {
      part: "3 conformance",
      case: `${api.name}, full mode: ${formatCount(last.requests)} requests, ${formatCount(last.checks)} checks`,
      measured: formatMs(median(times)),
      floor: `${formatMs(median(floor))} fetch loop, ${formatCount(recorded.length)} requests`,
      ratio: pairedRatio(times, floor),
      target: TARGET,
      data,
    },
    {
      part: "3 conformance",
      case: `${api.name}, the same run: what checks and inputs cost`,
      measured: formatMs(median(times)),
      floor: `${formatMs(median(transportFloor))} suite's node:http, no checks`,
      ratio: pairedRatio(times, transportFloor),
      data: { api: api.name, view: "checks over the suite's own transport" },
    },
  ];
}

export async function runConformanceBench(apis: Api[] = loadApis()): Promise<Row[]> {
  const served = new Set(REFERENCE_APIS.map((reference) => reference.name));
  const rows: Row[] = [];
  for (const api of apis.filter((candidate) => served.has(candidate.name))) rows.push(...(await apiRows(api)));
  return rows;
}
