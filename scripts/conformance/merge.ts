// `clients-contract conformance merge <report.json>... [--report <format>=<file>]...`:
// the JSON reports of one run split across CI machines (`--shard i/n`) joined into one
// report, printed and written like a single run's, with the same exit codes.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { UsageError } from "../lib/cli.ts";
import { CHECK_NAMES, type CheckName } from "./checks/names.ts";
import { fileReporter, reportTargets } from "./reporters/index.ts";
import { REPORT_FORMAT_VERSION } from "./reporters/json.ts";
import { terminalReporter } from "./reporters/terminal.ts";
import { mergeCoverage } from "./coverage.ts";
import { type CheckSummary, type ConformanceReport, exitCodeOf, onlyInconclusive } from "./results.ts";

export function readReport(file: string): ConformanceReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new UsageError(`${file}: cannot read it as a JSON report (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const report = parsed as Partial<ConformanceReport> & { formatVersion?: unknown };
  if (report?.formatVersion !== REPORT_FORMAT_VERSION) throw new UsageError(`${file}: not a conformance JSON report of format ${REPORT_FORMAT_VERSION} (formatVersion: ${JSON.stringify(report?.formatVersion ?? null)})`);
  for (const field of ["summary", "operations", "violations", "advisories", "checks"] as const) {
    if (typeof report[field] !== "object" || report[field] === null) throw new UsageError(`${file}: the report has no "${field}"`);
  }
  return report as ConformanceReport;
}

const addCounts = (into: CheckSummary | undefined, counts: CheckSummary): CheckSummary => ({
  passed: (into?.passed ?? 0) + counts.passed,
  failed: (into?.failed ?? 0) + counts.failed,
  inconclusive: (into?.inconclusive ?? 0) + counts.inconclusive,
  advisory: (into?.advisory ?? 0) + counts.advisory,
});

/**
 * The shards of `count` that no report holds, when the reports come from `--shard` runs
 * (none: an older report, or runs without --shard). A report outside the split, a
 * different split, or one shard twice is a UsageError: the merge would count cases twice.
 */
function missingShards(reports: readonly ConformanceReport[], names: readonly string[]): number[] {
  const sharded = reports.filter((report) => report.shard);
  const [first] = sharded;
  if (!first?.shard) return [];
  const name = (report: ConformanceReport) => names[reports.indexOf(report)] ?? "a report";
  const label = ({ shard }: ConformanceReport) => (shard ? `${shard.index}/${shard.count}` : "");
  const outside = reports.find((report) => !report.shard);
  if (outside) throw new UsageError(`${name(outside)} is not the report of a --shard run, and ${name(first)} is (shard ${label(first)}): merge the shards of one run`);
  const count = first.shard.count;
  const otherSplit = sharded.find((report) => report.shard?.count !== count);
  if (otherSplit) throw new UsageError(`${name(first)} is shard ${label(first)} and ${name(otherSplit)} shard ${label(otherSplit)}: merge the shards of one split`);
  const seen = new Map<number, ConformanceReport>();
  for (const report of sharded) {
    const index = report.shard?.index ?? 0;
    const twin = seen.get(index);
    if (twin) throw new UsageError(`shard ${label(report)} is given twice (${name(twin)} and ${name(report)})`);
    seen.set(index, report);
  }
  return Array.from({ length: count }, (_, i) => i + 1).filter((index) => !seen.has(index));
}

/**
 * One report from the shards' reports: counts added, cases joined, a check n/a only where
 * no shard could run it. A shard whose report is missing leaves the merge incomplete (exit
 * 1), as a run that stopped early: its operations were not tested, or not reported.
 */
export function mergeReports(reports: readonly ConformanceReport[], names: readonly string[] = reports.map((_, index) => `report ${index + 1}`)): ConformanceReport {
  const [first] = reports;
  if (!first) throw new UsageError("merge needs at least one report");
  const apis = new Set(reports.map((report) => report.api));
  if (apis.size > 1) throw new UsageError(`the reports are of different APIs (${[...apis].join(", ")}); merge the shards of one run`);
  const missing = missingShards(reports, names);
  const summary: Record<string, CheckSummary> = {};
  const operations: ConformanceReport["operations"] = {};
  for (const report of reports) {
    for (const [check, counts] of Object.entries(report.summary)) summary[check] = addCounts(summary[check], counts);
    for (const [operationId, checks] of Object.entries(report.operations)) {
      const merged = (operations[operationId] ??= {});
      for (const [check, counts] of Object.entries(checks)) merged[check] = addCounts(merged[check], counts);
    }
  }
  const checks = CHECK_NAMES.filter((check) => reports.some((report) => report.checks.includes(check)));
  const notApplicable: Partial<Record<CheckName, string>> = {};
  for (const check of checks) {
    const reasons = reports.filter((report) => report.checks.includes(check)).map((report) => report.notApplicable[check]);
    if (reasons.every((reason) => reason !== undefined)) notApplicable[check] = reasons[0];
  }
  const count = first.shard?.count;
  const stopReasons = [
    ...(missing.length ? [`no report of shard ${missing.map((index) => `${index}/${count}`).join(", ")}: its operations were not tested, or its report was not found`] : []),
    ...reports.flatMap((report, index) => (report.stopReason ? [`${report.shard ? `shard ${report.shard.index}/${report.shard.count}` : names[index]}: ${report.stopReason}`] : [])),
  ];
  const notReached = reports.flatMap((report) => report.notReached ?? []);
  const inconclusiveChecks = onlyInconclusive(summary);
  const inconclusiveBecause: Record<string, Record<string, number>> = {};
  for (const [check, kinds] of reports.flatMap((report) => Object.entries(report.inconclusiveBecause ?? {}))) {
    const merged = (inconclusiveBecause[check] ??= {});
    for (const [kind, count] of Object.entries(kinds)) merged[kind] = (merged[kind] ?? 0) + count;
  }
  const coverages = reports.flatMap((report) => (report.coverage ? [report.coverage] : []));
  return {
    api: first.api,
    ...(first.spec ? { spec: first.spec } : {}),
    baseUrl: first.baseUrl,
    mode: first.mode,
    seed: first.seed,
    startedAt: reports.map((report) => report.startedAt).sort()[0] ?? first.startedAt,
    // The shards ran side by side: the run took as long as the longest.
    durationMs: Math.max(...reports.map((report) => report.durationMs)),
    requests: reports.reduce((sum, report) => sum + report.requests, 0),
    complete: reports.every((report) => report.complete) && inconclusiveChecks.length === 0 && missing.length === 0,
    ...(stopReasons.length ? { stopReason: stopReasons.join("; "), notReached } : {}),
    ...(inconclusiveChecks.length ? { inconclusiveChecks } : {}),
    ...(Object.keys(inconclusiveBecause).length ? { inconclusiveBecause } : {}),
    checks,
    notApplicable,
    summary,
    operations,
    violations: reports.flatMap((report) => report.violations),
    strict: reports.some((report) => report.strict),
    advisories: reports.flatMap((report) => report.advisories),
    ...(coverages.length ? { coverage: mergeCoverage(coverages) } : {}),
  };
}

export async function mergeCommand(args: string[], out: (line: string) => void, err: (line: string) => void, cwd: string): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: { report: { type: "string", multiple: true }, verbose: { type: "boolean" } } });
    if (positionals.length === 0) throw new UsageError("merge needs the JSON reports of the shards: conformance merge <report.json>...");
    const merged = mergeReports(
      positionals.map((file) => readReport(resolve(cwd, file))),
      positionals,
    );
    const targets = reportTargets(values.report ?? [], cwd);
    const finished = { type: "run-finished", report: merged } as const;
    terminalReporter({ out, err, quiet: true, verbose: values.verbose ?? false })(finished);
    for (const { format, file } of targets) (await fileReporter(format, file, (text) => text, () => err(`conformance: ${format} report written to ${file}`)))(finished);
    return exitCodeOf(merged);
  } catch (error) {
    err(`conformance merge: ${(error as Error).message}`);
    return 2;
  }
}
