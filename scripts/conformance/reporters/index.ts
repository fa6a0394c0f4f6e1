// The report formats `--report <format>=<file>` knows, by name. Each renders a finished
// run as the text of one file, in pieces written as they are made; a new format is one
// module and one line here. The HTML and JUnit renderers are loaded only when a run asks
// for them: every process compiles what it loads, and most runs write JSON or nothing.
import { accessSync, closeSync, constants, mkdirSync, openSync, type Stats, statSync, writeSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { UsageError } from "../../lib/cli.ts";
import type { RunListener } from "../events.ts";
import type { ConformanceReport } from "../results.ts";
import { jsonReportPieces } from "./json.ts";

type Render = (report: ConformanceReport) => Iterable<string>;

export const FILE_REPORTERS = {
  json: { describe: "the whole run as JSON (also what --baseline reads)", load: async () => jsonReportPieces },
  junit: { describe: "JUnit XML: a test suite per check, a test case per operation", load: async () => (await import("./junit.ts")).junitReportPieces },
  html: { describe: "one offline HTML page: the verdict, warnings, each violation with its response, curl and replay lines, coverage", load: async () => (await import("./html.ts")).htmlReportPieces },
} satisfies Record<string, { describe: string; load(): Promise<Render> }>;

export type ReportFormat = keyof typeof FILE_REPORTERS;

export const REPORT_FORMATS = Object.keys(FILE_REPORTERS) as ReportFormat[];

export function isReportFormat(name: string): name is ReportFormat {
  return Object.hasOwn(FILE_REPORTERS, name);
}

/**
 * Writes `content` (a text, or its pieces) to `file`, each piece through `transform`
 * (redaction) on its way: a piece is a whole value of the report, so a secret in it is
 * never cut in two.
 */
export function writeReport(file: string, content: string | Iterable<string>, transform: (text: string) => string = (text) => text): void {
  mkdirSync(dirname(file), { recursive: true });
  const fd = openSync(file, "w");
  try {
    for (const piece of typeof content === "string" ? [content] : content) writeSync(fd, transform(piece));
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes the report in `format` to `file` when the run finishes. `transform` sees the
 * text last (redaction); `written` is told where it went.
 */
export async function fileReporter(format: ReportFormat, file: string, transform: (text: string) => string, written: (format: ReportFormat, file: string) => void): Promise<RunListener> {
  const render = await FILE_REPORTERS[format].load();
  return (event) => {
    if (event.type !== "run-finished") return;
    writeReport(file, render(event.report), transform);
    written(format, file);
  };
}

function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new UsageError(`cannot look at ${path} (${code ?? (error as Error).message})`);
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why `file` could not be written once the run is over, or undefined: the report writer
 * makes the missing folders, so the nearest existing one must be a writable folder.
 */
function unwritableBecause(file: string): string | undefined {
  const existing = statOf(file);
  if (existing?.isDirectory()) return "it is a folder";
  if (existing) return writable(file) ? undefined : "no permission to write it";
  let dir = dirname(file);
  let stat = statOf(dir);
  while (!stat && dirname(dir) !== dir) {
    dir = dirname(dir);
    stat = statOf(dir);
  }
  if (!stat) return `${dir} does not exist`;
  if (!stat.isDirectory()) return `${dir} is a file, not a folder`;
  return writable(dir) ? undefined : `no permission to write in ${dir}`;
}

/** Every report can be written, and no two write the same file: said before the run, not after it. */
function checkReports(reports: ReadonlyArray<{ format: ReportFormat; file: string }>): void {
  const byFile = new Map<string, ReportFormat>();
  for (const { format, file } of reports) {
    const other = byFile.get(file);
    if (other !== undefined) throw new UsageError(`--report: ${other === format ? `${format} is` : `${other} and ${format} are`} written to ${file} twice; give each report its own file`);
    byFile.set(file, format);
    const reason = unwritableBecause(file);
    if (reason) throw new UsageError(`--report ${format}=${file}: cannot write the report there: ${reason}`);
  }
}

/** `--report` values (`json=out/r.json`) as formats and absolute paths, each checked writable and distinct before the run. */
export function reportTargets(values: readonly string[], cwd: string): Array<{ format: ReportFormat; file: string }> {
  const targets = values.map((value) => {
    const match = /^([a-z]+)=(.+)$/.exec(value);
    if (!match || !isReportFormat(match[1] as string)) throw new UsageError(`--report must be ${REPORT_FORMATS.map((format) => `${format}=<file>`).join(" or ")}, got "${value}"`);
    return { format: match[1] as ReportFormat, file: resolve(cwd, match[2] as string) };
  });
  checkReports(targets);
  return targets;
}
