// Small statistics and timing helpers shared by every benchmark part. The machines
// are shared and noisy, so every figure is a median of several samples, and every
// comparison is a ratio of two figures taken side by side in the same run.

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** `measured / floor`; NaN when there is no floor to divide by. */
export function ratio(measured: number, floor: number): number {
  return floor > 0 ? measured / floor : Number.NaN;
}

/** The median of the ratios of paired samples: each pair shares the machine's mood of the moment. */
export function pairedRatio(measured: readonly number[], floor: readonly number[]): number {
  if (measured.length !== floor.length) throw new RangeError("paired samples must have the same length");
  return median(measured.map((value, index) => ratio(value, floor[index] as number)));
}

export function elapsedMs(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1e6;
}

/** Wall time of one call, in milliseconds. */
export async function timeMs(work: () => Promise<unknown> | unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return elapsedMs(start);
}

/** Calls `work` until `ms` have passed; returns calls per second. */
export function rateFor(work: () => unknown, ms: number): number {
  let calls = 0;
  let batch = 1;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  // Batches grow so the clock is read rarely compared with the work itself.
  while (elapsed < ms) {
    for (let i = 0; i < batch; i += 1) work();
    calls += batch;
    elapsed = elapsedMs(start);
    if (elapsed < ms / 20) batch *= 2;
  }
  return calls / (elapsed / 1000);
}

export interface PairedRates {
  /** Median calls per second of each function. */
  measured: number;
  floor: number;
  /** Median of the paired ratios measured/floor (rates: higher is better). */
  ratio: number;
  samples: number;
}

/**
 * Rates of two functions measured in alternation (A, B, A, B, ...) after a warm-up,
 * so both see the same JIT state and the same background load.
 */
export function pairedRates(measured: () => unknown, floor: () => unknown, { samples = 7, sampleMs = 150, warmupMs = 300 } = {}): PairedRates {
  rateFor(measured, warmupMs);
  rateFor(floor, warmupMs);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    a.push(rateFor(measured, sampleMs));
    b.push(rateFor(floor, sampleMs));
  }
  return { measured: median(a), floor: median(b), ratio: pairedRatio(a, b), samples };
}

/** The value at quantile q (0..1) of the samples, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError("quantile of no values");
  const sorted = [...values].sort((x, y) => x - y);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}
