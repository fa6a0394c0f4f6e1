// What an API is, read once from its bundle: operations, the resources they act on
// (grouped by tag) and the role each operation plays. The conformance suite, the
// stateful mock and the MSW handlers all work from it.
import { UsageError } from "../lib/cli.ts";
import {
  deref,
  getByPointer,
  isObject,
  listOperations,
  type OpenApiDocument,
  type Operation,
  type ResolvedParameter,
  type SecurityScheme,
  SpecError,
} from "./openapi.ts";
import type { ValidateFunction } from "ajv/dist/2020.js";
import { declaredItemsPointer, extensionProblems, itemPointer } from "./extensions.ts";
import { SpecValidators } from "./validators.ts";

export interface Resource {
  tag: string;
  /** Name of the item property holding the id, from the item path's id parameter. */
  idProperty?: string;
  create?: Operation;
  read?: Operation;
  update?: Operation;
  delete?: Operation;
  lists: Operation[];
  /** Each operation's role in the resource, and why the model gave it that role. */
  links: ResourceLink[];
}

export type ResourceRole = "create" | "read" | "update" | "delete" | "list";

export interface ResourceLink {
  role: ResourceRole;
  operationId: string;
  /** What in the spec says so: an `x-` extension, a body shape, a path shape. */
  why: string;
}

/** One way of telling an operation's role in its resource; undefined when it cannot tell. */
export type LinkDiscovery = (op: Operation) => Omit<ResourceLink, "operationId"> | undefined;

/** A list: `x-items` says where its items are, or its 2xx body is an array. */
const listByItems: LinkDiscovery = (op) => {
  if (op.method !== "get" || trailingIdParameter(op.path)) return undefined;
  if (declaredItemsPointer(op) !== undefined) return { role: "list", why: `x-items: ${JSON.stringify(declaredItemsPointer(op))}` };
  return bareArrayLists.has(op) ? { role: "list", why: "a GET whose 2xx body is an array" } : undefined;
};

const ITEM_ROLES: Partial<Record<string, ResourceRole>> = { get: "read", put: "update", patch: "update", delete: "delete" };

/** The path's shape: a method on a path ending in an id parameter acts on one item; a POST on a collection path creates one. */
const byPathShape: LinkDiscovery = (op) => {
  const id = trailingIdParameter(op.path);
  const role = id ? ITEM_ROLES[op.method] : op.method === "post" ? "create" : undefined;
  if (!role) return undefined;
  return { role, why: id ? `${op.method.toUpperCase()} on a path ending in the id parameter {${id}}` : "POST on a collection path" };
};

/**
 * How operations find their roles, in the order asked (the first that tells wins). A new
 * source of links (OpenAPI `links`, `Location` headers seen in a run) is one more entry.
 */
export const LINK_DISCOVERIES: readonly LinkDiscovery[] = [listByItems, byPathShape];

export interface ApiModel {
  doc: OpenApiDocument;
  validators: SpecValidators;
  /** The operations under test (all, unless the run selected some). */
  operations: Operation[];
  /** Every operation of the spec, for what a path documents (unsupported_method). */
  allOperations: Operation[];
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

/** Lists whose 2xx body is a bare array need no `x-items` (any spec's list looks like that). */
const bareArrayLists = new WeakSet<Operation>();

/** Pointer to the array of items in a list's 2xx body: declared by `x-items`, or "" for a list whose body is an array. */
export const itemsPointer = (op: Operation) => declaredItemsPointer(op) ?? (bareArrayLists.has(op) ? "" : undefined);

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

function successSchema(doc: OpenApiDocument, op: Operation): Record<string, unknown> | undefined {
  const success = Object.entries(op.responses).find(([status]) => /^2/.test(status))?.[1];
  const schema = success?.content?.["application/json"]?.schema;
  return schema ? deref(doc, schema) : undefined;
}

function markBareArrayLists(doc: OpenApiDocument, operations: Operation[]): void {
  for (const op of operations) {
    if (op.method === "get" && !trailingIdParameter(op.path) && successSchema(doc, op)?.type === "array") bareArrayLists.add(op);
  }
}

/**
 * The item property holding the id: the path parameter's name (`{client_id}`) when the
 * item has such a property, else `id` (`/pets/{petId}` with items `{id, ...}`).
 */
function idPropertyOf(doc: OpenApiDocument, resource: Resource): string | undefined {
  const parameter = resource.idProperty;
  const read = resource.read;
  if (!parameter || !read) return parameter;
  let item: unknown = successSchema(doc, read);
  for (const member of itemPointer(read).split("/").filter(Boolean)) {
    item = isObject(item) && isObject(item.properties) ? deref(doc, item.properties[member]) : undefined;
  }
  const properties = isObject(item) && isObject(item.properties) ? item.properties : {};
  return parameter in properties || !("id" in properties) ? parameter : "id";
}

/** Operations grouped by their first tag into resources, each operation in the role the first discovery that tells gives it. */
function groupResources(operations: Operation[]): Resource[] {
  const byTag = new Map<string, Resource>();
  for (const op of operations) {
    const tag = op.tags[0] ?? "default";
    const resource = byTag.get(tag) ?? { tag, lists: [], links: [] };
    byTag.set(tag, resource);
    const idParameter = trailingIdParameter(op.path);
    if (idParameter) resource.idProperty ??= idParameter;
    const link = LINK_DISCOVERIES.map((discover) => discover(op)).find((found) => found !== undefined);
    if (!link) continue;
    if (link.role === "list") resource.lists.push(op);
    else if (resource[link.role]) continue;
    else resource[link.role] = op;
    resource.links.push({ ...link, operationId: op.operationId });
  }
  return [...byTag.values()];
}

/** Which operations a run tests (`--operations`, `--exclude-operations`, `--tags`). */
export interface OperationSelection {
  operations?: string[];
  excludeOperations?: string[];
  tags?: string[];
  /** This machine's part of the operations (`--shard 2/4`: index 2 of count 4), for CI matrices. */
  shard?: { index: number; count: number };
}

/**
 * The operations of shard `index` (1-based) of `count`. A resource (the operations
 * sharing a first tag) stays whole, so its create/read/update/delete sequence runs on one
 * machine; resources go, largest first, to the shard with the fewest operations so far
 * (ties to the lowest shard, names in order): every machine computes the same split.
 */
export function shardOf(operations: readonly Operation[], index: number, count: number): Operation[] {
  const groups = new Map<string, Operation[]>();
  for (const op of operations) {
    const tag = op.tags[0] ?? "";
    groups.set(tag, [...(groups.get(tag) ?? []), op]);
  }
  const sizes = Array.from({ length: count }, () => 0);
  const owner = new Map<string, number>();
  const bySize = [...groups].sort(([a, x], [b, y]) => y.length - x.length || (a < b ? -1 : a > b ? 1 : 0));
  for (const [tag, members] of bySize) {
    const lightest = sizes.indexOf(Math.min(...sizes));
    owner.set(tag, lightest);
    sizes[lightest] = (sizes[lightest] as number) + members.length;
  }
  return operations.filter((op) => owner.get(op.tags[0] ?? "") === index - 1);
}

export function selectOperations(all: Operation[], selection: OperationSelection): Operation[] {
  if (all.length === 0) throw new SpecError("the spec has no operations (no get, put, post, delete, options, head, patch or trace under paths): nothing to test");
  const ids = new Set(all.map((op) => op.operationId));
  const tags = new Set(all.flatMap((op) => op.tags));
  const unknownIds = [...(selection.operations ?? []), ...(selection.excludeOperations ?? [])].filter((id) => !ids.has(id));
  if (unknownIds.length) throw new UsageError(`unknown operationId ${unknownIds.join(", ")}; the spec has ${[...ids].join(", ")}`);
  const unknownTags = (selection.tags ?? []).filter((tag) => !tags.has(tag));
  if (unknownTags.length) throw new UsageError(`unknown tag ${unknownTags.join(", ")}; the spec has ${[...tags].join(", ") || "no tags"}`);
  const chosen = all.filter(
    (op) =>
      (!selection.operations?.length || selection.operations.includes(op.operationId)) &&
      !selection.excludeOperations?.includes(op.operationId) &&
      (!selection.tags?.length || op.tags.some((tag) => selection.tags?.includes(tag))),
  );
  if (chosen.length === 0) {
    const given = (["operations", "excludeOperations", "tags"] as const).filter((key) => selection[key]?.length).map((key) => `--${key === "excludeOperations" ? "exclude-operations" : key}`);
    throw new UsageError(`no operation is left to test after ${given.slice(0, -1).join(", ")}${given.length > 1 ? " and " : ""}${given.at(-1) ?? ""}`);
  }
  // A shard may hold nothing (more machines than resources): its run is empty, not an error.
  return selection.shard ? shardOf(chosen, selection.shard.index, selection.shard.count) : chosen;
}

/** `precompiled`: validators compiled ahead for this document, by canonical pointer (see SpecValidators). */
export function buildModel(
  doc: OpenApiDocument,
  name: string,
  selection: OperationSelection = {},
  precompiled: Readonly<Record<string, ValidateFunction>> = {},
  warn?: (message: string) => void,
): ApiModel {
  const allOperations = listOperations(doc);
  const malformed = extensionProblems(doc, allOperations);
  if (malformed.length) throw new SpecError(`the spec's x- extensions say what cannot be done:\n${malformed.map((problem) => `  ${problem}`).join("\n")}`);
  const operations = selectOperations(allOperations, selection);
  markBareArrayLists(doc, operations);
  const resources = groupResources(operations);
  for (const resource of resources) resource.idProperty = idPropertyOf(doc, resource);
  return {
    doc,
    validators: new SpecValidators(doc, name, precompiled, warn),
    operations,
    allOperations,
    resources,
    securitySchemes: (doc.components?.securitySchemes ?? {}) as Record<string, SecurityScheme>,
  };
}
