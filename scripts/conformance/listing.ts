// Reading lists the way the spec describes them: the items array, page parameters,
// and the largest page a list operation allows.
import type { Operation } from "../spec/openapi.ts";
import type { RunContext } from "./context.ts";
import { pathValues, requiredParameters } from "./inputs.ts";
import { itemsOf } from "../spec/model.ts";
import { paginationOf } from "../spec/extensions.ts";
import type { ParameterValues } from "./requests.ts";
import { parameterExamples } from "./values.ts";

const LARGE_PAGE = 1000;

/** The page size parameter's largest allowed value (or a large one when unbounded). */
export function largestPage(op: Operation): { name: string; size: number } | undefined {
  const name = paginationOf(op)?.limit;
  const parameter = op.parameters.find((p) => p.in === "query" && p.name === name);
  if (!name || !parameter) return undefined;
  const maximum = parameter.schema?.maximum;
  return { name, size: typeof maximum === "number" ? maximum : LARGE_PAGE };
}

/**
 * Query for one request that should return as much of the list as the API allows, with
 * the examples of its required query parameters (a list request without them is not a
 * valid one; fetchList fills in generated values where there is no example).
 */
export function fullListQuery(op: Operation, extra: ParameterValues = {}): ParameterValues {
  const page = largestPage(op);
  const required = op.parameters.filter((p) => p.in === "query" && p.required).flatMap((p) => {
    const example = parameterExamples(p)[0];
    return example === undefined ? [] : [[p.name, example] as const];
  });
  return { ...Object.fromEntries(required), ...(page ? { [page.name]: page.size } : {}), ...extra };
}

/** Path values for a list operation: page parameters start at 1, others from examples. */
export function listPath(ctx: RunContext, op: Operation): ParameterValues {
  const pagination = paginationOf(op);
  const { values } = pathValues(ctx, op);
  if (pagination?.style === "page" && pagination.page && values[pagination.page] !== undefined) values[pagination.page] = 1;
  return values;
}

/** An item's id as text (the whole item as JSON when it has none), to compare items across answers. */
export function idOf(item: unknown, idProperty: string | undefined): string {
  const id = idProperty && typeof item === "object" && item !== null ? (item as Record<string, unknown>)[idProperty] : undefined;
  return id === undefined ? JSON.stringify(item) : String(id);
}

export interface Listed {
  items: unknown[];
  ok: boolean;
}

/** One list request, with every required parameter; `ok` is false when it did not answer 2xx with an items array. */
export async function fetchList(ctx: RunContext, op: Operation, query: ParameterValues, what: string): Promise<Listed> {
  const required = requiredParameters(ctx, op);
  const call = await ctx.call(op, { path: listPath(ctx, op), ...required, query: { ...required.query, ...query } }, what);
  const status = call.received?.status ?? 0;
  const items = itemsOf(op, call.received?.json);
  return { items: items ?? [], ok: status >= 200 && status < 300 && items !== undefined };
}
