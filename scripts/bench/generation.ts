// Part 2: `npm run generate` and `npm run generate -- --check` for all APIs, beside
// the floor: the raw tools on the same inputs (one `redocly bundle` process for every
// API in redocly.yaml, then openapi-typescript's Node API on each bundle).
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join, relative } from "node:path";
import { type Api, loadApis, projectRoot } from "../lib/apis.ts";
import { npmRun, packageBin, projectCopy, run } from "./commands.ts";
import { median, pairedRatio } from "./stats.ts";
import { formatMs, type Row } from "./table.ts";

const RUNS = 3;
const TARGET = { kind: "max", value: 1.3 } as const;
const floorTypesScript = fileURLToPath(new URL("./floor-types.mjs", import.meta.url));

interface FloorTime {
  bundleMs: number;
  typesMs: number;
}

async function floor(copy: string, apis: Api[]): Promise<FloorTime> {
  const bundle = await run(process.execPath, [packageBin("@redocly/cli", "redocly"), "bundle", "--lint-config", "off"], { cwd: copy });
  // The bundle's path inside the copy, as redocly.yaml puts it; the types go beside it.
  const files = apis.flatMap((api) => {
    const bundlePath = join(copy, relative(projectRoot, api.bundle));
    return [bundlePath, `${bundlePath}.floor.d.ts`];
  });
  const types = await run(process.execPath, [floorTypesScript, ...files], { cwd: copy });
  return { bundleMs: bundle.ms, typesMs: types.ms };
}

export async function runGeneration(apis: Api[] = loadApis()): Promise<Row[]> {
  // Two copies: the floor's bare bundles would make the generator's copy stale.
  const generatorCopy = projectCopy("bench-generate-");
  const floorCopy = projectCopy("bench-floor-");
  const generate = async () => (await npmRun("generate", ["--root", generatorCopy])).ms;
  const check = async () => (await npmRun("generate", ["--check", "--root", generatorCopy])).ms;
  const raw = () => floor(floorCopy, apis);
  try {
    // One untimed round fills the disk cache for everyone.
    await generate();
    await check();
    await raw();
    const times = { generate: [] as number[], check: [] as number[], floor: [] as number[] };
    const floorParts: FloorTime[] = [];
    for (let round = 0; round < RUNS; round += 1) {
      times.generate.push(await generate());
      times.check.push(await check());
      const parts = await raw();
      floorParts.push(parts);
      times.floor.push(parts.bundleMs + parts.typesMs);
    }
    const floorMs = median(times.floor);
    const row = (name: string, command: string, samples: number[]): Row => ({
      part: "2 generation",
      case: `${command} (${apis.length} APIs)`,
      measured: formatMs(median(samples)),
      floor: `${formatMs(floorMs)} redocly bundle + openapi-typescript`,
      ratio: pairedRatio(samples, times.floor),
      target: TARGET,
      data: { command: name, runs: RUNS, ms: samples, medianMs: median(samples), floorMs: times.floor, floorMedianMs: floorMs, floorParts },
    });
    return [row("generate", "npm run generate", times.generate), row("check", "npm run generate -- --check", times.check)];
  } finally {
    rmSync(generatorCopy, { recursive: true, force: true });
    rmSync(floorCopy, { recursive: true, force: true });
  }
}
