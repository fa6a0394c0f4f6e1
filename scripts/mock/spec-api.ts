// One API definition for any spec, built from the spec alone: the stateful mock and
// the stateful MSW handlers run it on the engine (scripts/server/engine.ts). Each tag
// is a collection seeded with the items of the documented examples (the vendor's own
// first); operations act on it by the role the conformance model gives them (list,
// create, read, update, delete), and `x-` extensions say how lists narrow, sort and
// page (./lists.ts) and whether a delete is a soft one (`x-revoke`). Any other
// operation answers its documented example, after a 404 check of the item it names.
import { type ApiModel, buildModel, itemOf, itemsOf, itemsPointer, type Resource } from "../spec/model.ts";
import { itemPointer, revokeOf } from "../spec/extensions.ts";
import { deref, isObject, type JsonSchema, type OpenApiDocument, type Operation, setByPointer } from "../spec/openapi.ts";
import { perObject } from "../lib/memo.ts";
import { describeFields } from "../server/engine.ts";
import type { ErasedInput, ErasedReply, FieldError, FrameworkError, ServedApi } from "../server/types.ts";
import { explainedBody, responseExamples } from "./explain.ts";
import { type Item, listPage } from "./lists.ts";
import { sameAsOf } from "../spec/extensions.ts";

type Role = "list" | "create" | "read" | "update" | "delete" | "other";

interface Collection {
  resource: Resource;
  idProperty: string;
  /** The schema of the id path parameter: integers count up, UUIDs are random. */
  idSchema: JsonSchema;
  /** Properties of the item schema: what a request body may set. */
  itemProperties: Record<string, JsonSchema>;
  seed: Item[];
}

type Store = Map<string, Map<string, Item>>;

const TIMESTAMP_NAME = /^(created|updated|modified)(_?at|_?time|_?on)?$/i;
const UPDATE_STAMP_NAME = /^(updated|modified)(_?at|_?time|_?on)?$/i;

/** The first 2xx status an operation documents. */
export const successStatus = perObject((op: Operation) => Number(Object.keys(op.responses).find((status) => /^2\d\d$/.test(status)) ?? 200));

/**
 * The documented success example. Shared, never changed: replies are built around it
 * with setByPointer (which copies the path it writes) and are serialized as soon as they are made.
 */
const successTemplate = perObject((op: Operation) => responseExamples(op.responses[String(successStatus(op))])[0]);

/** The schema reached by walking `pointer` through object properties (and array items). */
function schemaAt(doc: OpenApiDocument, schema: JsonSchema | undefined, pointer: string): JsonSchema | undefined {
  let node = schema ? deref(doc, schema) : undefined;
  for (const token of pointer.split("/").filter(Boolean)) {
    const properties = node?.properties as Record<string, JsonSchema> | undefined;
    node = properties?.[token] ? deref(doc, properties[token]) : undefined;
  }
  return node;
}

function successSchema(op: Operation): JsonSchema | undefined {
  return op.responses[String(successStatus(op))]?.content?.["application/json"]?.schema;
}

/** The `$ref` of the item schema, read from the list or read operation. */
function itemRef(doc: OpenApiDocument, resource: Resource): string | undefined {
  const list = resource.lists[0];
  if (list) return (schemaAt(doc, successSchema(list), itemsPointer(list) ?? "")?.items as JsonSchema | undefined)?.$ref as string | undefined;
  if (resource.read) {
    const pointer = itemPointer(resource.read);
    const schema = successSchema(resource.read);
    if (pointer === "") return schema?.$ref as string | undefined;
    const parent = schemaAt(doc, schema, pointer.split("/").slice(0, -1).join("/"));
    return ((parent?.properties as Record<string, JsonSchema> | undefined)?.[pointer.split("/").pop() ?? ""]?.$ref) as string | undefined;
  }
  return undefined;
}

/**
 * The items of every documented success example of the resource's lists and item
 * operations; and for an id parameter's example that none of them has, a copy of the
 * first item under that id, so every request the docs show finds its item.
 */
function seedItems(resource: Resource, idProperty: string): Item[] {
  const byId = new Map<string, Item>();
  const add = (item: unknown) => {
    if (isObject(item) && item[idProperty] !== undefined && !byId.has(String(item[idProperty]))) byId.set(String(item[idProperty]), item);
  };
  for (const list of resource.lists) for (const example of responseExamples(list.responses[String(successStatus(list))])) itemsOf(list, example)?.forEach(add);
  for (const op of [resource.read, resource.create, resource.update]) {
    if (op) for (const example of responseExamples(op.responses[String(successStatus(op))])) add(itemOf(op, example));
  }
  const [first] = byId.values();
  for (const op of [resource.read, resource.update, resource.delete]) {
    const example = op?.parameters.find((p) => p.in === "path" && p.name === idProperty)?.example;
    if (first && example !== undefined) add({ ...structuredClone(first), [idProperty]: example });
  }
  return [...byId.values()];
}

/** A time in the same form as `like` (RFC 3339 with or without fractions, or `YYYY-MM-DD HH:MM:SS`). */
export function timeLike(like: string, now: Date): string {
  const iso = now.toISOString();
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(like)) return iso.slice(0, 19).replace("T", " ");
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(like)) return `${iso.slice(0, 19)}Z`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(like)) return iso;
  return like;
}

function stamp(item: Item, names: RegExp, now: Date): Item {
  for (const [key, value] of Object.entries(item)) if (names.test(key) && typeof value === "string") item[key] = timeLike(value, now);
  return item;
}

function newId(collection: Collection, items: Map<string, Item>): unknown {
  const types = [collection.idSchema.type].flat();
  if (types.includes("integer") || types.includes("number")) {
    const ids = [...items.values()].map((item) => Number(item[collection.idProperty])).filter(Number.isFinite);
    return Math.max(typeof collection.idSchema.minimum === "number" ? collection.idSchema.minimum - 1 : 0, ...ids) + 1;
  }
  return globalThis.crypto.randomUUID();
}

/** A store's data as JSON: each collection (the spec's tag, `Clients`) and its items. */
export type SeedData = Record<string, Item[]>;

/** Where a store's data is kept between page loads (the MSW handlers' `persist`). */
export interface StoreKeeper {
  /** The data kept, or undefined when there is none (then the seed is used). */
  load(): SeedData | undefined;
  save(data: SeedData): void;
}

export interface SpecApiOptions {
  model?: ApiModel;
  /** Answer every operation with its documented example, remembering nothing (the MSW example handlers). */
  stateless?: boolean;
  /** Items that replace the documented examples of the collections named; a reset restores them. */
  seed?: SeedData;
  /** Keeps the store's data after every write and starts from it. */
  keeper?: StoreKeeper;
}

/** A seed that is not a map of collection names to arrays of items with ids (one line, for the user). */
export class SeedError extends Error {}

function describeValue(value: unknown): string {
  return Array.isArray(value) ? "an array" : value === null ? "null" : typeof value;
}

/** The seed's items by collection, checked: every name a collection, every item an object with its id. */
function checkedSeed(collections: Map<string, Collection>, seed: unknown): Map<string, Item[]> {
  if (!isObject(seed)) throw new SeedError(`seed data must be an object of collections (${[...collections.keys()].join(", ")}), not ${describeValue(seed)}`);
  const checked = new Map<string, Item[]>();
  for (const [tag, items] of Object.entries(seed)) {
    const collection = collections.get(tag);
    if (!collection) throw new SeedError(`seed data: ${JSON.stringify(tag)} is not a collection of this API (collections: ${[...collections.keys()].join(", ")})`);
    if (!Array.isArray(items)) throw new SeedError(`seed data: ${tag} must be an array of items, not ${describeValue(items)}`);
    items.forEach((item: unknown, index) => {
      if (!isObject(item) || item[collection.idProperty] === undefined) throw new SeedError(`seed data: ${tag}[${index}] must be an object with its ${collection.idProperty}`);
    });
    checked.set(tag, items as Item[]);
  }
  return checked;
}

export function specApi(doc: OpenApiDocument, name: string, options: SpecApiOptions = {}): { api: ServedApi; model: ApiModel } {
  const model = options.model ?? buildModel(doc, name);
  const { validators } = model;
  const collections = new Map<string, Collection>();
  const roles = new Map<string, { role: Role; collection?: Collection }>();

  for (const resource of model.resources) {
    const idProperty = resource.idProperty ?? "id";
    const idOperation = resource.read ?? resource.update ?? resource.delete;
    const idParameter = idOperation?.parameters.find((p) => p.in === "path" && p.name === idProperty);
    const ref = itemRef(doc, resource);
    const itemSchema = ref ? deref(doc, { $ref: ref } as JsonSchema) : undefined;
    const collection: Collection = {
      resource,
      idProperty,
      idSchema: deref(doc, idParameter?.schema ?? { type: "string" }),
      itemProperties: (itemSchema?.properties ?? {}) as Record<string, JsonSchema>,
      seed: seedItems(resource, idProperty),
    };
    collections.set(resource.tag, collection);
    const assign = (op: Operation | undefined, role: Role) => op && roles.set(op.operationId, { role, collection });
    for (const list of resource.lists) assign(list, "list");
    assign(resource.create, "create");
    assign(resource.read, "read");
    assign(resource.update, "update");
    assign(resource.delete, "delete");
  }
  for (const [tag, items] of checkedSeed(collections, options.seed ?? {})) (collections.get(tag) as Collection).seed = items;
  for (const op of model.operations) {
    if (!roles.has(op.operationId)) roles.set(op.operationId, { role: "other", collection: collections.get(op.tags[0] ?? "default") });
  }

  /** Once per operation: under tsx (`npm run mock`) every named closure made per request costs a call to esbuild's `__name`. */
  const successSchemaAt = perObject((op: Operation) => (pointer: string) => schemaAt(doc, successSchema(op), pointer));

  /** The response carries the item itself (at `x-item`, or as the body when the schema is the item's). */
  const carriesItem = (op: Operation, collection: Collection) =>
    op.raw["x-item"] !== undefined || (successSchema(op)?.$ref !== undefined && successSchema(op)?.$ref === itemRef(doc, collection.resource));

  function itemReply(op: Operation, collection: Collection, item: Item): ErasedReply {
    const status = successStatus(op);
    if (!carriesItem(op, collection)) return { status, body: successTemplate(op) };
    return { status, body: setByPointer(successTemplate(op), itemPointer(op), item) };
  }

  function errorReply(op: Operation, status: number, explanation: { message: string; fields: FieldError[] }): ErasedReply {
    const documented = op.responses[String(status)] ? status : 400;
    return { status: documented, body: explainedBody(validators, op, documented, explanation), problem: explanation.message };
  }

  function notFound(op: Operation, collection: Collection, id: unknown): ErasedReply {
    const message = `no ${collection.resource.tag.toLowerCase().replace(/s$/, "")} with ${collection.idProperty} ${String(id)}`;
    return errorReply(op, 404, { message, fields: [{ name: collection.idProperty, in: "path", value: id, problem: "does not exist" }] });
  }

  /** Members of a body that differ from the sibling they must repeat (`x-same-as`). */
  function sameAsProblems(op: Operation, body: unknown): FieldError[] {
    const schema = op.requestBody?.content?.["application/json"]?.schema;
    if (!schema || !isObject(body)) return [];
    const properties = (deref(doc, schema).properties ?? {}) as Record<string, JsonSchema>;
    return Object.entries(properties).flatMap(([member, property]) => {
      const sibling = sameAsOf(deref(doc, property));
      return typeof sibling === "string" && member in body && body[member] !== body[sibling]
        ? [{ name: member, in: "body" as const, value: body[member], problem: `must equal ${sibling}` }]
        : [];
    });
  }

  /** The members of a request body an item keeps (its own properties; write-only ones such as passwords are dropped). */
  function settable(collection: Collection, body: unknown): Item {
    if (!isObject(body)) return {};
    return Object.fromEntries(Object.entries(body).filter(([key]) => key in collection.itemProperties));
  }

  function created(op: Operation, collection: Collection, items: Map<string, Item>, body: unknown, now: Date): Item {
    const requestProperties = (deref(doc, op.requestBody?.content?.["application/json"]?.schema ?? {}).properties ?? {}) as Record<string, JsonSchema>;
    const item = structuredClone(collection.seed[0] ?? {});
    // What the request could have set but did not is empty where the item allows it, else its default.
    for (const [key, property] of Object.entries(requestProperties)) {
      if (!(key in collection.itemProperties)) continue;
      const schema = deref(doc, property);
      if (schema.default !== undefined) item[key] = schema.default;
      else if ([deref(doc, collection.itemProperties[key] ?? {}).type].flat().includes("null")) item[key] = null;
    }
    Object.assign(item, settable(collection, body), { [collection.idProperty]: newId(collection, items) });
    return stamp(item, TIMESTAMP_NAME, now);
  }

  /** `Prefer: code=404[, example=Name]` as Prism reads it: that documented response, example and all. */
  function preferred(op: Operation, prefer: string): ErasedReply | undefined {
    const code = /\bcode=([^,\s]*)/.exec(prefer)?.[1];
    const example = /\bexample=([^,\s]*)/.exec(prefer)?.[1];
    if (code === undefined && example === undefined) return undefined;
    const status = code ?? String(successStatus(op));
    const response = op.responses[status];
    const media = response?.content?.["application/json"];
    const named = Object.keys(media?.examples ?? {});
    const problem = !response
      ? `Prefer: code=${status} is not a response ${op.operationId} documents; documented: ${Object.keys(op.responses).join(", ")}`
      : example !== undefined && !named.includes(example)
        ? `Prefer: example=${example} is not an example of ${op.operationId}'s ${status} response; its examples: ${named.join(", ") || "none"}`
        : undefined;
    if (problem) {
      return { status: 400, contentType: "application/problem+json", body: { type: "about:blank", title: "The Prefer header asks for a response the spec does not have", status: 400, detail: problem }, problem };
    }
    const body = example !== undefined ? media?.examples?.[example]?.value : responseExamples(response)[0];
    return { status: Number(status), body: structuredClone(body), headers: headersFor(op, Number(status)) };
  }

  function handle(role: Role, collection: Collection | undefined, input: ErasedInput): ErasedReply {
    const op = input.operation;
    const prefer = input.request.header("prefer");
    const forced = prefer === undefined ? undefined : preferred(op, prefer);
    if (forced) return forced;
    const store = input.store as Store;
    if (!collection || options.stateless) return { status: successStatus(op), body: successTemplate(op) };
    const items = store.get(collection.resource.tag) as Map<string, Item>;
    const id = input.path[collection.idProperty];
    const existing = id === undefined ? undefined : items.get(String(id));
    if (id !== undefined && !existing) return notFound(op, collection, id);
    if ((role === "create" || role === "update") && sameAsProblems(op, input.body).length > 0) {
      const fields = sameAsProblems(op, input.body);
      return errorReply(op, 422, { message: describeFields(fields), fields });
    }
    switch (role) {
      case "list": {
        const template = successTemplate(op);
        const page = listPage(op, [...items.values()], { ...input.path, ...input.query }, {
          doc,
          idProperty: collection.idProperty,
          url: input.url,
          template,
          schemaAt: successSchemaAt(op),
        });
        let body = setByPointer(template, itemsPointer(op) ?? "", page.items);
        for (const [pointer, value] of Object.entries(page.pointers)) body = setByPointer(body, pointer, value);
        return { status: successStatus(op), body, headers: page.headers };
      }
      case "create": {
        const item = created(op, collection, items, input.body, input.now);
        items.set(String(item[collection.idProperty]), item);
        return itemReply(op, collection, item);
      }
      case "update": {
        const item = stamp({ ...(existing as Item), ...settable(collection, input.body) }, UPDATE_STAMP_NAME, input.now);
        items.set(String(id), item);
        return itemReply(op, collection, item);
      }
      case "delete": {
        const revoke = revokeOf(op);
        if (revoke) items.set(String(id), { ...(existing as Item), [revoke.field]: revoke.value });
        else items.delete(String(id));
        return existing && carriesItem(op, collection) ? itemReply(op, collection, existing) : { status: successStatus(op), body: successTemplate(op) };
      }
      case "read":
        return itemReply(op, collection, existing as Item);
      case "other":
        return { status: successStatus(op), body: successTemplate(op) };
    }
  }

  /** A documented example of `status` anywhere in the spec, for answers no operation owns (404, 405). */
  const anyOperationWith = (status: number) => model.operations.find((op) => responseExamples(op.responses[String(status)]).length > 0);

  function errorBody(error: FrameworkError): unknown {
    const owner = error.operation ?? anyOperationWith(error.status) ?? anyOperationWith(404) ?? anyOperationWith(401);
    if (!owner) return { error: error.message };
    const status = owner.responses[String(error.status)] ? error.status : Number(Object.keys(owner.responses).find((s) => responseExamples(owner.responses[s]).length > 0 && /^4/.test(s)));
    return explainedBody(validators, owner, status, { message: error.message, fields: error.fields });
  }

  const handlers = Object.fromEntries(
    [...roles].map(([operationId, { role, collection }]) => [operationId, (input: ErasedInput) => handle(role, collection, input)]),
  );

  const requiredHeaders = perObject((_op: Operation) => new Map<number, Record<string, string>>());

  /** The example of every header the response must carry (the stateful mock keeps no rate-limit counters). */
  function headersFor(op: Operation, status: number): Record<string, string> {
    const known = requiredHeaders(op).get(status);
    if (known) return known;
    const headers = op.responses[String(status)]?.headers ?? {};
    const required = Object.fromEntries(
      Object.entries(headers).flatMap(([header, definition]) => {
        const example = definition.example ?? definition.schema?.example;
        return definition.required && example !== undefined ? [[header, String(example)]] : [];
      }),
    );
    requiredHeaders(op).set(status, required);
    return required;
  }

  const storeOf = (data: Map<string, Item[]>): Store =>
    new Map([...collections].map(([tag, collection]) => [tag, new Map((data.get(tag) ?? collection.seed).map((item) => [String(item[collection.idProperty]), structuredClone(item)]))]));
  const { keeper } = options;
  const keptOrSeed = (): Store => {
    const kept = keeper?.load();
    try {
      return storeOf(kept === undefined ? new Map() : checkedSeed(collections, kept));
    } catch (error) {
      // Data kept by an older spec must not lock the app out: it starts from the seed again.
      if (!(error instanceof SeedError)) throw error;
      console.warn(`${name}: the kept mock data is not usable (${error.message}); starting from the seed`);
      return storeOf(new Map());
    }
  };
  const keep = (store: Store) => keeper?.save(Object.fromEntries([...store].map(([tag, items]) => [tag, [...items.values()]])));
  const writes = new Set<Role>(["create", "update", "delete"]);

  const api: ServedApi = {
    headersFor,
    name,
    defaultToken: "",
    createStore: keptOrSeed,
    handlers: keeper
      ? Object.fromEntries(
          Object.entries(handlers).map(([operationId, handler]) => [
            operationId,
            (input: ErasedInput) => {
              const reply = handler(input);
              if (writes.has(roles.get(operationId)?.role ?? "other") && reply.status < 300) keep(input.store as Store);
              return reply;
            },
          ]),
        )
      : handlers,
    errorBody,
    invalidBodyStatus: 422,
  };
  return { api, model };
}
