// Part 5: how cost grows with spec size. One child process per size (see
// scale-child.ts); each figure at the largest size is compared with the same figure
// at a tenth of it: a cost linear in N gives 10, so the target allows 12.
import { fileURLToPath } from "node:url";
import { run } from "./commands.ts";
import type { ScaleSample } from "./scale-child.ts";
import { formatBytes, formatCount, formatMs, type Row } from "./table.ts";

export const SCALE_SIZES = [10, 50, 100, 500] as const;
/** Compared sizes: 500 against 50. */
const LARGE = 500;
const BASE = 50;
const TARGET = { kind: "max", value: 12 } as const;
const CHILD_TIMEOUT_MS = 480_000;
const childScript = fileURLToPath(new URL("./scale-child.ts", import.meta.url));

async function measure(resources: number): Promise<ScaleSample> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", childScript, String(resources)], { timeoutMs: CHILD_TIMEOUT_MS });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as ScaleSample;
}

interface Metric {
  name: string;
  value(sample: ScaleSample): number;
  format(value: number): string;
  note?(samples: ScaleSample[]): string;
}

const peakRss = (sample: ScaleSample) => Math.max(sample.peakRss.bundle, sample.peakRss.types, sample.peakRss.toolkit);

const METRICS: Metric[] = [
  { name: "bundle + types", value: (s) => s.bundleMs + s.typesMs, format: formatMs },
  { name: "validator compile", value: (s) => s.compileMs, format: formatMs, note: (all) => `${formatCount(all.at(-1)?.schemasCompiled ?? 0)} schemas at N=${all.at(-1)?.resources ?? LARGE}` },
  {
    name: "conformance pass",
    value: (s) => s.conformanceMs,
    format: formatMs,
    note: (all) => {
      const last = all.at(-1);
      const violations = all.reduce((total, sample) => total + sample.violations, 0);
      return `${formatCount(last?.requests ?? 0)} requests at N=${last?.resources ?? LARGE}, ${violations} violations in all`;
    },
  },
  { name: "peak memory (RSS)", value: peakRss, format: formatBytes },
];

export async function runScale(sizes: readonly number[] = SCALE_SIZES): Promise<Row[]> {
  const samples: ScaleSample[] = [];
  for (const size of sizes) samples.push(await measure(size));
  const at = (n: number) => samples.find((sample) => sample.resources === n);
  const large = at(LARGE);
  const base = at(BASE);
  return METRICS.map((metric): Row => {
    const figures = samples.map((sample) => `N=${sample.resources}: ${metric.format(metric.value(sample))}`).join(", ");
    const note = metric.note?.(samples);
    return {
      part: "5 scale",
      case: `${metric.name}${note ? ` (${note})` : ""}`,
      measured: figures,
      floor: base ? `N=${BASE}: ${metric.format(metric.value(base))}` : "",
      ...(large && base ? { ratio: metric.value(large) / metric.value(base), target: TARGET } : {}),
      data: { metric: metric.name, bySize: Object.fromEntries(samples.map((sample) => [sample.resources, metric.value(sample)])), samples },
    };
  });
}
