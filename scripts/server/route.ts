// The route stage's router: a request's method and path to an operation of the spec
// (the most literal path first), with its path values decoded; a path the spec has
// with another method gets the methods it allows.
import type { HttpMethod, Operation } from "../spec/openapi.ts";
import { compilePathTemplate, type PathTemplate } from "../spec/path-template.ts";

interface Route extends PathTemplate {
  operations: Map<string, Operation>;
}

/** A route besides the spec's own: this method and path served by a documented operation. */
export interface ExtraRoute {
  method: HttpMethod;
  path: string;
  operation: Operation;
}

export interface OperationMatch {
  kind: "operation";
  operation: Operation;
  pathValues: Record<string, string>;
  /** Path parameters whose values are not valid percent-encoding (kept as sent). */
  badlyEncoded: string[];
}

export type RouteMatch = OperationMatch | { kind: "method"; allow: string[] } | { kind: "none" };

export class Router {
  private readonly routes: Route[];

  constructor(operations: Operation[], extra: readonly ExtraRoute[] = []) {
    const byPath = new Map<string, Route>();
    const add = (method: string, path: string, operation: Operation) => {
      const route = byPath.get(path) ?? { ...compilePathTemplate(path), operations: new Map() };
      byPath.set(path, route);
      route.operations.set(method.toUpperCase(), operation);
    };
    for (const operation of operations) add(operation.method, operation.path, operation);
    for (const entry of extra) add(entry.method, entry.path, entry.operation);
    this.routes = [...byPath.values()].sort((a, b) => b.literals - a.literals);
  }

  match(method: string, pathname: string): RouteMatch {
    // A plain loop: this runs on every request of a mock serving thousands a second.
    const verb = method.toUpperCase();
    let firstFound: Route | undefined;
    for (const route of this.routes) {
      const found = route.pattern.exec(pathname);
      if (found === null) continue;
      firstFound ??= route;
      const operation = route.operations.get(verb);
      if (operation) return { kind: "operation", operation, ...decodePathValues(route, found) };
    }
    return firstFound ? { kind: "method", allow: [...firstFound.operations.keys()] } : { kind: "none" };
  }
}

function decodePathValues(route: Route, found: RegExpExecArray): { pathValues: Record<string, string>; badlyEncoded: string[] } {
  const pathValues: Record<string, string> = {};
  const badlyEncoded: string[] = [];
  route.parameterNames.forEach((name, index) => {
    const raw = found[index + 1] ?? "";
    try {
      pathValues[name] = decodeURIComponent(raw);
    } catch {
      pathValues[name] = raw;
      badlyEncoded.push(name);
    }
  });
  return { pathValues, badlyEncoded };
}
