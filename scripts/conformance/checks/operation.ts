// Per-operation checks that need no stored state: valid input accepted, invalid
// input rejected, credentials enforced.
import type { Operation } from "../../lib/openapi.ts";
import { type AuthMode, type Call, describeOutcome, type RunContext } from "../context.ts";
import { describeParts, firstValidInput, type InputParts, inputArbitrary, inputFromParts, invalidInputs, isMadeUp, type LabeledInput, validInputs } from "../inputs.ts";
import { causeOf } from "../report.ts";
import type { ParameterValues } from "../requests.ts";
import { type CheckResult, evidence, Recorder } from "../results.ts";
import { shrink } from "../shrinking.ts";
import { checkResponse } from "./response.ts";

const is2xx = (status: number | undefined) => status !== undefined && status >= 200 && status < 300;
const is4xx = (status: number | undefined) => status !== undefined && status >= 400 && status < 500;
const CREDENTIALS_REJECTED = [401, 403];

function statusOf(call: Call): number | undefined {
  return call.exchange.response?.status;
}

/** positive_data_acceptance on one status: 2xx, or 404 when a path value was made up. */
function acceptance(status: number, madeUpId: boolean): { passed: boolean; expected: string } {
  return { passed: is2xx(status) || (madeUpId && status === 404), expected: madeUpId ? "2xx (or 404 for a made-up id)" : "2xx" };
}

export async function positiveDataAcceptance(ctx: RunContext, op: Operation, given: ParameterValues = {}): Promise<void> {
  const shrunk = new Set<string>();
  for (const candidate of validInputs(ctx, op, given)) {
    const mark = ctx.recorder.results.length;
    const call = await ctx.call(op, candidate.input, candidate.label);
    const status = statusOf(call);
    // No verdict without a response: not_a_server_error has it.
    if (status !== undefined) {
      const { passed, expected } = acceptance(status, candidate.madeUpId);
      ctx.verdict("positive_data_acceptance", op, candidate.label, passed, call, expected, describeOutcome(call));
    }
    if (candidate.parts) await shrinkFailure(ctx, op, candidate as LabeledInput & { parts: InputParts }, mark, given, shrunk);
  }
}

/** The failures one input causes, judged apart from the run's recorder (nothing recorded). */
async function judgeAlone(ctx: RunContext, op: Operation, parts: InputParts, given: ParameterValues, label: string): Promise<CheckResult[]> {
  const exchange = await ctx.probe(ctx.request(op, inputFromParts(ctx, op, parts)));
  const scratch = new Recorder(new Set(ctx.recorder.selectedChecks));
  checkResponse(ctx.model, scratch, op, exchange, label);
  const status = exchange.response?.status;
  if (status !== undefined && status !== 429) {
    const { passed, expected } = acceptance(status, isMadeUp(op, parts.path, given));
    if (!passed) scratch.add({ check: "positive_data_acceptance", operationId: op.operationId, outcome: "failed", case: label, expected, actual: `${status}`, ...evidence(exchange) });
  }
  return scratch.violations;
}

/**
 * Shrinks the first failure a random input caused to the smallest input fast-check finds
 * that fails the same way (same check, same cause), and reports that one instead; once per
 * check, operation and cause.
 */
async function shrinkFailure(ctx: RunContext, op: Operation, candidate: LabeledInput & { parts: InputParts }, mark: number, given: ParameterValues, shrunk: Set<string>): Promise<void> {
  const failures = ctx.recorder.results.slice(mark).filter((result) => result.outcome === "failed");
  const target = failures.find((failure) => !shrunk.has(`${failure.check} ${causeOf(failure)}`));
  if (!target) return;
  const signature = `${target.check} ${causeOf(target)}`;
  // The other failures of this input are replaced by the same shrunk input: one shrink serves them all.
  for (const failure of failures) shrunk.add(`${failure.check} ${causeOf(failure)}`);
  let latest: CheckResult[] = [];
  // A body fast-check cannot rebuild (an email made unique) stays as it is while the rest shrinks.
  const free = inputArbitrary(ctx, op, { path: given });
  const parts: unknown = candidate.parts;
  const arbitrary = free.canShrinkWithoutContext(parts) ? free : inputArbitrary(ctx, op, { path: given, body: candidate.parts.body });
  const smallest = await shrink(
    arbitrary,
    candidate.parts,
    async (parts) => {
      const found = await judgeAlone(ctx, op, parts, given, `shrunk: ${describeParts(parts)}`);
      if (found.some((failure) => `${failure.check} ${causeOf(failure)}` === signature)) latest = found;
      return latest === found;
    },
    ctx.settings.seed,
  );
  if (!smallest) return;
  const label = `shrunk: ${describeParts(smallest)}`;
  for (const failure of failures) {
    const replacement = latest.find((found) => found.check === failure.check && causeOf(found) === causeOf(failure));
    if (replacement) ctx.recorder.replace(failure, { ...replacement, case: label, shrunkFrom: candidate.label });
  }
  ctx.progress(`  ${op.operationId}: ${target.check} shrunk from ${describeParts(candidate.parts)} to ${describeParts(smallest)}`);
}

export async function negativeDataRejection(ctx: RunContext, op: Operation, given?: ParameterValues): Promise<void> {
  for (const { label, input, decision } of invalidInputs(ctx, op, given)) {
    const call = await ctx.call(op, input, label);
    const status = statusOf(call);
    // Valid credentials refused: the server never looked at the input, so a 4xx proves nothing about it.
    if (status !== undefined && CREDENTIALS_REJECTED.includes(status) && ctx.credentials(op) && !call.rateLimited) {
      ctx.inconclusive("negative_data_rejection", op, label, `${status}: the credentials were rejected before the input was judged`);
      continue;
    }
    ctx.verdict("negative_data_rejection", op, label, is4xx(status), call, "4xx", describeOutcome(call), decision);
  }
}

export async function ignoredAuth(ctx: RunContext, op: Operation): Promise<void> {
  const credentials = ctx.credentials(op);
  if (!credentials) return;
  const first = firstValidInput(ctx, op);
  if (!first) return;
  const modes: Array<[AuthMode, string]> = [
    ["none", "no credentials"],
    ["wrong-scheme", `credentials of another scheme than the ${credentials.label}`],
  ];
  // A made-up token can only be told from a real one by a server that stores tokens.
  if (!ctx.settings.stateless) modes.push(["unknown-token", `an unknown ${credentials.label}`]);
  for (const [mode, label] of modes) {
    const call = await ctx.call(op, first.input, label, { auth: mode });
    const status = statusOf(call);
    ctx.verdict("ignored_auth", op, label, status === 401 || status === 403, call, "401 or 403", describeOutcome(call));
  }
}
