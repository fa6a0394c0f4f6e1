// filtering: every result of a filtered or searched list matches the filter or the
// search text, for every value the spec offers; a widening flag keeps every item the
// list has without it.
import { deref, type Operation, type ResolvedParameter } from "../../spec/openapi.ts";
import { decisionOf, filterOf, searchOf, valuesAt, widens } from "../../spec/extensions.ts";
import type { RunContext } from "../context.ts";
import { fullListQuery, idOf, largestPage, listPath } from "../listing.ts";
import { itemsOf } from "../../spec/model.ts";
import { parameterExamples } from "../values.ts";
import { defineCheck } from "./sending-check.ts";

/** Filter values to try: every enum value, else the examples. Array parameters get one value each. */
function filterValues(ctx: RunContext, parameter: ResolvedParameter): unknown[] {
  const schema = deref(ctx.model.doc, parameter.schema ?? {});
  const isArray = schema.type === "array";
  const itemSchema = isArray ? deref(ctx.model.doc, (schema.items ?? {}) as Record<string, unknown>) : schema;
  const values = Array.isArray(itemSchema.enum) ? itemSchema.enum : parameterExamples(parameter).flatMap((v) => (Array.isArray(v) ? v : [v]));
  return [...new Set(values.map((v) => JSON.stringify(v)))].map((v) => JSON.parse(v) as unknown).map((v) => (isArray ? [v] : v));
}

function describeItem(item: unknown, field: string): string {
  const id = (item as Record<string, unknown> | null)?.id;
  return `${id === undefined ? "an item" : `item ${String(id)}`} has ${field} = ${JSON.stringify(valuesAt(item, field).length === 1 ? valuesAt(item, field)[0] : valuesAt(item, field))}`;
}

async function checkEvery(ctx: RunContext, op: Operation, parameter: ResolvedParameter, value: unknown, label: string, matches: (item: unknown) => boolean, expected: string, field: string, decision?: string) {
  const call = await ctx.call(op, { path: listPath(ctx, op), query: fullListQuery(op, { [parameter.name]: value }) }, label);
  const items = itemsOf(op, call.received?.json);
  if (!items) return;
  const leaked = items.find((item) => !matches(item));
  ctx.verdict("filtering", op, label, leaked === undefined, call, expected, leaked === undefined ? "" : describeItem(leaked, field), decision);
}

/**
 * The flag must not lose an item the list has without it. A widened answer that fills
 * the largest page may have pushed items past it, so it proves nothing and is let go.
 */
async function keepsEvery(ctx: RunContext, op: Operation, parameter: ResolvedParameter, idProperty: string | undefined): Promise<void> {
  const idsOf = (json: unknown) => (itemsOf(op, json) ?? []).map((item) => idOf(item, idProperty));
  const plain = await ctx.call(op, { path: listPath(ctx, op), query: fullListQuery(op) }, `without ${parameter.name}`);
  const label = `${parameter.name}=true`;
  const widened = await ctx.call(op, { path: listPath(ctx, op), query: fullListQuery(op, { [parameter.name]: true }) }, label);
  const widenedIds = idsOf(widened.received?.json);
  const plainIds = idsOf(plain.received?.json);
  if (plainIds.length === 0 || itemsOf(op, widened.received?.json) === undefined || widenedIds.length >= (largestPage(op)?.size ?? Infinity)) return;
  const lost = plainIds.filter((id) => !widenedIds.includes(id));
  const decision = decisionOf(parameter, "x-widens");
  ctx.verdict("filtering", op, label, lost.length === 0, widened, `every item of the list without ${parameter.name} (${plainIds.length})`, lost.length === 0 ? "" : `${lost.length} left out: ${lost.slice(0, 5).join(", ")}${lost.length > 5 ? ", ..." : ""}`, decision);
}

async function filtering(ctx: RunContext, op: Operation, idProperty: string | undefined): Promise<void> {
  for (const parameter of op.parameters.filter((p) => p.in === "query")) {
    const filter = filterOf(parameter);
    if (filter) {
      for (const value of filterValues(ctx, parameter)) {
        const accepted = (Array.isArray(value) ? value : [value]).map((v) => JSON.stringify(v));
        const label = `${parameter.name}=${JSON.stringify(value)}`;
        await checkEvery(ctx, op, parameter, value, label, (item) => valuesAt(item, filter.field).some((v) => accepted.includes(JSON.stringify(v))), `every item has ${filter.field} in ${accepted.join(", ")}`, filter.field);
      }
    }
    const search = searchOf(parameter);
    if (search) {
      // How a search matches (substring, case) is often ours: the vendor only names the fields.
      const decision = decisionOf(parameter, "x-search");
      for (const text of parameterExamples(parameter).filter((v): v is string => typeof v === "string").slice(0, 1)) {
        const needle = text.toLowerCase();
        const matches = (item: unknown) => search.fields.some((field) => valuesAt(item, field).some((v) => typeof v === "string" && v.toLowerCase().includes(needle)));
        await checkEvery(ctx, op, parameter, text, `${parameter.name}=${JSON.stringify(text)}`, matches, `every item contains "${text}" in ${search.fields.join(" or ")}`, search.fields[0] ?? "", decision);
      }
    }
    if (widens(parameter)) await keepsEvery(ctx, op, parameter, idProperty);
  }
}

export default defineCheck({
  name: "filtering",
  scope: "list",
  mode: "stateful",
  description: "an item that does not match a filter (`x-filter`) or the search text (`x-search`), an item a widening flag (`x-widens`) loses",
  whyNotApplicable: (model) =>
    model.resources.some((r) => r.lists.flatMap((op) => op.parameters).some((p) => filterOf(p) ?? searchOf(p) ?? widens(p)))
      ? undefined
      : "no list parameter declares x-filter, x-search or x-widens",
  run: (ctx, list, resource) => filtering(ctx, list, resource.idProperty),
});
