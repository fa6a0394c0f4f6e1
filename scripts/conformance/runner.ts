// Runs the checks against a live server: preflight, then the stateful phases (full
// mode), then the per-operation phases, under one time limit.
import { randomBytes } from "node:crypto";
import { findApi } from "../lib/apis.ts";
import { loadBundle, type OpenApiDocument, type Operation } from "../spec/openapi.ts";
import { precompiledValidators } from "../lib/precompiled.ts";
import { type CheckName, checksOfScope, notApplicable, RESPONSE_CHECKS, STATEFUL_CHECKS, STATELESS_CHECKS } from "./checks/index.ts";
import { ResourceLifecycle } from "./checks/lifecycle.ts";
import { compareWithBaseline, readBaseline } from "./baseline.ts";
import { RunContext, RunStopped, type Sleep } from "./context.ts";
import { diagnose, MisconfigurationError, mayEndTheSession } from "./diagnosis.ts";
import { Coverage, exchangeOf } from "./coverage.ts";
import { generationProblem, requestValidation } from "./inputs.ts";
import { secretsOf } from "../lib/redact.ts";
import { UsageError } from "../lib/cli.ts";
import { plural } from "../lib/words.ts";
import { HttpClient } from "./http.ts";
import { buildModel, type OperationSelection, type Resource } from "../spec/model.ts";
import { Pacer, type RatePace } from "./pacing.ts";
import type { RunEvent, RunListener } from "./events.ts";
import { type CheckResult, type ConformanceReport, onlyInconclusive, Recorder } from "./results.ts";
import { requestMediaOf } from "./media.ts";
import { writableProperties } from "./schemas.ts";

export interface ConformanceOptions extends OperationSelection {
  /** One of this package's APIs; with `spec`, only the name reports use (default: the spec's title). */
  api: string;
  /** Any OpenAPI 3.0/3.1 document (absolute path or http(s) URL) instead of the API's bundle. */
  spec?: string;
  /** Extra headers on every request; their values are redacted from reports. */
  headers?: Record<string, string>;
  baseUrl: string;
  token?: string;
  stateless?: boolean;
  /** Checks to run (default: all the mode allows). */
  checks?: CheckName[];
  excludeChecks?: CheckName[];
  seed?: number;
  timeoutMs?: number;
  timeLimitMs?: number;
  maxBodyBytes?: number;
  maxExamples?: number;
  /** Bundle to read instead of the API's generated/<api>/openapi.json. */
  bundlePath?: string;
  /** At most this many requests per period (`--rate-limit`); the server's own headers are honoured either way. */
  rateLimit?: RatePace;
  /** A JSON report of an earlier run: only violations it does not have fail the run. */
  baseline?: string;
  /** Failures resting only on an `x-decision` of the spec count as violations, not advisories. */
  strict?: boolean;
  /** How long to wait for a server that stopped answering to come back (`--wait-for-server`); default: stop the run. */
  waitForServerMs?: number;
  /** Read no rate-limit header, Retry-After included (`--ignore-rate-limit-headers`, for servers whose headers lie). */
  ignoreRateLimitHeaders?: boolean;
  /** Settings for single operations, by operationId (the config file's `operations`): their random inputs, the checks that judge them. */
  perOperation?: Record<string, { maxExamples?: number; checks?: CheckName[] }>;
  /** Operations tested side by side in the per-operation phase (`--workers`); default 1. */
  workers?: number;
  /** Told what happens as the run goes, and the report at the end (reporters/). */
  listeners?: RunListener[];
  /** How the run waits for a rate limit (tests pass one that returns at once). */
  sleep?: Sleep;
}

export { MisconfigurationError };

export const DEFAULTS = { timeoutMs: 5_000, timeLimitMs: 120_000, maxBodyBytes: 10 * 1024 * 1024, maxExamples: 4 };
const PLACEHOLDER_TOKEN = "conformance-placeholder-token";

function selectChecks(options: ConformanceOptions): CheckName[] {
  const allowed: CheckName[] = options.stateless ? [...STATELESS_CHECKS] : [...STATELESS_CHECKS, ...STATEFUL_CHECKS];
  const chosen = options.checks?.length ? allowed.filter((c) => options.checks?.includes(c)) : allowed;
  return chosen.filter((c) => !options.excludeChecks?.includes(c));
}

/**
 * The stateful phases on one resource: the resource checks on what is already there,
 * then items made for the list checks, then the item checks on one of them (the last
 * of which may delete it).
 */
async function resourcePhases(ctx: RunContext, resource: Resource, wants: (c: CheckName) => boolean): Promise<void> {
  const lifecycle = new ResourceLifecycle(ctx, resource);
  for (const check of checksOfScope("resource")) if (wants(check.name)) await check.run(lifecycle);
  // Enough items for two pages and a meaningful order, made by the suite where the API allows it.
  const createdIds: unknown[] = [];
  if (resource.create && [...checksOfScope("list"), ...checksOfScope("resource"), ...checksOfScope("item")].some((check) => wants(check.name))) {
    for (let i = 0; i < 3; i += 1) createdIds.push(await lifecycle.create(`create #${i + 1}`));
  }
  for (const list of resource.lists) {
    for (const check of checksOfScope("list")) if (wants(check.name)) await check.run(ctx, list, resource);
  }
  const listed = await lifecycle.listed("list to pick an item to change");
  const created = createdIds.find((id) => id !== undefined);
  const reachable = (id: unknown) => {
    const { read, update, delete: remove } = lifecycle.forItem(id).resource;
    return Boolean(read ?? update ?? remove);
  };
  // A created item its chain reaches nothing from is no target; a listed one is addressed by its id member.
  const target = created !== undefined && reachable(created) ? created : (listed[listed.length - 1]?.[resource.idProperty ?? "id"] ?? created);
  if (target === undefined) return;
  for (const check of checksOfScope("item")) if (wants(check.name)) await check.run(lifecycle.forItem(target), target);
}

/**
 * Runs `task` on every item, at most `workers` at a time, each item's own steps in
 * order. The first RunStopped halts the run for all (the others stop at their next
 * request) and is thrown once every task has ended.
 */
async function eachSideBySide<T>(items: readonly T[], workers: number, ctx: RunContext, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let stopped: RunStopped | undefined;
  const worker = async () => {
    while (next < items.length && stopped === undefined) {
      const item = items[next++] as T;
      try {
        await task(item);
      } catch (error) {
        if (!(error instanceof RunStopped)) throw error;
        stopped ??= error;
        ctx.halt(error.message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, items.length)) }, worker));
  if (stopped) throw stopped;
}

/**
 * A guess at how long an operation's checks take: what its inputs vary, its parameters
 * and its body's top-level members (each brings boundary and invalid values).
 */
function inputSurface(doc: OpenApiDocument, op: Operation): number {
  const body = requestMediaOf(op).chosen?.media.schema;
  return op.parameters.length + (body ? Object.keys(writableProperties(doc, body)).length : 0);
}

/**
 * The order operations start in: the spec's for one worker; with more, the longest
 * (inputSurface) first, so the last to start are short ones and no long one runs alone
 * at the end while the other workers wait. Ties keep the spec's order.
 */
function startOrder(doc: OpenApiDocument, operations: readonly Operation[], workers: number): readonly Operation[] {
  if (workers <= 1) return operations;
  const surface = new Map(operations.map((op) => [op, inputSurface(doc, op)]));
  return [...operations].sort((a, b) => (surface.get(b) ?? 0) - (surface.get(a) ?? 0));
}

/** The operations grouped by path, paths in the order of their first operation. */
function operationsByPath(operations: readonly Operation[]): Operation[][] {
  const byPath = new Map<string, Operation[]>();
  for (const op of operations) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op]);
  return [...byPath.values()];
}

/**
 * Where the side-by-side phase began in the recorder, and how one worker orders its
 * cases: each operation's together in the spec's order, then each whole-API check's by
 * path (recorded on the path's first operation). The report keeps that order, whichever
 * answer came first under --workers.
 */
interface SideBySidePhase {
  violations: number;
  advisories: number;
  /** Operations the phases before it judged (full mode's stateful phases), in their order. */
  judgedBefore: string[];
  order: readonly Operation[];
  rank(result: CheckResult): number;
}

function sideBySidePhase(recorder: Recorder, order: readonly Operation[], apiChecks: readonly CheckName[]): SideBySidePhase {
  const position = new Map(order.map((op, index) => [op.operationId, index]));
  return {
    violations: recorder.violations.length,
    advisories: recorder.advisories.length,
    judgedBefore: Object.keys(recorder.byOperation()),
    order,
    rank: (result) => (apiChecks.indexOf(result.check) + 1) * order.length + (position.get(result.operationId) ?? 0),
  };
}

/** The kept `list` with the phase's own cases in one worker's order; stable, so one operation's cases keep theirs. */
function inOneWorkersOrder(cases: CheckResult[], phase: SideBySidePhase | undefined, list: "violations" | "advisories"): CheckResult[] {
  if (!phase) return cases;
  const start = phase[list];
  return [...cases.slice(0, start), ...cases.slice(start).sort((a, b) => phase.rank(a) - phase.rank(b))];
}

/** The per-operation counts in one worker's order: those judged before the phase first, then the spec's order. */
function operationsInOrder<T>(counts: Record<string, T>, phase: SideBySidePhase | undefined): Record<string, T> {
  if (!phase) return counts;
  const ids = new Set([...phase.judgedBefore, ...phase.order.map((op) => op.operationId), ...Object.keys(counts)]);
  return Object.fromEntries([...ids].flatMap((id) => (id in counts ? [[id, counts[id] as T]] : [])));
}

export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const settingsSeed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const listeners = options.listeners ?? [];
  const emit = (event: RunEvent) => {
    for (const listener of listeners) listener(event);
  };
  // Read first: a baseline that cannot be read should stop the run before any request.
  const baseline = options.baseline === undefined ? undefined : readBaseline(options.baseline);
  const doc = options.spec
    ? await (await import("../spec/load.ts")).loadSpec(options.spec)
    : loadBundle(options.bundlePath ?? findApi(options.api).bundle);
  const api = options.api || doc.info?.title || "spec";
  // The built CLI carries its APIs' validators compiled; they fit only the shipped bundle.
  const ahead = options.spec || options.bundlePath ? undefined : precompiledValidators[options.api];
  const model = buildModel(doc, api, options, ahead ? (await ahead()).validators : {}, (message) => emit({ type: "warning", message }));
  const perOperation = Object.entries(options.perOperation ?? {});
  const unknownIds = perOperation.map(([operationId]) => operationId).filter((id) => !model.allOperations.some((op) => op.operationId === id));
  if (unknownIds.length) throw new UsageError(`operations: unknown operationId ${unknownIds.join(", ")}; the spec has ${model.allOperations.map((op) => op.operationId).join(", ")}`);
  if (options.shard && model.operations.length === 0) {
    // Said even when quiet: a CI job that tested nothing passes, and should say why.
    emit({ type: "warning", message: `shard ${options.shard.index}/${options.shard.count} holds none of the spec's ${plural(model.allOperations.length, "operation")}: a resource stays whole on one shard, and there are fewer resources than shards` });
  }
  const checks = selectChecks(options);
  // Judged by the validators the inputs were made with: each schema compiled once, a request's view of the document.
  const coverage = new Coverage({ ...model, validators: requestValidation(model).validators });
  const recorder = new Recorder(
    new Set(checks),
    (result) => emit({ type: "case-recorded", result }),
    (operationId, input, status, durationMs) => coverage.observe(exchangeOf(operationId, input, status, durationMs)),
  );
  for (const [operationId, settings] of perOperation) if (settings.checks) recorder.narrow(operationId, settings.checks);
  const token = options.token ?? PLACEHOLDER_TOKEN;
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const headers = options.headers ?? {};
  const http = new HttpClient({ timeoutMs, maxBodyBytes: options.maxBodyBytes ?? DEFAULTS.maxBodyBytes, secrets: secretsOf(token, Object.values(headers)) }, Object.keys(headers));
  const started = Date.now();
  const ctx = new RunContext(
    model,
    http,
    recorder,
    {
      baseUrl: options.baseUrl,
      token,
      headers,
      stateless: options.stateless ?? false,
      seed: settingsSeed,
      maxExamples: options.maxExamples ?? DEFAULTS.maxExamples,
      maxExamplesByOperation: Object.fromEntries(perOperation.flatMap(([operationId, settings]) => (settings.maxExamples === undefined ? [] : [[operationId, settings.maxExamples]]))),
      deadline: started + (options.timeLimitMs ?? DEFAULTS.timeLimitMs),
      runTag: randomBytes(3).toString("hex"),
      strict: options.strict ?? false,
      ...(options.waitForServerMs ? { waitForServerMs: options.waitForServerMs } : {}),
    },
    (message) => emit({ type: "note", message }),
    new Pacer(options.rateLimit, options.ignoreRateLimitHeaders ?? false),
    options.sleep,
  );
  for (const op of model.operations) ctx.credentials(op); // unsupported schemes fail before any request
  const wants = (check: CheckName) => recorder.isSelected(check);
  const mode = ctx.settings.stateless ? "stateless" : "full";
  const mayRevoke = model.operations.filter(mayEndTheSession).map((op) => `${op.operationId} (${op.method.toUpperCase()} ${op.path})`);
  const chains = mode === "full" ? model.resources.map((resource) => ({ resource: resource.tag, links: [...resource.links] })) : [];
  emit({ type: "run-started", api, baseUrl: options.baseUrl, mode, seed: settingsSeed, checks, operations: model.operations.length, mayRevoke, chains });
  const workers = options.workers ?? 1;
  const finished = new Set<string>();
  const inputsLeftOut: Record<string, string> = {};

  let stopReason: string | undefined;
  let phase: SideBySidePhase | undefined;
  try {
    await diagnose(ctx, options.token !== undefined);
    if (!ctx.settings.stateless) {
      for (const resource of model.resources) {
        emit({ type: "resource-started", tag: resource.tag });
        await resourcePhases(ctx, resource, wants);
      }
    }
    const operationChecks = async (op: Operation) => {
      const before = recorder.violationsOf(op.operationId);
      // The operation checks are also the traffic the response checks judge: they run for either.
      const judges = (check: CheckName) => recorder.isSelected(check, op.operationId);
      for (const check of checksOfScope("operation")) if (judges(check.name) || RESPONSE_CHECKS.some(judges)) await check.run(ctx, op);
      finished.add(op.operationId);
      ctx.operationsLeft -= 1;
      const leftOut = generationProblem(ctx, op);
      if (leftOut) inputsLeftOut[op.operationId] = leftOut;
      emit({ type: "operation-finished", operationId: op.operationId, method: op.method, path: op.path, violations: recorder.violationsOf(op.operationId) - before, ...(leftOut ? { inputsLeftOut: leftOut } : {}) });
    };
    const apiChecks = checksOfScope("api").filter((check) => wants(check.name));
    // The whole-API checks' paths queue behind the operations: with --workers they fill the
    // time the last operations leave the other workers idle, instead of a phase of their own.
    // A path waits for its own operations, whose cases (and rate-limit state) it shares.
    const running = new Map<string, Promise<unknown>>();
    const tasks = [
      ...startOrder(model.doc, model.operations, workers).map((op) => () => {
        const checked = operationChecks(op);
        running.set(op.operationId, checked.catch(() => undefined));
        return checked;
      }),
      ...apiChecks.flatMap((check) =>
        operationsByPath(model.operations).map((operations) => async () => {
          await Promise.all(operations.map((op) => running.get(op.operationId)));
          await check.run(ctx, operations);
        }),
      ),
    ];
    phase = sideBySidePhase(recorder, model.operations, apiChecks.map((check) => check.name));
    await eachSideBySide(tasks, workers, ctx, (task) => task());
  } catch (error) {
    if (!(error instanceof RunStopped)) throw error;
    stopReason = error.message;
  }

  const summary = recorder.summary();
  const operations = operationsInOrder(recorder.byOperation(), phase);
  const violations = inOneWorkersOrder(recorder.violations, phase, "violations");
  const inconclusiveChecks = onlyInconclusive(summary);
  const inconclusiveBecause = recorder.inconclusiveBecause();
  const inapplicable = notApplicable(model);
  const report: ConformanceReport = {
    api,
    ...(options.spec ? { spec: options.spec } : {}),
    baseUrl: options.baseUrl,
    mode,
    seed: settingsSeed,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    requests: http.requestsSent,
    ...(options.shard ? { shard: options.shard } : {}),
    complete: stopReason === undefined && inconclusiveChecks.length === 0,
    ...(stopReason ? { stopReason, notReached: model.operations.filter((op) => !finished.has(op.operationId)).map((op) => op.operationId) } : {}),
    ...(inconclusiveChecks.length ? { inconclusiveChecks } : {}),
    ...(Object.keys(inconclusiveBecause).length ? { inconclusiveBecause } : {}),
    ...(Object.keys(inputsLeftOut).length ? { inputsLeftOut } : {}),
    checks,
    notApplicable: Object.fromEntries(checks.flatMap((check) => (inapplicable[check] ? [[check, inapplicable[check]]] : []))),
    summary,
    operations,
    violations,
    strict: ctx.settings.strict,
    advisories: inOneWorkersOrder(recorder.advisories, phase, "advisories"),
    coverage: coverage.report(),
    ...(baseline ? { baseline: compareWithBaseline(options.baseline as string, baseline, violations, operations) } : {}),
  };
  emit({ type: "run-finished", report });
  return report;
}
