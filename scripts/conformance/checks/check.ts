// What a check is: one module per check exports one of these, and the registry
// (checks/index.ts) lists them in the order a run takes them. Everything else the
// toolkit says about a check (the CLI's list, `--checks` validation, n/a reasons, the
// report's rows, the docs' table) is read from here.
import type { Operation, Response } from "../../lib/openapi.ts";
import type { Exchange } from "../http.ts";
import type { ApiModel, Resource } from "../model.ts";
import type { RunContext } from "../context.ts";
import type { ResourceLifecycle } from "./lifecycle.ts";

/** `stateless` checks run in both modes; `stateful` ones need stored state (full mode only). */
export type CheckMode = "stateless" | "stateful";

/** What one response check concluded about one response; a check may judge several parts of one (each documented header). */
export type Judgement = { passed: true } | { passed: false; expected: string; actual: string };

/** One response of a documented operation, with what the spec documents for its status. */
export interface ResponseSubject {
  model: ApiModel;
  op: Operation;
  exchange: Exchange;
  /** The documented response for the status (`404`, `4XX` or `default`) and its key; undefined when none fits. */
  documented?: { key: string; response: Response; pointer: string };
  /** The Content-Type's media type, lower case, without parameters ("" when absent). */
  mediaType: string;
  /** The body parsed as JSON, read once for every check (undefined: no JSON). */
  json(): { ok: true; value: unknown } | { ok: false };
}

interface CheckInfo<Name extends string> {
  name: Name;
  mode: CheckMode;
  /** What fails it, in one line (the docs' check table and `--help`). */
  description: string;
  /** Why the spec gives this check nothing to run on, or undefined when it does. */
  whyNotApplicable?(model: ApiModel): string | undefined;
}

/** Judges every response of a documented operation; runs inside each call, in registry order. */
export interface ResponseCheck<Name extends string = string> extends CheckInfo<Name> {
  scope: "response";
  /** Whether some documented answer of `op` gives the check anything to judge. */
  appliesTo?(op: Operation): boolean;
  judge(subject: ResponseSubject): Judgement[];
}

/** Sends its own requests for one operation; these are also the traffic the response checks judge. */
export interface OperationCheck<Name extends string = string> extends CheckInfo<Name> {
  scope: "operation";
  run(ctx: RunContext, op: Operation): Promise<void>;
}

/** Runs once over the whole API (every path). */
export interface ApiCheck<Name extends string = string> extends CheckInfo<Name> {
  scope: "api";
  run(ctx: RunContext): Promise<void>;
}

/** Runs on each list operation of a resource, after the run made items to list. */
export interface ListCheck<Name extends string = string> extends CheckInfo<Name> {
  scope: "list";
  run(ctx: RunContext, list: Operation, resource: Resource): Promise<void>;
}

/** Runs on a resource before the run creates items (what is already there). */
export interface ResourceCheck<Name extends string = string> extends CheckInfo<Name> {
  scope: "resource";
  run(lifecycle: ResourceLifecycle): Promise<void>;
}

/** Runs on one item of a resource (created by the run where it can), in registry order: the last may delete it. */
export interface ItemCheck<Name extends string = string> extends CheckInfo<Name> {
  scope: "item";
  run(lifecycle: ResourceLifecycle, id: unknown): Promise<void>;
}

export type Check<Name extends string = string> = ResponseCheck<Name> | OperationCheck<Name> | ApiCheck<Name> | ListCheck<Name> | ResourceCheck<Name> | ItemCheck<Name>;

/** Keeps the check's name as a literal type, so the registry can derive `CheckName`. */
export function defineCheck<const Name extends string, C extends Check<Name>>(check: C & { name: Name }): C & Check<Name> {
  return check;
}
