// What a run records: every check evaluation, pass or fail, with the exchange that
// decided it (credentials already redacted by the HTTP layer).

export const RESPONSE_CHECKS = [
  "not_a_server_error",
  "status_code_conformance",
  "content_type_conformance",
  "response_headers_conformance",
  "response_schema_conformance",
] as const;

export const STATELESS_CHECKS = [
  ...RESPONSE_CHECKS,
  "ignored_auth",
  "negative_data_rejection",
  "positive_data_acceptance",
  "unsupported_method",
] as const;

export const STATEFUL_CHECKS = [
  "ensure_resource_availability",
  "update_visibility",
  "use_after_free",
  "pagination",
  "sorting",
  "filtering",
] as const;

export const CHECK_NAMES = [...STATELESS_CHECKS, ...STATEFUL_CHECKS] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

export function isCheckName(name: string): name is CheckName {
  return (CHECK_NAMES as readonly string[]).includes(name);
}

export interface RequestRecord {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface ResponseRecord {
  status: number;
  headers: Record<string, string>;
  /** The body as text, cut to a readable length for reports. */
  body: string;
  bodyBytes: number;
}

export interface CheckResult {
  check: CheckName;
  operationId: string;
  passed: boolean;
  /** One line: what was checked, e.g. `missing credentials`, `limit=2 page 3`. */
  case: string;
  expected?: string;
  actual?: string;
  request?: RequestRecord;
  response?: Pick<ResponseRecord, "status" | "headers" | "body">;
}

export interface CheckSummary {
  passed: number;
  failed: number;
}

/** Collects results; checks that were not selected are dropped at the door. */
export class Recorder {
  readonly results: CheckResult[] = [];
  /** Kept as a counter so per-operation progress does not rescan every result (quadratic on big specs). */
  violationCount = 0;

  constructor(private readonly selected: ReadonlySet<CheckName>) {}

  isSelected(check: CheckName): boolean {
    return this.selected.has(check);
  }

  add(result: CheckResult): void {
    if (!this.selected.has(result.check)) return;
    this.results.push(result);
    if (!result.passed) this.violationCount += 1;
  }

  pass(check: CheckName, operationId: string, what: string): void {
    this.add({ check, operationId, passed: true, case: what });
  }

  get violations(): CheckResult[] {
    return this.results.filter((result) => !result.passed);
  }

  /** Passed and failed cases per operation and check. */
  byOperation(): Record<string, Record<string, CheckSummary>> {
    const out: Record<string, Record<string, CheckSummary>> = {};
    for (const result of this.results) {
      const perCheck = (out[result.operationId] ??= {});
      const entry = (perCheck[result.check] ??= { passed: 0, failed: 0 });
      entry[result.passed ? "passed" : "failed"] += 1;
    }
    return out;
  }

  summary(): Record<string, CheckSummary> {
    const summary: Record<string, CheckSummary> = {};
    for (const check of CHECK_NAMES) if (this.selected.has(check)) summary[check] = { passed: 0, failed: 0 };
    for (const result of this.results) {
      const entry = summary[result.check];
      if (entry) entry[result.passed ? "passed" : "failed"] += 1;
    }
    return summary;
  }
}
