// `--baseline <report.json>`: adopting the suite on a server that is not yet
// conformant. Violations the baseline report already has (same check, operation and
// cause) are known and do not fail the run; new ones do; baseline violations that no
// longer occur where the check still ran are listed as fixed.
import { readFileSync } from "node:fs";
import { type BaselineFinding, type BaselineOutcome, type CheckResult, type CheckSummary, causeOf } from "./results.ts";

export class BaselineError extends Error {}

const keyOf = (finding: BaselineFinding) => JSON.stringify([finding.check, finding.operationId, finding.cause]);

/** The findings of a JSON report written by `--report json=<file>`. */
export function readBaseline(file: string): BaselineFinding[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new BaselineError(`--baseline: cannot read ${file} as a JSON report (${reason})`);
  }
  const violations = (parsed as { violations?: unknown } | null)?.violations;
  if (!Array.isArray(violations)) throw new BaselineError(`--baseline: ${file} is not a conformance JSON report (no "violations" list)`);
  return violations.map((violation: CheckResult) => ({ check: violation.check, operationId: violation.operationId, cause: causeOf(violation) }));
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
    if (violation.known) knownCount += 1;
  }
  const fixed = new Map<string, BaselineFinding>();
  for (const finding of baseline) {
    const ran = operations[finding.operationId]?.[finding.check];
    if (ran && ran.passed + ran.failed > 0 && !seen.has(keyOf(finding))) fixed.set(keyOf(finding), finding);
  }
  return { file, new: violations.length - knownCount, known: knownCount, fixed: [...fixed.values()] };
}
