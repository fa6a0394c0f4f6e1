// Part 6: the CLI as a backend's CI starts it, a fresh `node dist/bin.js` each time.
// `--help` beside a bare `node -e 0`; a whole run against a reference server beside
// its floor in a process of its own: node's start plus the run's own requests sent
// through the suite's transport with no checks (replay-child.ts). Both sides are cold
// processes, so the ratio is what the engine's loading, compiling and checks add.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { type Api, loadApis } from "../lib/apis.ts";
import { buildCli, distDir } from "../build.ts";
import { REFERENCE_APIS } from "../../test/fixtures/reference/index.ts";
import { run } from "./commands.ts";
import { recordRequests, withServer } from "./conformance.ts";
import { median, pairedRatio } from "./stats.ts";
import { formatCount, formatMs, type Row } from "./table.ts";

const RUNS = 7;
const SEED = 1;
const HELP_TARGET = { kind: "max", value: 2.5 } as const;
const RUN_TARGET = { kind: "max", value: 1.5 } as const;

const node = (args: string[], env: NodeJS.ProcessEnv = process.env) => run(process.execPath, args, { env }).then((result) => result.ms);

async function helpRow(bin: string): Promise<Row> {
  const bare: number[] = [];
  const help: number[] = [];
  for (let round = 0; round < RUNS; round += 1) {
    bare.push(await node(["-e", "0"]));
    help.push(await node([bin, "conformance", "--help"]));
  }
  return {
    part: "6 start-up",
    case: "clients-contract conformance --help",
    measured: formatMs(median(help)),
    floor: `${formatMs(median(bare))} node -e 0`,
    ratio: pairedRatio(help, bare),
    target: HELP_TARGET,
    data: { runs: RUNS, helpMs: help, bareMs: bare },
  };
}

async function runRow(bin: string, replayer: string, dir: string, api: Api): Promise<Row> {
  const recorded = await recordRequests(api.name);
  const requestsFile = join(dir, `${api.name}-requests.json`);
  writeFileSync(requestsFile, JSON.stringify(recorded));
  const cli: number[] = [];
  const floor: number[] = [];
  for (let round = 0; round < RUNS; round += 1) {
    cli.push(
      await withServer(api.name, (url, token) =>
        node([bin, "conformance", "--api", api.name, "--base-url", url, "--seed", String(SEED), "--quiet"], { ...process.env, CONFORMANCE_TOKEN: token }),
      ),
    );
    floor.push(await withServer(api.name, (url) => node([replayer, requestsFile, url])));
  }
  return {
    part: "6 start-up",
    case: `${api.name}: whole CLI run, full mode, ${formatCount(recorded.length)} requests`,
    measured: formatMs(median(cli)),
    floor: `${formatMs(median(floor))} node + requests via the suite's transport`,
    ratio: pairedRatio(cli, floor),
    target: RUN_TARGET,
    data: { api: api.name, runs: RUNS, seed: SEED, requests: recorded.length, cliMs: cli, floorMs: floor },
  };
}

export async function runStartup(apis: Api[] = loadApis()): Promise<Row[]> {
  await buildCli();
  const bin = join(distDir, "bin.js");
  const dir = mkdtempSync(join(tmpdir(), "bench-startup-"));
  try {
    const replayer = join(dir, "replay-child.mjs");
    await build({ entryPoints: [join(import.meta.dirname, "replay-child.ts")], outfile: replayer, bundle: true, format: "esm", platform: "node", minify: true, logLevel: "warning" });
    const rows = [await helpRow(bin)];
    const served = new Set(REFERENCE_APIS.map((reference) => reference.name));
    for (const api of apis.filter((candidate) => served.has(candidate.name))) rows.push(await runRow(bin, replayer, dir, api));
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
