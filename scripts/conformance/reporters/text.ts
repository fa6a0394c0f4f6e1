// What a person reads about a run: the summary table, violations grouped by check,
// operation and cause with one full example each, advisories, and the baseline's
// verdict. The terminal reporter prints these; the JUnit report carries them.
import type { CheckName } from "../checks/names.ts";
import { coverageLine } from "../coverage.ts";
import { plural } from "../../lib/words.ts";
import { CASES_KEPT_PER_GROUP, type CheckResult, type ConformanceReport, casesIn, causeOf, describeInconclusive, inconclusiveAdvice, onlyInconclusiveBecause, stoppedBecause } from "../results.ts";

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
  const advisories = casesIn(report.advisories);
  lines.push(
    "",
    `${report.api} (${report.mode}) at ${report.baseUrl}: ${plural(casesIn(report.violations), "violation")}${advisories ? `, ${plural(advisories, "advisory", "advisories")}` : ""}${inconclusive ? `, ${plural(inconclusive, "inconclusive case")} (${describeInconclusive(report)})` : ""}, ${plural(report.requests, "request")} in ${seconds} s, seed ${report.seed}`,
  );
  if (advisories) lines.push(`advisories are failures that rest only on decisions of the spec (x-decision), not on the vendor; they do not fail the run (--strict makes them violations)`);
  if (report.coverage) {
    const hints = report.coverage.hints.length;
    lines.push(`${coverageLine(report.coverage)}${hints ? ` (${plural(hints, "coverage hint")} in the JSON and HTML reports)` : ""}`);
  }
  if (report.baseline) {
    const { new: fresh, known, fixed, file } = report.baseline;
    lines.push(`against the baseline ${file}: ${plural(fresh, "new violation")}, ${known} known, ${fixed.length} fixed`);
  }
  for (const [operationId, reason] of Object.entries(report.inputsLeftOut ?? {})) lines.push(`n/a · ${operationId}: some inputs were not sent (${reason})`);
  const stopped = stoppedBecause(report);
  if (stopped) lines.push(`run incomplete: ${stopped}`);
  if (report.inconclusiveChecks?.length) lines.push(`run incomplete: ${onlyInconclusiveBecause(report)}${inconclusiveAdvice(report)}`);
  return lines.join("\n");
}

const BODY_PREVIEW_CHARS = 200;

export interface ViolationGroup {
  check: string;
  operationId: string;
  cause: string;
  /** The group's kept cases; the first is the one shown in full (a shrunk one when there is one). */
  cases: CheckResult[];
  /** The cases the run found: the kept ones and those it counted without keeping (CASES_KEPT_PER_GROUP). */
  found: number;
}

/** Violations grouped by check, operation and cause, in the order they were found. */
export function groupViolations(violations: readonly CheckResult[]): ViolationGroup[] {
  const groups = new Map<string, ViolationGroup>();
  for (const violation of violations) {
    const cause = causeOf(violation);
    const key = JSON.stringify([violation.check, violation.operationId, cause]);
    const group = groups.get(key) ?? { check: violation.check, operationId: violation.operationId, cause, cases: [], found: 0 };
    groups.set(key, group);
    group.cases.push(violation);
    group.found += 1 + (violation.casesNotKept ?? 0);
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
  if (known.length) sections.push(known.map((group) => `• known (in the baseline): ${group.check} · ${group.operationId} · ${group.cause} (${group.found} cases)`).join("\n"));
  const fixed = report.baseline?.fixed ?? [];
  if (fixed.length) sections.push(fixed.map((finding) => `✓ fixed since the baseline: ${finding.check} · ${finding.operationId} · ${finding.cause}`).join("\n"));
  return sections.join("\n\n");
}

const cases = (count: number) => `${count} more case${count === 1 ? "" : "s"}`;

/** Where a group's cases were not all kept: `, counted, not kept (a run keeps 5 per group)`. */
export const NOT_KEPT_NOTE = `counted, not kept (a run keeps ${CASES_KEPT_PER_GROUP} per group)`;

/** One block per group: the count and one full example; `verbose` adds every other case kept. */
export function describeViolations(violations: readonly CheckResult[], verbose = false): string {
  return [...violationBlocks(violations, verbose)].join("\n\n");
}

/** describeViolations' blocks one at a time, so a run with thousands of groups is printed without its whole text in memory. */
export function* violationBlocks(violations: readonly CheckResult[], verbose = false): Generator<string> {
  for (const group of groupViolations(violations)) {
    const [example, ...others] = group.cases as [CheckResult, ...CheckResult[]];
    const notKept = group.found - group.cases.length;
    const lines = [describeViolation(example)];
    if (group.found > 1 && !verbose) lines.push(`    … and ${cases(group.found - 1)} with the same cause (--verbose lists ${notKept ? `${others.length} of them; the others were ${NOT_KEPT_NOTE}` : "them"})`);
    if (verbose) for (const other of others) lines.push(describeViolation(other).replace(/^/gm, "  "));
    if (verbose && notKept) lines.push(`    … and ${cases(notKept)} with the same cause, ${NOT_KEPT_NOTE}`);
    yield lines.join("\n");
  }
}

/** One line per advisory group (check, operation, cause) with the decision it rests on. */
export function describeAdvisories(advisories: readonly CheckResult[]): string {
  return groupViolations(advisories)
    .map((group) => {
      const [example] = group.cases as [CheckResult, ...CheckResult[]];
      const more = group.found > 1 ? ` (${group.found} cases)` : "";
      return `! advisory: ${group.check} · ${group.operationId} · ${example.case}${more}\n    expected ${example.expected ?? ""}, got ${example.actual ?? ""}\n    rests only on our decision: ${example.decision ?? ""}`;
    })
    .join("\n\n");
}
