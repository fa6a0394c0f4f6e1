// MSW request handlers for every operation of an API, built from its bundled spec on
// the same engine and generic API as the stateful mock, so a browser app or a vitest
// test runs with no server at all. Handlers are registered through openapi-msw's
// typed `http` (OpenAPI paths, the base URL prefixed), and answer through msw's own
// HttpResponse. `clients-contract/<api>/msw` is this module bound to one API's spec.
import { type HttpHandler, HttpResponse } from "msw";
import { createOpenApiHttp } from "openapi-msw";
import { buildModel } from "../spec/model.ts";
import type { OpenApiDocument } from "../spec/openapi.ts";
import { type Answer, createEngine, type Engine, type EngineRequest } from "../server/engine.ts";
import { specApi } from "./spec-api.ts";

export interface MockHandlerOptions {
  /** Where the handlers answer; default: the generated client's default base URL. */
  baseUrl?: string;
  /** Accept only this token; default: any credential sent the way the API's scheme says. */
  token?: string;
}

export interface MockHandlers<OperationId extends string = string> {
  /** One handler per operation, in spec order: hand them to `setupServer` or `setupWorker`. */
  handlers: HttpHandler[];
  /** The same handlers by operationId, to pick some or to override one. */
  byOperation: Record<OperationId, HttpHandler>;
  /** Back to the seed data (the stateful set; a no-op for the example handlers). */
  reset(): void;
}

/** The engine's view of a fetch Request (a class: no closures made per request). */
class FetchEngineRequest implements EngineRequest {
  readonly method: string;
  readonly url: URL;
  readonly client = "msw";

  constructor(
    private readonly request: Request,
    readonly basePath: string,
  ) {
    this.method = request.method;
    this.url = new URL(request.url);
  }

  header(name: string): string | undefined {
    return this.request.headers.get(name) ?? undefined;
  }

  query(name: string): string | undefined {
    return this.url.searchParams.get(name) ?? undefined;
  }

  text(): Promise<string | undefined> {
    return this.request.text();
  }
}

function toResponse(answer: Answer): Response {
  const { reply } = answer;
  if (reply.dropConnection) return HttpResponse.error();
  const headers = new Headers(reply.headers);
  if (reply.body === undefined) return new HttpResponse(null, { status: reply.status, headers });
  headers.set("Content-Type", reply.contentType ?? "application/json");
  return new HttpResponse(JSON.stringify(reply.body), { status: reply.status, headers });
}

/** Handlers for every operation of `doc` answering at `baseUrl`, all sharing one store. */
export function createMockHandlers<OperationId extends string = string>(
  doc: OpenApiDocument,
  name: string,
  defaultBaseUrl: string,
  { stateful, ...options }: MockHandlerOptions & { stateful: boolean },
): MockHandlers<OperationId> {
  const baseUrl = (options.baseUrl ?? defaultBaseUrl).replace(/\/+$/, "");
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, "");
  const model = buildModel(doc, name);
  const { api } = specApi(doc, name, { model, stateless: !stateful });
  const engine: Engine = createEngine(api, doc, { validators: model.validators, rejectUnknownQuery: true, ...(options.token === undefined ? {} : { token: options.token }) });
  // Typed by paths where the API is known (the per-API modules); the loop here only has the spec.
  const http = createOpenApiHttp<Record<string, Record<string, unknown>>>({ baseUrl });
  const byOperation = Object.fromEntries(
    model.operations.map((op) => [
      op.operationId,
      http[op.method as "get"](op.path, async ({ request }) => toResponse(await engine.answer(new FetchEngineRequest(request, basePath)))),
    ]),
  ) as Record<OperationId, HttpHandler>;
  return { handlers: Object.values(byOperation), byOperation, reset: () => engine.reset() };
}
