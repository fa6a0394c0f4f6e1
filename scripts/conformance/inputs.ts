// Valid and invalid inputs for one operation, from its examples and schemas.
import { deref, escapePointerToken, type JsonSchema, type Operation, type ResolvedParameter } from "../lib/openapi.ts";
import type { RunContext } from "./context.ts";
import { isIdParameter } from "./model.ts";
import { coerceWire, type ParameterValues, type RequestInput } from "./requests.ts";
import { generateValid, invalidBodies, invalidCandidates, type Labeled, parameterExamples } from "./values.ts";

export interface LabeledInput {
  label: string;
  input: RequestInput;
  /** True when a path id was made up, so 404 is a fair answer. */
  madeUpId: boolean;
  /** For an invalid input that breaks only a rule labelled `x-decision`: the reason given there. */
  decision?: string;
}

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
    values[parameter.name] = validParameterValues(ctx, parameter, 1, 0)[0];
    if (isIdParameter(parameter.name)) madeUpId = true;
  }
  return { values, madeUpId };
}

/**
 * Valid inputs: no optional parameters, then all parameter examples together, then
 * generated sets; bodies from examples, then generated.
 */
export function validInputs(ctx: RunContext, op: Operation, given: ParameterValues = {}): LabeledInput[] {
  const { values: path, madeUpId } = pathValues(ctx, op, given);
  const queryParameters = op.parameters.filter((p) => p.in === "query");
  const count = ctx.settings.maxExamples;
  const perParameter = new Map(queryParameters.map((p, i) => [p.name, validParameterValues(ctx, p, count, 100 + i)]));
  const querySets: Labeled<ParameterValues>[] = [{ label: "required parameters only", value: {} }];
  const exampleSet = Object.fromEntries(queryParameters.flatMap((p) => (parameterExamples(p).length ? [[p.name, parameterExamples(p)[0]]] : [])));
  if (Object.keys(exampleSet).length) querySets.push({ label: "parameter examples", value: exampleSet });
  for (let i = 0; i < count; i += 1) {
    const set = Object.fromEntries(queryParameters.flatMap((p) => {
      const values = perParameter.get(p.name) ?? [];
      return values.length ? [[p.name, values[(i + 1) % values.length]]] : [];
    }));
    if (Object.keys(set).length) querySets.push({ label: `generated parameters #${i + 1}`, value: set });
  }
  const bodies = validBodies(ctx, op, count);
  if (bodies.length === 0) return querySets.map((q) => ({ label: q.label, input: { path, query: q.value }, madeUpId }));
  return bodies.map((body, i) => {
    const query = querySets[i % querySets.length] as Labeled<ParameterValues>;
    return { label: `${body.label}, ${query.label}`, input: { path, query: query.value, body: body.value }, madeUpId };
  });
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
