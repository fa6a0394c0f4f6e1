// Checks that follow a resource through its life: what is created or listed can be
// read back, updates show on the next read, and deleted resources are gone.
import { isDeepStrictEqual } from "node:util";
import { deref, type JsonSchema, type Operation } from "../../lib/openapi.ts";
import { type Call, describeOutcome, type RunContext } from "../context.ts";
import { validBodies } from "../inputs.ts";
import { fetchList, fullListQuery } from "../listing.ts";
import { itemOf, type Resource, revokeOf, trailingIdParameter } from "../model.ts";

type Item = Record<string, unknown>;

const is2xx = (call: Call) => {
  const status = call.exchange.response?.status;
  return status !== undefined && status >= 200 && status < 300;
};

/** Members of the request body that the server is expected to echo (not write-only). */
function echoedMembers(ctx: RunContext, op: Operation, body: unknown): Item {
  const schema = op.requestBody?.content?.["application/json"]?.schema;
  if (!schema || typeof body !== "object" || body === null) return {};
  const properties = (deref(ctx.model.doc, schema).properties ?? {}) as Record<string, JsonSchema>;
  return Object.fromEntries(Object.entries(body).filter(([name]) => !deref(ctx.model.doc, properties[name] ?? {}).writeOnly));
}

function differences(expected: Item, actual: Item | undefined): string[] {
  return Object.entries(expected)
    .filter(([name, value]) => !isDeepStrictEqual(actual?.[name], value))
    .map(([name, value]) => `${name}: sent ${JSON.stringify(value)}, read ${JSON.stringify(actual?.[name])}`);
}

export class ResourceLifecycle {
  constructor(private readonly ctx: RunContext, private readonly resource: Resource) {}

  private get idProperty(): string {
    return this.resource.idProperty ?? "id";
  }

  async read(id: unknown, what: string): Promise<{ call: Call; item?: Item } | undefined> {
    const op = this.resource.read;
    if (!op) return undefined;
    const call = await this.ctx.call(op, { path: this.pathFor(op, id) }, what);
    return { call, item: is2xx(call) ? itemOf(op, call.received?.json) : undefined };
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

  /** ensure_resource_availability on listed items: each reads back equal to its list copy. */
  async listedItemsReadable(sample = 3): Promise<void> {
    const read = this.resource.read;
    if (!read) return;
    for (const item of (await this.listed("list before reading items back")).slice(0, sample)) {
      const id = item[this.idProperty];
      const result = await this.read(id, `read listed item ${String(id)}`);
      if (!result) continue;
      const equal = isDeepStrictEqual(result.item, item);
      this.ctx.verdict("ensure_resource_availability", read, `listed item ${String(id)} reads back equal`, equal, result.call, "the same item as in the list", result.item ? differences(item, result.item).join("; ") || "differs" : describeOutcome(result.call));
    }
  }

  /** ensure_resource_availability on creation; returns the new id. */
  async create(label = "create"): Promise<unknown> {
    const op = this.resource.create;
    if (!op) return undefined;
    const body = validBodies(this.ctx, op, 1)[0]?.value;
    const call = await this.ctx.call(op, { body }, label);
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

  /** update_visibility: an update that changes something shows on the next read. */
  async update(id: unknown): Promise<void> {
    const op = this.resource.update;
    if (!op || !this.resource.read) return;
    const before = (await this.read(id, `read ${String(id)} before update`))?.item;
    // An update that performs the soft delete would hide whether the delete itself works.
    const revoke = this.resource.delete ? revokeOf(this.resource.delete) : undefined;
    const candidates = validBodies(this.ctx, op, this.ctx.settings.maxExamples).filter(
      (c) => !revoke || !isDeepStrictEqual((c.value as Item | null)?.[revoke.field], revoke.value),
    );
    const body = candidates.find((c) => differences(echoedMembers(this.ctx, op, c.value), before).length > 0) ?? candidates[0];
    if (!body) return;
    const call = await this.ctx.call(op, { path: this.pathFor(op, id), body: body.value }, `update ${String(id)} with ${body.label}`);
    if (!is2xx(call)) {
      this.ctx.verdict("update_visibility", op, `update ${String(id)}`, false, call, "2xx", describeOutcome(call));
      return;
    }
    const after = await this.read(id, `read ${String(id)} after update`);
    const diff = differences(echoedMembers(this.ctx, op, body.value), after?.item);
    this.ctx.verdict("update_visibility", op, `update of ${String(id)} visible on read`, diff.length === 0, after?.call ?? call, "the read shows the update", diff.join("; "));
  }

  /** use_after_free: after delete the item is gone (or, for a soft delete, marked). */
  async delete(id: unknown): Promise<void> {
    const op = this.resource.delete;
    if (!op) return;
    const call = await this.ctx.call(op, { path: this.pathFor(op, id) }, `delete ${String(id)}`);
    if (!is2xx(call)) {
      this.ctx.verdict("use_after_free", op, `delete ${String(id)}`, false, call, "2xx", describeOutcome(call));
      return;
    }
    const revoke = revokeOf(op);
    const after = await this.read(id, `read ${String(id)} after delete`);
    if (after && revoke) {
      const value = after.item?.[revoke.field];
      this.ctx.verdict("use_after_free", op, `read after revoking ${String(id)}`, isDeepStrictEqual(value, revoke.value), after.call, `${revoke.field} = ${JSON.stringify(revoke.value)}`, `${revoke.field} = ${JSON.stringify(value)} (${describeOutcome(after.call)})`);
      return;
    }
    if (after) {
      const status = after.call.exchange.response?.status;
      // Where the vendor never mentions 404, the spec labels it ours: a failure is then an advisory.
      const notFound = this.resource.read && deref(this.ctx.model.doc, this.resource.read.responses["404"] ?? {});
      const decision = notFound?.["x-decision"];
      this.ctx.verdict("use_after_free", op, `read after deleting ${String(id)}`, status === 404, after.call, "404", describeOutcome(after.call), decision);
    }
    if (!revoke && this.resource.lists[0]) {
      const ids = (await this.listed(`list after deleting ${String(id)}`)).map((item) => item[this.idProperty]);
      this.ctx.verdict("use_after_free", op, `list after deleting ${String(id)}`, !ids.includes(id), call, `item ${String(id)} no longer listed`, ids.includes(id) ? "still listed" : "");
    }
  }
}
