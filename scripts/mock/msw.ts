// MSW request handlers for every operation of an API, built from its bundled spec on
// the same engine and generic API as the stateful mock, so a browser app or a vitest
// test runs with no server at all. Only msw's `http` and `HttpResponse` are used, which
// msw 2 and msw 3 both have; `createHttp` is the thin typed layer openapi-msw offers
// (OpenAPI paths, the base URL prefixed, a `response(status)` helper), written here so
// that the handlers need nothing but msw. `clients-contract/<api>/msw` is this module
// bound to one API's spec (./build-msw.ts).
import type { ValidateFunction } from "ajv/dist/2020.js";
import { type HttpHandler, http, HttpResponse } from "msw";
import { buildModel } from "../spec/model.ts";
import type { OpenApiDocument } from "../spec/openapi.ts";
import { type Answer, createEngine, type Engine, type EngineRequest } from "../server/engine.ts";
import { type SeedData, type StoreKeeper, specApi } from "./spec-api.ts";

export type { SeedData } from "./spec-api.ts";

/** Web storage where the stateful handlers keep their data across page loads. */
export type PersistIn = "localStorage" | "sessionStorage";

export interface MockHandlerOptions {
  /** Where the handlers answer; default: the generated client's default base URL. */
  baseUrl?: string;
  /** Accept only this token; default: any credential sent the way the API's scheme says. */
  token?: string;
}

export interface StatefulHandlerOptions extends MockHandlerOptions {
  /** Items by collection (`{ Clients: [...] }`) in place of the documented examples; `reset()` restores them. */
  seed?: SeedData;
  /** Keep the data in this web storage: a page reload finds what it created. */
  persist?: PersistIn;
}

export interface MockHandlers<OperationId extends string = string> {
  /** One handler per operation, in spec order: hand them to `setupServer` or `setupWorker`. */
  handlers: HttpHandler[];
  /** The same handlers by operationId, to pick some or to override one. */
  byOperation: Record<OperationId, HttpHandler>;
  /** Back to the seed data (the stateful set; a no-op for the example handlers); forgets what `persist` kept. */
  reset(): void;
  /** The typed `http` at these handlers' base URL, for overrides. */
  http: TypedHttp;
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch"] as const;
type Method = (typeof METHODS)[number];

/** What a resolver of `createHttp` gets besides msw's own: the query and a response helper. */
interface ResolverExtras {
  query: URLSearchParams;
  response: ResponseHelper;
}
type ResolverInfo = Parameters<Parameters<typeof http.get>[1]>[0];
type Resolver = (info: ResolverInfo & ResolverExtras) => ReturnType<Parameters<typeof http.get>[1]>;
type HandlerOptions = Parameters<typeof http.get>[2];

interface ResponseHelper {
  (status: number | string): {
    json(body: unknown, init?: ResponseInit): Response;
    text(body: string, init?: ResponseInit): Response;
    empty(init?: ResponseInit): Response;
  };
  untyped(response: Response): Response;
}

/** The run-time shape of the typed `http` (generated/msw-http.d.ts types it by an API's paths). */
export type TypedHttp = Record<Method, (path: string, resolver: Resolver, options?: HandlerOptions) => HttpHandler> & { untyped: typeof http };

/** `response(status)` as openapi-msw has it; a wildcard status (`4XX`) takes the real one from `init.status`. */
function responseHelper(): ResponseHelper {
  const helper = (status: number | string) => {
    const statusOf = (init?: ResponseInit) => init?.status ?? Number(status);
    return {
      json: (body: unknown, init?: ResponseInit) => HttpResponse.json(body as Parameters<typeof HttpResponse.json>[0], { ...init, status: statusOf(init) }),
      text: (body: string, init?: ResponseInit) => HttpResponse.text(body, { ...init, status: statusOf(init) }),
      empty: (init?: ResponseInit) => {
        const headers = new Headers(init?.headers);
        if (!headers.has("content-length")) headers.set("content-length", "0");
        return new HttpResponse(null, { ...init, status: statusOf(init), headers });
      },
    };
  };
  return Object.assign(helper, { untyped: (response: Response) => response });
}

/** msw's `http` for OpenAPI paths (`/clients/{id}`) under `baseUrl`: the handlers and any override use the same. */
export function createHttp({ baseUrl = "" }: { baseUrl?: string } = {}): TypedHttp {
  const base = baseUrl.replace(/\/+$/, "");
  const typed = Object.fromEntries(
    METHODS.map((method) => [
      method,
      (path: string, resolver: Resolver, options?: HandlerOptions) =>
        http[method](`${base}${path.replace(/\{([^}]+)\}/g, ":$1")}`, (info) => resolver({ ...info, query: new URL(info.request.url).searchParams, response: responseHelper() }), options),
    ]),
  ) as Record<Method, TypedHttp["get"]>;
  return { ...typed, untyped: http };
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

/** A store kept as JSON under one key of a web storage; unreadable data counts as none. */
function webStorageKeeper(where: PersistIn, key: string): StoreKeeper & { forget(): void } {
  const storage = (globalThis as { localStorage?: Storage; sessionStorage?: Storage })[where];
  if (!storage) throw new Error(`persist: "${where}" is not available here (it exists in browsers; in Node.js leave persist out)`);
  return {
    load: () => {
      const text = storage.getItem(key);
      try {
        return text === null ? undefined : (JSON.parse(text) as SeedData);
      } catch {
        return undefined;
      }
    },
    save: (data) => storage.setItem(key, JSON.stringify(data)),
    forget: () => storage.removeItem(key),
  };
}

export interface MockHandlerSetup extends StatefulHandlerOptions {
  stateful: boolean;
  /** Validators compiled ahead by canonical pointer (the browser bundle's: nothing is compiled at run time). */
  precompiled?: Readonly<Record<string, ValidateFunction>>;
}

/** Handlers for every operation of `doc` answering at `baseUrl`, all sharing one store. */
export function createMockHandlers<OperationId extends string = string>(
  doc: OpenApiDocument,
  name: string,
  defaultBaseUrl: string,
  { stateful, precompiled, seed, persist, ...options }: MockHandlerSetup,
): MockHandlers<OperationId> {
  const baseUrl = (options.baseUrl ?? defaultBaseUrl).replace(/\/+$/, "");
  // A relative base URL (`/api/v1`) is the page's own origin: only its path matters here.
  const basePath = new URL(baseUrl, "http://relative.invalid").pathname.replace(/\/+$/, "");
  if (!stateful && (seed !== undefined || persist !== undefined)) throw new Error("seed and persist are options of createStatefulHandlers: the example handlers keep no data");
  const keeper = persist === undefined ? undefined : webStorageKeeper(persist, `clients-contract:${name}:${baseUrl}`);
  const model = buildModel(doc, name, {}, precompiled);
  const { api } = specApi(doc, name, { model, stateless: !stateful, ...(seed === undefined ? {} : { seed }), ...(keeper ? { keeper } : {}) });
  const engine: Engine = createEngine(api, doc, { validators: model.validators, rejectUnknownQuery: true, ...(options.token === undefined ? {} : { token: options.token }) });
  const typed = createHttp({ baseUrl });
  const byOperation = Object.fromEntries(
    model.operations.map((op) => [op.operationId, typed[op.method as Method](op.path, async ({ request }) => toResponse(await engine.answer(new FetchEngineRequest(request, basePath))))]),
  ) as Record<OperationId, HttpHandler>;
  const reset = () => {
    keeper?.forget();
    engine.reset();
  };
  return { handlers: Object.values(byOperation), byOperation, reset, http: typed };
}
