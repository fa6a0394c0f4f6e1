// The JUnit XML report, for CI systems that show test results: one test suite per
// check, one test case per operation.
import type { CheckName } from "../checks/names.ts";
import { type CheckResult, type ConformanceReport, casesIn, describeInconclusive, onlyInconclusiveBecause, stoppedBecause } from "../results.ts";
import { xmlSafe } from "../../lib/safe-text.ts";
import { describeViolations } from "./text.ts";

/** A test case's text, or how to make it when it is written (a failure's text can be large). */
type Piece = string | (() => string);

/** One test suite per check (server text escaped by xmlSafe, so the XML is well-formed whatever a body holds), one test case per operation the check evaluated; inconclusive cases are `<skipped>`. */
export function junitReport(report: ConformanceReport): string {
  return [...junitReportPieces(report)].join("");
}

/** junitReport's text in pieces, a test case at a time: a run with thousands of failing cases is written without its whole text in memory. */
export function* junitReportPieces(report: ConformanceReport): Generator<string> {
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  const violationsOf = new Map<string, CheckResult[]>();
  for (const violation of report.violations) {
    const key = JSON.stringify([violation.check, violation.operationId]);
    violationsOf.set(key, [...(violationsOf.get(key) ?? []), violation]);
  }
  const suites: Piece[][] = Object.keys(report.summary).map((check) => {
    const evaluated = Object.entries(report.operations).filter(([, checks]) => checks[check]);
    const cases: Piece[] = [];
    let suiteFailures = 0;
    let suiteSkipped = 0;
    for (const [operationId, checks] of evaluated) {
      const counts = checks[check] ?? { passed: 0, failed: 0, inconclusive: 0, advisory: 0 };
      const name = `classname="${xmlSafe(`${report.api}.${check}`)}" name="${xmlSafe(operationId)}"`;
      const all = violationsOf.get(JSON.stringify([check, operationId])) ?? [];
      const violations = all.filter((v) => !v.known);
      const known = casesIn(all) - casesIn(violations);
      const judged = counts.passed + counts.failed;
      if (judged > 0) {
        const failure = () => `\n      <failure message="${xmlSafe(`${casesIn(violations)} of ${judged} cases failed`)}">${xmlSafe(describeViolations(violations, true))}</failure>\n    `;
        cases.push(violations.length ? () => `    <testcase ${name}>${failure()}</testcase>` : `    <testcase ${name}></testcase>`);
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
        const message = `${counts.inconclusive} case${counts.inconclusive === 1 ? "" : "s"} inconclusive: ${describeInconclusive(report, [check], false)}`;
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
    // The pieces are joined by newlines: an empty suite still has its empty line.
    return [`  <testsuite name="${xmlSafe(check)}" tests="${cases.length}" failures="${suiteFailures}" skipped="${suiteSkipped}">`, ...(cases.length ? cases : [""]), "  </testsuite>"];
  });
  // An incomplete run is an error of its own: a CI that shows only failures would call it green.
  const incomplete = incompleteBecause(report);
  if (incomplete) suites.push([errorSuite(report.api, "run", "complete", incomplete)]);
  const errors = incomplete ? 1 : 0;
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xmlSafe(`conformance ${report.api}`)}" tests="${tests + errors}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${(report.durationMs / 1000).toFixed(3)}">`;
  for (const suite of suites) for (const piece of suite) yield `\n${typeof piece === "string" ? piece : piece()}`;
  yield "\n</testsuites>\n";
}

function incompleteBecause(report: ConformanceReport): string | undefined {
  const stopped = stoppedBecause(report);
  if (stopped) return `run incomplete: ${stopped}`;
  if (report.inconclusiveChecks?.length) return `run incomplete: ${onlyInconclusiveBecause(report)}`;
  return undefined;
}

function errorSuite(api: string, suite: string, name: string, message: string): string {
  return `  <testsuite name="${xmlSafe(suite)}" tests="1" failures="0" errors="1" skipped="0">\n    <testcase classname="${xmlSafe(`${api}.${suite}`)}" name="${xmlSafe(name)}">\n      <error message="${xmlSafe(message)}"/>\n    </testcase>\n  </testsuite>`;
}

/** The JUnit report of a run that could not start or judge anything (exit 2): one test case with the error, so a CI step that uploads reports finds one. */
export function junitError(api: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xmlSafe(`conformance ${api}`)}" tests="1" failures="0" errors="1" skipped="0" time="0.000">\n${errorSuite(api, "run", "start", message)}\n</testsuites>\n`;
}
