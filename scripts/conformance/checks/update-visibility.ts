// update_visibility: an update that changes something shows on the next read.
import { isDeepStrictEqual } from "node:util";
import { describeOutcome } from "../context.ts";
import { validBodies } from "../inputs.ts";
import { revokeOf } from "../../spec/extensions.ts";
import { defineCheck } from "./sending-check.ts";
import { differences, echoedMembers, is2xx, noChain, type ResourceLifecycle } from "./lifecycle.ts";
import { chained } from "../../spec/model.ts";

type Item = Record<string, unknown>;

/** Bodies drawn beyond --max-examples when none of those would change the item. */
const EXTRA_BODIES = 8;

async function updateVisible(lifecycle: ResourceLifecycle, id: unknown): Promise<void> {
  const { ctx, resource } = lifecycle;
  const op = resource.update;
  if (!op || !resource.read) return;
  const before = (await lifecycle.read(id, `read ${String(id)} before update`))?.item;
  // An update that performs the soft delete would hide whether the delete itself works.
  const revoke = resource.delete ? revokeOf(resource.delete) : undefined;
  const candidates = (count: number) => validBodies(ctx, op, count).filter((c) => !revoke || !isDeepStrictEqual((c.value as Item | null)?.[revoke.field], revoke.value));
  const changing = (count: number) => candidates(count).find((c) => differences(echoedMembers(ctx, op, c.value), before).length > 0);
  // An update that changes nothing would pass whether or not the server keeps updates: draw more bodies before giving up.
  const body = changing(ctx.maxExamplesOf(op)) ?? changing(ctx.maxExamplesOf(op) + EXTRA_BODIES);
  if (!body) {
    const tried = candidates(ctx.maxExamplesOf(op) + EXTRA_BODIES).length;
    if (tried) ctx.inconclusive("update_visibility", op, `update ${String(id)}`, `no change to compare: none of the ${tried} valid bodies tried would change item ${String(id)}`);
    return;
  }
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
  whyNotApplicable: (model) => {
    const candidates = model.resources.filter((r) => r.update && r.read);
    if (!candidates.length) return "no resource has both an update and a read operation";
    return candidates.some((r) => r.lists.length || (chained(r, "update") && chained(r, "read"))) ? undefined : noChain("an update and a read");
  },
  run: updateVisible,
});
