// A list request answered from a collection the way the spec's x- extensions say:
// `x-filter` and `x-search` narrow it, `x-sort` orders it (a descending flag reverses
// it), `x-pagination` pages it (offset, page, cursor or Link, forwards or backwards),
// and every pointer the pagination names is set. `x-widens` needs nothing: the mock
// lists every item to everyone, so there is no default restriction to lift.
import { containsText, isSortableField, type SortOrder, sortItems } from "../server/collections.ts";
import { filterOf, type PaginationSpec, paginationOf, searchOf, sortOf, valuesAt } from "../spec/extensions.ts";
import { deref, getByPointer, type JsonSchema, type OpenApiDocument, type Operation } from "../spec/openapi.ts";

export type Item = Record<string, unknown>;

export interface ListPage {
  items: Item[];
  /** Values for pointers into the body (`/total`, `/next_id`, `/page`). */
  pointers: Record<string, unknown>;
  headers: Record<string, string>;
}

const defaultsByOperation = new WeakMap<Operation, Record<string, unknown>>();

/** Query values with each parameter's schema default filled in. */
export function withDefaults(doc: OpenApiDocument, op: Operation, values: Record<string, unknown>): Record<string, unknown> {
  let defaults = defaultsByOperation.get(op);
  if (!defaults) {
    defaults = Object.fromEntries(op.parameters.flatMap((parameter) => {
      const fallback = deref(doc, parameter.schema ?? {}).default;
      return fallback === undefined ? [] : [[parameter.name, fallback]];
    }));
    defaultsByOperation.set(op, defaults);
  }
  const filled = { ...defaults };
  for (const [name, value] of Object.entries(values)) if (value !== undefined) filled[name] = value;
  return filled;
}

function narrow(op: Operation, items: Item[], query: Record<string, unknown>): Item[] {
  let kept = items;
  for (const parameter of op.parameters) {
    const value = query[parameter.name];
    if (parameter.in !== "query" || value === undefined) continue;
    const filter = filterOf(parameter);
    if (filter) {
      const wanted = (Array.isArray(value) ? value : [value]).map((v) => JSON.stringify(v));
      kept = kept.filter((item) => valuesAt(item, filter.field).some((v) => wanted.includes(JSON.stringify(v))));
    }
    const search = searchOf(parameter);
    if (search && typeof value === "string") {
      kept = kept.filter((item) => containsText(search.fields.flatMap((field) => valuesAt(item, field).filter((v): v is string => typeof v === "string")), value));
    }
  }
  return kept;
}

function sortByField(items: Item[], field: unknown, direction: unknown, idProperty: string): Item[] {
  if (field === undefined && direction === undefined) return items;
  // A field the items cannot be ordered by is not an error (the spec allows any name): it sorts by id.
  const by = typeof field === "string" && isSortableField(items, field) ? field : idProperty;
  return sortItems(items, by, (direction === "desc" ? "desc" : "asc") as SortOrder, idProperty);
}

function order(op: Operation, items: Item[], query: Record<string, unknown>, idProperty: string): Item[] {
  const spec = sortOf(op);
  if (!spec) return items;
  const sorted = spec.field && spec.order ? sortByField(items, query[spec.field], query[spec.order], idProperty) : items;
  return spec.descending && query[spec.descending] === true ? [...sorted].reverse() : sorted;
}

/** Where the item with id `cursor` is, or would be (a deleted cursor item: before the first item with a greater id). */
function positionOf(items: Item[], idProperty: string, cursor: unknown): { index: number; present: boolean } {
  const at = items.findIndex((item) => String(item[idProperty]) === String(cursor));
  if (at >= 0) return { index: at, present: true };
  const after = items.findIndex((item) => compareIds(item[idProperty], cursor) > 0);
  return { index: after < 0 ? items.length : after, present: false };
}

/** The `[start, end)` of the page after (or, going backward, before) the item with id `cursor`. */
function pageAround(items: Item[], idProperty: string, cursor: unknown, size: number, backward: boolean): { start: number; end: number } {
  if (cursor === undefined) return { start: 0, end: size };
  const { index, present } = positionOf(items, idProperty, cursor);
  if (backward) return { start: Math.max(0, index - size), end: index };
  const start = present ? index + 1 : index;
  return { start, end: start + size };
}

function compareIds(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** The query parameter carrying the cursor of a cursor or Link list. */
function cursorParameter(op: Operation, spec: PaginationSpec): string | undefined {
  const named = spec.cursor ?? spec.offset;
  if (named) return named;
  return op.parameters.find((p) => p.in === "query" && /^(offset|cursor|after|starting_after)$/.test(p.name))?.name;
}

/** A cursor value for an empty page: null where the schema allows it, else the type's floor. */
function emptyCursor(schema: JsonSchema | undefined): unknown {
  const types = [schema?.type].flat();
  if (types.includes("null")) return null;
  if (types.includes("integer") || types.includes("number")) return typeof schema?.minimum === "number" ? schema.minimum : 0;
  return "";
}

/** A Link header part to the page after (`next`) or before (`prev`) the item with id `cursor`. */
function pageLink(url: URL, parameter: string, cursor: unknown, rel: "next" | "prev", backward: string | undefined): string {
  const target = new URL(url);
  target.searchParams.set(parameter, String(cursor));
  if (backward !== undefined) {
    if (rel === "prev") target.searchParams.set(backward, "true");
    else target.searchParams.delete(backward);
  }
  return `<${target.href}>; rel="${rel}"`;
}

export interface ListContext {
  doc: OpenApiDocument;
  idProperty: string;
  url: URL;
  /** The documented success body the page is written into. */
  template: unknown;
  /** The schema at a pointer of the list's success body (for a cursor's type). */
  schemaAt(pointer: string): JsonSchema | undefined;
}

function paginate(op: Operation, items: Item[], query: Record<string, unknown>, context: ListContext): ListPage {
  const spec = paginationOf(op);
  if (!spec) return { items, pointers: {}, headers: {} };
  const size = spec.limit !== undefined && typeof query[spec.limit] === "number" ? (query[spec.limit] as number) : items.length;
  const pointers: Record<string, unknown> = {};
  const headers: Record<string, string> = {};
  let start = 0;
  let end: number | undefined;
  if (spec.style === "offset") start = Number(query[spec.offset ?? "offset"] ?? 0);
  if (spec.style === "page") {
    const page = Number(query[spec.page ?? "page"] ?? 1);
    start = (page - 1) * size;
    // The page number is echoed where the vendor's body has a place for it.
    if (getByPointer(context.template, "/page") !== undefined) pointers["/page"] = page;
  }
  const cursorName = spec.style === "cursor" || spec.style === "link" ? cursorParameter(op, spec) : undefined;
  if (cursorName !== undefined) {
    const backward = spec.backward !== undefined && query[spec.backward] === true;
    ({ start, end } = pageAround(items, context.idProperty, query[cursorName], size, backward));
  }
  end ??= start + size;
  const page = items.slice(start, end);
  const first = page[0]?.[context.idProperty];
  const last = page[page.length - 1]?.[context.idProperty];
  if (spec.total) pointers[spec.total] = items.length;
  if (spec.count) pointers[spec.count] = page.length;
  if (spec.style === "cursor" && spec.next) pointers[spec.next] = last ?? emptyCursor(context.schemaAt(spec.next));
  if (spec.style === "link" && cursorName !== undefined) {
    const links: string[] = [];
    if (last !== undefined && end < items.length) links.push(pageLink(context.url, cursorName, last, "next", spec.backward));
    // Only a list that can page backward announces the page before.
    if (first !== undefined && start > 0 && spec.backward !== undefined) links.push(pageLink(context.url, cursorName, first, "prev", spec.backward));
    if (links.length > 0) headers.Link = links.join(", ");
  }
  return { items: page, pointers, headers };
}

/** The page of `items` that a request to list operation `op` with `query` gets. */
export function listPage(op: Operation, items: Item[], query: Record<string, unknown>, context: ListContext): ListPage {
  const filled = withDefaults(context.doc, op, query);
  return paginate(op, order(op, narrow(op, items, filled), filled, context.idProperty), filled, context);
}
