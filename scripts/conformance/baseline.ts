// `--baseline <report.json>`: adopting the suite on a server that is not yet
// conformant. Violations the baseline report already has (same check, operation and
// cause) are known and do not fail the run; new ones do; baseline violations that no
// longer occur where the check still ran are listed as fixed.
import { readFileSync } from "node:fs";
import { REPORT_FORMAT_VERSION } from "./reporters/json.ts";
import { type BaselineFinding, type BaselineOutcome, type CheckResult, type CheckSummary, casesIn, causeOf } from "./results.ts";

export class BaselineError extends Error {}

const keyOf = (finding: BaselineFinding) => JSON.stringify([finding.check, finding.operationId, finding.cause]);

/** What is wrong with `value` as a violation of a JSON report, or undefined when nothing is. */
function violationProblem(value: unknown, at: string): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return `${at} is ${describe(value)}, not an object`;
  const fields = value as Record<string, unknown>;
  for (const field of ["check", "operationId"]) {
    if (typeof fields[field] !== "string") return `${at}.${field} is ${describe(fields[field])}, not a string`;
  }
  for (const field of ["expected", "actual"]) {
    if (fields[field] !== undefined && typeof fields[field] !== "string") return `${at}.${field} is ${describe(fields[field])}, not a string`;
  }
  return undefined;
}

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `${typeof value === "string" ? "the string" : "the " + typeof value} ${JSON.stringify(value).slice(0, 40)}`;
}

/**
 * The findings of a JSON report written by `--report json=<file>`, checked against the
 * format that writes it (reporters/json.ts): a file of another version or shape is
 * refused naming its first problem, before any request.
 */
export function readBaseline(file: string): BaselineFinding[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new BaselineError(`--baseline: cannot read ${file} as a JSON report (${reason})`);
  }
  const report = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  if (!report) throw new BaselineError(`--baseline: ${file} is not a conformance JSON report (it is ${describe(parsed)}, not an object)`);
  if (!Array.isArray(report.violations)) throw new BaselineError(`--baseline: ${file} is not a conformance JSON report (no "violations" list)`);
  if (report.formatVersion !== REPORT_FORMAT_VERSION) {
    throw new BaselineError(`--baseline: ${file} has formatVersion ${JSON.stringify(report.formatVersion) ?? "(none)"}; this version of the suite reads formatVersion ${REPORT_FORMAT_VERSION} (write the baseline again with --report json=<file>)`);
  }
  const violations = report.violations as unknown[];
  violations.forEach((violation, index) => {
    const problem = violationProblem(violation, `violations[${index}]`);
    if (problem) throw new BaselineError(`--baseline: ${file} is not a conformance JSON report: ${problem}`);
  });
  return (violations as CheckResult[]).map((violation) => ({ check: violation.check, operationId: violation.operationId, cause: causeOf(violation) }));
}

/** Marks this run's violations known or new against the baseline, and finds the fixed ones. */
export function compareWithBaseline(
  file: string,
  baseline: readonly BaselineFinding[],
  violations: CheckResult[],
  operations: Record<string, Record<string, CheckSummary>>,
): BaselineOutcome {
  const known = new Set(baseline.map(keyOf));
  const seen = new Set<string>();
  let knownCount = 0;
  for (const violation of violations) {
    const key = keyOf({ check: violation.check, operationId: violation.operationId, cause: causeOf(violation) });
    seen.add(key);
    violation.known = known.has(key);
    if (violation.known) knownCount += casesIn([violation]);
  }
  const fixed = new Map<string, BaselineFinding>();
  for (const finding of baseline) {
    const ran = operations[finding.operationId]?.[finding.check];
    if (ran && ran.passed + ran.failed > 0 && !seen.has(keyOf(finding))) fixed.set(keyOf(finding), finding);
  }
  return { file, new: casesIn(violations) - knownCount, known: knownCount, fixed: [...fixed.values()] };
}
