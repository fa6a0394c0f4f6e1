// Part 5, side by side: `--workers` on a server that takes 20 ms per request (a real
// backend's latency; on loopback the suite's own CPU would be all there is to measure).
// The spec is the scale benchmark's (N resources, five operations each), served by the
// generic in-memory server holding every answer 20 ms, in a process of its own (in the
// suite's process, the server's CPU would be taken from the suite's); the runs are
// stateless, so every operation goes through the phase `--workers` spreads. Usage of
// the server alone: node --import tsx workers.ts <spec>.
// Two rows: requests per second with 4 workers against 1 (target: at least 3x), and with
// `--workers auto` against a plain fetch loop sending the very requests of that run at
// the same concurrency (target: at least 0.7x). A run's time is the whole call, loading
// the spec included, as a user waits for it.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { availableParallelism, tmpdir } from "node:os";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { runConformance } from "../conformance/runner.ts";
import { isMain } from "../lib/cli.ts";
import { loadSpec } from "../spec/load.ts";
import { startGenericServer } from "./generic-server.ts";
import { replay, type RecordedRequest, startRecordingProxy } from "./replay.ts";
import { elapsedMs, median } from "./stats.ts";
import { writeScaleSpec } from "./scale-spec.ts";
import { formatCount, formatRate, type Row } from "./table.ts";

const RESOURCES = 4;
const LATENCY_MS = 20;
const TOKEN = "workers-bench-token";
const SEED = 1;
const TIMEOUT_MS = 5_000;
const RUNS = 3;
/** What `--workers auto` means (conformance/flags.ts): two per core, at most 8. */
const AUTO_WORKERS = Math.min(8, 2 * availableParallelism());

interface Endpoint {
  url: string;
  close(): Promise<void>;
}

interface Rate {
  requests: number;
  ms: number;
  perSecond: number;
}

const rateOf = (requests: number, ms: number): Rate => ({ requests, ms, perSecond: (requests * 1000) / ms });

/** The slow server for `spec`, fresh (the same seed data each time), in a child process; stopped by `close`. */
async function startServerProcess(spec: string): Promise<Endpoint> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), spec], { stdio: ["ignore", "pipe", "inherit"] });
  const [url] = (await once(createInterface({ input: child.stdout }), "line")) as [string];
  return {
    url,
    close: async () => {
      child.kill();
      if (child.exitCode === null) await once(child, "exit");
    },
  };
}

/** A stateless run with `workers` against a fresh server. */
async function timedRun(spec: string, workers: number): Promise<Rate> {
  const server = await startServerProcess(spec);
  try {
    const start = process.hrtime.bigint();
    const report = await runConformance({ api: "workers", spec, baseUrl: server.url, token: TOKEN, stateless: true, seed: SEED, timeoutMs: TIMEOUT_MS, workers });
    return rateOf(report.requests, elapsedMs(start));
  } finally {
    await server.close();
  }
}

/** The requests a run with `workers` sends (the seed fixes them), recorded on their way. */
async function recordedRun(spec: string, workers: number): Promise<RecordedRequest[]> {
  const server = await startServerProcess(spec);
  const recorder = await startRecordingProxy(server.url);
  try {
    await runConformance({ api: "workers", spec, baseUrl: recorder.url, token: TOKEN, stateless: true, seed: SEED, timeoutMs: TIMEOUT_MS, workers });
    return [...recorder.requests];
  } finally {
    await recorder.close();
    await server.close();
  }
}

/** The recorded requests sent by `concurrency` plain fetch loops, each taking every concurrency-th request in order. */
async function fetchLoops(spec: string, requests: readonly RecordedRequest[], concurrency: number): Promise<Rate> {
  const server = await startServerProcess(spec);
  try {
    const lanes = Array.from({ length: concurrency }, (_, lane) => requests.filter((_request, i) => i % concurrency === lane));
    const start = process.hrtime.bigint();
    await Promise.all(lanes.map((lane) => replay(server.url, lane, TIMEOUT_MS)));
    return rateOf(requests.length, elapsedMs(start));
  } finally {
    await server.close();
  }
}

const medianRate = (rates: readonly Rate[]) => median(rates.map((rate) => rate.perSecond));

export async function runWorkers(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), "bench-workers-"));
  try {
    const spec = writeScaleSpec(dir, RESOURCES);
    const recorded = await recordedRun(spec, AUTO_WORKERS);
    const one: Rate[] = [];
    const four: Rate[] = [];
    const auto: Rate[] = [];
    const loops: Rate[] = [];
    // Taking turns, so a busy moment of the shared machine hits every kind of run alike.
    for (let i = 0; i < RUNS; i += 1) {
      one.push(await timedRun(spec, 1));
      four.push(await timedRun(spec, 4));
      auto.push(await timedRun(spec, AUTO_WORKERS));
      loops.push(await fetchLoops(spec, recorded, AUTO_WORKERS));
    }
    const part = "5 scale";
    const where = `${RESOURCES * 5} operations, ${LATENCY_MS} ms per request, stateless`;
    const requests = formatCount(median(four.map((rate) => rate.requests)));
    return [
      {
        part,
        case: `--workers 4 against --workers 1 (${where}, ${requests} requests)`,
        measured: formatRate(medianRate(four), "req/s"),
        floor: `${formatRate(medianRate(one), "req/s")} --workers 1`,
        ratio: medianRate(four) / medianRate(one),
        target: { kind: "min", value: 3 },
        data: { one, four, latencyMs: LATENCY_MS, resources: RESOURCES },
      },
      {
        part,
        case: `--workers auto (${AUTO_WORKERS}) against a fetch loop at the same concurrency, the same requests (${where})`,
        measured: formatRate(medianRate(auto), "req/s"),
        floor: `${formatRate(medianRate(loops), "req/s")} ${AUTO_WORKERS} fetch loops`,
        ratio: medianRate(auto) / medianRate(loops),
        target: { kind: "min", value: 0.7 },
        data: { auto, loops, workers: AUTO_WORKERS },
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  const spec = process.argv[2] ?? "";
  const serve = async () => {
    const server = await startGenericServer(await loadSpec(spec), TOKEN, LATENCY_MS);
    console.log(server.url);
  };
  serve().catch((error: unknown) => {
    console.error(`workers server: ${(error as Error).message}`);
    process.exit(1);
  });
}
