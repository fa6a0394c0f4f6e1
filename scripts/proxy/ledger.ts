// Everything the proxy saw: every check result (the suite's response checks and the
// proxy's request checks) counted per operation and check, violations grouped as the suite
// groups them, and the suite's coverage (statuses, parameters and body members seen). At the
// end it is one report of the suite's shape, so the suite's reporters write it.
import { RESPONSE_CHECKS } from "../conformance/checks/index.ts";
import type { CheckName } from "../conformance/checks/names.ts";
import { causeOf, type CheckResult, type CheckSummary, type ConformanceReport, type Outcome } from "../conformance/results.ts";
import { Coverage, type ObservedExchange } from "../conformance/coverage.ts";
import type { ApiModel } from "../spec/model.ts";

/** The request checks, in the order the engine's stages run them, each with what it expects. */
export const REQUEST_CHECKS = {
  documented_operation: "a path and method the spec documents",
  request_credentials: "the credentials the operation's security asks for",
  request_conformance: "parameters and body valid against the operation",
} as const;

export type RequestCheck = keyof typeof REQUEST_CHECKS;

export const REQUEST_CHECK_NAMES = Object.keys(REQUEST_CHECKS) as RequestCheck[];

/**
 * The suite's records name its own checks; the proxy's request checks ride in the same
 * records under their own names (reporters read a check's name as text).
 */
export const asRecordedCheck = (check: RequestCheck): CheckName => check as string as CheckName;

/** Exchanges that reached no documented operation are counted under this name. */
export const UNDOCUMENTED = "(undocumented)";

/** The suite's report, with the exchanges on paths or methods the spec does not document. */
export type ProxyReport = ConformanceReport & { source: "proxy"; undocumentedExchanges: number };

export interface ExchangeRecord {
  /** What coverage reads of the request; undefined for an undocumented path or method. */
  observed?: ObservedExchange;
  results: CheckResult[];
}

/**
 * A long session sees thousands of exchanges: passes and inconclusive cases are kept as
 * counts only (the suite's Recorder keeps every result of a run of bounded size); each
 * violation is kept whole.
 */
export class Ledger {
  readonly checks: CheckName[] = [...REQUEST_CHECK_NAMES.map(asRecordedCheck), ...RESPONSE_CHECKS];
  private readonly counts = new Map<string, Map<string, CheckSummary>>();
  private readonly violationsKept: CheckResult[] = [];
  private readonly startedAt = new Date();
  private exchanges = 0;
  private undocumented = 0;
  private readonly coverage: Coverage;
  private readonly groups = new Map<string, number>();

  constructor(model: ApiModel, private readonly api: string, private readonly upstream: string) {
    this.coverage = new Coverage({ ...model, operations: model.allOperations });
  }

  /** Keeps one exchange's results; returns the violations whose group (check, operation, cause) is new. */
  add(exchange: ExchangeRecord): CheckResult[] {
    this.exchanges += 1;
    if (exchange.observed) this.coverage.observe(exchange.observed);
    else this.undocumented += 1;
    const fresh: CheckResult[] = [];
    for (const result of exchange.results) {
      const perCheck = this.counts.get(result.operationId) ?? new Map<string, CheckSummary>();
      this.counts.set(result.operationId, perCheck);
      const counts = perCheck.get(result.check) ?? { passed: 0, failed: 0, inconclusive: 0, advisory: 0 };
      perCheck.set(result.check, counts);
      counts[result.outcome] += 1;
      if (result.outcome !== "failed") continue;
      this.violationsKept.push(result);
      const key = groupKey(result);
      const count = this.groups.get(key) ?? 0;
      this.groups.set(key, count + 1);
      if (count === 0) fresh.push(result);
    }
    return fresh;
  }

  report(): ProxyReport {
    const summary: Record<string, CheckSummary> = Object.fromEntries(this.checks.map((check) => [check, { passed: 0, failed: 0, inconclusive: 0, advisory: 0 }]));
    const operations: Record<string, Record<string, CheckSummary>> = {};
    for (const [operationId, perCheck] of this.counts) {
      operations[operationId] = Object.fromEntries([...perCheck].map(([check, counts]) => [check, { ...counts }]));
      for (const [check, counts] of perCheck) for (const outcome of OUTCOMES) (summary[check] as CheckSummary)[outcome] += counts[outcome];
    }
    return {
      source: "proxy",
      api: this.api,
      baseUrl: this.upstream,
      mode: "stateless",
      seed: 0,
      startedAt: this.startedAt.toISOString(),
      durationMs: Date.now() - this.startedAt.getTime(),
      requests: this.exchanges,
      complete: true,
      checks: this.checks,
      notApplicable: {},
      summary,
      operations,
      violations: [...this.violationsKept],
      strict: false,
      advisories: [],
      coverage: this.coverage.report(),
      undocumentedExchanges: this.undocumented,
    };
  }
}

const OUTCOMES: readonly Outcome[] = ["passed", "failed", "inconclusive", "advisory"];

const groupKey = (result: CheckResult) => JSON.stringify([result.check, result.operationId, causeOf(result)]);

/** One line per violation group with its count, the most frequent first. */
export function groupLines(violations: readonly CheckResult[]): string[] {
  const counts = new Map<string, { example: CheckResult; count: number }>();
  for (const violation of violations) {
    const key = groupKey(violation);
    const entry = counts.get(key) ?? { example: violation, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count).map(({ example, count }) => `✗ ${count}× ${violationLine(example)}`);
}

/** A violation in one line: check, operation, what was expected and what came. */
export function violationLine(violation: CheckResult): string {
  return `${violation.check} · ${violation.operationId} · ${violation.case}: expected ${violation.expected ?? "?"}, got ${violation.actual ?? "?"}`;
}
