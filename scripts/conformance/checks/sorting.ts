// sorting: for every sort field the spec offers, in both directions, the list comes
// back in that order.
import type { Operation } from "../../spec/openapi.ts";
import type { RunContext } from "../context.ts";
import { fullListQuery, listPath } from "../listing.ts";
import { itemsOf } from "../../spec/model.ts";
import { sortOf } from "../../spec/extensions.ts";
import { parameterExamples } from "../values.ts";
import { defineCheck } from "./sending-check.ts";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

/** Orderings a correct server may use for these values; sorted if any of them holds. */
function orderings(values: unknown[]): Array<(a: unknown, b: unknown) => number> {
  if (values.every((v) => typeof v === "number")) return [(a, b) => (a as number) - (b as number)];
  if (values.every((v) => typeof v === "boolean")) return [(a, b) => Number(a) - Number(b)];
  const strings = values.map(String);
  const byCodePoint = (a: unknown, b: unknown) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0);
  const byLocale = (a: unknown, b: unknown) => String(a).localeCompare(String(b), undefined, { sensitivity: "base" });
  if (strings.every((v) => ISO_DATE.test(v))) {
    return [(a, b) => Date.parse(String(a).replace(" ", "T")) - Date.parse(String(b).replace(" ", "T"))];
  }
  return [byCodePoint, byLocale];
}

function isSorted(values: unknown[], direction: "asc" | "desc"): boolean {
  const sign = direction === "asc" ? 1 : -1;
  return orderings(values).some((compare) => values.every((value, i) => i === 0 || sign * compare(values[i - 1], value) <= 0));
}

function sortFields(op: Operation, fieldParameter: string): string[] {
  const parameter = op.parameters.find((p) => p.name === fieldParameter);
  if (!parameter) return [];
  const enumValues = parameter.schema?.enum;
  return (Array.isArray(enumValues) ? enumValues : parameterExamples(parameter).slice(0, 1)).map(String);
}

async function sorting(ctx: RunContext, op: Operation): Promise<void> {
  const spec = sortOf(op);
  if (!spec) return;
  for (const field of sortFields(op, spec.field)) {
    for (const direction of ["asc", "desc"] as const) {
      const label = `${spec.field}=${field}&${spec.order}=${direction}`;
      const call = await ctx.call(op, { path: listPath(ctx, op), query: fullListQuery(op, { [spec.field]: field, [spec.order]: direction }) }, label);
      const items = itemsOf(op, call.received?.json);
      if (!items) continue;
      // Where nulls go differs between databases; the order of the other values must hold.
      const values = items.map((item) => (item as Record<string, unknown> | null)?.[field]).filter((v) => v !== null && v !== undefined);
      if (values.length < 2) continue;
      ctx.verdict("sorting", op, label, isSorted(values, direction), call, `${field} in ${direction}ending order`, `${field} values: ${values.slice(0, 8).map((v) => JSON.stringify(v)).join(", ")}${values.length > 8 ? ", ..." : ""}`);
    }
  }
}

export default defineCheck({
  name: "sorting",
  scope: "list",
  mode: "stateful",
  description: "a list not in the requested order, for every sort field and both directions",
  whyNotApplicable: (model) => (model.resources.some((r) => r.lists.some((op) => sortOf(op))) ? undefined : "no list operation declares x-sort"),
  run: (ctx, list) => sorting(ctx, list),
});
