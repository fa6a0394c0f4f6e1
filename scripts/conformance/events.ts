// What a run tells as it goes. The runner emits these; reporters (reporters/) listen,
// so a new output (a live view, an HTML page, a proxy's log) subscribes instead of
// reaching into the engine.
import type { CheckName } from "./checks/names.ts";
import type { CheckResult, ConformanceReport } from "./results.ts";
import type { ResourceChain } from "./links.ts";

export type RunEvent =
  | {
      type: "run-started";
      api: string;
      baseUrl: string;
      mode: "full" | "stateless";
      seed: number;
      checks: CheckName[];
      operations: number;
      /** Operations that may end the run's session (a sign-out), as `id (METHOD /path)`. */
      mayRevoke: string[];
      /** Full mode: each resource's links as the spec gives them (a create's chain to its items, and why); a run adds those `Location` headers teach. */
      chains: ResourceChain[];
    }
  | { type: "resource-started"; tag: string }
  | { type: "case-recorded"; result: CheckResult }
  | { type: "operation-finished"; operationId: string; method: string; path: string; violations: number; inputsLeftOut?: string }
  /** Something a person watching may want to know: a wait, a shrink, a skipped check. */
  | { type: "note"; message: string }
  /** Something that weakens the run's verdict (a format the validators cannot check): said even when quiet. */
  | { type: "warning"; message: string }
  | { type: "run-finished"; report: ConformanceReport };

export type RunListener = (event: RunEvent) => void;
