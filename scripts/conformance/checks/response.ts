// Every response of a documented operation goes through here: the response contract
// finds what the spec documents for its status, then each response check judges it,
// in names.ts order.
import type { Operation, Response } from "../../spec/openapi.ts";
import { isJsonMediaType, mediaTypeOf, responseKeyFor } from "../../spec/response-contract.js";
import type { Exchange } from "../http.ts";
import type { ApiModel } from "../../spec/model.ts";
import { evidence, type Recorder } from "../results.ts";
import type { ResponseCheck, ResponseSubject } from "./check.ts";
import contentTypeConformance from "./content-type-conformance.ts";
import { CHECK_NAMES, type CheckName } from "./names.ts";
import notAServerError from "./not-a-server-error.ts";
import responseHeadersConformance from "./response-headers-conformance.ts";
import responseSchemaConformance from "./response-schema-conformance.ts";
import statusCodeConformance from "./status-code-conformance.ts";

/** The response checks in names.ts order (the registry holds them with the rest). */
export const RESPONSE_CHECK_DEFINITIONS: readonly ResponseCheck[] = [notAServerError, statusCodeConformance, contentTypeConformance, responseHeadersConformance, responseSchemaConformance].sort(
  (a, b) => CHECK_NAMES.indexOf(a.name) - CHECK_NAMES.indexOf(b.name),
);

export interface Received {
  status: number;
  headers: Record<string, string>;
  /** The parsed JSON body; undefined when there is none or it is not JSON. */
  json?: unknown;
  text: string;
}

/** The response checks that can judge some answer of `op` (no headers documented: nothing for the headers check). */
export function responseChecksFor(op: Operation): CheckName[] {
  return RESPONSE_CHECK_DEFINITIONS.filter((check) => check.appliesTo?.(op) ?? true).map((check) => check.name);
}

function subjectOf(model: ApiModel, op: Operation, exchange: Exchange, unauthenticated: boolean): ResponseSubject {
  const response = exchange.response;
  const key = response ? responseKeyFor(op.responses, response.status) : undefined;
  let parsed: ReturnType<ResponseSubject["json"]> | undefined;
  return {
    model,
    op,
    exchange,
    unauthenticated,
    ...(key ? { documented: { key, response: op.responses[key] as Response, pointer: `${op.pointer}/responses/${key}` } } : {}),
    mediaType: mediaTypeOf(response?.headers["content-type"]),
    json: () => (parsed ??= parseJson(response?.text ?? "")),
  };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

export function checkResponse(model: ApiModel, recorder: Recorder, op: Operation, exchange: Exchange, what: string, unauthenticated = false): Received | undefined {
  const subject = subjectOf(model, op, exchange, unauthenticated);
  for (const check of RESPONSE_CHECK_DEFINITIONS) {
    for (const judgement of check.judge(subject)) {
      if (judgement.passed) recorder.pass(check.name, op.operationId, what);
      else recorder.add({ check: check.name, operationId: op.operationId, outcome: "failed", case: what, expected: judgement.expected, actual: judgement.actual, ...evidence(exchange) });
    }
  }
  const response = exchange.response;
  if (!response) return undefined;
  // The body as JSON for the checks that read it further, when the spec documents JSON there and it parsed.
  const parsed = subject.documented && Object.keys(subject.documented.response.content ?? {}).some(isJsonMediaType) ? subject.json() : undefined;
  return { status: response.status, headers: response.headers, text: response.text, ...(parsed?.ok ? { json: parsed.value } : {}) };
}
