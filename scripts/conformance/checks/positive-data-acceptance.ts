// positive_data_acceptance: valid input (the spec's examples, boundary values, random
// inputs) is answered 2xx, or 404 where a path value was made up. A random input that
// fails is shrunk to the smallest input that fails the same way.
import type { Operation } from "../../spec/openapi.ts";
import { type RunContext, describeOutcome, statusOf } from "../context.ts";
import { describeParts, inputArbitrary, inputFromParts, type InputParts, isMadeUp, type LabeledInput, validInputs } from "../inputs.ts";
import type { ParameterValues } from "../requests.ts";
import { type CheckResult, causeOf, evidence, Recorder } from "../results.ts";
import { shrink, SHRINK_TIME_MS } from "../shrinking.ts";
import { defineCheck } from "./sending-check.ts";
import { checkResponse } from "./response.ts";

/** The verdict on one status: 2xx, or 404 when a path value was made up. */
function acceptance(status: number, madeUpId: boolean): { passed: boolean; expected: string } {
  return { passed: (status >= 200 && status < 300) || (madeUpId && status === 404), expected: madeUpId ? "2xx (or 404 for a made-up id)" : "2xx" };
}

export async function positiveDataAcceptance(ctx: RunContext, op: Operation, given: ParameterValues = {}): Promise<void> {
  const shrunk = new Set<string>();
  for (const candidate of validInputs(ctx, op, given)) {
    // This operation's failures from this input: another operation's, running beside it, are not this input's.
    const failures = await ctx.recorder.collectFailures(op.operationId, async () => {
      const call = await ctx.call(op, candidate.input, candidate.label);
      const status = statusOf(call);
      // No verdict without a response: not_a_server_error has it.
      if (status !== undefined) {
        const { passed, expected } = acceptance(status, candidate.madeUpId);
        ctx.verdict("positive_data_acceptance", op, candidate.label, passed, call, expected, describeOutcome(call));
      }
    });
    if (candidate.parts) await shrinkFailure(ctx, op, candidate as LabeledInput & { parts: InputParts }, failures, given, shrunk);
  }
}

/** The failures one input causes, judged apart from the run's recorder (nothing recorded). */
async function judgeAlone(ctx: RunContext, op: Operation, parts: InputParts, given: ParameterValues, label: string): Promise<CheckResult[]> {
  // A candidate that breaks the server is a case of its own: recorded, with its curl line.
  const exchange = await ctx.probeSafely(ctx.request(op, inputFromParts(ctx, op, parts)), `${op.operationId} · ${label}`, (silent) => checkResponse(ctx.model, ctx.recorder, op, silent, label));
  // The server went away and came back: this candidate is not judged.
  if (!exchange) return [];
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
async function shrinkFailure(ctx: RunContext, op: Operation, candidate: LabeledInput & { parts: InputParts }, failures: readonly CheckResult[], given: ParameterValues, shrunk: Set<string>): Promise<void> {
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
    undefined,
    ctx.operationDeadline(SHRINK_TIME_MS),
  );
  if (!smallest) return;
  const label = `shrunk: ${describeParts(smallest)}`;
  for (const failure of failures) {
    const replacement = latest.find((found) => found.check === failure.check && causeOf(found) === causeOf(failure));
    if (replacement) ctx.recorder.replace(failure, { ...replacement, case: label, shrunkFrom: candidate.label });
  }
  ctx.progress(`  ${op.operationId}: ${target.check} shrunk from ${describeParts(candidate.parts)} to ${describeParts(smallest)}`);
}

export default defineCheck({
  name: "positive_data_acceptance",
  scope: "operation",
  mode: "stateless",
  description: "valid input (the vendor's examples included) not answered 2xx (404 is fair for a made-up id)",
  run: (ctx, op) => positiveDataAcceptance(ctx, op),
  // A failure judged with the made-up-id rule says so in its `expected`.
  passesWith: (status, failed) => acceptance(status, failed.expected === acceptance(status, true).expected).passed,
});
