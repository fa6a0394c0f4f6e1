// The run-time half of stateful chains: OpenAPI runtime expressions evaluated on a live
// exchange (a link's `$response.body#/id`), and the links a create's `Location` header
// teaches. What the document alone says (x- extensions, OpenAPI links, inference) is
// found by spec/model.ts's LINK_DISCOVERIES.
import { getByPointer, type Operation } from "../spec/openapi.ts";
import { type ChainParameter, ITEM_ROLES, type LinkSource, type Resource, type ResourceLink } from "../spec/model.ts";
import { coerceWire } from "./requests.ts";
import type { RunContext } from "./context.ts";

/** What a runtime expression can read: the request as the suite built it and the response as it came. */
export interface ExchangeView {
  url: string;
  method: string;
  status: number;
  request: { path: Record<string, unknown>; query: Record<string, unknown>; headers: Record<string, string>; body: unknown };
  response: { headers: Record<string, string>; body: unknown };
}

/** The whole of a runtime expression (OpenAPI 3.1 §4.8.20.4): `$url`, `$method`, `$statusCode`, `$request.…` or `$response.…` with a header, query, path or body source. */
const EXPRESSION = /^\$(?:url|method|statusCode|(?:request|response)\.(?:header\.[!#$%&'*+.^_`|~0-9A-Za-z-]+|query\.[^{}]+|path\.[^{}]+|body(?:#(?:\/[^{}]*)?)?))$/;
/** An expression embedded in a string: `/things/{$response.body#/id}`. */
const EMBEDDED = /\{(\$[^{}]+)\}/g;

export const isRuntimeExpression = (value: unknown): value is string => typeof value === "string" && EXPRESSION.test(value);

const headerValue = (headers: Record<string, string>, name: string) => Object.entries(headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];

function evaluateExpression(expression: string, view: ExchangeView): unknown {
  if (expression === "$url") return view.url;
  if (expression === "$method") return view.method;
  if (expression === "$statusCode") return view.status;
  const [, side, source, rest] = /^\$(request|response)\.(header|query|path|body)\.?(.*)$/.exec(expression) ?? [];
  const message = side === "request" ? view.request : view.response;
  if (source === "header") return headerValue(message.headers, rest ?? "");
  if (source === "body") return getByPointer(message.body, (rest ?? "").replace(/^#/, ""));
  if (side === "response") return undefined; // a response has no query or path
  return (source === "query" ? view.request.query : view.request.path)[rest ?? ""];
}

/**
 * A link parameter's value on this exchange: an expression's value, a string with
 * embedded `{expressions}` filled in, or the constant as written.
 */
export function evaluate(value: unknown, view: ExchangeView): unknown {
  if (isRuntimeExpression(value)) return evaluateExpression(value, view);
  if (typeof value !== "string") return value;
  return value.replace(EMBEDDED, (whole, inner: string) => (isRuntimeExpression(inner) ? String(evaluateExpression(inner, view) ?? "") : whole));
}

/** The path parameters of a path template (`/thing-items/{thingId}`) that `path` fills, or undefined when it does not match. */
export function matchTemplate(template: string, path: string): Record<string, string> | undefined {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((piece) => {
      const name = /^\{([^}]+)\}$/.exec(piece)?.[1];
      if (name === undefined) return piece.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(name);
      return "([^/]+)";
    })
    .join("");
  const found = new RegExp(`^${source}/?$`).exec(path);
  if (!found) return undefined;
  try {
    return Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(found[index + 1] as string)]));
  } catch {
    return undefined; // a malformed %-escape names no parameter
  }
}

/** The path of a URL the server handed out, relative to the base URL (the spec's paths are); undefined when it lies outside it. */
export function pathUnderBase(location: string, requestUrl: string, baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(location, requestUrl);
  } catch {
    return undefined;
  }
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/+$/, "");
  if (url.origin !== base.origin || !url.pathname.startsWith(prefix)) return undefined;
  return url.pathname.slice(prefix.length) || "/";
}

/**
 * The value of one parameter of `op` on the exchange. A path parameter given a URL
 * (`$response.header.Location` = `/thing-items/7`) takes its segment when the URL is
 * the operation's own path, so a link may point at an item by its location.
 */
export function parameterValue(ctx: RunContext, op: Operation, parameter: ChainParameter, view: ExchangeView): unknown {
  const value = evaluate(parameter.value, view);
  if (parameter.in !== "path" || typeof value !== "string" || !value.includes("/")) return value;
  const path = pathUnderBase(value, view.url, ctx.settings.baseUrl);
  const segment = path === undefined ? undefined : matchTemplate(op.path, path)?.[parameter.name];
  if (segment === undefined) return value;
  const schema = op.parameters.find((p) => p.in === "path" && p.name === parameter.name)?.schema;
  return schema ? coerceWire(ctx.model.doc, schema, segment) : segment;
}

/**
 * The item operations a create's `Location` header points at: every operation of the
 * run whose path template the location matches, each in the role its method gives.
 */
export function linksFromLocation(ctx: RunContext, create: Operation, view: ExchangeView): ResourceLink[] {
  const location = headerValue(view.response.headers, "location");
  const path = location === undefined ? undefined : pathUnderBase(location, view.url, ctx.settings.baseUrl);
  if (path === undefined) return [];
  return ctx.model.operations.flatMap((op) => {
    const role = ITEM_ROLES[op.method];
    const filled = role ? matchTemplate(op.path, path) : undefined;
    if (!role || !filled || Object.keys(filled).length === 0) return [];
    const parameters = Object.keys(filled).map((name): ChainParameter => ({ in: "path", name, value: "$response.header.Location" }));
    return [{ role, operationId: op.operationId, source: "location", parameters, why: `the Location ${path} of ${create.operationId}'s ${view.status} is ${op.method.toUpperCase()} ${op.path}` }];
  });
}

/**
 * Takes learned links into the resource where they outrank what it has: a `Location`
 * link replaces an inferred one or fills a role nothing chained, never one from an `x-`
 * extension or an OpenAPI link. Returns the links taken.
 */
export function learn(resource: Resource, learned: ResourceLink[], operations: readonly Operation[]): ResourceLink[] {
  const taken: ResourceLink[] = [];
  for (const link of learned) {
    const op = operations.find((candidate) => candidate.operationId === link.operationId);
    if (!op || link.role === "list" || link.role === "create") continue;
    const current = resource.links.find((existing) => existing.role === link.role);
    if (current?.parameters && current.source !== "inference") continue;
    if (taken.some((other) => other.role === link.role)) continue; // the first operation of a role wins, as in the model
    resource.links = [...resource.links.filter((existing) => existing !== current), link];
    resource[link.role] = op;
    taken.push(link);
  }
  return taken;
}

/** The links of one resource as a run found them, for the run's header. */
export interface ResourceChain {
  resource: string;
  links: ResourceLink[];
}

const SOURCE_LABELS: Record<LinkSource, string> = { extension: "x- extension", "openapi-link": "OpenAPI link", location: "Location header", inference: "inferred" };

/** The header's lines: each resource's create → read → update → delete chain and why each step exists, or why there is none. */
export function describeChains(chains: readonly ResourceChain[]): string[] {
  return chains.flatMap(({ resource, links }) => {
    const create = links.find((link) => link.role === "create");
    const steps = links.filter((link) => link.parameters);
    const list = links.find((link) => link.role === "list");
    const listed = list ? `; listed items of ${list.operationId} are addressed by their id member` : "";
    if (!create) return [`${resource}: no create operation, no chain${listed}`];
    if (!steps.length) return [`${resource}: ${create.operationId} → no read, update or delete yet (no x-item, OpenAPI link or item path under its own); a Location header in its response may give them${listed}`];
    return [
      `${resource}: ${create.operationId} → ${steps.map((step) => `${step.role} ${step.operationId}`).join(", ")}`,
      ...[create, ...steps].map((step) => `  ${step.role} ${step.operationId} (${SOURCE_LABELS[step.source]}): ${step.why}`),
    ];
  });
}
