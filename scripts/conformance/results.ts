// What a run records: every check evaluation (passed, failed, or inconclusive when
// the server gave no verdict, e.g. a 429) with the exchange that decided it
// (credentials already redacted by the HTTP layer).

import { createHash } from "node:crypto";
import type { CheckName } from "./checks/names.ts";
import type { CoverageReport } from "./coverage.ts";
import type { Exchange, RequestRecord, ResponseRecord } from "./http.ts";
import type { RequestInput } from "./requests.ts";

/**
 * `inconclusive`: the exchange cannot judge the check (rate limited, the server down, nothing to compare), with the reason; never a pass, never a violation.
 * `advisory`: a failure that rests only on a rule the spec labels `x-decision` (ours, not the
 * vendor's); listed and counted, not a violation unless the run is `--strict`.
 */
export type Outcome = "passed" | "failed" | "inconclusive" | "advisory";

export interface CheckResult {
  check: CheckName;
  operationId: string;
  outcome: Outcome;
  /** One line: what was checked, e.g. `missing credentials`, `limit=2 page 3`. */
  case: string;
  expected?: string;
  actual?: string;
  /** Why the case is inconclusive. */
  reason?: string;
  request?: RequestRecord;
  /** `body` is the first characters (a preview); `bodyBytes` the whole body's size. */
  response?: Pick<ResponseRecord, "status" | "headers" | "body"> & Partial<Pick<ResponseRecord, "bodyBytes">>;
  /** A command that sends the same request (credentials as `$CONFORMANCE_TOKEN`). */
  curl?: string;
  /** The generated input this failure was shrunk from, when shrinking found a smaller one. */
  shrunkFrom?: string;
  /** With `--baseline`: the baseline report has this violation (same check, operation and cause). */
  known?: boolean;
  /** The spec's `x-decision` reason, when the case rests only on that decision. */
  decision?: string;
  /** A failure's group (check, operation, cause) as a short stable id: `conformance replay --group <id>` takes it. */
  group?: string;
  /** On one case of a group whose cases were not all kept (CASES_KEPT_PER_GROUP): how many more the run found and counted. */
  casesNotKept?: number;
}

export type CheckSummary = Record<Outcome, number>;

const emptySummary = (): CheckSummary => ({ passed: 0, failed: 0, inconclusive: 0, advisory: 0 });

/**
 * Cases counted per operation and check, by outcome: a report's summary and its
 * per-operation table. The suite's Recorder and the proxy's Ledger both count with it,
 * so neither keeps a case only to count it.
 */
export class CaseCounts {
  private readonly counts = new Map<string, Map<string, CheckSummary>>();

  add(result: CheckResult): void {
    const perCheck = this.counts.get(result.operationId) ?? new Map<string, CheckSummary>();
    this.counts.set(result.operationId, perCheck);
    const counts = perCheck.get(result.check) ?? emptySummary();
    perCheck.set(result.check, counts);
    counts[result.outcome] += 1;
  }

  /** Cases per operation and check, by outcome. */
  byOperation(): Record<string, Record<string, CheckSummary>> {
    return Object.fromEntries([...this.counts].map(([operationId, perCheck]) => [operationId, Object.fromEntries([...perCheck].map(([check, counts]) => [check, { ...counts }]))]));
  }

  /** Cases per check of `checks` (each present, zero when nothing was counted), over every operation. */
  summary(checks: Iterable<string>): Record<string, CheckSummary> {
    const summary: Record<string, CheckSummary> = {};
    for (const check of checks) summary[check] = emptySummary();
    for (const perCheck of this.counts.values()) {
      for (const [check, counts] of perCheck) {
        const entry = summary[check];
        if (entry) for (const outcome of Object.keys(counts) as Outcome[]) entry[outcome] += counts[outcome];
      }
    }
    return summary;
  }
}

/**
 * Cases of one violation (or advisory) group a run keeps with their evidence; the others
 * are counted (`casesNotKept`), not kept. A server that fails one way on every input of a
 * large spec (Stripe's 23,000 violations in 1,930 groups) would otherwise keep every
 * request, response and curl line until the end of the run, and write them all.
 */
export const CASES_KEPT_PER_GROUP = 5;

/** What a recorder knows of one group: the cases it kept and how many it did not. */
interface GroupTally {
  cases: CheckResult[];
  notKept: number;
}

/**
 * Collects results; checks that were not selected are dropped at the door. What a report
 * needs is counted as results come (passed and inconclusive cases are not kept); failures
 * and advisories are kept up to CASES_KEPT_PER_GROUP per group (check, operation, cause),
 * in the order found. `onRecord` hears of every result, kept or not.
 */
export class Recorder {
  /** Kept as a counter so per-operation progress does not rescan every result (quadratic on big specs). */
  violationCount = 0;
  private readonly violationsByOperation = new Map<string, number>();
  private readonly counts = new CaseCounts();
  private readonly inconclusiveKinds = new Map<string, Map<string, number>>();
  /** The failures and advisories kept, in the order recorded (passed and inconclusive cases are counted, not kept). */
  private readonly keptCases: CheckResult[] = [];
  private readonly groups = new Map<string, GroupTally>();
  /** Operations whose failures a check is collecting (see `collectFailures`). */
  private readonly collecting = new Map<string, CheckResult[]>();

  /**
   * `onRecord` hears of every result recorded (the run's `case-recorded` events); `onSent` of
   * every request a check sent with the status it got (what coverage counts).
   */
  constructor(
    private readonly selected: ReadonlySet<CheckName>,
    private readonly onRecord?: (result: CheckResult) => void,
    private readonly onSent?: (operationId: string, input: RequestInput, status: number | undefined, durationMs: number) => void,
    private readonly casesPerGroup = CASES_KEPT_PER_GROUP,
  ) {}

  sent(operationId: string, input: RequestInput, status: number | undefined, durationMs: number): void {
    this.onSent?.(operationId, input, status, durationMs);
  }

  /** Checks narrowed for single operations (the config file's per-operation `checks`). */
  private readonly narrowed = new Map<string, ReadonlySet<CheckName>>();

  /** Only those of `checks` the run selected judge `operationId`; its other results are dropped at the door. */
  narrow(operationId: string, checks: readonly CheckName[]): void {
    this.narrowed.set(operationId, new Set(checks));
  }

  /** Whether the run judges `check` at all, or, given an operation, on that operation. */
  isSelected(check: CheckName, operationId?: string): boolean {
    return this.selected.has(check) && (operationId === undefined || (this.narrowed.get(operationId)?.has(check) ?? true));
  }

  get selectedChecks(): CheckName[] {
    return [...this.selected];
  }

  /**
   * Runs `task` and returns the failures recorded for `operationId` meanwhile, kept or not
   * (operations running beside it record theirs apart). One collection per operation at a
   * time: an operation's own steps run in order.
   */
  async collectFailures(operationId: string, task: () => Promise<void>): Promise<CheckResult[]> {
    const failures: CheckResult[] = [];
    this.collecting.set(operationId, failures);
    try {
      await task();
    } finally {
      this.collecting.delete(operationId);
    }
    return failures;
  }

  /**
   * Puts `replacement` (the same check and cause: a failure shrunk to a smaller input)
   * where `result` was. When `result` was counted but not kept, the replacement takes the
   * place of the group's last kept case that was not shrunk: a shrunk case is the best example.
   */
  replace(result: CheckResult, replacement: CheckResult): void {
    const group = this.groups.get(groupKeyOf(result));
    if (!group || replacement.check !== result.check) return;
    const own = group.cases.indexOf(result);
    const slot = own >= 0 ? own : group.cases.findLastIndex((kept) => kept.shrunkFrom === undefined);
    if (slot < 0) return;
    const at = this.keptCases.indexOf(group.cases[slot] as CheckResult);
    group.cases[slot] = replacement;
    if (at >= 0) this.keptCases[at] = replacement;
  }

  add(result: CheckResult): void {
    if (!this.isSelected(result.check, result.operationId)) return;
    this.count(result);
    if (result.outcome === "failed" || result.outcome === "advisory") this.keep(result);
    if (result.outcome === "failed") {
      this.violationCount += 1;
      this.violationsByOperation.set(result.operationId, (this.violationsByOperation.get(result.operationId) ?? 0) + 1);
      this.collecting.get(result.operationId)?.push(result);
    }
    this.onRecord?.(result);
  }

  private count(result: CheckResult): void {
    this.counts.add(result);
    if (result.outcome !== "inconclusive") return;
    const kinds = this.inconclusiveKinds.get(result.check) ?? new Map<string, number>();
    this.inconclusiveKinds.set(result.check, kinds);
    const kind = inconclusiveKind(result.reason ?? "");
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }

  private keep(result: CheckResult): void {
    const key = groupKeyOf(result);
    const group = this.groups.get(key) ?? { cases: [], notKept: 0 };
    this.groups.set(key, group);
    if (group.cases.length === this.casesPerGroup) {
      group.notKept += 1;
      return;
    }
    group.cases.push(result);
    this.keptCases.push(result);
  }

  pass(check: CheckName, operationId: string, what: string): void {
    this.add({ check, operationId, outcome: "passed", case: what });
  }

  inconclusive(check: CheckName, operationId: string, what: string, reason: string): void {
    this.add({ check, operationId, outcome: "inconclusive", case: what, reason });
  }

  /** Violations recorded so far for one operation. */
  violationsOf(operationId: string): number {
    return this.violationsByOperation.get(operationId) ?? 0;
  }

  /** The kept violations, each with its group id; the first kept case of a group says how many more it had (`casesNotKept`). */
  get violations(): CheckResult[] {
    return this.kept("failed");
  }

  get advisories(): CheckResult[] {
    return this.kept("advisory");
  }

  private kept(outcome: "failed" | "advisory"): CheckResult[] {
    const notKept = new Map([...this.groups.values()].filter((group) => group.notKept > 0).map((group) => [group.cases[0], group.notKept]));
    return this.keptCases.filter((result) => result.outcome === outcome).map((result) => ({ ...withGroup(result), ...(notKept.has(result) ? { casesNotKept: notKept.get(result) } : {}) }));
  }

  /** Cases per operation and check, by outcome. */
  byOperation(): Record<string, Record<string, CheckSummary>> {
    return this.counts.byOperation();
  }

  /** Inconclusive cases per check, counted by what kept each from a verdict. */
  inconclusiveBecause(): Record<string, Record<string, number>> {
    return Object.fromEntries([...this.inconclusiveKinds].map(([check, kinds]) => [check, Object.fromEntries(kinds)]));
  }

  summary(): Record<string, CheckSummary> {
    return this.counts.summary(this.selected);
  }
}

/** How many cases `results` stand for: each kept one and the ones its group counted without keeping. */
export function casesIn(results: readonly CheckResult[]): number {
  return results.reduce((sum, result) => sum + 1 + (result.casesNotKept ?? 0), 0);
}

/** The failure fields of a result, from the exchange that decided it. */
export function evidence(exchange: Exchange): Pick<CheckResult, "request" | "response" | "curl"> {
  const response = exchange.response;
  return {
    request: exchange.request,
    ...(response ? { response: { status: response.status, headers: response.headers, body: response.body, bodyBytes: response.bodyBytes } } : {}),
    curl: exchange.curl(),
  };
}

/** What kept a case from a verdict, for counting: a reason's first clause (a 429's retries aside). */
export function inconclusiveKind(reason: string): string {
  return /^429\b/.test(reason) ? "rate limited (429)" : (reason.split(":")[0] ?? reason).trim() || "no reason given";
}

/** The kinds of a report's inconclusive cases, the most first, with their counts unless `counted` is false: `rate limited (429) ×12, server unreachable ×3`; only `checks`' when given. */
export function describeInconclusive(report: Pick<ConformanceReport, "inconclusiveBecause">, checks?: readonly string[], counted = true): string {
  const totals = new Map<string, number>();
  for (const [check, kinds] of Object.entries(report.inconclusiveBecause ?? {})) {
    if (checks && !checks.includes(check)) continue;
    for (const [kind, count] of Object.entries(kinds)) totals.set(kind, (totals.get(kind) ?? 0) + count);
  }
  return [...totals].sort((a, b) => b[1] - a[1]).map(([kind, count]) => (counted ? `${kind} ×${count}` : kind)).join(", ");
}

/** The advice for a run's inconclusive cases: slowing down helps only rate-limited ones. */
export function inconclusiveAdvice(report: Pick<ConformanceReport, "inconclusiveBecause">): string {
  return describeInconclusive(report).includes("rate limited (429)") ? "; rerun later or with --rate-limit" : "";
}

/** `the run's time limit was reached; not reached: a, b`: why a run stopped early, for every reporter; undefined when it did not. */
export function stoppedBecause(report: Pick<ConformanceReport, "stopReason" | "notReached">): string | undefined {
  if (!report.stopReason) return undefined;
  return `${report.stopReason}${report.notReached?.length ? `; not reached: ${report.notReached.join(", ")}` : ""}`;
}

/** `pagination, sorting got only inconclusive cases (rate limited (429) ×4)`, for the line that says why a run is incomplete. */
export function onlyInconclusiveBecause(report: Pick<ConformanceReport, "inconclusiveChecks" | "inconclusiveBecause">): string {
  const checks = report.inconclusiveChecks ?? [];
  return `${checks.join(", ")} got only inconclusive cases (${describeInconclusive(report, checks)})`;
}

/** Checks that were evaluated only inconclusively: the run cannot vouch for them. */
export function onlyInconclusive(summary: Record<string, CheckSummary>): string[] {
  return Object.entries(summary)
    .filter(([, counts]) => counts.inconclusive > 0 && counts.passed === 0 && counts.failed === 0)
    .map(([check]) => check);
}

/** What failed, apart from the particulars of one case: ids, list positions and UUIDs vary within one cause. */
export function causeOf(violation: CheckResult): string {
  const general = (text = "") =>
    text
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, "<uuid>")
      .replace(/\/\d+(?=\/|\s|$|:)/g, "/*")
      .replace(/\b(item|page|client|id) \S+/g, "$1 <id>");
  return `${general(violation.expected)} → ${general(violation.actual)}`;
}

/**
 * A short id for a violation's group (check, operation, cause): the same in every run that
 * fails the same way, so `conformance replay --group <id>` and the reports can name it.
 */
export function groupIdOf(violation: CheckResult): string {
  return createHash("sha256").update(groupKeyOf(violation)).digest("hex").slice(0, 8);
}

/** A violation's group (check, operation, cause) as one string. */
export function groupKeyOf(violation: CheckResult): string {
  return JSON.stringify([violation.check, violation.operationId, causeOf(violation)]);
}

const withGroup = (result: CheckResult): CheckResult => ({ ...result, group: groupIdOf(result) });

/** The CLI's exit code for a finished run: 1 for a violation (with a baseline, a new one) or an incomplete run, else 0. */
export function exitCodeOf(report: ConformanceReport): 0 | 1 {
  const failing = report.baseline ? report.baseline.new : report.violations.length;
  return failing === 0 && report.complete ? 0 : 1;
}

export interface BaselineFinding {
  check: string;
  operationId: string;
  cause: string;
}

export interface BaselineOutcome {
  file: string;
  /** Violations of this run the baseline does not have: they fail the run. */
  new: number;
  /** Violations of this run the baseline has. */
  known: number;
  /** Baseline findings this run no longer sees, where the same check ran on the same operation. */
  fixed: BaselineFinding[];
}

export interface ConformanceReport {
  api: string;
  /** The `--spec` the run read (absolute path or URL); absent when it read `api`'s bundle. */
  spec?: string;
  baseUrl: string;
  mode: "full" | "stateless";
  seed: number;
  startedAt: string;
  durationMs: number;
  requests: number;
  /** With `--shard`: which part of the operations this run tested (`conformance merge` checks that every part is there once). */
  shard?: { index: number; count: number };
  /** False when the run stopped early (time limit, rate limit, the server stopped answering), or a check got only inconclusive cases. */
  complete: boolean;
  stopReason?: string;
  /** With a stop: the operations whose own checks never ran. */
  notReached?: string[];
  /** Operations some of whose inputs the suite could not make, with why (those cases are n/a, neither passed nor failed). */
  inputsLeftOut?: Record<string, string>;
  /** Checks whose every case was inconclusive: the run cannot vouch for them. */
  inconclusiveChecks?: string[];
  /** Inconclusive cases per check, by what kept them from a verdict (`rate limited (429)`, `server unreachable`, ...). */
  inconclusiveBecause?: Record<string, Record<string, number>>;
  /** With `--baseline`: new, known and fixed violations. */
  baseline?: BaselineOutcome;
  checks: CheckName[];
  /** Selected checks the spec gives nothing to run on, with the reason. */
  notApplicable: Partial<Record<CheckName, string>>;
  summary: Record<string, CheckSummary>;
  /** Cases per operation and check: what was evaluated, not only what failed. */
  operations: Record<string, Record<string, CheckSummary>>;
  violations: CheckResult[];
  /** Whether failures resting only on an `x-decision` counted as violations. */
  strict: boolean;
  /** Failures that rest only on an `x-decision` of the spec (ours, not the vendor's): listed, not violations. */
  advisories: CheckResult[];
  /** What the run exercised of the spec: statuses, parameters, body members and enum values (coverage.ts). */
  coverage?: CoverageReport;
}
