// pagination: walk every page with a small page size and check that each page
// respects it, that pages are disjoint and together complete, and that counts,
// totals and the next-page pointer agree with the items; where the list pages
// backward too, the page before an item is the one the walk saw before it.
import { getByPointer, type Operation } from "../../spec/openapi.ts";
import { type Call, describeOutcome, type RunContext } from "../context.ts";
import { fetchList, fullListQuery, idOf, listPath } from "../listing.ts";
import { itemsOf } from "../../spec/model.ts";
import { decisionOf, type PaginationSpec, paginationOf } from "../../spec/extensions.ts";
import type { RequestInput } from "../requests.ts";
import { defineCheck } from "./sending-check.ts";

const PAGE_SIZE = 2;
const MAX_PAGES = 100;

interface Page {
  call: Call;
  items: unknown[];
  label: string;
}

function place(op: Operation, input: RequestInput, name: string, value: unknown): RequestInput {
  const inPath = op.parameters.some((p) => p.in === "path" && p.name === name);
  return inPath ? { ...input, path: { ...input.path, [name]: value } } : { ...input, query: { ...input.query, [name]: value } };
}

/** The URL of the link with this `rel` in a Link header, if any. */
export function linkTo(header: string | undefined, rel: "next" | "prev"): string | undefined {
  for (const part of (header ?? "").split(/,(?=\s*<)/)) {
    const match = /<([^>]+)>\s*;(.*)$/.exec(part.trim());
    if (match && new RegExp(`\\brel="?${rel}"?`).test(match[2] ?? "")) return match[1];
  }
  return undefined;
}

/** The request for the page after `previous` (or the first page), or undefined when the list has ended. */
function nextRequest(op: Operation, spec: PaginationSpec, base: RequestInput, index: number, previous?: Page): RequestInput | undefined {
  const sized = spec.limit ? place(op, base, spec.limit, PAGE_SIZE) : base;
  if (previous && previous.items.length === 0) return undefined;
  switch (spec.style) {
    case "offset":
      return spec.offset ? place(op, sized, spec.offset, index * PAGE_SIZE) : undefined;
    case "page":
      return spec.page ? place(op, sized, spec.page, index + 1) : undefined;
    case "cursor": {
      if (!previous) return sized;
      const cursor = spec.next ? getByPointer(previous.call.received?.json, spec.next) : undefined;
      return cursor === undefined || cursor === null || !spec.cursor ? undefined : place(op, sized, spec.cursor, cursor);
    }
    case "link": {
      if (!previous) return sized;
      const url = linkTo(previous.call.received?.headers.link, "next");
      return url ? { url } : undefined;
    }
  }
}

interface Walk {
  pages: Page[];
  truncated: boolean;
}

async function walk(ctx: RunContext, op: Operation, spec: PaginationSpec): Promise<Walk> {
  const base: RequestInput = { path: listPath(ctx, op) };
  const pages: Page[] = [];
  for (let index = 0; index < MAX_PAGES; index += 1) {
    const input = nextRequest(op, spec, base, index, pages[index - 1]);
    if (!input) return { pages, truncated: false };
    const label = `page ${index + 1} with ${spec.limit ?? "page size"}=${PAGE_SIZE}`;
    const call = await ctx.call(op, input, label);
    const items = itemsOf(op, call.received?.json);
    if (!items) {
      ctx.verdict("pagination", op, label, false, call, "a page of items", describeOutcome(call));
      return { pages, truncated: true };
    }
    pages.push({ call, items, label });
  }
  return { pages, truncated: true };
}

/**
 * Pages backward from the last page that has one before it, each way the list offers
 * (a `Link rel="prev"`, the `backward` parameter from its first item): the answer
 * must be the page the walk saw just before (the last page catches a server that
 * ignores the cursor and answers the first).
 */
async function backward(ctx: RunContext, op: Operation, spec: PaginationSpec, pages: Page[], idProperty: string | undefined): Promise<void> {
  const index = pages.findLastIndex((page, at) => at > 0 && page.items.length > 0);
  const page = pages[index];
  const before = pages[index - 1];
  if (!page || !before) return;
  const expected = before.items.map((item) => idOf(item, idProperty));
  const judge = async (label: string, input: RequestInput, decision?: string) => {
    const call = await ctx.call(op, input, label);
    const ids = (itemsOf(op, call.received?.json) ?? []).map((item) => idOf(item, idProperty));
    ctx.verdict("pagination", op, label, ids.join("\n") === expected.join("\n"), call, `${before.label}: ${expected.join(", ")}`, ids.length === 0 ? `no items (${describeOutcome(call)})` : ids.join(", "), decision);
  };
  const previous = spec.style === "link" ? linkTo(page.call.received?.headers.link, "prev") : undefined;
  if (previous) await judge(`Link rel="prev" of ${page.label}`, { url: previous });
  if (!spec.backward || !spec.cursor) return;
  const cursor = idOf(page.items[0], idProperty);
  let input = place(op, { path: listPath(ctx, op) }, spec.cursor, cursor);
  if (spec.limit) input = place(op, input, spec.limit, PAGE_SIZE);
  await judge(`${spec.backward}=true from ${spec.cursor}=${cursor}`, place(op, input, spec.backward, true), decisionOf(op.raw, "x-pagination"));
}

async function pagination(ctx: RunContext, op: Operation, idProperty: string | undefined): Promise<void> {
  const spec = paginationOf(op);
  if (!spec) return;
  const everything = await fetchList(ctx, op, fullListQuery(op), "the whole list in one page");
  if (!everything.ok) return;
  const universe = new Set(everything.items.map((item) => idOf(item, idProperty)));
  if (universe.size <= PAGE_SIZE) {
    ctx.progress(`  pagination of ${op.operationId} skipped: only ${universe.size} items, not enough for two pages`);
    return;
  }
  const { pages, truncated } = await walk(ctx, op, spec);
  const check = (what: string, passed: boolean, page: Page | undefined, expected: string, actual: string) =>
    ctx.verdict("pagination", op, what, passed, page?.call, expected, actual);

  for (const page of pages) {
    check(`${page.label}: size`, page.items.length <= PAGE_SIZE, page, `at most ${PAGE_SIZE} items`, `${page.items.length} items`);
    if (spec.count) {
      const count = getByPointer(page.call.received?.json, spec.count);
      check(`${page.label}: ${spec.count}`, count === page.items.length, page, `${spec.count} = ${page.items.length}`, `${JSON.stringify(count)}`);
    }
    if (spec.total) {
      const total = getByPointer(page.call.received?.json, spec.total);
      check(`${page.label}: ${spec.total}`, total === universe.size, page, `${spec.total} = ${universe.size} (items in the list)`, `${JSON.stringify(total)}`);
    }
    if (spec.style === "page") {
      const echoed = getByPointer(page.call.received?.json, "/page");
      const requested = pages.indexOf(page) + 1;
      check(`${page.label}: page number`, echoed === undefined || echoed === requested, page, `page = ${requested}`, `${JSON.stringify(echoed)}`);
    }
  }
  const seen = new Map<string, number>();
  pages.forEach((page, index) => {
    for (const id of page.items.map((item) => idOf(item, idProperty))) {
      const first = seen.get(id);
      check(`${page.label}: item ${id} new`, first === undefined, page, "pages that do not overlap", `item ${id} also on page ${(first ?? 0) + 1}`);
      if (first === undefined) seen.set(id, index);
    }
  });
  await backward(ctx, op, spec, pages, idProperty);
  const missing = [...universe].filter((id) => !seen.has(id));
  const last = pages[pages.length - 1];
  check(
    "pages together hold the whole list",
    missing.length === 0 && !truncated,
    last,
    `all ${universe.size} items over the pages`,
    truncated ? `walk stopped after ${pages.length} pages` : `missing ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ", ..." : ""}`,
  );
}

export default defineCheck({
  name: "pagination",
  scope: "list",
  mode: "stateful",
  description:
    "a page larger than the limit, overlapping pages, pages that together miss items, a `total`/`count` that disagrees with the items, a page number not echoed, a cursor or `Link rel=\"next\"` that does not lead to the rest, a `Link rel=\"prev\"` or backward page that is not the one before",
  whyNotApplicable: (model) => (model.resources.some((r) => r.lists.some((op) => paginationOf(op))) ? undefined : "no list operation declares x-pagination"),
  run: (ctx, list, resource) => pagination(ctx, list, resource.idProperty),
});
