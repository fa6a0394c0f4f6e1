// A run keeps CASES_KEPT_PER_GROUP cases of each violation group with their evidence and
// counts the rest: every report still carries each group's examples and says how many
// more cases the group had, and every count (summary, JUnit, HTML, baseline) is of the
// cases found, not of the cases kept.
import { describe, expect, it } from "vitest";
import { compareWithBaseline } from "../../scripts/conformance/baseline.ts";
import { CHECK_NAMES } from "../../scripts/conformance/checks/names.ts";
import { htmlReport } from "../../scripts/conformance/reporters/html.ts";
import { junitReport } from "../../scripts/conformance/reporters/junit.ts";
import { describeViolations, summaryTable } from "../../scripts/conformance/reporters/text.ts";
import { CASES_KEPT_PER_GROUP, type CheckResult, type ConformanceReport, casesIn, Recorder } from "../../scripts/conformance/results.ts";

const failure = (operationId: string, label: string, actual = "500"): CheckResult => ({
  check: "positive_data_acceptance",
  operationId,
  outcome: "failed",
  case: label,
  expected: "2xx",
  actual,
  curl: `curl 'http://h/${operationId}?${label}'`,
});

/** 8 cases of one group on listClients, 2 of another on getClient, 3 passes. */
function recorded(): Recorder {
  const recorder = new Recorder(new Set(CHECK_NAMES));
  for (let i = 1; i <= 8; i += 1) recorder.add(failure("listClients", `input #${i}`));
  for (let i = 1; i <= 2; i += 1) recorder.add(failure("getClient", `input #${i}`, "404"));
  for (let i = 1; i <= 3; i += 1) recorder.pass("positive_data_acceptance", "listClients", `valid #${i}`);
  return recorder;
}

function reportOf(recorder: Recorder): ConformanceReport {
  return {
    api: "fullengage",
    baseUrl: "http://h",
    mode: "stateless",
    seed: 1,
    startedAt: "2026-01-01T00:00:00.000Z",
    durationMs: 1,
    requests: 13,
    complete: true,
    checks: ["positive_data_acceptance"],
    notApplicable: {},
    summary: recorder.summary(),
    operations: recorder.byOperation(),
    violations: recorder.violations,
    strict: false,
    advisories: recorder.advisories,
  };
}

describe("cases kept per group", () => {
  it("keeps the first cases of a group, counts the others on its first case, and counts every case", () => {
    expect(CASES_KEPT_PER_GROUP).toBe(5);
    const recorder = recorded();
    const violations = recorder.violations;
    expect(violations.map((v) => `${v.operationId} ${v.case}`)).toEqual([
      ...[1, 2, 3, 4, 5].map((i) => `listClients input #${i}`),
      "getClient input #1",
      "getClient input #2",
    ]);
    expect(violations.map((v) => v.casesNotKept)).toEqual([3, undefined, undefined, undefined, undefined, undefined, undefined]);
    expect(casesIn(violations)).toBe(10);
    expect(recorder.violationCount).toBe(10);
    expect(recorder.summary().positive_data_acceptance).toEqual({ passed: 3, failed: 10, inconclusive: 0, advisory: 0 });
    expect(recorder.byOperation().listClients?.positive_data_acceptance).toEqual({ passed: 3, failed: 8, inconclusive: 0, advisory: 0 });
  });

  it("the terminal, JUnit and HTML reports say how many cases a group had and how many were not kept", () => {
    const report = reportOf(recorded());
    const short = describeViolations(report.violations);
    expect(short).toContain("… and 7 more cases with the same cause (--verbose lists 4 of them; the others were counted, not kept (a run keeps 5 per group))");
    expect(short).toContain("… and 1 more case with the same cause (--verbose lists them)");
    const verbose = describeViolations(report.violations, true);
    expect(verbose.match(/✗ positive_data_acceptance · listClients/g)).toHaveLength(5);
    expect(verbose).toContain("… and 3 more cases with the same cause, counted, not kept (a run keeps 5 per group)");
    expect(summaryTable(report)).toContain(": 10 violations,");
    expect(junitReport(report)).toContain('<failure message="8 of 11 cases failed">');
    const page = htmlReport(report);
    expect(page).toContain("Violations (10 cases in 2 groups)");
    expect(page).toContain("(8 cases, group ");
    expect(page).toContain("… and 3 more cases, counted, not kept (a run keeps 5 per group)");
  });

  it("a baseline counts the cases a known group did not keep as known, a new group's as new", () => {
    const report = reportOf(recorded());
    const outcome = compareWithBaseline("base.json", [{ check: "positive_data_acceptance", operationId: "listClients", cause: "2xx → 500" }], report.violations, report.operations);
    expect(outcome).toMatchObject({ known: 8, new: 2 });
  });

  it("a shrunk case replacing one that was not kept takes the place of the group's last kept case that was not shrunk", () => {
    const recorder = new Recorder(new Set(CHECK_NAMES));
    const cases = Array.from({ length: 7 }, (_, i) => failure("listClients", `input #${i + 1}`));
    for (const result of cases) recorder.add(result);
    recorder.replace(cases[6] as CheckResult, { ...failure("listClients", "shrunk: x=1"), shrunkFrom: "input #7" });
    expect(recorder.violations.map((v) => v.case)).toEqual(["input #1", "input #2", "input #3", "input #4", "shrunk: x=1"]);
    expect(casesIn(recorder.violations)).toBe(7);
  });

  it("collects an operation's failures during a task, not those of an operation running beside it", async () => {
    const recorder = new Recorder(new Set(CHECK_NAMES));
    const collected = await recorder.collectFailures("listClients", async () => {
      recorder.add(failure("listClients", "mine"));
      recorder.add(failure("getClient", "beside"));
      recorder.pass("positive_data_acceptance", "listClients", "passed");
    });
    expect(collected.map((result) => result.case)).toEqual(["mine"]);
  });
});
