// Checks that send their own requests, by what they run on. The runner takes them in
// phases (resources, then operations, then the whole API), each phase in registry order.
import type { Operation } from "../../spec/openapi.ts";
import type { RunContext } from "../context.ts";
import type { Resource } from "../../spec/model.ts";
import type { CheckInfo, ResponseCheck } from "./check.ts";
import type { ResourceLifecycle } from "./lifecycle.ts";
import type { CheckName } from "./names.ts";
import type { CheckResult } from "../results.ts";

/** For a check whose every verdict rests on one response's status: that verdict, so `conformance replay` can judge a failing request sent again. */
interface StatusVerdict {
  /** Whether `status` passes the case `failed` was (its `expected` says which rule it was judged by). */
  passesWith?(status: number, failed: CheckResult): boolean;
}

/** Sends its own requests for one operation; these are also the traffic the response checks judge. */
export interface OperationCheck<Name extends CheckName = CheckName> extends CheckInfo<Name>, StatusVerdict {
  scope: "operation";
  run(ctx: RunContext, op: Operation): Promise<void>;
}

/** Runs over the whole API, one path at a time (`operations`: the run's operations on that path), so paths can go side by side with `--workers`. */
export interface ApiCheck<Name extends CheckName = CheckName> extends CheckInfo<Name>, StatusVerdict {
  scope: "api";
  run(ctx: RunContext, operations: readonly Operation[]): Promise<void>;
}

/** Runs on each list operation of a resource, after the run made items to list. */
export interface ListCheck<Name extends CheckName = CheckName> extends CheckInfo<Name> {
  scope: "list";
  run(ctx: RunContext, list: Operation, resource: Resource): Promise<void>;
}

/** Runs on a resource before the run creates items (what is already there). */
export interface ResourceCheck<Name extends CheckName = CheckName> extends CheckInfo<Name> {
  scope: "resource";
  run(lifecycle: ResourceLifecycle): Promise<void>;
}

/** Runs on one item of a resource (made by the run where it can), in registry order: the last may delete it. */
export interface ItemCheck<Name extends CheckName = CheckName> extends CheckInfo<Name> {
  scope: "item";
  run(lifecycle: ResourceLifecycle, id: unknown): Promise<void>;
}

export type SendingCheck<Name extends CheckName = CheckName> = OperationCheck<Name> | ApiCheck<Name> | ListCheck<Name> | ResourceCheck<Name> | ItemCheck<Name>;

export type Check<Name extends CheckName = CheckName> = ResponseCheck<Name> | SendingCheck<Name>;

/** Keeps the check's name as a literal type, so the registry can hold it under that name. */
export function defineCheck<const Name extends CheckName, C extends SendingCheck<Name>>(check: C & { name: Name }): C & SendingCheck<Name> {
  return check;
}
