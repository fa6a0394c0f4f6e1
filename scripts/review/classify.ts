// Every change between two bundles of one API, classified for clients and for servers.
// api-smart-diff finds the changes (refs resolved, parameters matched by name, enums by
// value, media types by pattern) and classifies most of them for clients; this module
// names each change with a stable kind, and decides where that library is wrong or silent:
// type changes in responses (it inverts the request rule, so string -> integer passes),
// new statuses without a `default`, the effective security of each operation, our `x-`
// extensions, and the whole server side (what the conformance suite now demands).
import { apiCompare, type Diff } from "api-smart-diff";
import { HTTP_METHODS, type HttpMethod, type OpenApiDocument, deref, escapePointerToken, isObject } from "../spec/openapi.ts";
import { BEHAVIOUR_EXTENSIONS } from "../spec/extensions.ts";

export type Level = "breaking" | "non-breaking" | "annotation";

export interface Change {
  /** Stable id of the kind of change, e.g. `response-body-property-became-optional`. */
  kind: string;
  /** `GET /clients`, or undefined for changes to the whole document. */
  operation?: string;
  operationId?: string;
  /** Where in the operation: `response 200 application/json`, `query parameter limit`. */
  where?: string;
  /** The field inside a body or parameter schema: `data[].updatedAt`. */
  field?: string;
  client: Level;
  server: Level;
  /** One line for a person: what changed, old and new value when short. */
  description: string;
  /** JSON pointer in the bundle (the new one, or the old one for a removal). */
  pointer: string;
}

type Side = "request-parameter" | "request-body" | "response-body" | "response-header";
type Path = Array<string | number>;

const ANNOTATION_KEYS = new Set(["description", "summary", "title", "example", "examples", "externalDocs", "tags", "$comment", "x-source"]);
const SCHEMA_CONSTRAINTS = new Set([
  "minLength", "maxLength", "pattern", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
  "multipleOf", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties", "const",
]);

/** All changes from `before` to `after`, in document order, security computed per operation. */
export function classifyChanges(before: OpenApiDocument, after: OpenApiDocument): Change[] {
  const { diffs } = apiCompare(before, after);
  const changes = diffs.flatMap((diff) => describeDiff(diff, before, after));
  return [...changes, ...securityChanges(before, after)];
}

function describeDiff(diff: Diff, before: OpenApiDocument, after: OpenApiDocument): Change[] {
  const path = diff.path;
  const [head] = path;
  if (head === "paths") return operationChange(diff, before, after);
  if (head === "security" || head === "x-generated") return [];
  if (head === "components") {
    // Components reach clients through the operations that use them, which api-smart-diff
    // reports with refs resolved; only security schemes are used by reference name.
    if (path[1] !== "securitySchemes") return [];
    const where = `security scheme ${String(path[2])}`;
    // A scheme on its own asks nothing of anyone; the requirements that use it do (securityChanges).
    if (path.length === 3 && diff.action !== "replace") return [change(diff, { kind: `security-scheme-${diff.action === "add" ? "added" : "removed"}`, where, client: "non-breaking", server: "non-breaking" })];
    const annotation = ANNOTATION_KEYS.has(String(path.at(-1))) || path.at(-1) === "bearerFormat" || String(path[3]).startsWith("x-");
    const level: Level = annotation ? "annotation" : "breaking";
    return [change(diff, { kind: "security-scheme-changed", where, client: level, server: level })];
  }
  if (head === "servers") return [change(diff, { kind: "server-changed", client: "non-breaking", server: "annotation" })];
  if (head === "info" && path[1] === "version") return [];
  return [change(diff, { kind: "document-annotation", client: "annotation", server: "annotation" })];
}

interface Classified {
  kind: string;
  /** Instead of the one derived from the diff. */
  description?: string;
  client: Level;
  server: Level;
  where?: string;
  field?: string;
  operation?: string;
  operationId?: string;
}

function change(diff: Diff, partial: Classified): Change {
  return {
    ...partial,
    description: partial.description ?? describe(diff),
    pointer: `/${diff.path.map((token) => escapePointerToken(String(token))).join("/")}`,
  };
}

function operationChange(diff: Diff, before: OpenApiDocument, after: OpenApiDocument): Change[] {
  const [, url, method, ...rest] = diff.path;
  if (typeof url !== "string" || !HTTP_METHODS.includes(method as HttpMethod)) {
    return [change(diff, { kind: "path-annotation", client: "annotation", server: "annotation" })];
  }
  const doc = diff.action === "remove" ? before : after;
  const raw = deref(doc, deref(doc, doc.paths[url])?.[method as string]) as Record<string, unknown> | undefined;
  const operation = { operation: `${String(method).toUpperCase()} ${url}`, operationId: raw?.operationId as string | undefined };
  const at = (partial: Classified) => [change(diff, { ...operation, ...partial })];
  const [first, second] = rest;

  if (first === undefined) {
    // A removed operation is a new demand on servers too: the suite expects 405 (or 404) for it.
    const added = diff.action === "add";
    return at({ kind: added ? "operation-added" : "operation-removed", client: added ? "non-breaking" : "breaking", server: "breaking", description: `${operation.operation} ${added ? "added" : "removed"}` });
  }
  if (first === "security") return [];
  if (first === "deprecated") return at({ kind: "operation-deprecated", client: "non-breaking", server: "non-breaking" });
  if (typeof first === "string" && first.startsWith("x-")) return at(extensionChange(diff, first));
  if (first === "parameters") return parameterChange(diff, doc, url, method as HttpMethod, rest.slice(1), operation);
  if (first === "requestBody") return requestBodyChange(diff, rest.slice(1), operation);
  if (first === "responses" && second !== undefined) return responseChange(diff, after, url, method as HttpMethod, rest.slice(1), operation);
  if (first === "servers") return at({ kind: "server-changed", client: "non-breaking", server: "annotation" });
  if (first === "operationId") return at({ kind: "operation-id-changed", client: "breaking", server: "annotation" });
  return at({ kind: "operation-annotation", client: "annotation", server: "annotation" });
}

/**
 * Only the `x-` extensions that state behaviour (spec/extensions.ts's BEHAVIOUR_EXTENSIONS)
 * demand anything; the others (`x-source`, `x-evidence`, `x-decision`, `x-bearer-prefix`)
 * document or relax.
 */
const statesBehaviour = (name: string) => (BEHAVIOUR_EXTENSIONS as readonly string[]).includes(name);

/** Clients never read our extensions; servers must do what a new or changed one states. */
function extensionChange(diff: Diff, name: string): Classified {
  const verb = diff.action === "add" && diff.path.at(-1) === name ? "added" : diff.action === "remove" && diff.path.at(-1) === name ? "removed" : "changed";
  if (!statesBehaviour(name)) return { kind: "extension-annotation", where: name, client: "annotation", server: "annotation" };
  return { kind: `extension-${verb}`, where: name, client: "annotation", server: verb === "removed" ? "non-breaking" : "breaking" };
}

/** api-smart-diff puts an operation's own parameters first, then the path item's. */
function mergedParameters(doc: OpenApiDocument, url: string, method: HttpMethod): Array<Record<string, unknown>> {
  const pathItem = deref(doc, doc.paths[url]) as Record<string, unknown> | undefined;
  const operation = deref(doc, pathItem?.[method]) as Record<string, unknown> | undefined;
  const own = (operation?.parameters as unknown[] | undefined) ?? [];
  const shared = (pathItem?.parameters as unknown[] | undefined) ?? [];
  return [...own, ...shared].map((parameter) => deref(doc, parameter) as Record<string, unknown>);
}

function parameterChange(diff: Diff, doc: OpenApiDocument, url: string, method: HttpMethod, rest: Path, operation: Classified | object): Change[] {
  const [index, key, ...schemaPath] = rest;
  const parameter = typeof index === "number" ? mergedParameters(doc, url, method)[index] : undefined;
  const where = parameter ? `${String(parameter.in)} parameter ${String(parameter.name)}` : "parameters";
  const at = (partial: Omit<Classified, "where">) => [change(diff, { ...operation, where, ...partial })];
  if (key === undefined) {
    if (diff.action === "remove") return at({ kind: "request-parameter-removed", client: "breaking", server: "non-breaking", description: `${where} removed` });
    const required = parameter?.required === true;
    const description = `${where} added${required ? " (required)" : ""}`;
    return at({ kind: required ? "request-parameter-added-required" : "request-parameter-added", client: required ? "breaking" : "non-breaking", server: "breaking", description });
  }
  if (key === "required") {
    const nowRequired = diff.action !== "remove" && diff.after === true;
    return at({ kind: nowRequired ? "request-parameter-became-required" : "request-parameter-became-optional", client: nowRequired ? "breaking" : "non-breaking", server: "breaking" });
  }
  if (key === "schema") return [schemaChange(diff, "request-parameter", schemaPath, { ...operation, where })];
  if (key === "deprecated") return at({ kind: "request-parameter-deprecated", client: "non-breaking", server: "non-breaking" });
  if (typeof key === "string" && key.startsWith("x-")) return [change(diff, { ...operation, ...extensionChange(diff, key), where: `${where} ${key}` })];
  if (ANNOTATION_KEYS.has(String(key))) return at({ kind: "request-parameter-annotation", client: "annotation", server: "annotation" });
  return at({ kind: "request-parameter-serialization-changed", client: "breaking", server: "breaking" });
}

function requestBodyChange(diff: Diff, rest: Path, operation: object): Change[] {
  const [key, mediaType, mediaKey, ...schemaPath] = rest;
  const at = (partial: Classified) => [change(diff, { ...operation, where: "request body", ...partial })];
  if (key === undefined) {
    return at({ kind: diff.action === "add" ? "request-body-added" : "request-body-removed", client: "breaking", server: "breaking" });
  }
  if (key === "required") {
    const nowRequired = diff.action !== "remove" && diff.after === true;
    return at({ kind: nowRequired ? "request-body-became-required" : "request-body-became-optional", client: nowRequired ? "breaking" : "non-breaking", server: "breaking" });
  }
  if (key === "content" && mediaType === undefined) return at({ kind: "request-media-type-changed", client: "breaking", server: "breaking" });
  if (key === "content") {
    const where = `request body ${String(mediaType)}`;
    if (mediaKey === undefined) {
      const added = diff.action === "add";
      return at({ kind: added ? "request-media-type-added" : "request-media-type-removed", where, client: added ? "non-breaking" : "breaking", server: added ? "breaking" : "non-breaking" });
    }
    if (mediaKey === "schema") return [schemaChange(diff, "request-body", schemaPath, { ...operation, where })];
    return at({ kind: "request-body-annotation", where, client: "annotation", server: "annotation" });
  }
  return at({ kind: "request-body-annotation", client: "annotation", server: "annotation" });
}

function responseChange(diff: Diff, after: OpenApiDocument, url: string, method: HttpMethod, rest: Path, operation: object): Change[] {
  const [status, key, name, mediaKey, ...schemaPath] = rest;
  const where = `response ${String(status)}`;
  const at = (partial: Classified) => [change(diff, { ...operation, where, ...partial })];
  if (key === undefined) {
    if (diff.action === "remove") return at({ kind: "response-status-removed", client: "non-breaking", server: "breaking" });
    // A client meets a status it was never told about; with a `default` response it has a type for it.
    const responses = (deref(after, deref(after, after.paths[url])?.[method]) as { responses?: Record<string, unknown> } | undefined)?.responses;
    const hasDefault = responses !== undefined && "default" in responses;
    return at({ kind: "response-status-added", client: hasDefault ? "non-breaking" : "breaking", server: "non-breaking" });
  }
  if (key === "content" && name === undefined) return at({ kind: "response-media-type-changed", client: "breaking", server: "breaking" });
  if (key === "content") {
    const media = `${where} ${String(name)}`;
    if (mediaKey === undefined) {
      const added = diff.action === "add";
      return at({ kind: added ? "response-media-type-added" : "response-media-type-removed", where: media, client: added ? "non-breaking" : "breaking", server: added ? "non-breaking" : "breaking" });
    }
    if (mediaKey === "schema") return [schemaChange(diff, "response-body", schemaPath, { ...operation, where: media })];
    return at({ kind: "response-annotation", where: media, client: "annotation", server: "annotation" });
  }
  if (key === "headers") return [headerChange(diff, name, [mediaKey, ...schemaPath].filter((token) => token !== undefined) as Path, { ...operation, where })];
  return at({ kind: "response-annotation", client: "annotation", server: "annotation" });
}

function headerChange(diff: Diff, name: string | number | undefined, rest: Path, context: Classified | object): Change {
  const where = `${(context as Classified).where ?? ""} header ${name === undefined ? "" : String(name)}`.trim();
  const at = (partial: Omit<Classified, "where">) => change(diff, { ...context, where, ...partial });
  const [key, ...schemaPath] = rest;
  if (name === undefined || key === undefined) {
    const added = diff.action === "add";
    const required = isObject(diff.after) && diff.after.required === true;
    return at({ kind: added ? "response-header-added" : "response-header-removed", client: added ? "non-breaking" : "breaking", server: added && required ? "breaking" : "non-breaking" });
  }
  if (key === "required") {
    const nowRequired = diff.action !== "remove" && diff.after === true;
    return at({ kind: nowRequired ? "response-header-became-required" : "response-header-became-optional", client: nowRequired ? "non-breaking" : "breaking", server: nowRequired ? "breaking" : "non-breaking" });
  }
  if (key === "schema") return schemaChange(diff, "response-header", schemaPath, { ...context, where });
  return at({ kind: "response-header-annotation", client: "annotation", server: "annotation" });
}

/** `properties/data/items/properties/updatedAt` -> `data[].updatedAt`. */
export function fieldOf(schemaPath: Path): string {
  let field = "";
  for (let index = 0; index < schemaPath.length; index += 1) {
    const token = schemaPath[index];
    if ((token === "properties" || token === "patternProperties") && index + 1 < schemaPath.length) {
      field += `${field === "" ? "" : "."}${String(schemaPath[index + 1])}`;
      index += 1;
    } else if (token === "items" || token === "prefixItems") field += "[]";
    else if (token === "additionalProperties") field += "{}";
    else if ((token === "allOf" || token === "oneOf" || token === "anyOf") && index + 1 < schemaPath.length) index += 1;
    else break;
  }
  return field;
}

function typeSet(value: unknown): Set<string> {
  const types = Array.isArray(value) ? value.map(String) : typeof value === "string" ? [value] : [];
  // Every integer is a number: integer -> number widens, number -> integer narrows.
  return new Set(types.flatMap((type) => (type === "number" ? ["number", "integer"] : [type])));
}

const isSubset = (small: Set<string>, large: Set<string>) => [...small].every((item) => large.has(item));

/** A change of `type`: kind and direction computed from the two type sets. */
function typeChange(diff: Diff): { kind: string; wider: boolean | undefined } {
  const elementOfList = typeof diff.path.at(-1) === "number";
  if (elementOfList) {
    const type = String(diff.action === "remove" ? diff.before : diff.after);
    if (diff.action === "add") return { kind: type === "null" ? "became-nullable" : "type-widened", wider: true };
    if (diff.action === "remove") return { kind: type === "null" ? "no-longer-nullable" : "type-narrowed", wider: false };
    return { kind: "type-changed", wider: undefined };
  }
  const before = typeSet(diff.before);
  const after = typeSet(diff.after);
  if (diff.action === "add") return { kind: "type-narrowed", wider: false };
  if (diff.action === "remove") return { kind: "type-widened", wider: true };
  const nullable = (types: Set<string>) => types.has("null");
  const without = (types: Set<string>) => new Set([...types].filter((type) => type !== "null"));
  if (isSubset(before, after) && !isSubset(after, before)) {
    return { kind: !nullable(before) && nullable(after) && isSubset(without(after), before) ? "became-nullable" : "type-widened", wider: true };
  }
  if (isSubset(after, before) && !isSubset(before, after)) {
    return { kind: nullable(before) && !nullable(after) && isSubset(without(before), after) ? "no-longer-nullable" : "type-narrowed", wider: false };
  }
  return { kind: "type-changed", wider: undefined };
}

/**
 * A change inside a schema. `wider` says whether the set of valid values grew: for a
 * request that is what a client may keep sending (narrower breaks clients); for a
 * response it is what a client must now expect (wider breaks clients).
 */
function schemaChange(diff: Diff, side: Side | "response-header", schemaPath: Path, context: Classified | object): Change {
  const last = schemaPath.at(-1);
  const parentKey = schemaPath.at(-2);
  const isRequest = side.startsWith("request");
  let kind: string;
  let wider: boolean | undefined;
  let fieldPath = schemaPath;
  let annotation = false;
  // Inside one of our extensions (`x-evidence: {minimum: ...}`): the extension changed, not
  // the schema, so `minimum` there is no bound. (A property may be named `x-...`: not that.)
  const extensionIndex = schemaPath.findIndex((token, index) => typeof token === "string" && token.startsWith("x-") && schemaPath[index - 1] !== "properties");
  if (extensionIndex !== -1) {
    const name = String(schemaPath[extensionIndex]);
    const extension = extensionChange(diff, name);
    const where = [(context as Classified).where, name].filter(Boolean).join(" ");
    return change(diff, { ...context, ...extension, where, field: fieldOf(schemaPath.slice(0, extensionIndex)) || undefined, kind: `${side}-${extension.kind}` });
  }
  if (parentKey === "required" && typeof last === "number") {
    kind = diff.action === "add" ? "property-became-required" : "property-became-optional";
    wider = diff.action !== "add";
    fieldPath = [...schemaPath.slice(0, -2), "properties", String(diff.action === "add" ? diff.after : diff.before)];
  } else if (last === "required") {
    kind = diff.action === "remove" ? "property-became-optional" : "property-became-required";
    wider = diff.action === "remove";
  } else if (parentKey === "properties" && typeof last === "string") {
    kind = diff.action === "add" ? "property-added" : diff.action === "remove" ? "property-removed" : "property-changed";
    wider = undefined;
  } else if (last === "type" || (parentKey === "type" && typeof last === "number")) {
    ({ kind, wider } = typeChange(diff));
  } else if (parentKey === "enum" || last === "enum") {
    const whole = last === "enum";
    kind = whole ? (diff.action === "add" ? "enum-added" : diff.action === "remove" ? "enum-removed" : "enum-changed") : diff.action === "add" ? "enum-value-added" : "enum-value-removed";
    wider = whole ? (diff.action === "add" ? false : diff.action === "remove" ? true : undefined) : diff.action === "add";
  } else if (typeof last === "string" && SCHEMA_CONSTRAINTS.has(last)) {
    kind = diff.action === "add" ? "constraint-added" : diff.action === "remove" ? "constraint-removed" : "constraint-changed";
    // api-smart-diff knows which way a bound moved; for a request it calls narrowing breaking.
    const libraryBreaking = diff.type === "breaking";
    wider = isRequest ? !libraryBreaking : libraryBreaking;
  } else if (typeof last === "string" && (ANNOTATION_KEYS.has(last) || last === "deprecated" || last === "readOnly" || last === "writeOnly")) {
    kind = "annotation";
    annotation = true;
  } else if (last === "default") {
    kind = "default-changed";
    wider = true;
  } else {
    kind = "schema-changed";
    wider = diff.type === "breaking" ? !isRequest : diff.type === "non-breaking" ? isRequest : undefined;
  }
  const levels = annotation ? { client: "annotation" as Level, server: "annotation" as Level } : schemaLevels(side, kind, wider, diff);
  return change(diff, { ...context, kind: `${side}-${kind}`, field: fieldOf(fieldPath) || undefined, ...levels });
}

function schemaLevels(side: Side | "response-header", kind: string, wider: boolean | undefined, diff: Diff): { client: Level; server: Level } {
  if (side.startsWith("request")) {
    // Servers must accept every valid request and reject every invalid one (the suite's
    // positive and negative checks), so any change to the valid set is a new demand,
    // except a field or value the suite will simply stop sending.
    if (kind === "property-added") return { client: "non-breaking", server: "breaking" };
    if (kind === "property-removed") return { client: diff.type === "breaking" ? "breaking" : "non-breaking", server: "non-breaking" };
    if (kind === "default-changed") return { client: "non-breaking", server: "breaking" };
    return { client: wider === true ? "non-breaking" : "breaking", server: "breaking" };
  }
  // Responses: a wider set of values is new to clients; a narrower one is a new demand on servers.
  if (kind === "property-added") return { client: "non-breaking", server: "non-breaking" };
  if (kind === "property-removed") return { client: "breaking", server: "non-breaking" };
  if (kind === "default-changed") return { client: "annotation", server: "annotation" };
  if (wider === undefined) return { client: "breaking", server: "breaking" };
  return wider ? { client: "breaking", server: "non-breaking" } : { client: "non-breaking", server: "breaking" };
}

/** The security requirements that apply to each operation, compared as sets of credentials. */
function securityChanges(before: OpenApiDocument, after: OpenApiDocument): Change[] {
  const changes: Change[] = [];
  for (const [url, item] of Object.entries(after.paths)) {
    for (const method of HTTP_METHODS) {
      const next = effectiveSecurity(after, item, method);
      const previous = before.paths[url] === undefined ? undefined : effectiveSecurity(before, before.paths[url], method);
      if (next === undefined || previous === undefined) continue;
      const key = (alternatives: string[][]) => JSON.stringify(alternatives.map((set) => [...set].sort()).sort());
      if (key(previous) === key(next)) continue;
      // A client holding the credentials of some old alternative must still satisfy a new one.
      const stranded = previous.some((held) => !next.some((needed) => needed.every((credential) => held.includes(credential))));
      const describeAlternatives = (alternatives: string[][]) =>
        alternatives.length === 0 ? "none" : alternatives.map((set) => (set.length === 0 ? "anonymous" : set.join(" + "))).join(" or ");
      const raw = deref(after, deref(after, item)?.[method]) as Record<string, unknown> | undefined;
      changes.push({
        kind: stranded ? "security-requirement-added" : "security-requirement-relaxed",
        operation: `${method.toUpperCase()} ${url}`,
        operationId: raw?.operationId as string | undefined,
        where: "security",
        client: stranded ? "breaking" : "non-breaking",
        server: stranded ? "breaking" : "non-breaking",
        description: `security ${describeAlternatives(previous)} -> ${describeAlternatives(next)}`,
        pointer: `/paths/${escapePointerToken(url)}/${method}/security`,
      });
    }
  }
  return changes;
}

/** Alternatives, each a list of `scheme` and `scheme:scope` credentials; undefined when no such operation. */
function effectiveSecurity(doc: OpenApiDocument, item: unknown, method: HttpMethod): string[][] | undefined {
  const operation = deref(doc, (deref(doc, item) as Record<string, unknown> | undefined)?.[method]) as Record<string, unknown> | undefined;
  if (!isObject(operation)) return undefined;
  const requirements = (operation.security ?? doc.security ?? []) as Array<Record<string, string[]>>;
  return requirements.map((requirement) =>
    Object.entries(requirement).flatMap(([scheme, scopes]) => [scheme, ...(scopes ?? []).map((scope) => `${scheme}:${scope}`)]),
  );
}

function short(value: unknown): string {
  if (value === undefined) return "";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function describe(diff: Diff): string {
  const last = diff.path.at(-1);
  const value = diff.action === "remove" ? diff.before : diff.after;
  if (typeof last === "number") {
    // An element of a list: name it by its value (`required`, `enum`, `type`) or its name (parameters).
    const list = String(diff.path.at(-2));
    const element = isObject(value) && typeof value.name === "string" ? value.name : short(value);
    if (list === "required") return diff.action === "add" ? `\`${element}\` is now required` : `\`${element}\` is no longer required`;
    if (diff.action === "replace") return `${list}: ${short(diff.before)} -> ${short(diff.after)}`;
    return `${list}: ${diff.action === "add" ? "added" : "removed"} \`${element}\``;
  }
  const key = String(last);
  if (diff.action === "add") return `added ${key}${isObject(value) || Array.isArray(value) ? "" : ` = ${short(value)}`}`;
  if (diff.action === "remove") return `removed ${key}${isObject(value) || Array.isArray(value) ? "" : ` (was ${short(value)})`}`;
  return `${key}: ${short(diff.before)} -> ${short(diff.after)}`;
}
