// One resource followed through its life: reading an item by id, listing, and creating
// items (which judges ensure_resource_availability on each one made). The lifecycle
// checks (ensure-resource-availability.ts, update-visibility.ts, use-after-free.ts)
// run on it.
import { isDeepStrictEqual } from "node:util";
import { deref, type JsonSchema, type Operation } from "../../spec/openapi.ts";
import { type Call, describeOutcome, type RunContext } from "../context.ts";
import { requiredParameters, validBodies } from "../inputs.ts";
import type { RequestInput } from "../requests.ts";
import { fetchList, fullListQuery } from "../listing.ts";
import { itemOf, type Resource, type ResourceLink, trailingIdParameter } from "../../spec/model.ts";
import { type ExchangeView, learn, linksFromLocation, parameterValue } from "../links.ts";

type Item = Record<string, unknown>;

export const is2xx = (call: Call) => {
  const status = call.exchange.response?.status;
  return status !== undefined && status >= 200 && status < 300;
};

/** Members of the request body that the server is expected to echo (not write-only). */
export function echoedMembers(ctx: RunContext, op: Operation, body: unknown): Item {
  const schema = op.requestBody?.content?.["application/json"]?.schema;
  if (!schema || typeof body !== "object" || body === null) return {};
  const properties = (deref(ctx.model.doc, schema).properties ?? {}) as Record<string, JsonSchema>;
  return Object.fromEntries(Object.entries(body).filter(([name]) => !deref(ctx.model.doc, properties[name] ?? {}).writeOnly));
}

export function differences(expected: Item, actual: Item | undefined): string[] {
  return Object.entries(expected)
    .filter(([name, value]) => !isDeepStrictEqual(actual?.[name], value))
    .map(([name, value]) => `${name}: sent ${JSON.stringify(value)}, read ${JSON.stringify(actual?.[name])}`);
}

/** Why a lifecycle check has nothing to run on when the operations it needs exist but no item reaches them. */
export const noChain = (operations: string) =>
  `${operations} exist, but no created item reaches them (no x-item, OpenAPI link, Location header, or item path under the create's) and no list gives items`;

/** The request behind a call, as runtime expressions read it. */
function exchangeView(call: Call, input: RequestInput): ExchangeView | undefined {
  const { request, response } = call.exchange;
  if (!response) return undefined;
  return {
    url: request.url,
    method: request.method,
    status: response.status,
    request: { path: input.path ?? {}, query: input.query ?? {}, headers: request.headers, body: input.body },
    response: { headers: response.headers, body: call.received?.json },
  };
}

export class ResourceLifecycle {
  /**
   * @param origins the create's exchange behind each item the run made: its chain's
   * runtime expressions are evaluated on it. An item not in it was listed, and is
   * addressed by its id member.
   */
  constructor(readonly ctx: RunContext, readonly resource: Resource, private readonly origins = new Map<unknown, ExchangeView>()) {}

  get idProperty(): string {
    return this.resource.idProperty ?? "id";
  }

  /** The chain link that says how the item `id` reaches `op`; undefined for a listed item or an operation its create does not reach. */
  private chainLink(op: Operation, id: unknown): ResourceLink | undefined {
    return this.origins.has(id) ? this.resource.links.find((link) => link.operationId === op.operationId && link.parameters) : undefined;
  }

  /** Whether a request of `op` can name the item `id`: a listed item by its id member, a created one only through a chain. */
  reaches(op: Operation, id: unknown): boolean {
    return !this.origins.has(id) || this.chainLink(op, id) !== undefined;
  }

  /**
   * This lifecycle as an item check sees it for `id`: for an item the run created, only
   * the operations its chain reaches (no chain, no guess).
   */
  forItem(id: unknown): ResourceLifecycle {
    if (!this.origins.has(id)) return this;
    const view: Resource = { ...this.resource };
    for (const role of ["read", "update", "delete"] as const) if (view[role] && !this.reaches(view[role], id)) delete view[role];
    return new ResourceLifecycle(this.ctx, view, this.origins);
  }

  async read(id: unknown, what: string): Promise<{ call: Call; item?: Item } | undefined> {
    const op = this.resource.read;
    if (!op || !this.reaches(op, id)) return undefined;
    const call = await this.ctx.call(op, this.inputFor(op, id), what);
    return { call, item: is2xx(call) ? itemOf(op, call.received?.json) : undefined };
  }

  /** A request for the item `id` by `op`: its path, every required query, header and cookie parameter, what its chain link gives, and `extra`. */
  inputFor(op: Operation, id: unknown, extra: RequestInput = {}): RequestInput {
    const input: RequestInput = { ...requiredParameters(this.ctx, op), path: this.pathFor(op, id) };
    const link = this.chainLink(op, id);
    const origin = this.origins.get(id);
    for (const parameter of link && origin ? (link.parameters ?? []) : []) {
      const value = parameterValue(this.ctx, op, parameter, origin as ExchangeView);
      if (parameter.in === "header") input.headers = { ...input.headers, [parameter.name]: String(value) };
      else if (parameter.in === "cookie") input.cookies = { ...input.cookies, [parameter.name]: value };
      else input[parameter.in] = { ...input[parameter.in], [parameter.name]: value };
    }
    return { ...input, ...extra };
  }

  pathFor(op: Operation, id: unknown): Record<string, unknown> {
    // The path may name the id otherwise than the item does (`/pets/{petId}`, item `id`).
    const idParameter = trailingIdParameter(op.path) ?? this.idProperty;
    const path: Record<string, unknown> = { [idParameter]: id };
    for (const parameter of op.parameters.filter((p) => p.in === "path" && p.name !== idParameter)) {
      path[parameter.name] = parameter.example;
    }
    return path;
  }

  /** The items of the first list operation, as much as one request returns. */
  async listed(what: string): Promise<Item[]> {
    const op = this.resource.lists[0];
    if (!op) return [];
    const listed = await fetchList(this.ctx, op, fullListQuery(op), what);
    return listed.items.filter((item): item is Item => typeof item === "object" && item !== null);
  }

  /** Takes the links the create's `Location` header teaches (conformance/links.ts), and says which. */
  private learnFromLocation(create: Operation, view: ExchangeView): void {
    const learned = learn(this.resource, linksFromLocation(this.ctx, create, view), this.ctx.model.operations);
    if (learned.length) this.ctx.progress(`chain ${this.resource.tag}: ${learned.map((link) => `${link.role} ${link.operationId}`).join(", ")} (${learned[0]?.why})`);
  }

  /** The created item's id: its id member, else (a 201 with only a Location) the id parameter its chain fills first. */
  private createdId(op: Operation, call: Call, view: ExchangeView): unknown {
    const member = itemOf(op, call.received?.json)?.[this.idProperty];
    if (member !== undefined) return member;
    for (const link of this.resource.links) {
      const target = link.parameters ? this.ctx.model.operations.find((candidate) => candidate.operationId === link.operationId) : undefined;
      const parameter = target ? link.parameters?.find((p) => p.in === "path" && p.name === trailingIdParameter(target.path)) : undefined;
      if (target && parameter) return parameterValue(this.ctx, target, parameter, view);
    }
    return undefined;
  }

  /** ensure_resource_availability on creation; returns the new id. */
  async create(label = "create"): Promise<unknown> {
    const op = this.resource.create;
    if (!op) return undefined;
    const body = validBodies(this.ctx, op, 1)[0]?.value;
    const input = { ...requiredParameters(this.ctx, op), body };
    const call = await this.ctx.call(op, input, label);
    const view = is2xx(call) ? exchangeView(call, input) : undefined;
    if (view) this.learnFromLocation(op, view);
    const id = view ? this.createdId(op, call, view) : undefined;
    if (id === undefined) {
      this.ctx.verdict("ensure_resource_availability", op, `${label}: created`, false, call, `2xx with the new item and its ${this.idProperty}`, describeOutcome(call));
      return undefined;
    }
    this.origins.set(id, view as ExchangeView);
    const result = await this.read(id, `read back created ${String(id)}`);
    if (result) {
      const diff = differences(echoedMembers(this.ctx, op, body), result.item);
      const found = result.item !== undefined;
      this.ctx.verdict("ensure_resource_availability", result.item ? (this.resource.read as Operation) : op, `${label}: reads back as sent`, found && diff.length === 0, result.call, "the created item, equal to what was sent", found ? diff.join("; ") : describeOutcome(result.call));
    } else if (this.resource.lists.length) {
      const ids = (await this.listed(`list after ${label}`)).map((item) => item[this.idProperty]);
      this.ctx.verdict("ensure_resource_availability", op, `${label}: listed`, ids.includes(id), call, `item ${String(id)} in the list`, "not listed");
    }
    return id;
  }
}
