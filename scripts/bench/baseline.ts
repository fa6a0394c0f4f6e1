// Part 6, against an earlier toolkit: each vendor API's whole CLI run (full mode, a JSON
// report, as a CI job runs it) beside the same run of an earlier version's CLI. Issue 19
// set its target against the tree it was filed on (BASELINE_REVISION): no run may be
// more than 10% slower. BENCH_BASELINE names another git revision to compare with.
// That tree is taken out of git into a temporary folder, given this checkout's
// node_modules, and its CLI built there. Each round runs both CLIs, in turn first,
// each against a fresh reference server, with the same seed and credential.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Api, loadApis, projectRoot } from "../lib/apis.ts";
import { buildCli, distDir } from "../build.ts";
import { REFERENCE_APIS } from "../../test/fixtures/reference/index.ts";
import { BenchError, run } from "./commands.ts";
import { withServer } from "./conformance.ts";
import { median, pairedRatio } from "./stats.ts";
import { formatMs, type Row } from "./table.ts";

/** The tree issue 19 was filed on. */
const BASELINE_REVISION = "7f26c51";
const RUNS = 9;
const SEED = 1;
const TARGET = { kind: "max", value: 1.1 } as const;

/** The earlier revision's tree with its CLI built, in `dir`; its bin. */
function buildBaseline(revision: string, dir: string): string {
  const tree = join(dir, "tree");
  let archive: Buffer;
  try {
    archive = execFileSync("git", ["archive", "--format=tar", revision], { cwd: projectRoot, maxBuffer: 512 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    throw new BenchError(`BENCH_BASELINE ${revision}: git cannot give that tree (${String((error as { stderr?: Buffer }).stderr ?? error).trim().split("\n")[0]})`);
  }
  mkdirSync(tree);
  execFileSync("tar", ["-x", "-C", tree], { input: archive });
  symlinkSync(join(projectRoot, "node_modules"), join(tree, "node_modules"));
  execFileSync(process.execPath, ["--import", "tsx", "scripts/build.ts"], { cwd: tree, stdio: ["ignore", "ignore", "pipe"] });
  return join(tree, "dist", "bin.js");
}

async function timedRun(bin: string, api: string, url: string, tokenFile: string, report: string): Promise<number> {
  const args = [bin, "conformance", "--api", api, "--base-url", url, "--token-file", tokenFile, "--seed", String(SEED), "--quiet", "--report", `json=${report}`];
  return (await run(process.execPath, args)).ms;
}

async function apiRow(bins: { current: string; baseline: string }, revision: string, dir: string, api: Api): Promise<Row> {
  const current: number[] = [];
  const baseline: number[] = [];
  for (let round = 0; round < RUNS; round += 1) {
    const order = round % 2 === 0 ? (["current", "baseline"] as const) : (["baseline", "current"] as const);
    for (const which of order) {
      const ms = await withServer(api.name, (url, token) => {
        const tokenFile = join(dir, "token");
        writeFileSync(tokenFile, token, { mode: 0o600 });
        return timedRun(bins[which], api.name, url, tokenFile, join(dir, `${which}.json`));
      });
      (which === "current" ? current : baseline).push(ms);
    }
  }
  return {
    part: "6 start-up",
    case: `${api.name}: whole CLI run beside ${revision}'s`,
    measured: formatMs(median(current)),
    floor: `${formatMs(median(baseline))} ${revision}`,
    ratio: pairedRatio(current, baseline),
    target: TARGET,
    data: { api: api.name, revision, runs: RUNS, seed: SEED, currentMs: current, baselineMs: baseline },
  };
}

export async function runBaseline(apis: Api[] = loadApis()): Promise<Row[]> {
  const revision = process.env.BENCH_BASELINE ?? BASELINE_REVISION;
  const dir = mkdtempSync(join(tmpdir(), "bench-baseline-"));
  try {
    await buildCli();
    const bins = { current: join(distDir, "bin.js"), baseline: buildBaseline(revision, dir) };
    const served = new Set(REFERENCE_APIS.map((reference) => reference.name));
    const rows: Row[] = [];
    for (const api of apis.filter((candidate) => served.has(candidate.name))) rows.push(await apiRow(bins, revision, dir, api));
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
