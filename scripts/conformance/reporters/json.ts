// The JSON report: the whole run as data, for machines and for `--baseline`.
import type { ConformanceReport } from "../results.ts";

export const REPORT_FORMAT_VERSION = 1;

export function jsonReport(report: ConformanceReport): string {
  return [...jsonReportPieces(report)].join("");
}

/** `value` as JSON.stringify(value, null, 2) writes it, every line after the first indented by `indent`. */
const indented = (value: unknown, indent: string) => (JSON.stringify(value, null, 2) ?? "null").replace(/\n/g, `\n${indent}`);

/**
 * The same text as JSON.stringify({ formatVersion, ...report }, null, 2), in pieces: one
 * per top-level member, and one per element of a top-level list (the violations), so a
 * large report is written as it is made instead of held whole in memory, twice (its text
 * and its redacted text).
 */
export function* jsonReportPieces(report: ConformanceReport): Generator<string> {
  const members = Object.entries({ formatVersion: REPORT_FORMAT_VERSION, ...report }).filter(([, value]) => value !== undefined);
  yield "{";
  for (const [index, [key, value]] of members.entries()) {
    const head = `${index ? "," : ""}\n  ${JSON.stringify(key)}: `;
    if (!Array.isArray(value) || value.length === 0) {
      yield `${head}${indented(value, "  ")}`;
      continue;
    }
    yield `${head}[`;
    for (const [position, item] of value.entries()) yield `${position ? "," : ""}\n    ${indented(item, "    ")}`;
    yield "\n  ]";
  }
  yield "\n}\n";
}
