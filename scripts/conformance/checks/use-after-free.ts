// use_after_free: after a delete the item is gone (or, for a soft delete, marked revoked).
import { isDeepStrictEqual } from "node:util";
import { deref } from "../../spec/openapi.ts";
import { decisionOf } from "../../spec/extensions.ts";
import { describeOutcome } from "../context.ts";
import { revokeOf } from "../../spec/extensions.ts";
import { defineCheck } from "./sending-check.ts";
import { is2xx, noChain, type ResourceLifecycle } from "./lifecycle.ts";
import { chained } from "../../spec/model.ts";

async function deletedIsGone(lifecycle: ResourceLifecycle, id: unknown): Promise<void> {
  const { ctx, resource } = lifecycle;
  const op = resource.delete;
  if (!op) return;
  const call = await ctx.call(op, lifecycle.inputFor(op, id), `delete ${String(id)}`);
  if (!is2xx(call)) {
    ctx.verdict("use_after_free", op, `delete ${String(id)}`, false, call, "2xx", describeOutcome(call));
    return;
  }
  const revoke = revokeOf(op);
  const after = await lifecycle.read(id, `read ${String(id)} after delete`);
  if (after && revoke) {
    const value = after.item?.[revoke.field];
    ctx.verdict("use_after_free", op, `read after revoking ${String(id)}`, isDeepStrictEqual(value, revoke.value), after.call, `${revoke.field} = ${JSON.stringify(revoke.value)}`, `${revoke.field} = ${JSON.stringify(value)} (${describeOutcome(after.call)})`);
    return;
  }
  if (after) {
    const status = after.call.exchange.response?.status;
    // Where the vendor never mentions 404, the spec labels it ours: a failure is then an advisory.
    const decision = resource.read ? decisionOf(deref(ctx.model.doc, resource.read.responses["404"] ?? {})) : undefined;
    ctx.verdict("use_after_free", op, `read after deleting ${String(id)}`, status === 404, after.call, "404", describeOutcome(after.call), decision);
  }
  if (!revoke && resource.lists[0]) {
    const ids = (await lifecycle.listed(`list after deleting ${String(id)}`)).map((item) => item[lifecycle.idProperty]);
    ctx.verdict("use_after_free", op, `list after deleting ${String(id)}`, !ids.includes(id), call, `item ${String(id)} no longer listed`, ids.includes(id) ? "still listed" : "");
  }
}

export default defineCheck({
  name: "use_after_free",
  scope: "item",
  mode: "stateful",
  description: "a deleted item that still reads (or is still listed); for a soft delete (`x-revoke`), a read that does not show the revoked state",
  whyNotApplicable: (model) => {
    const candidates = model.resources.filter((r) => r.delete && (r.read || r.lists.length));
    if (!candidates.length) return "no resource has a delete operation and a read or list operation";
    return candidates.some((r) => r.lists.length || (chained(r, "delete") && chained(r, "read"))) ? undefined : noChain("a delete and a read");
  },
  run: deletedIsGone,
});
