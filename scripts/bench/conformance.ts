// Part 3: a full conformance run per API against its reference server, beside the
// floor: the same requests sent by a plain fetch loop with no checks. A second row sets
// the run beside the same requests sent through the suite's own transport (node:http)
// with no checks: that gap is what the checks and their inputs cost. A third row is the
// generation phases on their own (examples, boundary values, random inputs for every
// operation; CPU only) beside the request loop, with the requests each phase adds; a
// last row times shrinking: a run against a fault that makes boundary inputs fail, its
// requests replayed by the plain loop. Each timed run gets a fresh server, so every run
// starts from the same seed data.
import { RunContext } from "../conformance/context.ts";
import { HttpClient } from "../conformance/http.ts";
import { invalidInputs, validInputs } from "../conformance/inputs.ts";
import { buildModel } from "../spec/model.ts";
import { Pacer } from "../conformance/pacing.ts";
import { CHECK_NAMES } from "../conformance/checks/index.ts";
import { Recorder } from "../conformance/results.ts";
import { runConformance } from "../conformance/runner.ts";
import { loadBundle } from "../spec/openapi.ts";
import { type Api, findApi, loadApis } from "../lib/apis.ts";
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

/** A fault whose failures are shrunk: long strings from the boundary phase, cut down to 256 characters. */
const SHRINK_CASE = { api: "fullengage", faults: ["long-string-500"] } as const;

export async function withServer<T>(api: string, work: (url: string, token: string) => Promise<T>, faults: readonly string[] = []): Promise<T> {
  const server = await startReferenceServer({ api, faults });
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
  /** Violations reported on a shrunk input. */
  shrunk: number;
  complete: boolean;
}

async function timedRun(api: string, faults: readonly string[] = []): Promise<TimedRun> {
  return withServer(
    api,
    async (baseUrl, token) => {
      const start = process.hrtime.bigint();
      const report = await runConformance({ api, baseUrl, token, seed: SEED, timeoutMs: TIMEOUT_MS });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const shrunk = report.violations.filter((violation) => violation.shrunkFrom !== undefined).length;
      return { ms, requests: report.requests, checks: checksRun(report.summary), violations: report.violations.length, shrunk, complete: report.complete };
    },
    faults,
  );
}

export async function recordRequests(api: string, faults: readonly string[] = []): Promise<RecordedRequest[]> {
  return withServer(
    api,
    async (baseUrl, token) => {
      const proxy = await startRecordingProxy(baseUrl);
      try {
        await runConformance({ api, baseUrl: proxy.url, token, seed: SEED, timeoutMs: TIMEOUT_MS });
        return [...proxy.requests];
      } finally {
        await proxy.close();
      }
    },
    faults,
  );
}

async function timedReplay(api: string, requests: RecordedRequest[], transport: ReplayTransport, faults: readonly string[] = []): Promise<number> {
  return withServer(
    api,
    async (baseUrl) => {
      const start = process.hrtime.bigint();
      await replay(baseUrl, requests, TIMEOUT_MS, transport);
      return Number(process.hrtime.bigint() - start) / 1e6;
    },
    faults,
  );
}

/** Builds every operation's valid inputs (all three phases) and invalid inputs once; returns the inputs per phase. */
function generateAll(api: string): Record<string, number> {
  const model = buildModel(loadBundle(findApi(api).bundle), api);
  const settings = { baseUrl: "http://127.0.0.1:1", token: "bench", headers: {}, stateless: false, seed: SEED, maxExamples: 4, deadline: Number.MAX_SAFE_INTEGER, runTag: "bench", strict: false };
  const http = new HttpClient({ timeoutMs: TIMEOUT_MS, maxBodyBytes: 1024, secrets: [] });
  const ctx = new RunContext(model, http, new Recorder(new Set(CHECK_NAMES)), settings, () => {}, new Pacer());
  const perPhase: Record<string, number> = { examples: 0, boundaries: 0, random: 0, invalid: 0 };
  for (const op of model.operations) {
    for (const input of validInputs(ctx, op)) perPhase[input.phase ?? "examples"] = (perPhase[input.phase ?? "examples"] ?? 0) + 1;
    perPhase.invalid = (perPhase.invalid ?? 0) + invalidInputs(ctx, op).length;
  }
  return perPhase;
}

function timedGeneration(api: string): { ms: number; perPhase: Record<string, number> } {
  const start = process.hrtime.bigint();
  const perPhase = generateAll(api);
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, perPhase };
}

async function apiRows(api: Api): Promise<Row[]> {
  // The recording run also warms up the engine and fetch, so no timed run pays for the JIT.
  const recorded = await recordRequests(api.name);
  const runs: TimedRun[] = [];
  const floor: number[] = [];
  const transportFloor: number[] = [];
  const generation: number[] = [];
  let perPhase: Record<string, number> = {};
  for (let round = 0; round < RUNS; round += 1) {
    runs.push(await timedRun(api.name));
    floor.push(await timedReplay(api.name, recorded, "fetch"));
    transportFloor.push(await timedReplay(api.name, recorded, "suite-transport"));
    const generated = timedGeneration(api.name);
    generation.push(generated.ms);
    perPhase = generated.perPhase;
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
    {
      part: "3 conformance",
      case: `${api.name}, generation phases alone: ${Object.entries(perPhase).map(([phase, count]) => `${count} ${phase}`).join(", ")} inputs`,
      measured: formatMs(median(generation)),
      floor: `${formatMs(median(floor))} fetch loop of the whole run`,
      ratio: pairedRatio(generation, floor),
      data: { api: api.name, view: "input generation (CPU) beside the request loop", generationMs: generation, medianMs: median(generation), inputsPerPhase: perPhase },
    },
  ];
}

/** Shrinking: a run whose boundary inputs fail, beside its own requests (shrink candidates included) in a plain loop. */
async function shrinkRow(): Promise<Row> {
  const { api, faults } = SHRINK_CASE;
  const recorded = await recordRequests(api, faults);
  const runs: TimedRun[] = [];
  const floor: number[] = [];
  for (let round = 0; round < RUNS; round += 1) {
    runs.push(await timedRun(api, faults));
    floor.push(await timedReplay(api, recorded, "fetch", faults));
  }
  const clean = (await timedRun(api)).requests;
  const last = runs.at(-1) as TimedRun;
  const times = runs.map((run) => run.ms);
  return {
    part: "3 conformance",
    case: `${api} with ${faults.join(", ")}: ${formatCount(last.shrunk)} of ${formatCount(last.violations)} violations on shrunk inputs, ${formatCount(last.requests - clean)} requests more than a clean run`,
    measured: formatMs(median(times)),
    floor: `${formatMs(median(floor))} fetch loop, ${formatCount(recorded.length)} requests`,
    ratio: pairedRatio(times, floor),
    data: { api, faults, view: "shrinking", ms: times, medianMs: median(times), floorMs: floor, requests: last.requests, cleanRunRequests: clean, violations: last.violations, shrunk: last.shrunk },
  };
}

export async function runConformanceBench(apis: Api[] = loadApis()): Promise<Row[]> {
  const served = new Set(REFERENCE_APIS.map((reference) => reference.name));
  const rows: Row[] = [];
  for (const api of apis.filter((candidate) => served.has(candidate.name))) rows.push(...(await apiRows(api)));
  if (apis.some((api) => api.name === SHRINK_CASE.api)) rows.push(await shrinkRow());
  return rows;
}
