// ignored_auth: an operation that needs credentials refuses requests without valid ones.
import type { Operation } from "../../spec/openapi.ts";
import { type AuthMode, type RunContext, describeOutcome, statusOf } from "../context.ts";
import { firstValidInput } from "../inputs.ts";
import { refusesCredentials } from "../../spec/security.ts";
import { defineCheck } from "./sending-check.ts";

async function ignoredAuth(ctx: RunContext, op: Operation): Promise<void> {
  const credentials = ctx.credentials(op);
  if (!credentials) return;
  const first = firstValidInput(ctx, op);
  if (!first) return;
  const modes: Array<[AuthMode, string]> = [["none", "no credentials"]];
  // Only a scheme no alternative of the operation accepts is wrong.
  if (credentials.wrongScheme) modes.push(["wrong-scheme", `credentials of another scheme than the ${credentials.label}`]);
  // A made-up token can only be told from a real one by a server that stores tokens.
  if (!ctx.settings.stateless) modes.push(["unknown-token", `an unknown ${credentials.label}`]);
  for (const [mode, label] of modes) {
    const call = await ctx.call(op, first.input, label, { auth: mode });
    const status = statusOf(call);
    ctx.verdict("ignored_auth", op, label, refusesCredentials(status), call, "401 or 403", describeOutcome(call));
  }
}

export default defineCheck({
  name: "ignored_auth",
  scope: "operation",
  mode: "stateless",
  description: "no credentials, or credentials of another scheme, not answered 401/403; in full mode also an unknown token of the right shape",
  run: ignoredAuth,
  passesWith: refusesCredentials,
});
