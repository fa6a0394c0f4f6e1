// `npm run bench [-- --only validation,mock] [--out <file>]`: every part of the toolkit
// timed beside its floor, measured in the same run on the same machine. Prints one
// table and writes the same rows as JSON (default reports/bench.json).
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, release, totalmem } from "node:os";
import { dirname, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, projectRoot } from "../lib/apis.ts";
import { isMain, UsageError } from "../lib/cli.ts";
import { SpecError } from "../spec/openapi.ts";
import { MockStartError } from "../mock/mocks.ts";
import { runClientValidation } from "./client-validation.ts";
import { BenchError } from "./commands.ts";
import { runConformanceBench } from "./conformance.ts";
import { runGeneration } from "./generation.ts";
import { runMock } from "./mock.ts";
import { runScale } from "./scale.ts";
import { runStripeScale } from "./scale-stripe.ts";
import { runProxyBench } from "./proxy.ts";
import { runStartup } from "./startup.ts";
import { runBaseline } from "./baseline.ts";
import { elapsedMs } from "./stats.ts";
import { formatMs, formatTable, type Row, targetMet } from "./table.ts";
import { runValidation } from "./validation.ts";
import { runWorkers } from "./workers.ts";

const PARTS = {
  validation: async () => [...runValidation(), ...(await runClientValidation())],
  generation: runGeneration,
  conformance: runConformanceBench,
  mock: runMock,
  scale: runScale,
  workers: runWorkers,
  stripe: runStripeScale,
  proxy: runProxyBench,
  startup: async () => runStartup(),
  baseline: async () => runBaseline(),
} satisfies Record<string, () => Promise<Row[]>>;
type PartName = keyof typeof PARTS;
const PART_NAMES = Object.keys(PARTS) as PartName[];

const USAGE = `usage: npm run bench [-- --only <part,...>] [--out <file>]
parts: ${PART_NAMES.join(", ")} (default: all); --out defaults to reports/bench.json`;

interface Command {
  parts: PartName[];
  out: string;
}

export function parseCommand(argv: string[]): Command {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, strict: true, allowPositionals: false, options: { only: { type: "string" }, out: { type: "string" }, help: { type: "boolean" } } }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) throw new UsageError("");
  const requested = values.only?.split(",").map((part) => part.trim()).filter(Boolean) ?? PART_NAMES;
  const unknown = requested.filter((part) => !PART_NAMES.includes(part as PartName));
  if (unknown.length > 0) throw new UsageError(`unknown part ${unknown.join(", ")}; parts: ${PART_NAMES.join(", ")}`);
  if (requested.length === 0) throw new UsageError(`--only needs at least one of: ${PART_NAMES.join(", ")}`);
  return { parts: PART_NAMES.filter((part) => requested.includes(part)), out: resolve(values.out ?? resolve(projectRoot, "reports", "bench.json")) };
}

export interface Machine {
  cpu: string;
  cpus: number;
  memoryGiB: number;
  node: string;
  os: string;
  /** 1-minute load average when the run started and ended: how busy the shared machine was. */
  loadAverage: { start: number; end?: number };
}

function describeMachine(): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    cpus: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    os: `${process.platform} ${release()}`,
    loadAverage: { start: Number((loadavg()[0] ?? 0).toFixed(2)) },
  };
}

export function machineLine(machine: Machine): string {
  const load = `load ${machine.loadAverage.start}${machine.loadAverage.end === undefined ? "" : ` → ${machine.loadAverage.end}`}`;
  return `${machine.cpu}, ${machine.cpus} CPUs, ${machine.memoryGiB} GiB, Node.js ${machine.node}, ${machine.os}, ${load}`;
}

async function main(argv: string[]): Promise<void> {
  const command = parseCommand(argv);
  const machine = describeMachine();
  const started = process.hrtime.bigint();
  const startedAt = new Date().toISOString();
  const rows: Row[] = [];
  for (const [index, part] of command.parts.entries()) {
    const partStart = process.hrtime.bigint();
    console.error(`bench: ${index + 1}/${command.parts.length} ${part}...`);
    rows.push(...(await PARTS[part]()));
    console.error(`bench: ${part} done in ${formatMs(elapsedMs(partStart))}`);
  }
  machine.loadAverage.end = Number((loadavg()[0] ?? 0).toFixed(2));
  const durationMs = elapsedMs(started);
  mkdirSync(dirname(command.out), { recursive: true });
  const report = { command: ["npm run bench", ...(argv.length ? ["--", ...argv] : [])].join(" "), startedAt, durationMs, machine, rows };
  writeFileSync(command.out, `${JSON.stringify(report, null, 2)}\n`);

  const missed = rows.filter((row) => targetMet(row) === false).length;
  console.log(formatTable(rows));
  console.log("");
  console.log(`Machine: ${machineLine(machine)}`);
  console.log(`Ratio = measured ÷ floor of the figures shown (rates for validation and load, times elsewhere); medians of several runs.`);
  console.log(`Targets missed: ${missed}. Took ${formatMs(durationMs)}. JSON: ${relative(process.cwd(), command.out) || command.out}`);
}

if (isMain(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    if (error instanceof UsageError) {
      console.error(error.message ? `bench: ${error.message}\n${USAGE}` : USAGE);
      process.exit(2);
    }
    const known = error instanceof BenchError || error instanceof ConfigError || error instanceof SpecError || error instanceof MockStartError;
    console.error(`bench: ${known ? "" : "unexpected error: "}${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    process.exit(1);
  });
}
