// Everything the proxy saw: every check result (the suite's response checks and the
// proxy's request checks) counted per operation and check, violations grouped as the suite
// groups them, and the suite's coverage (statuses, parameters and body members seen). At the
// end it is one report of the suite's shape, so the suite's reporters write it.
import { RESPONSE_CHECKS } from "../conformance/checks/index.ts";
import type { CheckName } from "../conformance/checks/names.ts";
import { CaseCounts, type CheckResult, type ConformanceReport, groupKeyOf } from "../conformance/results.ts";
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
 * counts only (CaseCounts, as in the suite's Recorder); each violation is kept whole.
 */
export class Ledger {
  readonly checks: CheckName[] = [...REQUEST_CHECK_NAMES.map(asRecordedCheck), ...RESPONSE_CHECKS];
  private readonly counts = new CaseCounts();
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
      this.counts.add(result);
      if (result.outcome !== "failed") continue;
      this.violationsKept.push(result);
      const key = groupKeyOf(result);
      const count = this.groups.get(key) ?? 0;
      this.groups.set(key, count + 1);
      if (count === 0) fresh.push(result);
    }
    return fresh;
  }

  report(): ProxyReport {
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
      summary: this.counts.summary(this.checks),
      operations: this.counts.byOperation(),
      violations: [...this.violationsKept],
      strict: false,
      advisories: [],
      coverage: this.coverage.report(),
      undocumentedExchanges: this.undocumented,
    };
  }
}

/** One line per violation group with its count, the most frequent first. */
export function groupLines(violations: readonly CheckResult[]): string[] {
  const counts = new Map<string, { example: CheckResult; count: number }>();
  for (const violation of violations) {
    const key = groupKeyOf(violation);
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
