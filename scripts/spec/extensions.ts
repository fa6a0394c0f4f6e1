// Every `x-` extension of ours that changes what a server must do, read in one place:
// a typed reader each, and one checker that names the JSON pointer of a malformed one.
// openapi/README.md says what each means. The conformance suite, the server engine,
// the mocks and the review all read them from here; the lint plugin
// (scripts/lint/house-rules.js) checks x-same-as itself, because Redocly loads plugins
// as plain JavaScript.
import { escapePointerToken, isObject, type OpenApiDocument, type Operation, type ResolvedParameter } from "./openapi.ts";

export interface PaginationSpec {
  style: "offset" | "cursor" | "page" | "link";
  limit?: string;
  offset?: string;
  cursor?: string;
  page?: string;
  next?: string;
  total?: string;
  count?: string;
  /** A boolean parameter: `true` with `cursor` set to an item's id returns the page just before that item. */
  backward?: string;
}

/** `field` and `order` come together; `descending` may come alone. */
export interface SortSpec {
  /** The parameter naming the sort field. */
  field?: string;
  /** The parameter taking `asc`/`desc`. */
  order?: string;
  /** A boolean parameter: `true` returns the same items in the reverse of the order they have without it. */
  descending?: string;
}

export interface RevokeSpec {
  field: string;
  value: unknown;
}

export interface FilterSpec {
  /** A `/`-separated path in the item; an array on the way means "some element". */
  field: string;
}

export interface SearchSpec {
  fields: string[];
}

/** The extensions that state behaviour a server must have (changing one changes the contract). */
export const BEHAVIOUR_EXTENSIONS = ["x-items", "x-item", "x-pagination", "x-sort", "x-filter", "x-search", "x-widens", "x-same-as", "x-revoke"] as const;

const read = <T>(node: unknown, name: string): T | undefined => (isObject(node) ? (node[name] as T | undefined) : undefined);

/** Pointer to the array of items in a list's 2xx body, as declared (model.ts's itemsPointer also infers it). */
export const declaredItemsPointer = (op: Operation) => read<string>(op.raw, "x-items");
/** Pointer to the single item in a 2xx body ("" when the body is the item). */
export const itemPointer = (op: Operation) => read<string>(op.raw, "x-item") ?? "";
export const paginationOf = (op: Operation) => read<PaginationSpec>(op.raw, "x-pagination");
export const sortOf = (op: Operation) => read<SortSpec>(op.raw, "x-sort");
export const revokeOf = (op: Operation) => read<RevokeSpec>(op.raw, "x-revoke");
export const filterOf = (parameter: ResolvedParameter) => read<FilterSpec>(parameter, "x-filter");
export const searchOf = (parameter: ResolvedParameter) => read<SearchSpec>(parameter, "x-search");
/** A boolean parameter whose `true` lifts a default restriction: the list keeps every item it has without it. */
export const widens = (parameter: ResolvedParameter) => read<unknown>(parameter, "x-widens") === true;
/** The sibling member a body property must repeat (a confirmation field). */
export const sameAsOf = (property: unknown) => read<string>(property, "x-same-as");

/**
 * Our reason for a choice the vendor does not make: a response's one sentence, or on
 * a schema, parameter or operation the reason for one keyword or extension.
 */
export function decisionOf(node: unknown, keyword?: string): string | undefined {
  const decision = read<unknown>(node, "x-decision");
  if (keyword === undefined) return typeof decision === "string" ? decision : undefined;
  return isObject(decision) && typeof decision[keyword] === "string" ? decision[keyword] : undefined;
}

/** Values at an `x-filter`/`x-search` field path; an array on the way fans out ("some element"). */
export function valuesAt(item: unknown, path: string): unknown[] {
  let current: unknown[] = [item];
  for (const key of path.split("/").filter(Boolean)) {
    current = current.flatMap((value) => {
      const next = isObject(value) ? value[key] : undefined;
      return Array.isArray(next) ? next : [next];
    });
  }
  return current;
}

/** Every `[member, sibling]` pair a schema tree marks with `x-same-as`, wherever it sits. */
export function sameAsPairs(node: unknown, pairs: Array<[string, string]> = []): Array<[string, string]> {
  if (Array.isArray(node)) for (const item of node) sameAsPairs(item, pairs);
  else if (isObject(node)) {
    if (isObject(node.properties)) {
      for (const [name, property] of Object.entries(node.properties)) {
        const sibling = sameAsOf(property);
        if (typeof sibling === "string") pairs.push([name, sibling]);
      }
    }
    for (const value of Object.values(node)) sameAsPairs(value, pairs);
  }
  return pairs;
}

const PAGINATION_STYLES = ["offset", "cursor", "page", "link"];
const isPointer = (value: unknown) => typeof value === "string" && (value === "" || value.startsWith("/"));

/** The members an `x-sort` must have: a descending flag alone is enough; a sort field needs its direction and the other way round. */
function sortMembers(sort: unknown): string[] {
  const flag = isObject(sort) && sort.descending !== undefined ? ["descending"] : [];
  const fieldless = isObject(sort) && sort.field === undefined && sort.order === undefined;
  return flag.length > 0 && fieldless ? flag : ["field", "order", ...flag];
}

/** What is wrong with one operation's extensions, as `<pointer>: <problem>`. */
function operationProblems(op: Operation): string[] {
  const at = (name: string) => `#${op.pointer}/${name}`;
  const problems: string[] = [];
  const parameterNames = new Set(op.parameters.map((parameter) => parameter.name));
  for (const name of ["x-items", "x-item"]) {
    if (name in op.raw && !isPointer(op.raw[name])) problems.push(`${at(name)}: must be a JSON pointer ("" or starting with /)`);
  }
  const pagination = op.raw["x-pagination"];
  if (pagination !== undefined) {
    if (!isObject(pagination) || !PAGINATION_STYLES.includes(String(pagination.style))) problems.push(`${at("x-pagination")}/style: must be one of ${PAGINATION_STYLES.join(", ")}`);
    else {
      for (const member of ["limit", "offset", "cursor", "page", "backward"]) {
        const parameter = pagination[member];
        if (parameter !== undefined && !parameterNames.has(String(parameter))) problems.push(`${at("x-pagination")}/${member}: names no parameter of the operation ("${String(parameter)}")`);
      }
      for (const member of ["next", "total", "count"]) {
        if (pagination[member] !== undefined && !isPointer(pagination[member])) problems.push(`${at("x-pagination")}/${member}: must be a JSON pointer`);
      }
    }
  }
  const sort = op.raw["x-sort"];
  if (sort !== undefined) {
    for (const member of sortMembers(sort)) {
      const parameter = isObject(sort) ? sort[member] : undefined;
      if (typeof parameter !== "string" || !parameterNames.has(parameter)) problems.push(`${at("x-sort")}/${member}: must name a parameter of the operation`);
    }
  }
  const revoke = op.raw["x-revoke"];
  if (revoke !== undefined && (!isObject(revoke) || typeof revoke.field !== "string" || !("value" in revoke))) problems.push(`${at("x-revoke")}: must be {field: <member>, value: <value>}`);
  op.parameters.forEach((parameter) => {
    const where = `#${parameter.pointer}`;
    const filter = (parameter as unknown as Record<string, unknown>)["x-filter"];
    if (filter !== undefined && (!isObject(filter) || typeof filter.field !== "string")) problems.push(`${where}/x-filter: must be {field: <path>}`);
    const search = (parameter as unknown as Record<string, unknown>)["x-search"];
    if (search !== undefined && (!isObject(search) || !Array.isArray(search.fields) || !search.fields.every((field) => typeof field === "string"))) {
      problems.push(`${where}/x-search: must be {fields: [<path>, ...]}`);
    }
    const widening = (parameter as unknown as Record<string, unknown>)["x-widens"];
    if (widening !== undefined && widening !== true) problems.push(`${where}/x-widens: must be true`);
  });
  return problems;
}

/** x-same-as naming no sibling, anywhere under `node` (`pointer` is where node sits). */
function sameAsProblems(node: unknown, pointer: string, problems: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item, index) => sameAsProblems(item, `${pointer}/${index}`, problems));
  else if (isObject(node)) {
    if (isObject(node.properties)) {
      for (const [name, property] of Object.entries(node.properties)) {
        const sibling = sameAsOf(property);
        if (sibling !== undefined && (typeof sibling !== "string" || !(sibling in node.properties))) {
          problems.push(`${pointer}/properties/${escapePointerToken(name)}/x-same-as: names no sibling property ("${String(sibling)}")`);
        }
      }
    }
    for (const [key, value] of Object.entries(node)) sameAsProblems(value, `${pointer}/${escapePointerToken(key)}`, problems);
  }
  return problems;
}

/** Every malformed extension of the document, one line each, naming its JSON pointer; empty when all are well formed. */
export function extensionProblems(doc: OpenApiDocument, operations: readonly Operation[]): string[] {
  return [...operations.flatMap(operationProblems), ...sameAsProblems(doc.paths, "#/paths"), ...sameAsProblems(doc.components ?? {}, "#/components")];
}
