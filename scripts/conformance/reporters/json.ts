// The JSON report: the whole run as data, for machines and for `--baseline`.
import type { ConformanceReport } from "../results.ts";

export const REPORT_FORMAT_VERSION = 1;

export function jsonReport(report: ConformanceReport): string {
  return `${JSON.stringify({ formatVersion: REPORT_FORMAT_VERSION, ...report }, null, 2)}\n`;
}
