// What a run exercised of the spec, from the requests it sent and the statuses it got:
// per operation the documented statuses seen and not seen, each parameter and body
// member sent with a valid and with an invalid value, the enum values sent; for the
// whole spec a percentage of each. Fed one exchange at a time (`observe`), so anything
// that sees traffic (the suite's run, the proxy) can report what it saw.
import type { ErrorObject } from "ajv";
import type { ApiModel } from "../spec/model.ts";
import type { JsonSchema, OpenApiDocument, Operation, ResolvedParameter } from "../spec/openapi.ts";
import { requestMediaOf } from "./media.ts";
import type { RequestInput } from "./requests.ts";
import { resolved, writableProperties } from "./schemas.ts";
import { readHeader } from "./styles.ts";

/** One request and its answer, values typed or as wire text (a string is read as the server would read it). */
export interface ObservedExchange {
  operationId: string;
  parameters?: Partial<Record<ResolvedParameter["in"], Record<string, unknown>>>;
  /** The parsed body; undefined when none was sent or it was not parseable. */
  body?: unknown;
  /** Undefined when no response arrived. */
  status?: number;
  /** How long the exchange took, waits for its turn and retries included. */
  durationMs?: number;
}

export interface MemberCoverage {
  /** Sent at least once with a value its schema accepts. */
  valid: boolean;
  /** Sent at least once with a value its schema refuses (or left out while required). */
  invalid: boolean;
  /** For a member with an enum: which values were sent and which never were. */
  enum?: { sent: unknown[]; notSent: unknown[] };
}

export interface OperationCoverage {
  method: string;
  path: string;
  requests: number;
  /** Time spent on its requests (side by side with others under `--workers`). */
  timeMs: number;
  /** Documented statuses (`default` aside; `4XX` is seen by any 4xx) seen and not; every status received; those the operation does not document. */
  statuses: { seen: string[]; notSeen: string[]; received: number[]; undocumented: number[] };
  /** By `<in> <name>`, e.g. `query limit`. */
  parameters: Record<string, MemberCoverage>;
  /** The request body's top-level members, by name. */
  body: Record<string, MemberCoverage>;
}

export interface Ratio {
  covered: number;
  total: number;
  /** Rounded; 100 when there is nothing to cover. */
  percent: number;
}

export interface CoverageReport {
  totals: {
    operations: Ratio;
    statuses: Ratio;
    parametersValid: Ratio;
    parametersInvalid: Ratio;
    bodyMembersValid: Ratio;
    bodyMembersInvalid: Ratio;
    enumValues: Ratio;
  };
  operations: Record<string, OperationCoverage>;
  /** Documented statuses never observed, one sentence each. */
  hints: string[];
}

interface MemberState {
  valid: boolean;
  invalid: boolean;
  enumValues?: unknown[];
  /** The enum's values as `key` writes them, to look a sent value up in. */
  enumKeys?: Set<string>;
  sentEnum: Set<string>;
  /** Values already judged, as sent (a bounded number): the same value again teaches nothing. */
  judged: Set<unknown>;
}

interface OperationState {
  op: Operation;
  requests: number;
  timeMs: number;
  statuses: Set<number>;
  parameters: Map<ResolvedParameter, MemberState>;
  bodyMembers: Map<string, MemberState>;
  bodyPointer?: string;
}

const key = (value: unknown) => JSON.stringify(value);

/** The enum a schema (or its items) allows, if any. */
function enumOf(doc: OpenApiDocument, schema: JsonSchema): unknown[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum;
  const items = schema.items === undefined ? undefined : resolved(doc, schema.items);
  return items && Array.isArray(items.enum) ? items.enum : undefined;
}

function memberState(doc: OpenApiDocument, node: unknown): MemberState {
  const enumValues = enumOf(doc, resolved(doc, node));
  return { valid: false, invalid: false, sentEnum: new Set(), judged: new Set(), ...(enumValues ? { enumValues, enumKeys: new Set(enumValues.map(key)) } : {}) };
}

function noteEnum(state: MemberState, value: unknown): void {
  if (!state.enumKeys) return;
  for (const item of Array.isArray(value) ? value : [value]) {
    const sent = key(item);
    if (state.enumKeys.has(sent)) state.sentEnum.add(sent);
  }
}

/**
 * Whether a member has been seen valid and invalid, and every enum value of it sent:
 * nothing another request could add, so its value is not validated again (coverage
 * validates every request's parameters and body, as the server reads them).
 */
const learnt = (state: MemberState) => state.valid && state.invalid && (!state.enumKeys || state.sentEnum.size === state.enumKeys.size);

/** Values a member remembers having judged, at most (see MemberState.judged). */
const JUDGED_VALUES_KEPT = 100;

/** Whether `raw` (a parameter's value as sent) is new to `member`; a string, number or boolean is remembered. */
function firstTime(member: MemberState, raw: unknown): boolean {
  if (typeof raw === "object") return true;
  if (member.judged.has(raw)) return false;
  if (member.judged.size < JUDGED_VALUES_KEPT) member.judged.add(raw);
  return true;
}

/** Whether a documented status key (`200`, `4XX`) covers `status`. */
const covers = (documented: string, status: number) => documented === String(status) || (/^[1-5]XX$/i.test(documented) && documented[0] === String(status)[0]);

const ratio = (covered: number, total: number): Ratio => ({ covered, total, percent: total === 0 ? 100 : Math.round((covered / total) * 100) });

export class Coverage {
  private readonly byOperation = new Map<string, OperationState>();

  constructor(private readonly model: Pick<ApiModel, "doc" | "operations" | "validators">) {
    for (const op of model.operations) {
      const parameters = new Map(op.parameters.filter((parameter) => parameter.schema).map((parameter) => [parameter, memberState(model.doc, parameter.schema)]));
      const media = requestMediaOf(op).chosen;
      const schema = media?.kind === "json" ? media.media.schema : undefined;
      const members = schema ? Object.entries(writableProperties(model.doc, schema)).map(([name, property]) => [name, memberState(model.doc, property)] as const) : [];
      this.byOperation.set(op.operationId, { op, requests: 0, timeMs: 0, statuses: new Set(), parameters, bodyMembers: new Map(members), ...(schema && media?.pointer ? { bodyPointer: media.pointer } : {}) });
    }
  }

  /** Counts one exchange; one of an operation the spec does not have is ignored. */
  observe(exchange: ObservedExchange): void {
    const state = this.byOperation.get(exchange.operationId);
    if (!state) return;
    state.requests += 1;
    state.timeMs += exchange.durationMs ?? 0;
    if (exchange.status !== undefined) state.statuses.add(exchange.status);
    for (const [parameter, member] of state.parameters) this.judgeParameter(parameter, member, exchange.parameters?.[parameter.in]);
    if (state.bodyPointer && exchange.body !== undefined) this.judgeBody(state, exchange.body);
  }

  private judgeParameter(parameter: ResolvedParameter, member: MemberState, sent: Record<string, unknown> | undefined): void {
    const name = parameter.in === "header" ? Object.keys(sent ?? {}).find((given) => given.toLowerCase() === parameter.name.toLowerCase()) : parameter.name;
    const raw = name === undefined ? undefined : sent?.[name];
    if (raw === undefined) {
      if (parameter.required && sent !== undefined) member.invalid = true;
      return;
    }
    if (learnt(member) || !firstTime(member, raw)) return;
    // As the server reads it: a wire string becomes the schema's type where it can.
    const value = typeof raw === "string" ? readHeader(this.model.doc, parameter, raw) : raw;
    noteEnum(member, value);
    if (this.isValid(`${parameter.pointer}/schema`, value)) member.valid = true;
    else member.invalid = true;
  }

  /** Each member judged by the errors the body's own schema gives under it (a missing required member is its error too). */
  private judgeBody(state: OperationState, body: unknown): void {
    if ([...state.bodyMembers.values()].every(learnt)) return;
    const errors = this.errorsAt(state.bodyPointer as string, body);
    const present = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    for (const [name, member] of state.bodyMembers) {
      const faulted = errors.some((error) => error.instancePath === `/${name}` || error.instancePath.startsWith(`/${name}/`) || (error.keyword === "required" && error.params.missingProperty === name));
      if (faulted) member.invalid = true;
      if (!Object.hasOwn(present, name)) continue;
      noteEnum(member, present[name]);
      if (!faulted) member.valid = true;
    }
  }

  private errorsAt(pointer: string, value: unknown): ErrorObject[] {
    try {
      const validate = this.model.validators.at(pointer);
      return validate(value) ? [] : [...(validate.errors ?? [])];
    } catch {
      // A schema the validator cannot compile judges nothing; the run has said so already.
      return [];
    }
  }

  private isValid(pointer: string, value: unknown): boolean {
    try {
      return this.model.validators.validate(pointer, value).valid;
    } catch {
      return false;
    }
  }

  report(): CoverageReport {
    const operations: Record<string, OperationCoverage> = {};
    for (const [operationId, state] of this.byOperation) operations[operationId] = operationCoverage(state);
    return reportOf(operations);
  }
}

const reportOf = (operations: Record<string, OperationCoverage>): CoverageReport => ({ totals: totalsOf(Object.values(operations)), operations, hints: hintsOf(operations) });

/** The coverage of runs over parts of one spec (`--shard`), as one: an operation in several counts what any of them exercised. */
export function mergeCoverage(reports: readonly CoverageReport[]): CoverageReport {
  const operations: Record<string, OperationCoverage> = {};
  for (const report of reports) {
    for (const [operationId, op] of Object.entries(report.operations)) {
      const known = operations[operationId];
      operations[operationId] = known ? joinOperations(known, op) : op;
    }
  }
  return reportOf(operations);
}

const union = <T>(a: readonly T[], b: readonly T[]) => [...new Set([...a, ...b])];
const numeric = (statuses: number[]) => statuses.sort((x, y) => x - y);

function joinOperations(a: OperationCoverage, b: OperationCoverage): OperationCoverage {
  const documented = union(a.statuses.seen, a.statuses.notSeen);
  const seen = new Set(union(a.statuses.seen, b.statuses.seen));
  return {
    ...a,
    requests: a.requests + b.requests,
    timeMs: a.timeMs + b.timeMs,
    statuses: {
      seen: documented.filter((status) => seen.has(status)),
      notSeen: documented.filter((status) => !seen.has(status)),
      received: numeric(union(a.statuses.received, b.statuses.received)),
      undocumented: numeric(union(a.statuses.undocumented, b.statuses.undocumented)),
    },
    parameters: joinMembers(a.parameters, b.parameters),
    body: joinMembers(a.body, b.body),
  };
}

function joinMembers(a: Record<string, MemberCoverage>, b: Record<string, MemberCoverage>): Record<string, MemberCoverage> {
  const out: Record<string, MemberCoverage> = {};
  for (const name of union(Object.keys(a), Object.keys(b))) {
    const [x, y] = [a[name], b[name]];
    const sent = union(x?.enum?.sent ?? [], y?.enum?.sent ?? []).map(key);
    const values = union([...(x?.enum?.sent ?? []), ...(x?.enum?.notSent ?? [])].map(key), [...(y?.enum?.sent ?? []), ...(y?.enum?.notSent ?? [])].map(key));
    out[name] = {
      valid: Boolean(x?.valid || y?.valid),
      invalid: Boolean(x?.invalid || y?.invalid),
      ...(x?.enum || y?.enum ? { enum: { sent: values.filter((value) => sent.includes(value)).map((value) => JSON.parse(value) as unknown), notSent: values.filter((value) => !sent.includes(value)).map((value) => JSON.parse(value) as unknown) } } : {}),
    };
  }
  return out;
}

function membersCoverage(members: Iterable<[string, MemberState]>): Record<string, MemberCoverage> {
  const out: Record<string, MemberCoverage> = {};
  for (const [name, state] of members) {
    const enumValues = state.enumValues;
    out[name] = {
      valid: state.valid,
      invalid: state.invalid,
      ...(enumValues ? { enum: { sent: enumValues.filter((value) => state.sentEnum.has(key(value))), notSent: enumValues.filter((value) => !state.sentEnum.has(key(value))) } } : {}),
    };
  }
  return out;
}

function operationCoverage(state: OperationState): OperationCoverage {
  const documented = Object.keys(state.op.responses).filter((status) => status !== "default");
  const seen = [...state.statuses].sort((a, b) => a - b);
  return {
    method: state.op.method.toUpperCase(),
    path: state.op.path,
    requests: state.requests,
    timeMs: state.timeMs,
    statuses: {
      received: seen,
      seen: documented.filter((status) => seen.some((observed) => covers(status, observed))),
      notSeen: documented.filter((status) => !seen.some((observed) => covers(status, observed))),
      undocumented: seen.filter((observed) => !documented.some((status) => covers(status, observed))),
    },
    parameters: membersCoverage([...state.parameters].map(([parameter, member]) => [`${parameter.in} ${parameter.name}`, member])),
    body: membersCoverage(state.bodyMembers),
  };
}

function totalsOf(operations: OperationCoverage[]): CoverageReport["totals"] {
  const members = (pick: (op: OperationCoverage) => Record<string, MemberCoverage>) => operations.flatMap((op) => Object.values(pick(op)));
  const parameters = members((op) => op.parameters);
  const bodyMembers = members((op) => op.body);
  const enums = [...parameters, ...bodyMembers].flatMap((member) => (member.enum ? [member.enum] : []));
  const count = <T>(items: T[], keep: (item: T) => boolean) => items.filter(keep).length;
  return {
    operations: ratio(count(operations, (op) => op.requests > 0), operations.length),
    statuses: ratio(
      operations.reduce((sum, op) => sum + op.statuses.seen.length, 0),
      operations.reduce((sum, op) => sum + op.statuses.seen.length + op.statuses.notSeen.length, 0),
    ),
    parametersValid: ratio(count(parameters, (member) => member.valid), parameters.length),
    parametersInvalid: ratio(count(parameters, (member) => member.invalid), parameters.length),
    bodyMembersValid: ratio(count(bodyMembers, (member) => member.valid), bodyMembers.length),
    bodyMembersInvalid: ratio(count(bodyMembers, (member) => member.invalid), bodyMembers.length),
    enumValues: ratio(
      enums.reduce((sum, values) => sum + values.sent.length, 0),
      enums.reduce((sum, values) => sum + values.sent.length + values.notSent.length, 0),
    ),
  };
}

function hintsOf(operations: Record<string, OperationCoverage>): string[] {
  return Object.entries(operations).flatMap(([operationId, op]) =>
    op.requests === 0 ? [`${operationId} never called: none of its checks sent a request`] : op.statuses.notSeen.map((status) => `${status} of ${operationId} never observed: no input reached it`),
  );
}

/** The request a check sent, as coverage reads it. */
export function exchangeOf(operationId: string, input: RequestInput, status: number | undefined, durationMs: number): ObservedExchange {
  return {
    operationId,
    // A URL the server handed out (a next page) carries its own query, which the input does not hold.
    parameters: { path: input.path ?? {}, ...(input.url === undefined ? { query: input.query ?? {} } : {}), header: input.headers ?? {}, cookie: input.cookies ?? {} },
    ...(input.rawBody === undefined && input.body !== undefined ? { body: input.body } : {}),
    ...(status === undefined ? {} : { status }),
    durationMs,
  };
}

/** The terminal's one line: each figure as a percentage with its counts. */
export function coverageLine({ totals }: CoverageReport): string {
  const figure = (name: string, { covered, total, percent }: Ratio) => `${name} ${percent}% (${covered}/${total})`;
  return [
    `coverage: ${figure("operations", totals.operations)}`,
    figure("statuses", totals.statuses),
    `parameters ${figure("valid", totals.parametersValid)}, ${figure("invalid", totals.parametersInvalid)}`,
    `body members ${figure("valid", totals.bodyMembersValid)}, ${figure("invalid", totals.bodyMembersInvalid)}`,
    figure("enum values", totals.enumValues),
  ].join(" · ");
}
