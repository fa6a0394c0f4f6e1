// The checks every response of a documented operation gets.
import { escapePointerToken, type Operation, type Response } from "../../lib/openapi.ts";
import type { Exchange } from "../http.ts";
import type { ApiModel } from "../model.ts";
import { type CheckName, evidence, type Recorder, RESPONSE_CHECKS } from "../results.ts";
import { coerceWire } from "../requests.ts";

export interface Received {
  status: number;
  headers: Record<string, string>;
  /** The parsed JSON body; undefined when there is none or it is not JSON. */
  json?: unknown;
  text: string;
}

function documentedResponse(op: Operation, status: number): [string, Response] | undefined {
  const key = [String(status), `${String(status)[0]}XX`, "default"].find((candidate) => op.responses[candidate]);
  return key ? [key, op.responses[key] as Response] : undefined;
}

function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

function mediaMatches(actual: string, documented: string): boolean {
  const [type, subtype] = documented.toLowerCase().split("/");
  const [actualType, actualSubtype] = actual.split("/");
  return (type === "*" || type === actualType) && (subtype === "*" || subtype === actualSubtype);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The response checks that can judge some answer of `op` (no headers documented: nothing for the headers check). */
export function responseChecksFor(op: Operation): CheckName[] {
  const responses = Object.values(op.responses);
  return RESPONSE_CHECKS.filter((check) => {
    if (check === "response_headers_conformance") return responses.some((response) => Object.keys(response.headers ?? {}).length > 0);
    if (check === "response_schema_conformance") return responses.some((response) => Object.keys(response.content ?? {}).some((type) => /json/.test(type)));
    return true;
  });
}

export function checkResponse(model: ApiModel, recorder: Recorder, op: Operation, exchange: Exchange, what: string): Received | undefined {
  const fail = (check: CheckName, expected: string, actual: string) =>
    recorder.add({ check, operationId: op.operationId, outcome: "failed", case: what, expected, actual, ...evidence(exchange) });
  const pass = (check: CheckName) => recorder.pass(check, op.operationId, what);

  const response = exchange.response;
  if (!response) {
    fail("not_a_server_error", "a complete HTTP response", exchange.transportError ?? "no response");
    return undefined;
  }
  if (response.status >= 500) fail("not_a_server_error", "a status below 500", `${response.status}`);
  else pass("not_a_server_error");

  const documented = documentedResponse(op, response.status);
  if (!documented) {
    fail("status_code_conformance", `one of ${Object.keys(op.responses).join(", ")}`, `${response.status}`);
    return { status: response.status, headers: response.headers, text: response.text };
  }
  pass("status_code_conformance");
  const [statusKey, spec] = documented;
  const responsePointer = `${op.pointer}/responses/${statusKey}`;

  const actualType = mediaTypeOf(response.headers["content-type"]);
  const documentedTypes = Object.keys(spec.content ?? {});
  if (documentedTypes.length === 0) {
    if (response.bodyBytes > 0) fail("content_type_conformance", "no body", `${response.bodyBytes} bytes (${actualType || "no content type"})`);
    else pass("content_type_conformance");
  } else if (!documentedTypes.some((type) => mediaMatches(actualType, type))) {
    fail("content_type_conformance", documentedTypes.join(" or "), actualType || "no Content-Type header");
  } else {
    pass("content_type_conformance");
  }

  for (const [name, header] of Object.entries(spec.headers ?? {})) {
    const value = response.headers[name.toLowerCase()];
    if (value === undefined) {
      if (header.required) fail("response_headers_conformance", `header ${name}`, "missing");
      else pass("response_headers_conformance");
      continue;
    }
    if (!header.schema) continue;
    const pointer = `${responsePointer}/headers/${escapePointerToken(name)}/schema`;
    const result = model.validators.validate(pointer, coerceWire(model.doc, header.schema, value));
    if (result.valid) pass("response_headers_conformance");
    else fail("response_headers_conformance", `header ${name} valid against its schema`, `${name}: ${value} (${result.errors.join("; ")})`);
  }

  const jsonType = documentedTypes.find((type) => /json/.test(type));
  if (!jsonType) return { status: response.status, headers: response.headers, text: response.text };
  const parsed = parseJson(response.text);
  if (!parsed.ok) {
    fail("response_schema_conformance", "a JSON body", response.text.length === 0 ? "an empty body" : "a body that is not JSON");
    return { status: response.status, headers: response.headers, text: response.text };
  }
  const pointer = `${responsePointer}/content/${escapePointerToken(jsonType)}/schema`;
  const result = model.validators.validate(pointer, parsed.value);
  if (result.valid) pass("response_schema_conformance");
  else fail("response_schema_conformance", "a body valid against the response schema", result.errors.slice(0, 5).join("; "));
  return { status: response.status, headers: response.headers, json: parsed.value, text: response.text };
}
