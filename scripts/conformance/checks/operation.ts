// Per-operation checks that need no stored state: valid input accepted, invalid
// input rejected, credentials enforced.
import type { Operation } from "../../lib/openapi.ts";
import { type AuthMode, type Call, describeOutcome, type RunContext } from "../context.ts";
import { invalidInputs, validInputs } from "../inputs.ts";
import type { ParameterValues } from "../requests.ts";

const is2xx = (status: number | undefined) => status !== undefined && status >= 200 && status < 300;
const is4xx = (status: number | undefined) => status !== undefined && status >= 400 && status < 500;
const CREDENTIALS_REJECTED = [401, 403];

function statusOf(call: Call): number | undefined {
  return call.exchange.response?.status;
}

export async function positiveDataAcceptance(ctx: RunContext, op: Operation, given?: ParameterValues): Promise<void> {
  for (const { label, input, madeUpId } of validInputs(ctx, op, given)) {
    const call = await ctx.call(op, input, label);
    const status = statusOf(call);
    // No verdict without a response: not_a_server_error has it.
    if (status === undefined) continue;
    const accepted = is2xx(status) || (madeUpId && status === 404);
    ctx.verdict("positive_data_acceptance", op, label, accepted, call, madeUpId ? "2xx (or 404 for a made-up id)" : "2xx", describeOutcome(call));
  }
}

export async function negativeDataRejection(ctx: RunContext, op: Operation, given?: ParameterValues): Promise<void> {
  for (const { label, input } of invalidInputs(ctx, op, given)) {
    const call = await ctx.call(op, input, label);
    const status = statusOf(call);
    // Valid credentials refused: the server never looked at the input, so a 4xx proves nothing about it.
    if (status !== undefined && CREDENTIALS_REJECTED.includes(status) && ctx.credentials(op) && !call.rateLimited) {
      ctx.inconclusive("negative_data_rejection", op, label, `${status}: the credentials were rejected before the input was judged`);
      continue;
    }
    ctx.verdict("negative_data_rejection", op, label, is4xx(status), call, "4xx", describeOutcome(call));
  }
}

export async function ignoredAuth(ctx: RunContext, op: Operation): Promise<void> {
  const credentials = ctx.credentials(op);
  if (!credentials) return;
  const first = validInputs(ctx, op)[0];
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
