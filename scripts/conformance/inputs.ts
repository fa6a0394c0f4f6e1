// Valid and invalid inputs for one operation, from its examples and schemas. Valid
// inputs come in phases, as in Schemathesis: the spec's examples, then boundary values
// for every parameter and body member, then random inputs (fast-check, seeded per
// operation), so `--seed` and `--max-examples` change what every operation receives.
import fc from "fast-check";
import { deref, escapePointerToken, type JsonSchema, type Operation, type ResolvedParameter } from "../lib/openapi.ts";
import type { RunContext } from "./context.ts";
import { isIdParameter } from "./model.ts";
import { coerceWire, type ParameterValues, type RequestInput } from "./requests.ts";
import { arbitraryFor, boundaryCandidates, generateValid, invalidBodies, invalidCandidates, type Labeled, parameterExamples } from "./values.ts";

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

/** The generated parts of an input, as fast-check builds and shrinks them. */
export interface InputParts {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  body?: unknown;
}

const GENERATED_IN = ["path", "query", "header"] as const;

const JSON_MEDIA = "application/json";

export function bodySchemaPointer(op: Operation): string | undefined {
  return op.requestBody?.content?.[JSON_MEDIA]?.schema ? `${op.pointer}/requestBody/content/${escapePointerToken(JSON_MEDIA)}/schema` : undefined;
}

function isValidParameter(ctx: RunContext, parameter: ResolvedParameter, value: unknown): boolean {
  return parameter.schema ? ctx.model.validators.validate(`${parameter.pointer}/schema`, value).valid : true;
}

function isValidBody(ctx: RunContext, op: Operation, body: unknown): boolean {
  const pointer = bodySchemaPointer(op);
  return pointer ? ctx.model.validators.validate(pointer, body).valid : true;
}

/** Valid, and sendable where it goes: an empty path segment would change the route. */
function isSendable(ctx: RunContext, parameter: ResolvedParameter, value: unknown): boolean {
  return isValidParameter(ctx, parameter, value) && !(parameter.in === "path" && String(value) === "");
}

/** Valid values for a parameter: its examples first, then generated ones. */
export function validParameterValues(ctx: RunContext, parameter: ResolvedParameter, count: number, salt: number): unknown[] {
  const examples = parameterExamples(parameter).filter((value) => isValidParameter(ctx, parameter, value));
  const generated = parameter.schema
    ? generateValid(ctx.model.doc, parameter.schema, (value) => isValidParameter(ctx, parameter, value), count, ctx.settings.seed + salt)
    : [];
  return [...examples, ...generated];
}

/**
 * Emails are usually unique per resource, so a create that reuses one (an example,
 * or a second run with the same seed) would fail for a reason that is not a fault.
 */
function uniqueEmails(ctx: RunContext, op: Operation, body: unknown): unknown {
  const schema = op.requestBody?.content?.[JSON_MEDIA]?.schema;
  if (op.method !== "post" || !schema || typeof body !== "object" || body === null || Array.isArray(body)) return body;
  const properties = (deref(ctx.model.doc, schema).properties ?? {}) as Record<string, JsonSchema>;
  return Object.fromEntries(
    Object.entries(body).map(([name, value]) => {
      const isEmail = deref(ctx.model.doc, properties[name] ?? {}).format === "email" && typeof value === "string";
      return [name, isEmail ? value.replace("@", `+${ctx.settings.runTag}${ctx.nextSerial()}@`) : value];
    }),
  );
}

/** Members marked `x-same-as: <other>` repeat the other member (a password confirmation). */
function applySameAs(ctx: RunContext, op: Operation, body: unknown): unknown {
  const schema = op.requestBody?.content?.[JSON_MEDIA]?.schema;
  if (!schema || typeof body !== "object" || body === null || Array.isArray(body)) return body;
  const out: Record<string, unknown> = { ...body };
  for (const [name, property] of Object.entries((deref(ctx.model.doc, schema).properties ?? {}) as Record<string, JsonSchema>)) {
    const other = deref(ctx.model.doc, property)["x-same-as"];
    if (typeof other !== "string" || !(name in out)) continue;
    if (other in out) out[name] = out[other];
    else delete out[name];
  }
  return out;
}

/** The body cut down to its required members, when that is a different valid body. */
function requiredOnly(ctx: RunContext, op: Operation, body: unknown): Labeled[] {
  const schema = op.requestBody?.content?.[JSON_MEDIA]?.schema;
  if (!schema || typeof body !== "object" || body === null || Array.isArray(body)) return [];
  const required = new Set((deref(ctx.model.doc, schema).required ?? []) as string[]);
  const trimmed = Object.fromEntries(Object.entries(body).filter(([name]) => required.has(name)));
  const differs = Object.keys(trimmed).length < Object.keys(body).length;
  return differs && isValidBody(ctx, op, trimmed) ? [{ label: "body with required members only", value: trimmed }] : [];
}

/** Valid request bodies: the named examples first, then generated ones. */
export function validBodies(ctx: RunContext, op: Operation, count: number): Labeled[] {
  const media = op.requestBody?.content?.[JSON_MEDIA];
  const pointer = bodySchemaPointer(op);
  if (!media || !pointer || !media.schema) return [];
  const examples = Object.entries(media.examples ?? {})
    .filter(([, example]) => isValidBody(ctx, op, example.value))
    .map(([name, example]) => ({ label: `body example ${name}`, value: example.value }));
  const generated = generateValid(ctx.model.doc, media.schema, (value) => isValidBody(ctx, op, value), count, ctx.settings.seed + 7)
    .map((value, i) => ({ label: `generated body #${i + 1}`, value }));
  const first = examples[0] ?? generated[0];
  const bodies = [...examples, ...(first ? requiredOnly(ctx, op, first.value) : []), ...generated];
  return bodies.map((body) => ({ ...body, value: uniqueEmails(ctx, op, applySameAs(ctx, op, body.value)) }));
}

/** One value for every path parameter: given ones (real ids) win over examples. */
export function pathValues(ctx: RunContext, op: Operation, given: ParameterValues = {}): { values: ParameterValues; madeUpId: boolean } {
  const values: ParameterValues = {};
  let madeUpId = false;
  for (const parameter of op.parameters.filter((p) => p.in === "path")) {
    if (given[parameter.name] !== undefined) {
      values[parameter.name] = given[parameter.name];
      continue;
    }
    const example = parameterExamples(parameter).find((value) => isValidParameter(ctx, parameter, value));
    values[parameter.name] = example ?? validParameterValues(ctx, parameter, 1, 0)[0];
    if (isIdParameter(parameter.name)) madeUpId = true;
  }
  return { values, madeUpId };
}

/** A stable number per operation, so every operation draws its own values from one seed. */
function operationSalt(op: Operation): number {
  let hash = 0;
  for (const char of op.operationId) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return Math.abs(hash % 1_000_000);
}

function generatedParameters(op: Operation): ResolvedParameter[] {
  return op.parameters.filter((p) => (GENERATED_IN as readonly string[]).includes(p.in) && p.schema);
}

const partOf = (parameter: ResolvedParameter): "path" | "query" | "headers" => (parameter.in === "header" ? "headers" : (parameter.in as "path" | "query"));

/** The request for generated parts: bodies get their unique emails and `x-same-as` copies, headers are strings. */
export function inputFromParts(ctx: RunContext, op: Operation, parts: InputParts): RequestInput {
  const headers = Object.fromEntries(Object.entries(parts.headers).map(([name, value]) => [name, String(value)]));
  return {
    path: parts.path,
    query: parts.query,
    ...(Object.keys(headers).length ? { headers } : {}),
    ...(parts.body === undefined ? {} : { body: uniqueEmails(ctx, op, applySameAs(ctx, op, parts.body)) }),
  };
}

/**
 * One fast-check arbitrary for every generated part of a request: the random phase samples
 * it and shrinking walks it (optional parameters can vanish, values get smaller). `fixed`
 * parts (real ids, an example body fast-check cannot rebuild) stay as they are.
 */
export function inputArbitrary(ctx: RunContext, op: Operation, fixed: Partial<InputParts> = {}): fc.Arbitrary<InputParts> {
  const parts: Record<"path" | "query" | "headers", { model: Record<string, fc.Arbitrary<unknown>>; required: string[] }> = {
    path: { model: {}, required: [] },
    query: { model: {}, required: [] },
    headers: { model: {}, required: [] },
  };
  for (const parameter of generatedParameters(op)) {
    const part = parts[partOf(parameter)];
    const given = fixed[partOf(parameter)]?.[parameter.name];
    part.model[parameter.name] =
      given !== undefined ? fc.constant(given) : arbitraryFor(ctx.model.doc, parameter.schema ?? {}).filter((value) => isSendable(ctx, parameter, value));
    if (parameter.required || parameter.in === "path") part.required.push(parameter.name);
  }
  const record = (name: keyof typeof parts) => fc.record(parts[name].model, { requiredKeys: parts[name].required });
  const schema = op.requestBody?.content?.[JSON_MEDIA]?.schema;
  const base = { path: record("path"), query: record("query"), headers: record("headers") };
  if ("body" in fixed) return fc.record({ ...base, body: fc.constant(fixed.body) });
  if (!schema) return fc.record(base);
  return fc.record({ ...base, body: arbitraryFor(ctx.model.doc, schema).filter((value) => isValidBody(ctx, op, value)) });
}

/** `client_id=2147483648 limit=3 body={...}`, cut to a readable length. */
export function describeParts(parts: InputParts): string {
  // Long strings as their start and length: the length is usually what matters.
  const show = (value: unknown) =>
    JSON.stringify(value, (_, member: unknown) => (typeof member === "string" && member.length > 40 ? `${member.slice(0, 12)}… (${member.length} characters)` : member));
  const values = [...Object.entries(parts.path), ...Object.entries(parts.query), ...Object.entries(parts.headers)].map(([name, value]) => `${name}=${show(value)}`);
  if (parts.body !== undefined) values.push(`body=${show(parts.body)}`);
  const text = values.join(" ") || "no optional parameters";
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}

export function isMadeUp(op: Operation, path: Record<string, unknown>, given: ParameterValues): boolean {
  return op.parameters.some((p) => p.in === "path" && given[p.name] === undefined && (isIdParameter(p.name) || path[p.name] !== parameterExamples(p)[0]));
}

/** Boundary values for every parameter and body member, one at a time, on top of the examples. */
function boundaryInputs(ctx: RunContext, op: Operation, base: InputParts, given: ParameterValues): LabeledInput[] {
  const out: LabeledInput[] = [];
  const seed = ctx.settings.seed + operationSalt(op);
  for (const parameter of generatedParameters(op)) {
    if (given[parameter.name] !== undefined) continue;
    const part = partOf(parameter);
    for (const candidate of boundaryCandidates(ctx.model.doc, parameter.schema ?? {}, seed)) {
      if (!isSendable(ctx, parameter, candidate.value)) continue;
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
  const schema = op.requestBody?.content?.[JSON_MEDIA]?.schema;
  if (schema && typeof base.body === "object" && base.body !== null && !Array.isArray(base.body)) {
    for (const [name, property] of Object.entries((deref(ctx.model.doc, schema).properties ?? {}) as Record<string, JsonSchema>)) {
      if (deref(ctx.model.doc, property)["x-same-as"] !== undefined) continue;
      for (const candidate of boundaryCandidates(ctx.model.doc, property, seed)) {
        const body = { ...base.body, [name]: candidate.value };
        if (!isValidBody(ctx, op, body)) continue;
        const parts = { ...base, body };
        out.push({ label: `body ${name}: ${candidate.label}`, input: inputFromParts(ctx, op, parts), madeUpId: isMadeUp(op, base.path, given), phase: "boundaries", parts });
      }
    }
  }
  return out;
}

/** `count` distinct random inputs for the operation. */
function randomInputs(ctx: RunContext, op: Operation, count: number, given: ParameterValues): LabeledInput[] {
  if (count <= 0) return [];
  const arbitrary = inputArbitrary(ctx, op, { path: given });
  const seen = new Set<string>();
  const out: LabeledInput[] = [];
  for (const parts of fc.sample(arbitrary, { seed: ctx.settings.seed + operationSalt(op), numRuns: count * 4 })) {
    const key = JSON.stringify(parts);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ label: `random input #${out.length + 1}: ${describeParts(parts)}`, input: inputFromParts(ctx, op, parts), madeUpId: isMadeUp(op, parts.path, given), phase: "random", parts });
    if (out.length === count) break;
  }
  return out;
}

/** The examples phase: no optional parameters, then the parameter examples, each with the example bodies. */
function exampleInputs(ctx: RunContext, op: Operation, path: ParameterValues, madeUpId: boolean): LabeledInput[] {
  const queryParameters = op.parameters.filter((p) => p.in === "query");
  const querySets: Labeled<ParameterValues>[] = [{ label: "required parameters only", value: {} }];
  const exampleSet = Object.fromEntries(queryParameters.flatMap((p) => (parameterExamples(p).length ? [[p.name, parameterExamples(p)[0]]] : [])));
  if (Object.keys(exampleSet).length) querySets.push({ label: "parameter examples", value: exampleSet });
  // An operation whose body has no example still needs a body: one generated stands in.
  const examples = validBodies(ctx, op, 0);
  const bodies = examples.length || !bodySchemaPointer(op) ? examples : validBodies(ctx, op, 1);
  if (bodies.length === 0) return querySets.map((q) => ({ label: q.label, input: { path, query: q.value }, madeUpId, phase: "examples" }));
  return bodies.map((body, i) => {
    const query = querySets[i % querySets.length] as Labeled<ParameterValues>;
    return { label: `${body.label}, ${query.label}`, input: { path, query: query.value, body: body.value }, madeUpId, phase: "examples" };
  });
}

/** The operation's first valid example body as the spec gives it (before unique emails and `x-same-as` copies). */
function rawExampleBody(ctx: RunContext, op: Operation): unknown {
  const media = op.requestBody?.content?.[JSON_MEDIA];
  const example = Object.values(media?.examples ?? {}).find((candidate) => isValidBody(ctx, op, candidate.value));
  return example?.value ?? (media?.schema ? generateValid(ctx.model.doc, media.schema, (value) => isValidBody(ctx, op, value), 1, ctx.settings.seed + 7)[0] : undefined);
}

/** The first valid input (from the examples when there are any), without building every phase. */
export function firstValidInput(ctx: RunContext, op: Operation): LabeledInput | undefined {
  const { values: path, madeUpId } = pathValues(ctx, op);
  return exampleInputs(ctx, op, path, madeUpId)[0] ?? validInputs(ctx, op)[0];
}

/**
 * Valid inputs in three phases: the spec's examples, boundary values (one parameter or
 * body member at a time), then `maxExamples` random inputs.
 */
export function validInputs(ctx: RunContext, op: Operation, given: ParameterValues = {}): LabeledInput[] {
  const { values: path, madeUpId } = pathValues(ctx, op, given);
  const examples = exampleInputs(ctx, op, path, madeUpId);
  const firstBody = rawExampleBody(ctx, op);
  const base: InputParts = { path, query: {}, headers: {}, ...(firstBody === undefined ? {} : { body: firstBody }) };
  return [...examples, ...boundaryInputs(ctx, op, base, given), ...randomInputs(ctx, op, ctx.settings.maxExamples, given)];
}

/** Invalid inputs, one broken thing each, every one confirmed invalid by the spec's validator. */
export function invalidInputs(ctx: RunContext, op: Operation, given: ParameterValues = {}): LabeledInput[] {
  const { values: path } = pathValues(ctx, op, given);
  const out: LabeledInput[] = [];
  for (const parameter of op.parameters.filter((p) => (p.in === "query" || p.in === "path") && p.schema)) {
    for (const candidate of invalidCandidates(ctx.model.doc, parameter.schema ?? {})) {
      const wire = Array.isArray(candidate.value) ? candidate.value.map(String).join(",") : String(candidate.value);
      // An empty path segment changes the route, and many frameworks read `?name=` as absent.
      if (wire === "" || (parameter.in === "path" && wire.includes("/"))) continue;
      if (isValidParameter(ctx, parameter, coerceWire(ctx.model.doc, parameter.schema ?? {}, wire))) continue;
      const label = `${parameter.in} parameter ${parameter.name}: ${candidate.label} (${JSON.stringify(wire)})`;
      const input: RequestInput =
        parameter.in === "path" ? { path: { ...path, [parameter.name]: wire } } : { path, query: { [parameter.name]: wire } };
      out.push({ label, input: { ...input, body: validBodies(ctx, op, 1)[0]?.value }, madeUpId: true, decision: candidate.decision });
    }
  }
  const pointer = bodySchemaPointer(op);
  const schema = op.requestBody?.content?.[JSON_MEDIA]?.schema;
  if (pointer && schema) {
    const base = validBodies(ctx, op, 1)[0]?.value;
    out.push({ label: "malformed JSON body", input: { path, rawBody: '{"unterminated": ' }, madeUpId: false });
    for (const candidate of invalidBodies(ctx.model.doc, schema, base)) {
      if (isValidBody(ctx, op, candidate.value)) continue;
      out.push({ label: `body: ${candidate.label}`, input: { path, body: candidate.value }, madeUpId: false, decision: candidate.decision });
    }
    for (const [name, property] of Object.entries((deref(ctx.model.doc, schema).properties ?? {}) as Record<string, JsonSchema>)) {
      const other = deref(ctx.model.doc, property)["x-same-as"];
      if (typeof other !== "string" || typeof base !== "object" || base === null) continue;
      const mismatched = { ...base, [other]: "first-value-1", [name]: "second-value-2" };
      if (isValidBody(ctx, op, mismatched)) out.push({ label: `body: ${name} differs from ${other}`, input: { path, body: mismatched }, madeUpId: false });
    }
  }
  return out;
}
