// Reading lists the way the spec describes them: the items array, page parameters,
// and the largest page a list operation allows.
import type { Operation } from "../lib/openapi.ts";
import type { RunContext } from "./context.ts";
import { pathValues } from "./inputs.ts";
import { itemsOf, paginationOf } from "./model.ts";
import type { ParameterValues } from "./requests.ts";

const LARGE_PAGE = 1000;

/** The page size parameter's largest allowed value (or a large one when unbounded). */
export function largestPage(op: Operation): { name: string; size: number } | undefined {
  const name = paginationOf(op)?.limit;
  const parameter = op.parameters.find((p) => p.in === "query" && p.name === name);
  if (!name || !parameter) return undefined;
  const maximum = parameter.schema?.maximum;
  return { name, size: typeof maximum === "number" ? maximum : LARGE_PAGE };
}

/** Query for one request that should return as much of the list as the API allows. */
export function fullListQuery(op: Operation, extra: ParameterValues = {}): ParameterValues {
  const page = largestPage(op);
  return { ...(page ? { [page.name]: page.size } : {}), ...extra };
}

/** Path values for a list operation: page parameters start at 1, others from examples. */
export function listPath(ctx: RunContext, op: Operation): ParameterValues {
  const pagination = paginationOf(op);
  const { values } = pathValues(ctx, op);
  if (pagination?.style === "page" && pagination.page && values[pagination.page] !== undefined) values[pagination.page] = 1;
  return values;
}

export interface Listed {
  items: unknown[];
  ok: boolean;
}

/** One list request; `ok` is false when it did not answer 2xx with an items array. */
export async function fetchList(ctx: RunContext, op: Operation, query: ParameterValues, what: string): Promise<Listed> {
  const call = await ctx.call(op, { path: listPath(ctx, op), query }, what);
  const status = call.received?.status ?? 0;
  const items = itemsOf(op, call.received?.json);
  return { items: items ?? [], ok: status >= 200 && status < 300 && items !== undefined };
}
