// The report formats `--report <format>=<file>` knows, by name. Each renders a finished
// run as the text of one file; a new format is one module and one line here.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { RunListener } from "../events.ts";
import type { ConformanceReport } from "../results.ts";
import { jsonReport } from "./json.ts";
import { junitReport } from "./junit.ts";

export const FILE_REPORTERS = {
  json: { describe: "the whole run as JSON (also what --baseline reads)", render: jsonReport },
  junit: { describe: "JUnit XML: a test suite per check, a test case per operation", render: junitReport },
} satisfies Record<string, { describe: string; render(report: ConformanceReport): string }>;

export type ReportFormat = keyof typeof FILE_REPORTERS;

export const REPORT_FORMATS = Object.keys(FILE_REPORTERS) as ReportFormat[];

export function isReportFormat(name: string): name is ReportFormat {
  return Object.hasOwn(FILE_REPORTERS, name);
}

export function writeReport(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/**
 * Writes the report in `format` to `file` when the run finishes. `transform` sees the
 * text last (redaction); `written` is told where it went.
 */
export function fileReporter(format: ReportFormat, file: string, transform: (text: string) => string, written: (format: ReportFormat, file: string) => void): RunListener {
  return (event) => {
    if (event.type !== "run-finished") return;
    writeReport(file, transform(FILE_REPORTERS[format].render(event.report)));
    written(format, file);
  };
}
