// ensure_resource_availability: what is listed reads back equal to its list copy, and
// (judged by ResourceLifecycle.create as the run makes items) what is created reads
// back as it was sent.
import { isDeepStrictEqual } from "node:util";
import { describeOutcome } from "../context.ts";
import { defineCheck } from "./sending-check.ts";
import { differences, noChain, type ResourceLifecycle } from "./lifecycle.ts";
import { chained } from "../../spec/model.ts";

/** Each of the first `sample` listed items reads back equal to its list copy. */
async function listedItemsReadable(lifecycle: ResourceLifecycle, sample = 3): Promise<void> {
  const read = lifecycle.resource.read;
  if (!read) return;
  for (const item of (await lifecycle.listed("list before reading items back")).slice(0, sample)) {
    const id = item[lifecycle.idProperty];
    const result = await lifecycle.read(id, `read listed item ${String(id)}`);
    if (!result) continue;
    const equal = isDeepStrictEqual(result.item, item);
    lifecycle.ctx.verdict("ensure_resource_availability", read, `listed item ${String(id)} reads back equal`, equal, result.call, "the same item as in the list", result.item ? differences(item, result.item).join("; ") || "differs" : describeOutcome(result.call));
  }
}

export default defineCheck({
  name: "ensure_resource_availability",
  scope: "resource",
  mode: "stateful",
  description: "a created item that does not read back equal to what was sent; a listed item that does not read back equal to its list copy",
  whyNotApplicable: (model) => {
    const candidates = model.resources.filter((r) => r.read && (r.create || r.lists.length));
    if (!candidates.length) return "no resource has a read operation and a create or list operation (a list is an array body or x-items)";
    return candidates.some((r) => r.lists.length || chained(r, "read")) ? undefined : noChain("a create and a read");
  },
  run: (lifecycle) => listedItemsReadable(lifecycle),
});
