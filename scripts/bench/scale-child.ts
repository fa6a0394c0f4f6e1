// One size of the scale benchmark, in a process of its own so peak memory is this
// size's alone: writes a spec with N resources, bundles it (Redocly CLI) and types it
// (openapi-typescript) as separate processes, compiles every response validator,
// then runs one conformance pass against the generic in-memory server.
// Usage: node --import tsx scale-child.ts <N>; prints one JSON line (ScaleSample).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runConformance } from "../conformance/runner.ts";
import { isMain } from "../lib/cli.ts";
import { escapePointerToken, listOperations, loadBundle, type OpenApiDocument } from "../spec/openapi.ts";
import { SpecValidators } from "../spec/validators.ts";
import { BenchError, packageBin, run } from "./commands.ts";
import { startGenericServer } from "./generic-server.ts";
import { median, timeMs } from "./stats.ts";
import { OPERATIONS_PER_RESOURCE, writeScaleSpec } from "./scale-spec.ts";

export interface ScaleSample {
  resources: number;
  operations: number;
  bundleBytes: number;
  /** Medians of REPEATS runs, in ms. */
  bundleMs: number;
  typesMs: number;
  compileMs: number;
  schemasCompiled: number;
  conformanceMs: number;
  requests: number;
  checks: number;
  violations: number;
  complete: boolean;
  /** Peak resident set size in bytes of each process. */
  peakRss: { bundle: number; types: number; toolkit: number };
}

const REPEATS = 3;
const TOKEN = "scale-bench-token";
const CONFORMANCE_TIME_LIMIT_MS = 400_000;
const reportRss = fileURLToPath(new URL("./report-rss.cjs", import.meta.url));
const floorTypes = fileURLToPath(new URL("./floor-types.mjs", import.meta.url));

/** Runs a node script REPEATS times; median wall time and the largest peak RSS. */
async function timedNode(dir: string, label: string, args: string[]): Promise<{ ms: number; rss: number }> {
  const times: number[] = [];
  let rss = 0;
  for (let i = 0; i < REPEATS; i += 1) {
    const rssFile = join(dir, `${label}.rss`);
    const result = await run(process.execPath, ["-r", reportRss, ...args], { cwd: dir, env: { ...process.env, BENCH_RSS_FILE: rssFile } });
    times.push(result.ms);
    rss = Math.max(rss, Number(readFileSync(rssFile, "utf8")));
  }
  return { ms: median(times), rss };
}

function responseSchemaPointers(doc: OpenApiDocument): string[] {
  return listOperations(doc).flatMap((op) =>
    Object.entries(op.responses).flatMap(([status, response]) =>
      Object.keys(response.content ?? {})
        .filter((type) => /json/.test(type))
        .map((type) => `${op.pointer}/responses/${status}/content/${escapePointerToken(type)}/schema`),
    ),
  );
}

async function compileAll(doc: OpenApiDocument): Promise<{ ms: number; count: number }> {
  const pointers = responseSchemaPointers(doc);
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i += 1) {
    times.push(
      await timeMs(() => {
        const validators = new SpecValidators(doc, `scale-${i}`);
        for (const pointer of pointers) validators.at(pointer);
      }),
    );
  }
  return { ms: median(times), count: pointers.length };
}

export async function measureScale(resources: number): Promise<ScaleSample> {
  const dir = mkdtempSync(join(tmpdir(), `bench-scale-${resources}-`));
  try {
    const root = writeScaleSpec(join(dir, "spec"), resources);
    const bundlePath = join(dir, "openapi.json");
    const bundle = await timedNode(dir, "bundle", [packageBin("@redocly/cli", "redocly"), "bundle", root, "-o", bundlePath]);
    const types = await timedNode(dir, "types", [floorTypes, bundlePath, join(dir, "schema.d.ts")]);
    const doc = loadBundle(bundlePath);
    const compiled = await compileAll(doc);

    const server = await startGenericServer(doc, TOKEN);
    let report;
    try {
      const start = process.hrtime.bigint();
      report = await runConformance({ api: `scale-${resources}`, baseUrl: server.url, token: TOKEN, seed: 1, maxExamples: 1, bundlePath, timeLimitMs: CONFORMANCE_TIME_LIMIT_MS });
      report.durationMs = Number(process.hrtime.bigint() - start) / 1e6;
    } finally {
      await server.close();
    }
    return {
      resources,
      operations: resources * OPERATIONS_PER_RESOURCE,
      bundleBytes: readFileSync(bundlePath).byteLength,
      bundleMs: bundle.ms,
      typesMs: types.ms,
      compileMs: compiled.ms,
      schemasCompiled: compiled.count,
      conformanceMs: report.durationMs,
      requests: report.requests,
      checks: Object.values(report.summary).reduce((total, entry) => total + entry.passed + entry.failed, 0),
      violations: report.violations.length,
      complete: report.complete,
      peakRss: { bundle: bundle.rss, types: types.rss, toolkit: process.resourceUsage().maxRSS * 1024 },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  const requested = Number(process.argv[2]);
  if (!Number.isInteger(requested) || requested < 1) {
    console.error(`scale-child: expected a positive number of resources, got "${process.argv[2] ?? ""}"`);
    process.exit(2);
  }
  measureScale(requested).then(
    (sample) => console.log(JSON.stringify(sample)),
    (error: unknown) => {
      console.error(`scale-child: ${error instanceof BenchError ? "" : "unexpected error: "}${(error as Error).message}`);
      process.exit(1);
    },
  );
}
