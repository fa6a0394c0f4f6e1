// Error bodies that keep the vendor's shape but say what was actually wrong. The
// shape comes from the documented example of that status; the words come from the
// engine (which parameter or field, which rule). A rewrite that would break the
// response schema is dropped for a smaller one, and at worst the example is sent
// as documented, so an explained error is never a contract violation.
import { isObject, type Operation, type Response, responseSchemaPointer } from "../spec/openapi.ts";
import type { SpecValidators } from "../spec/validators.ts";
import type { FieldError } from "../server/types.ts";

/** Members that hold a human-readable message in the error shapes vendors use. */
const MESSAGE_KEY = /^(message|error|msg|detail|title|description|error_description)$/i;
/** The entry name for a problem with no single field (Rails, for one, calls it `base`). */
const WHOLE_REQUEST = "base";
const LOCATION_NAMES: Record<FieldError["in"], string> = { path: "params", query: "query", body: "body" };

export interface Explanation {
  message: string;
  fields: FieldError[];
}

/** The examples of a response, the vendor's own first. */
export function responseExamples(response: Response | undefined): unknown[] {
  const media = response?.content?.["application/json"];
  if (!media) return [];
  if (media.example !== undefined) return [media.example];
  const named = Object.values(media.examples ?? {});
  const vendor = named.filter((example) => example["x-source"] !== undefined);
  return [...vendor, ...named.filter((example) => !vendor.includes(example))].map((example) => example.value);
}

function issueLike(template: Record<string, unknown>, field: FieldError): Record<string, unknown> {
  const issue: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) {
    if (typeof value === "string" && MESSAGE_KEY.test(key)) issue[key] = field.name === WHOLE_REQUEST ? field.problem : `${field.name} ${field.problem}`;
    else if (key === "path" || key === "field" || key === "param") issue[key] = Array.isArray(value) ? [field.name] : field.name;
    else if (key === "value") issue[key] = field.value;
    else if (key === "location" || key === "in") issue[key] = typeof value === "string" && value !== field.in ? LOCATION_NAMES[field.in] : field.in;
    else issue[key] = value;
  }
  return issue;
}

/** A map of field name to problem text (`{"limit": "must be >= 1"}`): every value a string, none a message. */
function isProblemMap(template: Record<string, unknown>): boolean {
  const entries = Object.entries(template);
  return entries.length > 0 && entries.every(([key, value]) => typeof value === "string" && !MESSAGE_KEY.test(key));
}

/** The template with its message strings replaced, and its lists of issues rebuilt from `fields` when `deep`. */
function rewrite(template: unknown, explanation: Explanation, deep: boolean): unknown {
  if (!isObject(template)) return template;
  const { message } = explanation;
  // A problem with the request as a whole still gets one entry where the shape lists entries.
  const fields: FieldError[] = explanation.fields.length > 0 ? explanation.fields : [{ name: WHOLE_REQUEST, in: "body", value: undefined, problem: message }];
  if (isProblemMap(template)) {
    if (!deep) return template;
    const [firstKey] = Object.keys(template);
    return explanation.fields.length > 0 ? Object.fromEntries(fields.map((field) => [field.name, field.problem])) : { [firstKey as string]: message };
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) {
    if (typeof value === "string" && MESSAGE_KEY.test(key)) out[key] = message;
    else if (deep && Array.isArray(value) && isObject(value[0])) out[key] = fields.map((field) => issueLike(value[0] as Record<string, unknown>, field));
    else if (deep && isObject(value) && Object.values(value).every(Array.isArray)) out[key] = Object.fromEntries(fields.map((field) => [field.name, [field.problem]]));
    else out[key] = value;
  }
  return out;
}

/**
 * The body for an error answer of `operation` with `status`: the documented example
 * of that status rewritten to carry the explanation, as far as the schema allows.
 */
export function explainedBody(validators: SpecValidators, operation: Operation, status: number, explanation: Explanation): unknown {
  const template = responseExamples(operation.responses[String(status)])[0];
  if (template === undefined) return undefined;
  const validate = validators.at(responseSchemaPointer(operation, String(status)));
  for (const candidate of [rewrite(template, explanation, true), rewrite(template, explanation, false)]) {
    if (validate(candidate)) return candidate;
  }
  return template;
}
