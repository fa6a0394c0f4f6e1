// What an API is, read once from its bundle: operations, the resources they act on
// (grouped by tag) and the role each operation plays. The conformance suite, the
// stateful mock and the MSW handlers all work from it.
import { UsageError } from "../lib/cli.ts";
import {
  deref,
  escapePointerToken,
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
import { perObject } from "../lib/memo.ts";

export interface Resource {
  tag: string;
  /** Name of the item property holding the id, from the item path's id parameter. */
  idProperty?: string;
  create?: Operation;
  read?: Operation;
  update?: Operation;
  delete?: Operation;
  lists: Operation[];
  /**
   * Each operation's role in the resource and why the model gave it. An item operation
   * whose link has `parameters` is chained: an item the create made reaches it. A run
   * adds the links a create's `Location` header teaches (conformance/links.ts).
   */
  links: ResourceLink[];
}

export type ResourceRole = "create" | "read" | "update" | "delete" | "list";
export type ItemRole = "read" | "update" | "delete";

/** Where a link comes from, strongest first: our `x-` extensions, the spec's OpenAPI links, a `Location` header seen in the run, inference from paths and schemas. */
export type LinkSource = "extension" | "openapi-link" | "location" | "inference";

/** One parameter of a chained operation: its value, an OpenAPI runtime expression on the create's exchange (`$response.body#/id`) or a constant. */
export interface ChainParameter {
  in: ResolvedParameter["in"];
  name: string;
  value: unknown;
}

export interface ResourceLink {
  role: ResourceRole;
  operationId: string;
  source: LinkSource;
  /** What says so: an `x-` extension, an OpenAPI link, a body shape, a path shape, a `Location` header. */
  why: string;
  /** For an item operation a created item reaches: the create whose exchange fills the parameters, and how. */
  from?: string;
  parameters?: ChainParameter[];
}

/** What a discovery may look at besides the operation: the document and the operations under test. */
export interface DiscoveryScope {
  doc: OpenApiDocument;
  operations: readonly Operation[];
}

/** One way of telling an operation's role in its resource; undefined when it cannot tell. */
export type LinkDiscovery = (op: Operation, scope: DiscoveryScope) => Omit<ResourceLink, "operationId"> | undefined;

export const ITEM_ROLES: Partial<Record<string, ItemRole>> = { get: "read", put: "update", patch: "update", delete: "delete" };

const isCollectionCreate = (op: Operation) => op.method === "post" && !trailingIdParameter(op.path);
const firstTag = (op: Operation) => op.tags[0] ?? "default";

/** A list: `x-items` says where its items are, or (inferred) its 2xx body is an array. */
const listByItems: LinkDiscovery = (op) => {
  if (op.method !== "get" || trailingIdParameter(op.path)) return undefined;
  if (declaredItemsPointer(op) !== undefined) return { role: "list", source: "extension", why: `x-items: ${JSON.stringify(declaredItemsPointer(op))}` };
  return bareArrayLists.has(op) ? { role: "list", source: "inference", why: "a GET whose 2xx body is an array" } : undefined;
};

/**
 * The created item's member that holds the id `{parameter}` takes, as a runtime
 * expression on the create's response: the parameter's own name, else `id`, else the one
 * id-like member (`thing_id`); none when the item has several and neither name.
 */
function createdIdParameter(doc: OpenApiDocument, create: Operation, parameter: string): ChainParameter | undefined {
  const properties = itemProperties(doc, create);
  const idLike = Object.keys(properties).filter(isIdParameter);
  const member = parameter in properties ? parameter : "id" in properties ? "id" : idLike.length === 1 ? idLike[0] : undefined;
  return member === undefined ? undefined : { in: "path", name: parameter, value: `$response.body#${itemPointer(create)}/${escapePointerToken(member)}` };
}

const describeParameters = (parameters: readonly ChainParameter[]) => parameters.map((p) => `${p.in === "path" ? `{${p.name}}` : `${p.in} ${p.name}`} = ${typeof p.value === "string" ? p.value : JSON.stringify(p.value)}`).join(", ");

/**
 * Our `x-item` on a create (the new item sits at a member of the body): the create's
 * tag is one resource, and each item operation takes the new item's id.
 */
const declaresItem = (op: Operation) => isCollectionCreate(op) && itemPointer(op) !== "";

const byItemExtension: LinkDiscovery = (op, scope) => {
  if (declaresItem(op)) return { role: "create", source: "extension", why: `x-item: ${JSON.stringify(itemPointer(op))} names the new item` };
  const role = ITEM_ROLES[op.method];
  const id = trailingIdParameter(op.path);
  const create = role && id ? createIndex(scope).declaringItemByTag.get(firstTag(op)) : undefined;
  const parameter = create && id ? createdIdParameter(scope.doc, create, id) : undefined;
  if (!role || !create || !parameter) return undefined;
  return { role, source: "extension", why: `x-item of ${create.operationId} names the new item: ${describeParameters([parameter])}`, from: create.operationId, parameters: [parameter] };
};

interface DocumentLink {
  name: string;
  status: string;
  target: Operation;
  parameters: ChainParameter[];
}

/** The operation an OpenAPI link names: by `operationId`, or by an `operationRef` into this document (`#/paths/~1things~1{id}/get`). */
function linkTarget(link: Record<string, unknown>, operations: readonly Operation[]): Operation | undefined {
  if (typeof link.operationId === "string") return operations.find((op) => op.operationId === link.operationId);
  if (typeof link.operationRef !== "string" || !link.operationRef.startsWith("#")) return undefined;
  let pointer: string;
  try {
    pointer = decodeURIComponent(link.operationRef.slice(1));
  } catch {
    return undefined;
  }
  return operations.find((op) => op.pointer === pointer);
}

/** A link's `parameters` on its target: `path.thingId` or a bare name the target has. */
function linkParameters(link: Record<string, unknown>, target: Operation): ChainParameter[] {
  return Object.entries(isObject(link.parameters) ? link.parameters : {}).flatMap(([key, value]) => {
    const [, where, qualified] = /^(path|query|header|cookie)\.(.+)$/.exec(key) ?? [];
    const parameter = target.parameters.find((p) => (where ? p.in === where && p.name === qualified : p.name === key));
    return parameter ? [{ in: parameter.in, name: parameter.name, value }] : [];
  });
}

/** The OpenAPI links of a create's 2xx responses that fill a path parameter of an operation under test. */
function documentLinks(create: Operation, scope: DiscoveryScope): DocumentLink[] {
  return Object.entries(create.responses)
    .filter(([status]) => /^2/.test(status))
    .flatMap(([status, response]) =>
      Object.entries(isObject(response.links) ? response.links : {}).flatMap(([name, raw]) => {
        const link = deref(scope.doc, raw);
        const target = isObject(link) ? linkTarget(link, scope.operations) : undefined;
        const parameters = target && isObject(link) ? linkParameters(link, target) : [];
        return target && parameters.some((p) => p.in === "path") ? [{ name, status, target, parameters }] : [];
      }),
    );
}

/** What the discoveries look up for every operation, found once per scope (a spec of thousands of operations must not pay for each pair). */
interface CreateIndex {
  /** The first create of each tag that declares `x-item`. */
  declaringItemByTag: Map<string, Operation>;
  /** The first create on each collection path. */
  byPath: Map<string, Operation>;
  /** The creates that have OpenAPI links, with their links. */
  linksByCreate: Map<Operation, DocumentLink[]>;
}

const createIndex = perObject((scope: DiscoveryScope): CreateIndex => {
  const index: CreateIndex = { declaringItemByTag: new Map(), byPath: new Map(), linksByCreate: new Map() };
  for (const create of scope.operations.filter(isCollectionCreate)) {
    if (declaresItem(create) && !index.declaringItemByTag.has(firstTag(create))) index.declaringItemByTag.set(firstTag(create), create);
    const path = create.path.replace(/\/+$/, "");
    if (!index.byPath.has(path)) index.byPath.set(path, create);
    const links = documentLinks(create, scope);
    if (links.length) index.linksByCreate.set(create, links);
  }
  return index;
});

/** OpenAPI links: a create whose 2xx response links to item operations, each target in the role its method gives, with the link's parameters. */
const byOpenApiLinks: LinkDiscovery = (op, scope) => {
  const { linksByCreate } = createIndex(scope);
  const own = linksByCreate.get(op);
  if (own) return { role: "create", source: "openapi-link", why: `its ${own[0]?.status} response has OpenAPI links (${own.map((link) => link.name).join(", ")})` };
  const role = ITEM_ROLES[op.method];
  if (!role) return undefined;
  for (const [create, links] of linksByCreate) {
    const link = links.find((candidate) => candidate.target === op);
    if (link) return { role, source: "openapi-link", why: `OpenAPI link ${link.name} of ${create.operationId}'s ${link.status}: ${describeParameters(link.parameters)}`, from: create.operationId, parameters: link.parameters };
  }
  return undefined;
};

/**
 * Inferred from the path's shape: a method on a path ending in an id parameter acts on
 * one item; a POST on a collection path creates one. An item operation on the create's
 * own path plus the id (`POST /things`, `GET /things/{thingId}`) is chained: the created
 * item's id member fills the parameter. Another path has no basis for a chain (a
 * `Location` header in the run may give one).
 */
const byPathShape: LinkDiscovery = (op, scope) => {
  const id = trailingIdParameter(op.path);
  const role = id ? ITEM_ROLES[op.method] : op.method === "post" ? "create" : undefined;
  if (!role) return undefined;
  if (!id) return { role, source: "inference", why: "POST on a collection path" };
  const why = `${op.method.toUpperCase()} on a path ending in the id parameter {${id}}`;
  const create = createIndex(scope).byPath.get(op.path.slice(0, -`/{${id}}`.length));
  const parameter = create ? createdIdParameter(scope.doc, create, id) : undefined;
  if (!create || !parameter) return { role, source: "inference", why };
  return { role, source: "inference", why: `${why}, under ${create.operationId}'s path: ${describeParameters([parameter])}`, from: create.operationId, parameters: [parameter] };
};

/**
 * How operations find their roles and chains, in the order asked (the first that tells
 * wins): our `x-` extensions, OpenAPI links, inference. `Location` headers, which only a
 * run sees, rank between links and inference (conformance/links.ts).
 */
export const LINK_DISCOVERIES: readonly LinkDiscovery[] = [listByItems, byItemExtension, byOpenApiLinks, byPathShape];

/** Whether an item the resource's create makes reaches its operation in `role`. */
export const chained = (resource: Resource, role: ItemRole): boolean => resource.links.some((link) => link.role === role && link.parameters !== undefined);

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

/** The properties of the single item in `op`'s 2xx body (at its `x-item`). */
function itemProperties(doc: OpenApiDocument, op: Operation): Record<string, unknown> {
  let item: unknown = successSchema(doc, op);
  for (const member of itemPointer(op).split("/").filter(Boolean)) {
    item = isObject(item) && isObject(item.properties) ? deref(doc, item.properties[member]) : undefined;
  }
  return isObject(item) && isObject(item.properties) ? item.properties : {};
}

/**
 * The item property holding the id: the path parameter's name (`{client_id}`) when the
 * item has such a property, else `id` (`/pets/{petId}` with items `{id, ...}`).
 */
function idPropertyOf(doc: OpenApiDocument, resource: Resource): string | undefined {
  const parameter = resource.idProperty;
  const read = resource.read;
  if (!parameter || !read) return parameter;
  const properties = itemProperties(doc, read);
  return parameter in properties || !("id" in properties) ? parameter : "id";
}

/**
 * Operations grouped into resources, each operation in the role the first discovery that
 * tells gives it: by first tag, except that an operation a create's chain reaches joins
 * the create's resource. A chain from another create than the resource's is not kept.
 */
function groupResources(scope: DiscoveryScope): Resource[] {
  const byTag = new Map<string, Resource>();
  const byId = new Map(scope.operations.map((op) => [op.operationId, op]));
  for (const op of scope.operations) {
    const link = LINK_DISCOVERIES.map((discover) => discover(op, scope)).find((found) => found !== undefined);
    const tag = firstTag((link?.from !== undefined ? byId.get(link.from) : undefined) ?? op);
    const resource = byTag.get(tag) ?? { tag, lists: [], links: [] };
    byTag.set(tag, resource);
    const idParameter = trailingIdParameter(op.path);
    if (idParameter) resource.idProperty ??= idParameter;
    if (!link) continue;
    if (link.role === "list") resource.lists.push(op);
    else if (resource[link.role]) continue;
    else resource[link.role] = op;
    resource.links.push({ ...link, operationId: op.operationId });
  }
  for (const resource of byTag.values()) {
    resource.links = resource.links.map(({ from, parameters, ...link }) => (from !== undefined && from === resource.create?.operationId ? { ...link, from, parameters } : link));
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
  const resources = groupResources({ doc, operations });
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
