// One result row per measured case, the same rows printed as a table and written as
// JSON, so the README's table and the JSON file never disagree.

export interface Target {
  /** `max`: the ratio must be at most `value`; `min`: at least. */
  kind: "max" | "min";
  value: number;
}

export interface Row {
  part: string;
  case: string;
  /** The figure, formatted for people (`12,400 /s`, `2.31 s`). */
  measured: string;
  /** The floor it is compared with, formatted the same way; empty when there is none. */
  floor: string;
  /** measured/floor as the target reads it; undefined when there is no floor. */
  ratio?: number;
  target?: Target;
  /** The raw numbers, for the JSON file. */
  data: Record<string, unknown>;
}

export function targetMet(row: Pick<Row, "ratio" | "target">): boolean | undefined {
  if (!row.target || row.ratio === undefined || Number.isNaN(row.ratio)) return undefined;
  return row.target.kind === "max" ? row.ratio <= row.target.value : row.ratio >= row.target.value;
}

export function describeTarget(target: Target | undefined): string {
  if (!target) return "";
  return `${target.kind === "max" ? "≤" : "≥"} ${target.value}`;
}

const number = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const threeFigures = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 3 });

export function formatCount(value: number): string {
  return number.format(value);
}

/** Three significant figures at most, so a rate never looks more precise than it is. */
export function formatRate(perSecond: number, unit = "/s"): string {
  return `${threeFigures.format(perSecond)} ${unit}`;
}

export function formatMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1_000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${bytes} B`;
}

export function formatRatio(value: number | undefined): string {
  return value === undefined || Number.isNaN(value) ? "" : `${value.toFixed(2)}x`;
}

const HEADERS = ["part", "case", "measured", "floor", "ratio", "target", "met"] as const;

function cells(row: Row): string[] {
  const met = targetMet(row);
  return [row.part, row.case, row.measured, row.floor, formatRatio(row.ratio), describeTarget(row.target), met === undefined ? "" : met ? "yes" : "NO"];
}

/** A Markdown table (readable in a terminal, pasteable into the README). */
export function formatTable(rows: readonly Row[]): string {
  const body = rows.map(cells);
  const widths = HEADERS.map((header, column) => Math.max(header.length, ...body.map((line) => (line[column] ?? "").length)));
  const line = (values: readonly string[]) => `| ${values.map((value, column) => value.padEnd(widths[column] ?? 0)).join(" | ")} |`;
  const rule = `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`;
  return [line(HEADERS), rule, ...body.map(line)].join("\n");
}
