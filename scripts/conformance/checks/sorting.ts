// sorting: for every sort field the spec offers, in both directions, the list comes
// back in that order; a descending flag returns the same items in reverse order.
import type { Operation } from "../../spec/openapi.ts";
import type { RunContext } from "../context.ts";
import { fullListQuery, idOf, listPath } from "../listing.ts";
import { itemsOf } from "../../spec/model.ts";
import { decisionOf, sortOf } from "../../spec/extensions.ts";
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

/** The first few of a list of values, for a verdict's one line. */
const listed = (values: string[]) => `${values.slice(0, 8).join(", ")}${values.length > 8 ? ", ..." : ""}`;

async function byField(ctx: RunContext, op: Operation, fieldParameter: string, orderParameter: string): Promise<void> {
  for (const field of sortFields(op, fieldParameter)) {
    for (const direction of ["asc", "desc"] as const) {
      const label = `${fieldParameter}=${field}&${orderParameter}=${direction}`;
      const call = await ctx.call(op, { path: listPath(ctx, op), query: fullListQuery(op, { [fieldParameter]: field, [orderParameter]: direction }) }, label);
      const items = itemsOf(op, call.received?.json);
      if (!items) continue;
      // Where nulls go differs between databases; the order of the other values must hold.
      const values = items.map((item) => (item as Record<string, unknown> | null)?.[field]).filter((v) => v !== null && v !== undefined);
      if (values.length < 2) continue;
      ctx.verdict("sorting", op, label, isSorted(values, direction), call, `${field} in ${direction}ending order`, `${field} values: ${listed(values.map((v) => JSON.stringify(v)))}`);
    }
  }
}

/**
 * The flag must reverse the list: the items both answers hold come in opposite orders.
 * Comparing only those keeps the check true when the list is longer than one page.
 */
async function reversed(ctx: RunContext, op: Operation, flag: string, idProperty: string | undefined): Promise<void> {
  const idsOf = (json: unknown) => (itemsOf(op, json) ?? []).map((item) => idOf(item, idProperty));
  const plain = await ctx.call(op, { path: listPath(ctx, op), query: fullListQuery(op) }, `without ${flag}`);
  const label = `${flag}=true`;
  const flipped = await ctx.call(op, { path: listPath(ctx, op), query: fullListQuery(op, { [flag]: true }) }, label);
  const flippedIds = idsOf(flipped.received?.json);
  const expected = idsOf(plain.received?.json).filter((id) => flippedIds.includes(id)).reverse();
  if (expected.length < 2) return;
  const actual = flippedIds.filter((id) => expected.includes(id));
  const decision = decisionOf(op.raw, "x-sort");
  ctx.verdict("sorting", op, label, actual.join("\n") === expected.join("\n"), flipped, `the order without ${flag}, reversed: ${listed(expected)}`, `${idProperty ?? "items"}: ${listed(actual)}`, decision);
}

async function sorting(ctx: RunContext, op: Operation, idProperty: string | undefined): Promise<void> {
  const spec = sortOf(op);
  if (spec?.field && spec.order) await byField(ctx, op, spec.field, spec.order);
  if (spec?.descending) await reversed(ctx, op, spec.descending, idProperty);
}

export default defineCheck({
  name: "sorting",
  scope: "list",
  mode: "stateful",
  description: "a list not in the requested order, for every sort field and both directions, or not reversed by a descending flag",
  whyNotApplicable: (model) => (model.resources.some((r) => r.lists.some((op) => sortOf(op))) ? undefined : "no list operation declares x-sort"),
  run: (ctx, list, resource) => sorting(ctx, list, resource.idProperty),
});
