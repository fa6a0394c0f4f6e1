// Valid and invalid inputs for one operation, from its examples and schemas. Valid
// inputs come in phases, as in Schemathesis: the spec's examples, then boundary values
// for every parameter and body member, then random inputs (fast-check, seeded per
// operation), so `--seed` and `--max-examples` change what every operation receives.
//
// Every valid input carries every required parameter (path, query, header, cookie) and
// no readOnly body member; its body goes as a request media type the operation
// documents. Generation has a budget per operation and never waits on a filter: what
// cannot be made is left out, and `generationProblem` says why (the run shows it).
import * as fc from "fast-check";
import { escapePointerToken, isObject, type JsonSchema, type Operation, type ResolvedParameter } from "../spec/openapi.ts";
import { SpecValidators } from "../spec/validators.ts";
import type { RunContext } from "./context.ts";
import { knowDocument, readBackBody, type RequestMedia, requestMediaOf } from "./media.ts";
import { type ApiModel, isIdParameter } from "../spec/model.ts";
import type { ParameterValues, RequestInput } from "./requests.ts";
import { requestView, requiredMembers, resolved, withoutReadOnly, writableProperties } from "./schemas.ts";
import { headerValue, readBack, type StyledParameter, wireText } from "./styles.ts";
import { arbitraryFor, boundaryCandidates, bounded, drawValid, invalidBodies, invalidCandidates, type Labeled, parameterExamples } from "./values.ts";
import { sameAsOf } from "../spec/extensions.ts";

export type Phase = "examples" | "boundaries" | "random";

export interface LabeledInput {
  label: string;
  input: RequestInput;
  /** True when a path value was made up (an id, a parent's name), so 404 is a fair answer. */
  madeUpId: boolean;
  phase?: Phase;
  /** The generated parts, for shrinking (boundary and random phases). */
  parts?: InputParts;
  /** For an invalid input that breaks only a rule labelled `x-decision`: the reason given there. */
  decision?: string;
}

/** The generated parts of an input, as fast-check builds and shrinks them (typed values, serialized when sent). */
export interface InputParts {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  cookies?: Record<string, unknown>;
  body?: unknown;
}

/** How long making one operation's inputs may take (each of the valid and the invalid ones), within the run's time limit. */
export const GENERATION_BUDGET_MS = 10_000;

/** Header parameters OpenAPI says to ignore: the request's own Accept, Content-Type and Authorization. */
const IGNORED_HEADERS = new Set(["accept", "content-type", "authorization"]);

type Part = "path" | "query" | "headers" | "cookies";
const partOf = (parameter: ResolvedParameter): Part => (parameter.in === "header" ? "headers" : parameter.in === "cookie" ? "cookies" : parameter.in);

/** A parameter the suite can send: its schema (or its `content` media type's, sent as JSON text), where it sits, how it is styled. */
interface Sendable {
  parameter: ResolvedParameter;
  schema: JsonSchema;
  pointer: string;
  /** Sent as JSON text (a parameter described by `content` rather than `schema`). */
  json: boolean;
  styled: StyledParameter;
}

const sendablesOf = new WeakMap<Operation, Sendable[]>();

function sendables(op: Operation): Sendable[] {
  let known = sendablesOf.get(op);
  if (!known) sendablesOf.set(op, (known = findSendables(op)));
  return known;
}

function findSendables(op: Operation): Sendable[] {
  const out: Sendable[] = [];
  for (const parameter of op.parameters) {
    if (parameter.in === "header" && IGNORED_HEADERS.has(parameter.name.toLowerCase())) continue;
    if (parameter.schema) {
      out.push({ parameter, schema: parameter.schema, pointer: `${parameter.pointer}/schema`, json: false, styled: { ...parameter, schema: parameter.schema } });
      continue;
    }
    const content = (parameter as { content?: Record<string, { schema?: JsonSchema }> }).content;
    const [type, media] = Object.entries(content ?? {})[0] ?? [];
    if (type && media?.schema) {
      out.push({ parameter, schema: media.schema, pointer: `${parameter.pointer}/content/${escapePointerToken(type)}/schema`, json: true, styled: { name: parameter.name, in: parameter.in, schema: { type: "string" } } });
    }
  }
  return out;
}

const mustSend = (sendable: Sendable) => sendable.parameter.required === true || sendable.parameter.in === "path";

// -- validators and the problems of each operation ------------------------------------------------

interface RequestValidation {
  validators: SpecValidators;
  /** Schemas the validator cannot compile, by pointer: the reason. */
  broken: Map<string, string>;
}

const validation = new WeakMap<ApiModel, RequestValidation>();

/**
 * Validators of what a request sends: the document's own, or (when the request's view
 * of the document differs: readOnly members no request sends, 3.0's `nullable` without
 * `type`) validators over that view, with the same pointers.
 */
export function requestValidation(model: ApiModel): RequestValidation {
  let known = validation.get(model);
  if (!known) {
    const view = requestView(model.doc);
    known = { validators: view ? new SpecValidators(view, `${model.doc.info?.title ?? "spec"} requests`, {}, model.validators.warn) : model.validators, broken: new Map() };
    validation.set(model, known);
  }
  return known;
}

function isValidAt(ctx: RunContext, pointer: string, value: unknown): boolean {
  const checks = requestValidation(ctx.model);
  if (checks.broken.has(pointer)) return false;
  try {
    return checks.validators.validate(pointer, value).valid;
  } catch (error) {
    checks.broken.set(pointer, (error as Error).message);
    return false;
  }
}

const problems = new WeakMap<RunContext, Map<string, string[]>>();

function noteProblem(ctx: RunContext, op: Operation, reason: string): void {
  let byOperation = problems.get(ctx);
  if (!byOperation) problems.set(ctx, (byOperation = new Map()));
  const reasons = byOperation.get(op.operationId) ?? [];
  if (reasons.includes(reason)) return;
  reasons.push(reason);
  byOperation.set(op.operationId, reasons);
  ctx.progress(`${op.operationId}: ${reason}`);
}

/**
 * Why some of the operation's valid inputs could not be made (its body in a media type
 * the suite cannot write, a schema no value was found for within the budget, a schema
 * the validator cannot compile), or undefined when nothing was left out. Known once the
 * operation's inputs were asked for (validInputs, invalidInputs, firstValidInput).
 */
export function generationProblem(ctx: RunContext, op: Operation): string | undefined {
  const reasons = problems.get(ctx)?.get(op.operationId);
  return reasons?.length ? reasons.join("; ") : undefined;
}

function schemaProblem(ctx: RunContext, pointer: string | undefined): string | undefined {
  const reason = pointer ? requestValidation(ctx.model).broken.get(pointer) : undefined;
  return reason ? `its schema cannot be compiled (${reason})` : undefined;
}

const because = (ctx: RunContext, pointer: string) => {
  const problem = schemaProblem(ctx, pointer);
  return problem ? `: ${problem}` : "";
};

/** The end of one operation's generation budget: its share of the run's time left, GENERATION_BUDGET_MS at most. */
const budgetEnd = (ctx: RunContext) => ctx.operationDeadline(GENERATION_BUDGET_MS);

// -- parameters -----------------------------------------------------------------------------------

/** The value as it goes on the wire: a `content` parameter as its JSON text. */
const wireValue = (sendable: Sendable, value: unknown) => (sendable.json ? JSON.stringify(value) : value);

const HEADER_TEXT = /^[\x21-\x7e\x80-\xff](?:[\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?$/;

/** Whether the wire text of a value reaches the server as itself (not empty, a path segment that keeps the route, a header's characters). */
function wireSafe(sendable: Sendable, value: unknown): boolean {
  const text = wireText(sendable.styled, wireValue(sendable, value));
  if (sendable.parameter.in === "path") return text !== "" && text !== "." && text !== ".." && !/^;[^=]*$/.test(text);
  if (sendable.parameter.in === "header") return HEADER_TEXT.test(text);
  return true;
}

/** What the server reads for the value (JSON text parsed back for a `content` parameter). */
function readBackValue(ctx: RunContext, sendable: Sendable, value: unknown): unknown {
  const read = readBack(ctx.model.doc, sendable.styled, wireValue(sendable, value));
  if (!sendable.json || typeof read !== "string") return read;
  try {
    return JSON.parse(read);
  } catch {
    return read;
  }
}

/** Valid, and read back by a server as itself: a value the style cannot carry (an item holding the delimiter) is not sent. */
function isSendable(ctx: RunContext, sendable: Sendable, value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (!isValidAt(ctx, sendable.pointer, value) || !wireSafe(sendable, value)) return false;
  return JSON.stringify(readBackValue(ctx, sendable, value)) === JSON.stringify(value);
}

function sendableOf(op: Operation, parameter: ResolvedParameter): Sendable | undefined {
  return sendables(op).find((candidate) => candidate.parameter === parameter);
}

/** Valid values for a parameter: its examples first, then generated ones. */
export function validParameterValues(ctx: RunContext, parameter: ResolvedParameter, count: number, salt: number): unknown[] {
  const sendable = findSendables({ parameters: [parameter] } as Operation)[0];
  if (!sendable) return [];
  const examples = parameterExamples(parameter).filter((value) => isSendable(ctx, sendable, value));
  const generated = drawValid(arbitraryFor(ctx.model.doc, sendable.schema), (value) => isSendable(ctx, sendable, value), count, ctx.settings.seed + salt, budgetEnd(ctx));
  return [...examples, ...generated];
}

const defaultValues = new WeakMap<RunContext, Map<ResolvedParameter, unknown>>();

/**
 * The value a parameter takes in every request that needs one and has none of its own:
 * the same each time (one seed, one salt), so it is drawn once per run. A value not found
 * because the time ran out is looked for again, not remembered as missing. Frozen, since
 * every request shares it.
 */
function defaultValue(ctx: RunContext, parameter: ResolvedParameter): unknown {
  let known = defaultValues.get(ctx);
  if (!known) defaultValues.set(ctx, (known = new Map()));
  if (known.has(parameter)) return known.get(parameter);
  const value = validParameterValues(ctx, parameter, 1, 0)[0];
  if (value !== undefined) known.set(parameter, deepFreeze(value));
  return value;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

/** One value for every path parameter: given ones (real ids) win over examples. */
export function pathValues(ctx: RunContext, op: Operation, given: ParameterValues = {}): { values: ParameterValues; madeUpId: boolean } {
  knowDocument(op, ctx.model.doc);
  const values: ParameterValues = {};
  let madeUpId = false;
  for (const parameter of op.parameters.filter((p) => p.in === "path")) {
    if (given[parameter.name] !== undefined) {
      values[parameter.name] = given[parameter.name];
      continue;
    }
    const value = defaultValue(ctx, parameter);
    if (value === undefined) noteProblem(ctx, op, `no valid value for path parameter ${parameter.name} could be made${because(ctx, `${parameter.pointer}/schema`)}`);
    values[parameter.name] = value;
    if (isIdParameter(parameter.name)) madeUpId = true;
  }
  return { values, madeUpId };
}

/**
 * The parts every valid input starts from: every path parameter, and one value for
 * every required query, header and cookie parameter (its example, else a generated
 * one); undefined (with the problem noted) when a required one has no valid value.
 */
function requiredParts(ctx: RunContext, op: Operation, given: ParameterValues): { parts: InputParts; madeUpId: boolean } | undefined {
  const { values: path, madeUpId } = pathValues(ctx, op, given);
  const parts: InputParts = { path, query: {}, headers: {}, cookies: {} };
  let complete = op.parameters.filter((p) => p.in === "path").every((p) => path[p.name] !== undefined);
  for (const sendable of sendables(op).filter((s) => s.parameter.required && s.parameter.in !== "path")) {
    const value = defaultValue(ctx, sendable.parameter);
    if (value === undefined) {
      noteProblem(ctx, op, `no valid value for required ${sendable.parameter.in} parameter ${sendable.parameter.name} could be made${because(ctx, sendable.pointer)}`);
      complete = false;
      continue;
    }
    (parts[partOf(sendable.parameter)] as Record<string, unknown>)[sendable.parameter.name] = value;
  }
  return complete ? { parts, madeUpId } : undefined;
}

/**
 * Values for the operation's required query, header and cookie parameters, as a request
 * sends them: for the requests a check builds itself (a list, a read back), which must be
 * valid ones too.
 */
export function requiredParameters(ctx: RunContext, op: Operation): Pick<RequestInput, "query" | "headers" | "cookies"> {
  const required = requiredParts(ctx, op, {});
  if (!required) return { query: {} };
  const input = inputFromParts(ctx, op, { ...required.parts, path: {} });
  return { query: input.query ?? {}, ...(input.headers ? { headers: input.headers } : {}), ...(input.cookies ? { cookies: input.cookies } : {}) };
}

/** A stable number per operation, so every operation draws its own values from one seed. */
function operationSalt(op: Operation): number {
  let hash = 0;
  for (const char of op.operationId) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return Math.abs(hash % 1_000_000);
}

// -- bodies ---------------------------------------------------------------------------------------

interface BodyPlan {
  /** The media type bodies go as; undefined when the operation takes no body or none the suite can write. */
  media?: RequestMedia;
  /** The operation cannot be called validly without a body. */
  required: boolean;
  /** Why no body can be sent, when the operation documents one. */
  problem?: string;
}

function bodyPlan(ctx: RunContext, op: Operation): BodyPlan {
  knowDocument(op, ctx.model.doc);
  if (!op.requestBody) return { required: false };
  const required = op.requestBody.required === true;
  const { chosen, unsupported } = requestMediaOf(op);
  if (!chosen) {
    const problem = `body inputs are n/a: the request body is documented only as ${unsupported.join(", ") || "no media type"}, which the suite cannot write (JSON, application/x-www-form-urlencoded, multipart/form-data)`;
    noteProblem(ctx, op, problem);
    return { required, problem };
  }
  return { media: chosen, required };
}

/** The JSON pointer of the schema of the request body the suite sends (its chosen media type). */
export function bodySchemaPointer(op: Operation): string | undefined {
  return requestMediaOf(op).chosen?.pointer;
}

function isValidBody(ctx: RunContext, media: RequestMedia | undefined, body: unknown): boolean {
  if (!media?.pointer) return true;
  const read = readBackBody(ctx.model.doc, media, body);
  return read !== undefined && isValidAt(ctx, media.pointer, read);
}

/**
 * Emails are usually unique per resource, so a create that reuses one (an example,
 * or a second run with the same seed) would fail for a reason that is not a fault.
 */
function uniqueEmails(ctx: RunContext, op: Operation, media: RequestMedia | undefined, body: unknown): unknown {
  const schema = media?.media.schema;
  if (op.method !== "post" || !schema || !isObject(body)) return body;
  const properties = writableProperties(ctx.model.doc, schema);
  return Object.fromEntries(
    Object.entries(body).map(([name, value]) => {
      const isEmail = resolved(ctx.model.doc, properties[name] ?? {}).format === "email" && typeof value === "string";
      return [name, isEmail ? value.replace("@", `+${ctx.settings.runTag}${ctx.nextSerial()}@`) : value];
    }),
  );
}

/** Members marked `x-same-as: <other>` repeat the other member (a password confirmation). */
function applySameAs(ctx: RunContext, media: RequestMedia | undefined, body: unknown): unknown {
  const schema = media?.media.schema;
  if (!schema || !isObject(body)) return body;
  const out: Record<string, unknown> = { ...body };
  for (const [name, property] of Object.entries(writableProperties(ctx.model.doc, schema))) {
    const other = sameAsOf(resolved(ctx.model.doc, property));
    if (typeof other !== "string" || !(name in out)) continue;
    if (other in out) out[name] = out[other];
    else delete out[name];
  }
  return out;
}

const sameAsMembers = (ctx: RunContext, schema: JsonSchema) =>
  Object.entries(writableProperties(ctx.model.doc, schema)).filter(([, property]) => typeof sameAsOf(resolved(ctx.model.doc, property)) === "string");

/** The body cut down to its required members, when that is a different valid body. */
function requiredOnly(ctx: RunContext, media: RequestMedia, body: unknown): Labeled[] {
  const schema = media.media.schema;
  if (!schema || !isObject(body)) return [];
  const required = new Set(requiredMembers(ctx.model.doc, schema));
  const trimmed = Object.fromEntries(Object.entries(body).filter(([name]) => required.has(name)));
  const differs = Object.keys(trimmed).length < Object.keys(body).length;
  return differs && isValidBody(ctx, media, trimmed) ? [{ label: "body with required members only", value: trimmed }] : [];
}

/** The spec's example bodies that are valid once their readOnly members are dropped (a request never sends those). */
function exampleBodies(ctx: RunContext, media: RequestMedia): Labeled[] {
  const schema = media.media.schema;
  const named = Object.entries(media.media.examples ?? {}).map(([name, example]) => ({ label: `body example ${name}`, value: example.value }));
  const single = media.media.example !== undefined && named.length === 0 ? [{ label: "body example", value: media.media.example }] : [];
  return [...named, ...single]
    .filter((example) => example.value !== undefined)
    .map((example) => ({ ...example, value: schema ? withoutReadOnly(ctx.model.doc, schema, example.value) : example.value }))
    .filter((example) => isValidBody(ctx, media, example.value));
}

/** Generated bodies (raw: before unique emails and `x-same-as` copies). */
function generatedBodies(ctx: RunContext, op: Operation, media: RequestMedia, count: number, deadline: number): unknown[] {
  if (count <= 0) return [];
  if (!media.media.schema) return [{}].slice(0, count);
  const bodies = drawValid(arbitraryFor(ctx.model.doc, media.media.schema), (value) => isValidBody(ctx, media, value), count, ctx.settings.seed + 7, deadline);
  if (bodies.length === 0) {
    noteProblem(ctx, op, `no valid request body could be made (${media.type}): ${schemaProblem(ctx, media.pointer) ?? `no generated body fitted its schema`}`);
  }
  return bodies;
}

/** Valid request bodies as the spec and the generator give them (before unique emails and `x-same-as` copies). */
function rawValidBodies(ctx: RunContext, op: Operation, media: RequestMedia, count: number): Labeled[] {
  const examples = exampleBodies(ctx, media);
  const generated = generatedBodies(ctx, op, media, count, budgetEnd(ctx)).map((value, i) => ({ label: `generated body #${i + 1}`, value }));
  const first = examples[0] ?? generated[0];
  return [...examples, ...(first ? requiredOnly(ctx, media, first.value) : []), ...generated];
}

/** Valid request bodies: the named examples first, then generated ones. */
export function validBodies(ctx: RunContext, op: Operation, count: number): Labeled[] {
  const { media } = bodyPlan(ctx, op);
  if (!media) return [];
  return rawValidBodies(ctx, op, media, count).map((body) => ({ ...body, value: uniqueEmails(ctx, op, media, applySameAs(ctx, media, body.value)) }));
}

/** The operation's first valid body as the spec gives it (before unique emails and `x-same-as` copies). */
function rawFirstBody(ctx: RunContext, op: Operation, media: RequestMedia | undefined, deadline: number): unknown {
  if (!media) return undefined;
  return exampleBodies(ctx, media)[0]?.value ?? generatedBodies(ctx, op, media, 1, deadline)[0];
}

// -- inputs ---------------------------------------------------------------------------------------

/** The request for generated parts: header parameters serialized, bodies with their unique emails and `x-same-as` copies. */
export function inputFromParts(ctx: RunContext, op: Operation, parts: InputParts): RequestInput {
  const byName = new Map(sendables(op).map((sendable) => [`${sendable.parameter.in}:${sendable.parameter.name}`, sendable]));
  const wire = (where: string, values: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(values).map(([name, value]) => {
      const sendable = byName.get(`${where}:${name}`);
      return [name, sendable ? wireValue(sendable, value) : value];
    }));
  const headers = Object.fromEntries(
    Object.entries(wire("header", parts.headers)).map(([name, value]) => [name, headerValue(byName.get(`header:${name}`)?.styled, value)]),
  );
  const cookies = wire("cookie", parts.cookies ?? {});
  const { media } = bodyPlan(ctx, op);
  return {
    path: wire("path", parts.path),
    query: wire("query", parts.query),
    ...(Object.keys(headers).length ? { headers } : {}),
    ...(Object.keys(cookies).length ? { cookies } : {}),
    ...(parts.body === undefined ? {} : { body: uniqueEmails(ctx, op, media, applySameAs(ctx, media, parts.body)) }),
  };
}

/**
 * One fast-check arbitrary for every generated part of a request: the random phase draws
 * from it and shrinking walks it (optional parameters can vanish, values get smaller,
 * never leaving what the spec allows). `fixed` parts (real ids, an example body
 * fast-check cannot rebuild) stay as they are.
 */
export function inputArbitrary(ctx: RunContext, op: Operation, fixed: Partial<InputParts> = {}): fc.Arbitrary<InputParts> {
  const parts: Record<Part, { model: Record<string, fc.Arbitrary<unknown>>; required: string[] }> = {
    path: { model: {}, required: [] },
    query: { model: {}, required: [] },
    headers: { model: {}, required: [] },
    cookies: { model: {}, required: [] },
  };
  for (const sendable of sendables(op)) {
    const part = partOf(sendable.parameter);
    const given = fixed[part]?.[sendable.parameter.name];
    parts[part].model[sendable.parameter.name] =
      given !== undefined ? fc.constant(given) : bounded(arbitraryFor(ctx.model.doc, sendable.schema), (value) => isSendable(ctx, sendable, value));
    if (mustSend(sendable)) parts[part].required.push(sendable.parameter.name);
  }
  const record = (name: Part) => fc.record(parts[name].model, { requiredKeys: parts[name].required, noNullPrototype: true });
  const base = { path: record("path"), query: record("query"), headers: record("headers"), cookies: record("cookies") };
  if ("body" in fixed) return fc.record({ ...base, body: fc.constant(fixed.body) });
  const { media } = bodyPlan(ctx, op);
  const schema = media?.media.schema;
  if (!media || !schema) return fc.record(base);
  return fc.record({ ...base, body: bounded(arbitraryFor(ctx.model.doc, schema), (value) => isValidBody(ctx, media, value)) });
}

/** Whether generated parts make a valid input: every required parameter there, every value sendable, the body valid. */
function validParts(ctx: RunContext, op: Operation, parts: InputParts, given: ParameterValues, media: RequestMedia | undefined, bodyRequired: boolean): boolean {
  for (const sendable of sendables(op)) {
    const value = (parts[partOf(sendable.parameter)] ?? {})[sendable.parameter.name];
    if (value === undefined) {
      if (mustSend(sendable)) return false;
      continue;
    }
    if (given[sendable.parameter.name] !== undefined && sendable.parameter.in === "path") continue;
    if (!isSendable(ctx, sendable, value)) return false;
  }
  if (parts.body === undefined) return !bodyRequired || !media;
  return isValidBody(ctx, media, parts.body);
}

/** `client_id=2147483648 limit=3 body={...}`, cut to a readable length. */
export function describeParts(parts: InputParts): string {
  // Long strings as their start and length: the length is usually what matters.
  const show = (value: unknown) =>
    JSON.stringify(value, (_, member: unknown) => (typeof member === "string" && member.length > 40 ? `${member.slice(0, 12)}… (${member.length} characters)` : member));
  const values = [...Object.entries(parts.path), ...Object.entries(parts.query), ...Object.entries(parts.headers), ...Object.entries(parts.cookies ?? {})].map(([name, value]) => `${name}=${show(value)}`);
  if (parts.body !== undefined) values.push(`body=${show(parts.body)}`);
  const text = values.join(" ") || "no optional parameters";
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}

export function isMadeUp(op: Operation, path: Record<string, unknown>, given: ParameterValues): boolean {
  return op.parameters.some((p) => p.in === "path" && given[p.name] === undefined && (isIdParameter(p.name) || path[p.name] !== parameterExamples(p)[0]));
}

/** Boundary values for every parameter and body member, one at a time, on top of the required parts and the first body. */
function boundaryInputs(ctx: RunContext, op: Operation, base: InputParts, given: ParameterValues, media: RequestMedia | undefined, deadline: number): LabeledInput[] {
  const out: LabeledInput[] = [];
  const seed = ctx.settings.seed + operationSalt(op);
  for (const sendable of sendables(op)) {
    const parameter = sendable.parameter;
    if (given[parameter.name] !== undefined || Date.now() > deadline) continue;
    const part = partOf(parameter);
    for (const candidate of boundaryCandidates(ctx.model.doc, sendable.schema, seed)) {
      if (!isSendable(ctx, sendable, candidate.value)) continue;
      const parts = { ...base, [part]: { ...base[part], [parameter.name]: candidate.value } };
      out.push({
        label: `${parameter.in} ${parameter.name}: ${candidate.label}`,
        input: inputFromParts(ctx, op, parts),
        madeUpId: isMadeUp(op, parts.path, given),
        phase: "boundaries",
        parts,
      });
    }
  }
  const schema = media?.media.schema;
  if (media && schema && isObject(base.body)) {
    for (const [name, property] of Object.entries(writableProperties(ctx.model.doc, schema))) {
      if (sameAsOf(resolved(ctx.model.doc, property)) !== undefined || Date.now() > deadline) continue;
      for (const candidate of boundaryCandidates(ctx.model.doc, property, seed)) {
        const body = { ...base.body, [name]: candidate.value };
        if (!isValidBody(ctx, media, body)) continue;
        const parts = { ...base, body };
        out.push({ label: `body ${name}: ${candidate.label}`, input: inputFromParts(ctx, op, parts), madeUpId: isMadeUp(op, base.path, given), phase: "boundaries", parts });
      }
    }
  }
  return out;
}

/** `count` distinct random inputs for the operation, each confirmed valid (fewer when few can be made within the budget). */
function randomInputs(ctx: RunContext, op: Operation, count: number, given: ParameterValues, plan: BodyPlan, deadline: number): LabeledInput[] {
  if (count <= 0) return [];
  const arbitrary = inputArbitrary(ctx, op, { path: given });
  const drawn = drawValid(arbitrary, (parts) => validParts(ctx, op, parts, given, plan.media, plan.required), count, ctx.settings.seed + operationSalt(op), deadline);
  if (drawn.length === 0) noteProblem(ctx, op, "no random input fitted the spec within the attempts allowed");
  return drawn.map((parts, i) => ({
    label: `random input #${i + 1}: ${describeParts(parts)}`,
    input: inputFromParts(ctx, op, parts),
    madeUpId: isMadeUp(op, parts.path, given),
    phase: "random" as const,
    parts,
  }));
}

/** The examples phase: the required parameters only, then the parameter examples, each with the example bodies. */
function exampleInputs(ctx: RunContext, op: Operation, base: InputParts, madeUpId: boolean, plan: BodyPlan): LabeledInput[] {
  const withExamples: InputParts = { ...base, query: { ...base.query }, headers: { ...base.headers }, cookies: { ...base.cookies } };
  let examples = 0;
  for (const sendable of sendables(op).filter((s) => s.parameter.in !== "path")) {
    const example = parameterExamples(sendable.parameter)[0];
    if (example === undefined || !isSendable(ctx, sendable, example)) continue;
    (withExamples[partOf(sendable.parameter)] as Record<string, unknown>)[sendable.parameter.name] = example;
    examples += 1;
  }
  const sets: Labeled<InputParts>[] = [{ label: "required parameters only", value: base }];
  if (examples > 0) sets.push({ label: "parameter examples", value: withExamples });
  // An operation whose body has no example still needs a body: one generated stands in.
  const exampleBodies = validBodies(ctx, op, 0);
  const bodies = exampleBodies.length || !plan.media ? exampleBodies : validBodies(ctx, op, 1);
  if (bodies.length === 0) {
    if (plan.required) return [];
    return sets.map((set) => ({ label: set.label, input: inputFromParts(ctx, op, set.value), madeUpId, phase: "examples" }));
  }
  return bodies.map((body, i) => {
    const set = sets[i % sets.length] as Labeled<InputParts>;
    // The body already has its unique emails: it goes as it is.
    return { label: `${body.label}, ${set.label}`, input: { ...inputFromParts(ctx, op, set.value), body: body.value }, madeUpId, phase: "examples" };
  });
}

/** The first valid input (from the examples when there are any), without building every phase. */
export function firstValidInput(ctx: RunContext, op: Operation): LabeledInput | undefined {
  const required = requiredParts(ctx, op, {});
  if (!required) return undefined;
  return exampleInputs(ctx, op, required.parts, required.madeUpId, bodyPlan(ctx, op))[0] ?? validInputs(ctx, op)[0];
}

/**
 * Valid inputs in three phases: the spec's examples, boundary values (one parameter or
 * body member at a time), then `maxExamples` random inputs. Fewer, or none, when they
 * cannot be made: `generationProblem` says why.
 */
export function validInputs(ctx: RunContext, op: Operation, given: ParameterValues = {}): LabeledInput[] {
  const started = Date.now();
  const deadline = budgetEnd(ctx);
  const plan = bodyPlan(ctx, op);
  const required = requiredParts(ctx, op, given);
  if (!required || (plan.required && !plan.media)) return [];
  const examples = exampleInputs(ctx, op, required.parts, required.madeUpId, plan);
  const firstBody = rawFirstBody(ctx, op, plan.media, deadline);
  if (plan.required && firstBody === undefined) return [];
  const base: InputParts = { ...required.parts, ...(firstBody === undefined ? {} : { body: firstBody }) };
  const inputs = [...examples, ...boundaryInputs(ctx, op, base, given, plan.media, deadline), ...randomInputs(ctx, op, ctx.maxExamplesOf(op), given, plan, deadline)];
  if (Date.now() > deadline && ctx.settings.deadline > deadline) noteProblem(ctx, op, `making its inputs took longer than its ${Math.round(deadline - started)} ms (its share of the run's time); the rest were left out`);
  return inputs;
}

/** The wire text an invalid parameter value is labelled with, as it always was: items joined by commas. */
const labelWire = (value: unknown) => (Array.isArray(value) ? value.map(String).join(",") : isObject(value) ? JSON.stringify(value) : String(value));

/** Invalid inputs, one broken thing each, every one confirmed invalid (as the server reads it) by the spec's validator. */
export function invalidInputs(ctx: RunContext, op: Operation, given: ParameterValues = {}): LabeledInput[] {
  const deadline = budgetEnd(ctx);
  const plan = bodyPlan(ctx, op);
  const required = requiredParts(ctx, op, given);
  if (!required || (plan.required && !plan.media)) return [];
  const rawBody = plan.media ? rawValidBodies(ctx, op, plan.media, 1)[0]?.value : undefined;
  if (plan.required && rawBody === undefined) return [];
  const copied = applySameAs(ctx, plan.media, rawBody);
  const validBody = rawBody === undefined ? undefined : uniqueEmails(ctx, op, plan.media, copied);
  const base = required.parts;
  const out: LabeledInput[] = [];
  // Each input with a valid body of its own (a fresh email: a create that reuses one fails for another reason).
  const withBody = (input: RequestInput): RequestInput => (rawBody === undefined ? input : { ...input, body: uniqueEmails(ctx, op, plan.media, copied) });
  for (const sendable of sendables(op)) {
    if (Date.now() > deadline) break;
    const parameter = sendable.parameter;
    const part = partOf(parameter);
    for (const candidate of invalidCandidates(ctx.model.doc, sendable.schema)) {
      const wire = wireText(sendable.styled, wireValue(sendable, candidate.value));
      // An empty value, and many frameworks read `?name=` as absent; a `/` in a path segment changes the route.
      if (labelWire(candidate.value) === "" || /=$/.test(wire) || (parameter.in === "path" && (wire === "" || wire === "." || wire === ".." || wire.includes("/") || wire.includes("%2F")))) continue;
      if (parameter.in === "header" && !HEADER_TEXT.test(wire)) continue;
      const read = readBackValue(ctx, sendable, candidate.value);
      if (read === undefined || isValidAt(ctx, sendable.pointer, read)) continue;
      const parts = { ...base, [part]: { ...base[part], [parameter.name]: candidate.value } };
      const label = `${parameter.in} parameter ${parameter.name}: ${candidate.label} (${JSON.stringify(labelWire(candidate.value))})`;
      out.push({ label, input: withBody(inputFromParts(ctx, op, parts)), madeUpId: true, decision: candidate.decision });
    }
    if (parameter.required && parameter.in !== "path") {
      const { [parameter.name]: _left, ...rest } = base[part] ?? {};
      const parts = { ...base, [part]: rest };
      out.push({ label: `required ${parameter.in} parameter ${parameter.name} missing`, input: withBody(inputFromParts(ctx, op, parts)), madeUpId: true });
    }
  }
  const media = plan.media;
  const schema = media?.media.schema;
  if (media && schema) {
    const common = inputFromParts(ctx, op, base);
    if (media.kind === "json") out.push({ label: "malformed JSON body", input: { ...common, rawBody: '{"unterminated": ' }, madeUpId: false });
    for (const candidate of invalidBodies(ctx.model.doc, schema, validBody)) {
      const read = readBackBody(ctx.model.doc, media, candidate.value);
      if (read === undefined || isValidAt(ctx, media.pointer as string, read)) continue;
      out.push({ label: `body: ${candidate.label}`, input: { ...common, body: candidate.value }, madeUpId: false, decision: candidate.decision });
    }
    for (const [name, property] of sameAsMembers(ctx, schema)) {
      const other = sameAsOf(resolved(ctx.model.doc, property)) as string;
      if (!isObject(validBody)) continue;
      const mismatched = { ...validBody, [other]: "first-value-1", [name]: "second-value-2" };
      if (isValidBody(ctx, media, mismatched)) out.push({ label: `body: ${name} differs from ${other}`, input: { ...common, body: mismatched }, madeUpId: false });
    }
  }
  return out;
}
