// update_visibility: an update that changes something shows on the next read.
import { isDeepStrictEqual } from "node:util";
import { describeOutcome } from "../context.ts";
import { validBodies } from "../inputs.ts";
import { revokeOf } from "../../spec/extensions.ts";
import { defineCheck } from "./sending-check.ts";
import { differences, echoedMembers, is2xx, type ResourceLifecycle } from "./lifecycle.ts";

type Item = Record<string, unknown>;

async function updateVisible(lifecycle: ResourceLifecycle, id: unknown): Promise<void> {
  const { ctx, resource } = lifecycle;
  const op = resource.update;
  if (!op || !resource.read) return;
  const before = (await lifecycle.read(id, `read ${String(id)} before update`))?.item;
  // An update that performs the soft delete would hide whether the delete itself works.
  const revoke = resource.delete ? revokeOf(resource.delete) : undefined;
  const candidates = validBodies(ctx, op, ctx.maxExamplesOf(op)).filter((c) => !revoke || !isDeepStrictEqual((c.value as Item | null)?.[revoke.field], revoke.value));
  const body = candidates.find((c) => differences(echoedMembers(ctx, op, c.value), before).length > 0) ?? candidates[0];
  if (!body) return;
  const call = await ctx.call(op, lifecycle.inputFor(op, id, { body: body.value }), `update ${String(id)} with ${body.label}`);
  if (!is2xx(call)) {
    ctx.verdict("update_visibility", op, `update ${String(id)}`, false, call, "2xx", describeOutcome(call));
    return;
  }
  const after = await lifecycle.read(id, `read ${String(id)} after update`);
  const diff = differences(echoedMembers(ctx, op, body.value), after?.item);
  ctx.verdict("update_visibility", op, `update of ${String(id)} visible on read`, diff.length === 0, after?.call ?? call, "the read shows the update", diff.join("; "));
}

export default defineCheck({
  name: "update_visibility",
  scope: "item",
  mode: "stateful",
  description: "an update that does not show on the next read",
  whyNotApplicable: (model) => (model.resources.some((r) => r.update && r.read) ? undefined : "no resource has both an update and a read operation"),
  run: updateVisible,
});
