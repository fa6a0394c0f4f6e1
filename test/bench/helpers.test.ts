// The benchmark's pure helpers: statistics, table formatting, the list bodies part 1
// validates and the command line. Nothing here is timed.
import { describe, expect, it } from "vitest";
import { parseCommand } from "../../scripts/bench/index.ts";
import { median, pairedRatio, quantile, ratio } from "../../scripts/bench/stats.ts";
import { formatBytes, formatMs, formatRate, formatTable, type Row, targetMet } from "../../scripts/bench/table.ts";
import { firstListOperation, listBodyOfSize } from "../../scripts/bench/validation.ts";
import { loadApis } from "../../scripts/lib/apis.ts";
import { getByPointer, listOperations, loadBundle, responseSchemaPointer, setByPointer } from "../../scripts/spec/openapi.ts";
import { SpecValidators } from "../../scripts/spec/validators.ts";

describe("statistics", () => {
  it("takes the middle value, or the mean of the two middle ones, whatever the order", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });

  it("pairs samples before dividing, so one slow moment does not skew the ratio", () => {
    // The third pair ran while the machine was busy: both sides slowed down together.
    expect(pairedRatio([10, 12, 100], [5, 6, 50])).toBe(2);
    expect(ratio(median([10, 12, 100]), median([5, 6, 10]))).toBe(2);
    expect(ratio(1, 0)).toBeNaN();
    expect(() => pairedRatio([1, 2], [1])).toThrow(RangeError);
  });

  it("picks quantiles by nearest rank", () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(quantile(values, 0.5)).toBe(50);
    expect(quantile(values, 0.99)).toBe(99);
    expect(quantile([7], 0.99)).toBe(7);
  });
});

describe("table", () => {
  const row = (ratioValue: number | undefined, kind: "max" | "min" = "max"): Row => ({
    part: "p",
    case: "c",
    measured: "m",
    floor: "f",
    ratio: ratioValue,
    target: { kind, value: 1.3 },
    data: {},
  });

  it("decides targets in the direction they are written", () => {
    expect(targetMet(row(1.3))).toBe(true);
    expect(targetMet(row(1.31))).toBe(false);
    expect(targetMet(row(0.9, "min"))).toBe(false);
    expect(targetMet(row(undefined))).toBeUndefined();
    expect(targetMet({ ratio: 2 })).toBeUndefined();
  });

  it("formats figures without false precision", () => {
    expect(formatRate(12_345.6)).toBe("12,300 /s");
    expect(formatRate(3.14159, "req/s")).toBe("3.14 req/s");
    expect(formatMs(0.5)).toBe("0.50 ms");
    expect(formatMs(250.4)).toBe("250 ms");
    expect(formatMs(2_345)).toBe("2.35 s");
    expect(formatMs(162_345)).toBe("162.3 s");
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(80 * 1024)).toBe("80 KB");
    expect(formatBytes(3.5 * 1024 * 1024)).toBe("3.5 MB");
  });

  it("prints an aligned Markdown table with a met column", () => {
    const lines = formatTable([{ ...row(1.5), case: "a longer case" }, row(1.2)]).split("\n");
    expect(lines).toHaveLength(4);
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
    expect(lines[0]).toMatch(/^\| part +\| case +\| measured +\| floor +\| ratio +\| target +\| met +\|$/);
    expect(lines[2]).toContain("| 1.50x | ≤ 1.3  | NO  |");
    expect(lines[3]).toContain("| 1.20x | ≤ 1.3  | yes |");
  });
});

describe("list bodies for part 1", () => {
  it("replaces the value at a pointer without touching the original", () => {
    const original = { meta: { total: 1 }, page: { items: [1] } };
    expect(setByPointer(original, "/page/items", [1, 2, 3])).toEqual({ meta: { total: 1 }, page: { items: [1, 2, 3] } });
    expect(original.page.items).toEqual([1]);
    expect(setByPointer({}, "", [4])).toEqual([4]);
    expect(setByPointer({ "a/b": 1 }, "/a~1b", 2)).toEqual({ "a/b": 2 });
  });

  it.each(loadApis().map((api) => [api.name, api] as const))("%s: a 1,000-item list response that its validator accepts", (_, api) => {
    const doc = loadBundle(api.bundle);
    const op = firstListOperation(listOperations(doc));
    if (!op) throw new Error(`${api.name} has no list operation`);
    const body = listBodyOfSize(op, 1_000);
    expect(getByPointer(body, op.raw["x-items"] as string)).toHaveLength(1_000);
    expect(new SpecValidators(doc, api.name).validate(responseSchemaPointer(op, "200"), body).errors).toEqual([]);
  });
});

describe("npm run bench arguments", () => {
  it("runs every part by default, in a fixed order, and writes reports/bench.json", () => {
    const command = parseCommand([]);
    expect(command.parts).toEqual(["validation", "generation", "conformance", "mock", "scale", "workers", "stripe", "proxy", "startup", "baseline"]);
    expect(command.out).toMatch(/reports\/bench\.json$/);
    expect(parseCommand(["--only", "scale, validation"]).parts).toEqual(["validation", "scale"]);
  });

  it("refuses unknown parts and flags with a message naming the valid ones", () => {
    expect(() => parseCommand(["--only", "speed"])).toThrow(/unknown part speed; parts: validation, generation/);
    expect(() => parseCommand(["--only", ","])).toThrow(/at least one/);
    expect(() => parseCommand(["--fast"])).toThrow(/Unknown option '--fast'/);
  });
});
