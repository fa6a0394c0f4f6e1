// A list request answered from a collection the way the spec's x- extensions say:
// `x-filter` and `x-search` narrow it, `x-sort` orders it, `x-pagination` pages it
// (offset, page, cursor or Link), and every pointer the pagination names is set.
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

function order(op: Operation, items: Item[], query: Record<string, unknown>, idProperty: string): Item[] {
  const spec = sortOf(op);
  if (!spec) return items;
  const field = query[spec.field];
  const direction = query[spec.order] === "desc" ? "desc" : "asc";
  if (field === undefined && query[spec.order] === undefined) return items;
  // A field the items cannot be ordered by is not an error (the spec allows any name): it sorts by id.
  const by = typeof field === "string" && isSortableField(items, field) ? field : idProperty;
  return sortItems(items, by, direction as SortOrder, idProperty);
}

/** Where the page after the item with id `cursor` starts. */
function startAfter(items: Item[], idProperty: string, cursor: unknown): number {
  if (cursor === undefined) return 0;
  const at = items.findIndex((item) => String(item[idProperty]) === String(cursor));
  if (at >= 0) return at + 1;
  // The cursor's item is gone (deleted): resume at the first item with a greater id.
  const after = items.findIndex((item) => compareIds(item[idProperty], cursor) > 0);
  return after < 0 ? items.length : after;
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

function nextLink(url: URL, parameter: string, cursor: unknown): string {
  const next = new URL(url);
  next.searchParams.set(parameter, String(cursor));
  return `<${next.href}>; rel="next"`;
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
  if (spec.style === "offset") start = Number(query[spec.offset ?? "offset"] ?? 0);
  if (spec.style === "page") {
    const page = Number(query[spec.page ?? "page"] ?? 1);
    start = (page - 1) * size;
    // The page number is echoed where the vendor's body has a place for it.
    if (getByPointer(context.template, "/page") !== undefined) pointers["/page"] = page;
  }
  const cursorName = spec.style === "cursor" || spec.style === "link" ? cursorParameter(op, spec) : undefined;
  if (cursorName !== undefined) start = startAfter(items, context.idProperty, query[cursorName]);
  const page = items.slice(start, start + size);
  const last = page[page.length - 1]?.[context.idProperty];
  if (spec.total) pointers[spec.total] = items.length;
  if (spec.count) pointers[spec.count] = page.length;
  if (spec.style === "cursor" && spec.next) pointers[spec.next] = last ?? emptyCursor(context.schemaAt(spec.next));
  if (spec.style === "link" && cursorName !== undefined && last !== undefined && start + size < items.length) headers.Link = nextLink(context.url, cursorName, last);
  return { items: page, pointers, headers };
}

/** The page of `items` that a request to list operation `op` with `query` gets. */
export function listPage(op: Operation, items: Item[], query: Record<string, unknown>, context: ListContext): ListPage {
  const filled = withDefaults(context.doc, op, query);
  return paginate(op, order(op, narrow(op, items, filled), filled, context.idProperty), filled, context);
}
