// negative_data_rejection: input the spec rules out is answered 4xx.
import type { Operation } from "../../spec/openapi.ts";
import { type RunContext, describeOutcome, statusOf } from "../context.ts";
import { invalidInputs } from "../inputs.ts";
import type { ParameterValues } from "../requests.ts";
import { refusesCredentials } from "../../spec/security.ts";
import { defineCheck } from "./sending-check.ts";


const rejects = (status: number) => status >= 400 && status < 500;

export async function negativeDataRejection(ctx: RunContext, op: Operation, given?: ParameterValues): Promise<void> {
  for (const { label, input, decision } of invalidInputs(ctx, op, given)) {
    const call = await ctx.call(op, input, label);
    const status = statusOf(call);
    // Valid credentials refused: the server never looked at the input, so a 4xx proves nothing about it.
    if (status !== undefined && refusesCredentials(status) && ctx.credentials(op) && !call.rateLimited) {
      ctx.inconclusive("negative_data_rejection", op, label, `credentials refused (${status}): the input was not judged`);
      continue;
    }
    const rejected = status !== undefined && rejects(status);
    ctx.verdict("negative_data_rejection", op, label, rejected, call, "4xx", describeOutcome(call), decision);
  }
}

export default defineCheck({
  name: "negative_data_rejection",
  scope: "operation",
  mode: "stateless",
  description: "invalid input (wrong type, out of range, outside the enum, wrong format or pattern, missing required member, malformed JSON, `x-same-as` mismatch) not answered 4xx",
  run: (ctx, op) => negativeDataRejection(ctx, op),
  passesWith: rejects,
});
