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
import { itemOf, type Resource, trailingIdParameter } from "../../spec/model.ts";
import { revokeOf } from "../../spec/extensions.ts";

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

export class ResourceLifecycle {
  constructor(readonly ctx: RunContext, readonly resource: Resource) {}

  get idProperty(): string {
    return this.resource.idProperty ?? "id";
  }

  async read(id: unknown, what: string): Promise<{ call: Call; item?: Item } | undefined> {
    const op = this.resource.read;
    if (!op) return undefined;
    const call = await this.ctx.call(op, this.inputFor(op, id), what);
    return { call, item: is2xx(call) ? itemOf(op, call.received?.json) : undefined };
  }

  /** A request for the item `id` by `op`: its path, every required query, header and cookie parameter, and `extra`. */
  inputFor(op: Operation, id: unknown, extra: RequestInput = {}): RequestInput {
    return { ...requiredParameters(this.ctx, op), path: this.pathFor(op, id), ...extra };
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

  /** ensure_resource_availability on creation; returns the new id. */
  async create(label = "create"): Promise<unknown> {
    const op = this.resource.create;
    if (!op) return undefined;
    const body = validBodies(this.ctx, op, 1)[0]?.value;
    const call = await this.ctx.call(op, { ...requiredParameters(this.ctx, op), body }, label);
    const created = is2xx(call) ? itemOf(op, call.received?.json) : undefined;
    const id = created?.[this.idProperty];
    if (id === undefined) {
      this.ctx.verdict("ensure_resource_availability", op, `${label}: created`, false, call, `2xx with the new item and its ${this.idProperty}`, describeOutcome(call));
      return undefined;
    }
    const result = await this.read(id, `read back created ${String(id)}`);
    if (result) {
      const diff = differences(echoedMembers(this.ctx, op, body), result.item);
      const found = result.item !== undefined;
      this.ctx.verdict("ensure_resource_availability", result.item ? (this.resource.read as Operation) : op, `${label}: reads back as sent`, found && diff.length === 0, result.call, "the created item, equal to what was sent", found ? diff.join("; ") : describeOutcome(result.call));
    } else {
      const ids = (await this.listed(`list after ${label}`)).map((item) => item[this.idProperty]);
      this.ctx.verdict("ensure_resource_availability", op, `${label}: listed`, ids.includes(id), call, `item ${String(id)} in the list`, "not listed");
    }
    return id;
  }


}
