// What a check is. Every check module exports one definition: a response check (this
// file), which judges each response inside every call, or a check that sends its own
// requests (sending-check.ts). The registry (index.ts) holds them all; n/a reasons, the
// report's rows and the docs' check table are read from there.
//
// This module names no run context, so the response checks, which the run context
// calls, import nothing that imports them back.
import type { Operation, Response } from "../../spec/openapi.ts";
import type { Exchange } from "../http.ts";
import type { ApiModel } from "../../spec/model.ts";
import type { CheckName } from "./names.ts";

/** `stateless` checks run in both modes; `stateful` ones need stored state (full mode only). */
export type CheckMode = "stateless" | "stateful";

export interface CheckInfo<Name extends CheckName> {
  name: Name;
  mode: CheckMode;
  /** What fails it, in one line (the docs' check table). */
  description: string;
  /** Why the spec gives this check nothing to run on, or undefined when it does. */
  whyNotApplicable?(model: ApiModel): string | undefined;
}

/** What one response check concluded about one response; a check may judge several parts of one (each documented header). */
export type Judgement = { passed: true } | { passed: false; expected: string; actual: string };

/** One response of a documented operation, with what the spec documents for its status. */
export interface ResponseSubject {
  model: ApiModel;
  op: Operation;
  exchange: Exchange;
  /** The documented response for the status (`404`, `4XX` or `default`), its key and pointer; undefined when none fits. */
  documented?: { key: string; response: Response; pointer: string };
  /** The request carried no valid credentials on purpose (ignored_auth's cases): a refusal is always a fair answer. */
  unauthenticated: boolean;
  /** The Content-Type's media type, lower case, without parameters ("" when absent). */
  mediaType: string;
  /** The body parsed as JSON, parsed once for every check that asks. */
  json(): { ok: true; value: unknown } | { ok: false };
}

/** Judges every response of a documented operation; runs inside each call, in registry order. */
export interface ResponseCheck<Name extends CheckName = CheckName> extends CheckInfo<Name> {
  scope: "response";
  /** Whether some documented answer of `op` gives the check anything to judge (default: yes). */
  appliesTo?(op: Operation): boolean;
  judge(subject: ResponseSubject): Judgement[];
}

/** Keeps the check's name as a literal type, so the registry can hold it under that name. */
export function defineResponseCheck<const Name extends CheckName>(check: ResponseCheck<Name>): ResponseCheck<Name> {
  return check;
}
