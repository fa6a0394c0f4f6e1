// How a run is shown: the summary table and violations for people, JSON and JUnit
// XML for machines.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { xmlSafe } from "../lib/safe-text.ts";
import type { CheckName } from "./checks/names.ts";
import { type CheckResult, causeOf } from "./results.ts";
import type { ConformanceReport } from "./runner.ts";

export const REPORT_FORMAT_VERSION = 1;

export function summaryTable(report: ConformanceReport): string {
  const rows = Object.entries(report.summary);
  const width = Math.max(...rows.map(([name]) => name.length), "check".length);
  const lines = [`${"check".padEnd(width)}  passed  failed  inconclusive`];
  for (const [name, { passed, failed, inconclusive }] of rows) {
    const reason = report.notApplicable[name as CheckName];
    if (reason) {
      lines.push(`${name.padEnd(width)}  ${"n/a".padStart(6)}  ${"n/a".padStart(6)}  ${"n/a".padStart(12)}  (${reason})`);
      continue;
    }
    const mark = failed ? "  ✗" : inconclusive && !passed ? "  ?" : "";
    lines.push(`${name.padEnd(width)}  ${String(passed).padStart(6)}  ${String(failed).padStart(6)}  ${String(inconclusive).padStart(12)}${mark}`);
  }
  const seconds = (report.durationMs / 1000).toFixed(1);
  const inconclusive = Object.values(report.summary).reduce((sum, counts) => sum + counts.inconclusive, 0);
  const advisories = report.advisories.length;
  lines.push(
    "",
    `${report.api} (${report.mode}) at ${report.baseUrl}: ${report.violations.length} violations${advisories ? `, ${advisories} advisories` : ""}${inconclusive ? `, ${inconclusive} inconclusive cases (rate limited)` : ""}, ${report.requests} requests in ${seconds} s, seed ${report.seed}`,
  );
  if (advisories) lines.push(`advisories are failures that rest only on decisions of the spec (x-decision), not on the vendor; they do not fail the run (--strict makes them violations)`);
  if (report.baseline) {
    const { new: fresh, known, fixed, file } = report.baseline;
    lines.push(`against the baseline ${file}: ${fresh} new violations, ${known} known, ${fixed.length} fixed`);
  }
  if (report.stopReason) lines.push(`run incomplete: ${report.stopReason}`);
  if (report.inconclusiveChecks?.length) lines.push(`run incomplete: ${report.inconclusiveChecks.join(", ")} got only inconclusive cases (429 Too Many Requests); rerun later or with --rate-limit`);
  return lines.join("\n");
}

const BODY_PREVIEW_CHARS = 200;

export interface ViolationGroup {
  check: string;
  operationId: string;
  cause: string;
  /** Every case of the group; the first is the one shown in full (a shrunk one when there is one). */
  cases: CheckResult[];
}

/** Violations grouped by check, operation and cause, in the order they were found. */
export function groupViolations(violations: readonly CheckResult[]): ViolationGroup[] {
  const groups = new Map<string, ViolationGroup>();
  for (const violation of violations) {
    const cause = causeOf(violation);
    const key = JSON.stringify([violation.check, violation.operationId, cause]);
    const group = groups.get(key) ?? { check: violation.check, operationId: violation.operationId, cause, cases: [] };
    groups.set(key, group);
    group.cases.push(violation);
  }
  for (const group of groups.values()) group.cases.sort((a, b) => Number(b.shrunkFrom !== undefined) - Number(a.shrunkFrom !== undefined));
  return [...groups.values()];
}

function responseLine(violation: CheckResult): string | undefined {
  const response = violation.response;
  if (!response) return undefined;
  const type = response.headers["content-type"]?.split(";")[0] ?? "no content type";
  const flat = response.body.replace(/\s+/g, " ").trim();
  const body = flat.length > BODY_PREVIEW_CHARS ? `${flat.slice(0, BODY_PREVIEW_CHARS)}…` : flat;
  return `${response.status} ${type}${body ? `  ${body}` : ""}`;
}

export function describeViolation(violation: CheckResult): string {
  const lines = [`✗ ${violation.check} · ${violation.operationId} · ${violation.case}`];
  if (violation.shrunkFrom) lines.push(`    shrunk from: ${violation.shrunkFrom}`);
  if (violation.expected !== undefined) lines.push(`    expected: ${violation.expected}`);
  if (violation.actual !== undefined) lines.push(`    actual:   ${violation.actual}`);
  const response = responseLine(violation);
  if (response) lines.push(`    response: ${response}`);
  if (violation.curl) lines.push(`    curl:     ${violation.curl}`);
  else if (violation.request) lines.push(`    request:  ${violation.request.method} ${violation.request.url}`);
  return lines.join("\n");
}

/** With a baseline: the new violations in full, the known ones one line per group, then the fixed ones. */
export function describeAgainstBaseline(report: ConformanceReport, verbose = false): string {
  const fresh = report.violations.filter((violation) => !violation.known);
  const sections: string[] = [];
  if (fresh.length) sections.push(describeViolations(fresh, verbose));
  const known = groupViolations(report.violations.filter((violation) => violation.known));
  if (known.length) sections.push(known.map((group) => `• known (in the baseline): ${group.check} · ${group.operationId} · ${group.cause} (${group.cases.length} cases)`).join("\n"));
  const fixed = report.baseline?.fixed ?? [];
  if (fixed.length) sections.push(fixed.map((finding) => `✓ fixed since the baseline: ${finding.check} · ${finding.operationId} · ${finding.cause}`).join("\n"));
  return sections.join("\n\n");
}

/** One block per group: the count and one full example; `verbose` adds every other case. */
export function describeViolations(violations: readonly CheckResult[], verbose = false): string {
  return groupViolations(violations)
    .map((group) => {
      const [example, ...others] = group.cases as [CheckResult, ...CheckResult[]];
      const lines = [describeViolation(example)];
      if (others.length && !verbose) lines.push(`    … and ${others.length} more case${others.length === 1 ? "" : "s"} with the same cause (--verbose lists them)`);
      if (verbose) for (const other of others) lines.push(describeViolation(other).replace(/^/gm, "  "));
      return lines.join("\n");
    })
    .join("\n\n");
}

/** One line per advisory group (check, operation, cause) with the decision it rests on. */
export function describeAdvisories(advisories: readonly CheckResult[]): string {
  return groupViolations(advisories)
    .map((group) => {
      const [example] = group.cases as [CheckResult, ...CheckResult[]];
      const more = group.cases.length > 1 ? ` (${group.cases.length} cases)` : "";
      return `! advisory: ${group.check} · ${group.operationId} · ${example.case}${more}\n    expected ${example.expected ?? ""}, got ${example.actual ?? ""}\n    rests only on our decision: ${example.decision ?? ""}`;
    })
    .join("\n\n");
}

export function jsonReport(report: ConformanceReport): string {
  return `${JSON.stringify({ formatVersion: REPORT_FORMAT_VERSION, ...report }, null, 2)}\n`;
}


/** One test suite per check (server text escaped by xmlSafe, so the XML is well-formed whatever a body holds), one test case per operation the check evaluated; inconclusive cases are `<skipped>`. */
export function junitReport(report: ConformanceReport): string {
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  const suites = Object.keys(report.summary).map((check) => {
    const evaluated = Object.entries(report.operations).filter(([, checks]) => checks[check]);
    const cases: string[] = [];
    let suiteFailures = 0;
    let suiteSkipped = 0;
    for (const [operationId, checks] of evaluated) {
      const counts = checks[check] ?? { passed: 0, failed: 0, inconclusive: 0, advisory: 0 };
      const name = `classname="${xmlSafe(`${report.api}.${check}`)}" name="${xmlSafe(operationId)}"`;
      const all = report.violations.filter((v) => v.check === check && v.operationId === operationId);
      const violations = all.filter((v) => !v.known);
      const known = all.length - violations.length;
      const judged = counts.passed + counts.failed;
      if (judged > 0) {
        const body = violations.length
          ? `\n      <failure message="${xmlSafe(`${violations.length} of ${judged} cases failed`)}">${xmlSafe(describeViolations(violations, true))}</failure>\n    `
          : "";
        cases.push(`    <testcase ${name}>${body}</testcase>`);
        if (violations.length) suiteFailures += 1;
      }
      if (known > 0) {
        cases.push(`    <testcase ${name.replace(/name="([^"]*)"$/, 'name="$1 (known)"')}>\n      <skipped message="${xmlSafe(`${known} known violation${known === 1 ? "" : "s"} (in the baseline)`)}"/>\n    </testcase>`);
        suiteSkipped += 1;
      }
      if (counts.advisory > 0) {
        const message = `${counts.advisory} advisor${counts.advisory === 1 ? "y" : "ies"}: failures resting only on a decision of the spec (x-decision), not on the vendor`;
        cases.push(`    <testcase ${name.replace(/name="([^"]*)"$/, 'name="$1 (advisory)"')}>\n      <skipped message="${xmlSafe(message)}"/>\n    </testcase>`);
        suiteSkipped += 1;
      }
      if (counts.inconclusive > 0) {
        const message = `${counts.inconclusive} case${counts.inconclusive === 1 ? "" : "s"} inconclusive: 429 Too Many Requests, the server did not judge the request`;
        const skippedName = judged > 0 ? name.replace(/name="([^"]*)"$/, 'name="$1 (inconclusive)"') : name;
        cases.push(`    <testcase ${skippedName}>\n      <skipped message="${xmlSafe(message)}"/>\n    </testcase>`);
        suiteSkipped += 1;
      }
    }
    const reason = report.notApplicable[check as CheckName];
    if (reason) {
      cases.push(`    <testcase classname="${xmlSafe(`${report.api}.${check}`)}" name="not applicable"><skipped message="${xmlSafe(reason)}"/></testcase>`);
      suiteSkipped += 1;
    }
    tests += cases.length;
    failures += suiteFailures;
    skipped += suiteSkipped;
    return `  <testsuite name="${xmlSafe(check)}" tests="${cases.length}" failures="${suiteFailures}" skipped="${suiteSkipped}">\n${cases.join("\n")}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xmlSafe(`conformance ${report.api}`)}" tests="${tests}" failures="${failures}" skipped="${skipped}" time="${(report.durationMs / 1000).toFixed(3)}">\n${suites.join("\n")}\n</testsuites>\n`;
}

export function writeReport(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}
