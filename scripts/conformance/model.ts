// What the suite knows about an API, read once from its bundle: operations, the
// resources they act on (grouped by tag) and the role each operation plays.
import {
  getByPointer,
  isObject,
  listOperations,
  type OpenApiDocument,
  type Operation,
  type ResolvedParameter,
  type SecurityScheme,
} from "../lib/openapi.ts";
import { SpecValidators } from "../lib/validators.ts";

export interface PaginationSpec {
  style: "offset" | "cursor" | "page" | "link";
  limit?: string;
  offset?: string;
  cursor?: string;
  page?: string;
  next?: string;
  total?: string;
  count?: string;
}

export interface SortSpec {
  field: string;
  order: string;
}

export interface RevokeSpec {
  field: string;
  value: unknown;
}

export interface Resource {
  tag: string;
  /** Name of the item property holding the id, from the item path's id parameter. */
  idProperty?: string;
  create?: Operation;
  read?: Operation;
  update?: Operation;
  delete?: Operation;
  lists: Operation[];
}

export interface ApiModel {
  doc: OpenApiDocument;
  validators: SpecValidators;
  operations: Operation[];
  resources: Resource[];
  securitySchemes: Record<string, SecurityScheme>;
}

const ID_PARAMETER = /^(?:[A-Za-z_]*_)?(?:id|[a-z]+Id)$/;

export function isIdParameter(name: string): boolean {
  return ID_PARAMETER.test(name);
}

/** The path parameter naming the resource, when the path ends in one: `/clients/{id}` → `id`. */
export function trailingIdParameter(path: string): string | undefined {
  const name = /\/\{([^}]+)\}$/.exec(path)?.[1];
  return name && isIdParameter(name) ? name : undefined;
}

export function extension<T>(operation: Operation, name: string): T | undefined {
  return operation.raw[name] as T | undefined;
}

export const itemsPointer = (op: Operation) => extension<string>(op, "x-items");
export const itemPointer = (op: Operation) => extension<string>(op, "x-item") ?? "";
export const paginationOf = (op: Operation) => extension<PaginationSpec>(op, "x-pagination");
export const sortOf = (op: Operation) => extension<SortSpec>(op, "x-sort");
export const revokeOf = (op: Operation) => extension<RevokeSpec>(op, "x-revoke");

export function parameterExtension<T>(parameter: ResolvedParameter, name: string): T | undefined {
  return (parameter as unknown as Record<string, unknown>)[name] as T | undefined;
}

/** The list array of a list response, or undefined when the body does not hold one. */
export function itemsOf(op: Operation, body: unknown): unknown[] | undefined {
  const pointer = itemsPointer(op);
  const items = pointer === undefined ? undefined : getByPointer(body, pointer);
  return Array.isArray(items) ? items : undefined;
}

export function itemOf(op: Operation, body: unknown): Record<string, unknown> | undefined {
  const item = getByPointer(body, itemPointer(op));
  return isObject(item) ? item : undefined;
}

function groupResources(operations: Operation[]): Resource[] {
  const byTag = new Map<string, Resource>();
  for (const op of operations) {
    const tag = op.tags[0] ?? "default";
    const resource = byTag.get(tag) ?? { tag, lists: [] };
    byTag.set(tag, resource);
    const idParameter = trailingIdParameter(op.path);
    if (idParameter) {
      resource.idProperty ??= idParameter;
      if (op.method === "get") resource.read ??= op;
      else if (op.method === "put" || op.method === "patch") resource.update ??= op;
      else if (op.method === "delete") resource.delete ??= op;
    } else if (op.method === "post") {
      resource.create ??= op;
    } else if (op.method === "get" && itemsPointer(op) !== undefined) {
      resource.lists.push(op);
    }
  }
  return [...byTag.values()];
}

export function buildModel(doc: OpenApiDocument, name: string): ApiModel {
  const operations = listOperations(doc);
  return {
    doc,
    validators: new SpecValidators(doc, name),
    operations,
    resources: groupResources(operations),
    securitySchemes: (doc.components?.securitySchemes ?? {}) as Record<string, SecurityScheme>,
  };
}
