// An in-memory CRUD server for any spec that follows the suite's conventions (tags
// group resources, roles by method and path, `x-items`, `x-item`, offset
// `x-pagination`), for the scale benchmark's generated specs, which no reference
// server knows. Routing and input validation are the spec-driven server framework's
// own (scripts/server), so the generic server checks requests the same way;
// only the handlers are generic: create stores the body under a new id, read,
// update and delete go by id, list pages with the spec's limit and offset.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { buildModel, itemsPointer, type Resource } from "../spec/model.ts";
import { itemPointer, paginationOf } from "../spec/extensions.ts";
import { type OpenApiDocument, type Operation, setByPointer } from "../spec/openapi.ts";
import { successStatus } from "../mock/spec-api.ts";
import { readJsonBody, readParameters, takesJsonBody } from "../server/inputs.ts";
import { Router } from "../server/server.ts";
import { listenOnLoopback } from "./loopback.ts";

type Item = Record<string, unknown>;
type Role = "create" | "read" | "update" | "delete" | "list";

interface Store {
  resource: Resource;
  idProperty: string;
  items: Map<string, Item>;
  nextId: number;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface GenericServer {
  url: string;
  close(): Promise<void>;
}

export class GenericServerError extends Error {}

const MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_PAGE_SIZE = 20;

function rolesOf(resources: Resource[]): Map<string, { role: Role; store: Store }> {
  const roles = new Map<string, { role: Role; store: Store }>();
  for (const resource of resources) {
    const store: Store = { resource, idProperty: resource.idProperty ?? "id", items: new Map(), nextId: 1 };
    const add = (op: Operation | undefined, role: Role) => op && roles.set(op.operationId, { role, store });
    add(resource.create, "create");
    add(resource.read, "read");
    add(resource.update, "update");
    add(resource.delete, "delete");
    for (const list of resource.lists) {
      const style = paginationOf(list)?.style;
      if (style !== undefined && style !== "offset") throw new GenericServerError(`${list.operationId}: only offset pagination is supported, not ${style}`);
      add(list, "list");
    }
  }
  return roles;
}

const firstSegment = (path: string) => path.split("/")[1] ?? "";

/**
 * The reference framework's Router, one per first path segment: its match() tries
 * every route's pattern, so one Router over a spec with 1,000 paths made each request
 * cost O(N) and the scale benchmark measure the fixture instead of the suite. Where
 * a path starts with a parameter, any segment can match it: one Router for all.
 */
class SegmentRouter {
  private readonly bySegment = new Map<string, Router>();
  private readonly all: Router | undefined;

  constructor(operations: Operation[]) {
    if (operations.some((op) => firstSegment(op.path).startsWith("{"))) {
      this.all = new Router(operations);
      return;
    }
    const groups = new Map<string, Operation[]>();
    for (const op of operations) groups.set(firstSegment(op.path), [...(groups.get(firstSegment(op.path)) ?? []), op]);
    for (const [segment, group] of groups) this.bySegment.set(segment, new Router(group));
  }

  match(method: string, pathname: string): ReturnType<Router["match"]> {
    const router = this.all ?? this.bySegment.get(firstSegment(pathname));
    return router ? router.match(method, pathname) : { kind: "none" };
  }
}

/** The item as the operation's response carries it (wrapped at `x-item`, or bare). */
function itemReply(op: Operation, item: Item): Reply {
  const pointer = itemPointer(op);
  return { status: successStatus(op), body: pointer === "" ? item : setByPointer({}, pointer, item) as Item };
}

function listReply(op: Operation, store: Store, query: Record<string, unknown>): Reply {
  const paging = paginationOf(op);
  const limit = Number(query[paging?.limit ?? "limit"] ?? DEFAULT_PAGE_SIZE);
  const offset = Number(query[paging?.offset ?? "offset"] ?? 0);
  const all = [...store.items.values()];
  let body = setByPointer({}, itemsPointer(op) ?? "/data", all.slice(offset, offset + limit)) as Item;
  if (paging?.total) body = setByPointer(body, paging.total, all.length) as Item;
  return { status: successStatus(op), body };
}

function handle(op: Operation, role: Role, store: Store, path: Record<string, unknown>, query: Record<string, unknown>, body: unknown): Reply {
  const id = String(path[store.idProperty]);
  const existing = store.items.get(id);
  const notFound: Reply = { status: 404, body: { message: `no item with ${store.idProperty} ${id}` } };
  switch (role) {
    case "list":
      return listReply(op, store, query);
    case "create": {
      const created = { ...(body as Item), [store.idProperty]: store.nextId };
      store.items.set(String(store.nextId), created);
      store.nextId += 1;
      return itemReply(op, created);
    }
    case "read":
      return existing ? itemReply(op, existing) : notFound;
    case "update": {
      if (!existing) return notFound;
      const updated = { ...(body as Item), [store.idProperty]: existing[store.idProperty] };
      store.items.set(id, updated);
      return itemReply(op, updated);
    }
    case "delete":
      if (!existing) return notFound;
      store.items.delete(id);
      // The deleted item when the spec documents a body, else no body (204).
      return op.responses[String(successStatus(op))]?.content ? itemReply(op, existing) : { status: successStatus(op) };
  }
}

async function readText(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).byteLength;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function send(response: ServerResponse, reply: Reply): void {
  const text = reply.body === undefined ? "" : JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    ...reply.headers,
    ...(reply.body === undefined ? {} : { "Content-Type": "application/json" }),
    ...(reply.status === 204 ? {} : { "Content-Length": String(Buffer.byteLength(text)) }),
  });
  response.end(text);
}

/** `latencyMs`: every answer is held that long before it is sent, as a real backend's would be. */
export async function startGenericServer(doc: OpenApiDocument, token: string, latencyMs = 0): Promise<GenericServer> {
  const model = buildModel(doc, "generic");
  const roles = rolesOf(model.resources);
  const router = new SegmentRouter(model.operations);
  const error = (status: number, message: string): Reply => ({ status, body: { message } });

  async function answer(request: IncomingMessage): Promise<Reply> {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const match = router.match(request.method ?? "GET", url.pathname);
    if (match.kind === "none") return error(404, `no route for ${url.pathname}`);
    if (match.kind === "method") return { ...error(405, `${request.method ?? ""} is not allowed`), headers: { Allow: match.allow.join(", ") } };
    const op = match.operation;
    if (op.security.length > 0 && request.headers.authorization !== `Bearer ${token}`) return error(401, "unauthorized");
    const parameters = readParameters(doc, model.validators, op, match.pathValues, url.searchParams);
    if (parameters.errors.length > 0) return error(400, parameters.errors.map((e) => `${e.name} ${e.problem}`).join("; "));
    let body: unknown;
    if (takesJsonBody(op)) {
      const text = await readText(request);
      if (text === undefined) return error(400, "body too large");
      const read = readJsonBody(model.validators, op, text, request.headers["content-type"]);
      if (!read.ok) return error(400, read.errors.map((e) => `${e.name} ${e.problem}`).join("; "));
      body = read.value;
    }
    const target = roles.get(op.operationId);
    if (!target) return error(501, `${op.operationId} has no generic role`);
    return handle(op, target.role, target.store, parameters.path, parameters.query, body);
  }

  const reply = (response: ServerResponse, what: Reply) => (latencyMs > 0 ? setTimeout(() => send(response, what), latencyMs) : send(response, what));
  const server = createServer((request, response) => {
    answer(request).then(
      (what) => reply(response, what),
      (failure: unknown) => reply(response, error(500, (failure as Error).message)),
    );
  });
  return listenOnLoopback(server);
}
