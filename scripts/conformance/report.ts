// How a run is shown: the summary table and violations for people, JSON and JUnit
// XML for machines.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { CheckName, CheckResult } from "./results.ts";
import type { ConformanceReport } from "./runner.ts";

export const REPORT_FORMAT_VERSION = 1;

export function summaryTable(report: ConformanceReport): string {
  const rows = Object.entries(report.summary);
  const width = Math.max(...rows.map(([name]) => name.length), "check".length);
  const lines = [`${"check".padEnd(width)}  passed  failed`];
  for (const [name, { passed, failed }] of rows) {
    const reason = report.notApplicable[name as CheckName];
    if (reason) {
      lines.push(`${name.padEnd(width)}  ${"n/a".padStart(6)}  ${"n/a".padStart(6)}  (${reason})`);
      continue;
    }
    lines.push(`${name.padEnd(width)}  ${String(passed).padStart(6)}  ${String(failed).padStart(6)}${failed ? "  ✗" : ""}`);
  }
  const seconds = (report.durationMs / 1000).toFixed(1);
  lines.push(
    "",
    `${report.api} (${report.mode}) at ${report.baseUrl}: ${report.violations.length} violations, ${report.requests} requests in ${seconds} s, seed ${report.seed}`,
  );
  if (!report.complete) lines.push(`run incomplete: ${report.stopReason ?? "stopped early"}`);
  return lines.join("\n");
}

export function describeViolation(violation: CheckResult): string {
  const lines = [`✗ ${violation.check} · ${violation.operationId} · ${violation.case}`];
  if (violation.request) {
    lines.push(`    request:  ${violation.request.method} ${violation.request.url}`);
    if (violation.request.body !== undefined) lines.push(`    body:     ${violation.request.body.slice(0, 300)}`);
  }
  if (violation.expected !== undefined) lines.push(`    expected: ${violation.expected}`);
  if (violation.actual !== undefined) lines.push(`    actual:   ${violation.actual}`);
  return lines.join("\n");
}

export function jsonReport(report: ConformanceReport): string {
  return `${JSON.stringify({ formatVersion: REPORT_FORMAT_VERSION, ...report }, null, 2)}\n`;
}

const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] ?? c);

/** One test suite per check, one test case per operation the check evaluated. */
export function junitReport(report: ConformanceReport): string {
  const suites = Object.keys(report.summary).map((check) => {
    const evaluated = Object.entries(report.operations).filter(([, checks]) => checks[check]);
    const cases = evaluated.map(([operationId, checks]) => {
      const counts = checks[check] ?? { passed: 0, failed: 0 };
      const failures = report.violations.filter((v) => v.check === check && v.operationId === operationId);
      const body = failures.length
        ? `\n      <failure message="${escapeXml(`${counts.failed} of ${counts.passed + counts.failed} cases failed`)}">${escapeXml(failures.map(describeViolation).join("\n"))}</failure>\n    `
        : "";
      return `    <testcase classname="${escapeXml(`${report.api}.${check}`)}" name="${escapeXml(operationId)}">${body}</testcase>`;
    });
    const reason = report.notApplicable[check as CheckName];
    if (reason) cases.push(`    <testcase classname="${escapeXml(`${report.api}.${check}`)}" name="not applicable"><skipped message="${escapeXml(reason)}"/></testcase>`);
    const failed = evaluated.filter(([, checks]) => (checks[check]?.failed ?? 0) > 0).length;
    return `  <testsuite name="${escapeXml(check)}" tests="${cases.length}" failures="${failed}"${reason ? ' skipped="1"' : ""}>\n${cases.join("\n")}\n  </testsuite>`;
  });
  const tests = Object.values(report.operations).reduce((sum, checks) => sum + Object.keys(checks).length, 0);
  const failures = Object.values(report.operations).reduce((sum, checks) => sum + Object.values(checks).filter((c) => c.failed > 0).length, 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${escapeXml(`conformance ${report.api}`)}" tests="${tests}" failures="${failures}" time="${(report.durationMs / 1000).toFixed(3)}">\n${suites.join("\n")}\n</testsuites>\n`;
}

export function writeReport(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}
