// Any OpenAPI 3.0 or 3.1 document, from a file or an http(s) URL, JSON or YAML, made
// into one document whose `$ref`s are all local, the form the rest of the toolkit
// reads. Redocly's resolver does the `$ref`s across files and URLs (the same one
// `redocly bundle` uses for our own specs).
import { BaseResolver, bundle, createConfig, type NormalizedProblem } from "@redocly/openapi-core";
import { isObject, type OpenApiDocument, SpecError } from "./openapi.ts";

/** Every fetch of a remote spec or of a file it refers to. */
export const SPEC_FETCH_TIMEOUT_MS = 15_000;

/**
 * fetch with one timeout over headers and body (the body is read here, inside it), and
 * failures as plain errors with a readable message: the resolver rewrites the message
 * of what it catches, which an AbortSignal's DOMException does not allow.
 */
function timedFetch(timeoutMs: number): typeof fetch {
  return async (input, init) => {
    try {
      const response = await fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      const body = await response.text();
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    } catch (error) {
      const failure = error as Error & { cause?: { code?: string } };
      throw new Error(failure.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : (failure.cause?.code ?? failure.message));
    }
  };
}

function describeProblem(problem: NormalizedProblem): string {
  const where = problem.location[0];
  const at = where ? ` (${where.source.absoluteRef}${where.pointer ? `#${where.pointer}` : ""})` : "";
  return `${problem.message}${at}`;
}

/**
 * OpenAPI 3.0 wrote exclusive bounds as booleans beside minimum/maximum (JSON Schema
 * draft 4); the validators speak 2020-12, where the bound itself is the value.
 * `nullable` needs nothing: ajv reads it.
 */
function modernizeBounds(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(modernizeBounds);
    return;
  }
  if (!isObject(node)) return;
  for (const [flag, bound] of [["exclusiveMinimum", "minimum"], ["exclusiveMaximum", "maximum"]] as const) {
    if (typeof node[flag] !== "boolean") continue;
    if (node[flag] === true && typeof node[bound] === "number") {
      node[flag] = node[bound];
      delete node[bound];
    } else {
      delete node[flag];
    }
  }
  Object.values(node).forEach(modernizeBounds);
}

/** Loads, resolves and checks the document at `source` (an absolute path or an http(s) URL). */
export async function loadSpec(source: string, timeoutMs = SPEC_FETCH_TIMEOUT_MS): Promise<OpenApiDocument> {
  const config = await createConfig({});
  const resolver = new BaseResolver({ http: { headers: [], customFetch: timedFetch(timeoutMs) } });
  let result: Awaited<ReturnType<typeof bundle>>;
  try {
    result = await bundle({ ref: source, config, externalRefResolver: resolver, dereference: false });
  } catch (error) {
    const cause = (error as { originalError?: Error }).originalError ?? (error as Error);
    throw new SpecError(`${source}: cannot load the spec (${cause.message.split("\n")[0]})`);
  }
  const errors = result.problems.filter((problem) => problem.severity === "error");
  if (errors.length) throw new SpecError(`${source}: ${errors.slice(0, 3).map(describeProblem).join("; ")}`);
  const doc: unknown = result.bundle.parsed;
  if (!isObject(doc)) throw new SpecError(`${source}: not an OpenAPI document (no top-level object)`);
  if (typeof doc.swagger === "string") throw new SpecError(`${source}: Swagger ${doc.swagger} is not supported; convert it to OpenAPI 3 first`);
  if (typeof doc.openapi !== "string" || !/^3\.[01]\./.test(doc.openapi)) {
    throw new SpecError(`${source}: not an OpenAPI 3.0 or 3.1 document (openapi: ${JSON.stringify(doc.openapi ?? null)})`);
  }
  if (!isObject(doc.paths)) throw new SpecError(`${source}: the document has no paths`);
  if (doc.openapi.startsWith("3.0")) modernizeBounds(doc);
  return doc as unknown as OpenApiDocument;
}
