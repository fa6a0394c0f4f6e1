// The types of every API's `clients-contract/<api>/msw`, shipped as generated/msw-http.d.ts:
// the typed `http` (openapi-msw's idea, written against msw's own types, which msw 2 and
// msw 3 share) and the handler sets' options. Each API's msw.d.ts binds them to its
// `paths` and `operations`.
import type { DefaultBodyType, HttpHandler, HttpResponse, HttpResponseResolver, RequestHandlerOptions, http } from "msw";

export type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch";

/** The paths of `Paths` that have `Method` (openapi-typescript writes `get?: never` for the others). */
export type PathsFor<Paths, Method extends HttpMethod> = { [Path in keyof Paths]: Paths[Path] extends Record<Method, unknown> ? Path : never }[keyof Paths];

type OperationOf<Paths, Path extends keyof Paths, Method extends HttpMethod> = Paths[Path] extends Record<Method, infer Operation> ? Operation : never;

/** Path parameters as msw hands them over: text. */
type PathParamsOf<Operation> = Operation extends { parameters: { path: infer Params } } ? { [Name in keyof Params]: string } : Record<string, never>;

type JsonOf<Content> = { [Media in keyof Content]: Media extends `${string}json${string}` ? Content[Media] : never }[keyof Content];
type TextOf<Content> = { [Media in keyof Content]: Media extends `text/${string}` ? Content[Media] : never }[keyof Content];

type RequestBodyOf<Operation> = Operation extends { requestBody?: { content: infer Content } } ? Extract<JsonOf<Content>, DefaultBodyType> : undefined;

type ResponsesOf<Operation> = Operation extends { responses: infer Responses } ? Responses : never;
type ContentOf<Response> = Response extends { content: infer Content } ? Content : never;

/** A numbered status is the answer's own; a range (`4XX`) or `default` needs the real one in `init.status`. */
type InitFor<Status> = Status extends number ? ResponseInit | void : ResponseInit & { status: number };

/** `response(status)`: the bodies that status documents, and only those. */
export interface ResponseHelper<Responses> {
  <Status extends keyof Responses>(
    status: Status,
  ): {
    json: [JsonOf<ContentOf<Responses[Status]>>] extends [never] ? never : (body: JsonOf<ContentOf<Responses[Status]>>, init: InitFor<Status>) => HttpResponse<DefaultBodyType>;
    text: [TextOf<ContentOf<Responses[Status]>>] extends [never] ? never : (body: TextOf<ContentOf<Responses[Status]>> & string, init: InitFor<Status>) => HttpResponse<string>;
    empty: [keyof ContentOf<Responses[Status]>] extends [never] ? (init: InitFor<Status>) => HttpResponse<null> : never;
  };
  /** Any Response, unchecked: for answers the spec does not document. */
  untyped(response: Response): HttpResponse<DefaultBodyType>;
}

type MswResolver<Operation> = HttpResponseResolver<PathParamsOf<Operation>, RequestBodyOf<Operation>, DefaultBodyType>;

/** msw's resolver info, plus the query and the typed `response` helper. */
export type ResolverInfo<Operation> = Parameters<MswResolver<Operation>>[0] & {
  query: URLSearchParams;
  response: ResponseHelper<ResponsesOf<Operation>>;
};

export type TypedResolver<Operation> = (info: ResolverInfo<Operation>) => ReturnType<MswResolver<Operation>>;

/** A handler factory per method: only the spec's paths for that method, `{id}` as written there. */
export type TypedHttp<Paths> = {
  [Method in HttpMethod]: <Path extends PathsFor<Paths, Method>>(path: Path, resolver: TypedResolver<OperationOf<Paths, Path, Method>>, options?: RequestHandlerOptions) => HttpHandler;
} & {
  /** msw's own `http`, for a path the spec does not have. */
  untyped: typeof http;
};

export interface HttpOptions {
  /** Prefixed to every path: the base URL the client calls (absolute, or relative to the page: `/api/v1`). Default: the client's `defaultBaseUrl`. */
  baseUrl?: string;
}

export interface MockHandlerOptions extends HttpOptions {
  /** Accept only this token; default: any credential sent the way the API's scheme says. */
  token?: string;
}

/** Items by collection (the spec's tag: `{ Clients: [...] }`), each with its id. */
export type SeedData = Record<string, Array<Record<string, unknown>>>;

export interface StatefulHandlerOptions extends MockHandlerOptions {
  /** The items to start from, in place of the documented examples of the collections named; `reset()` restores them. */
  seed?: SeedData;
  /** Keep the data in this web storage, so a page reload finds what the page created (browsers only). */
  persist?: "localStorage" | "sessionStorage";
}

export interface MockHandlers<OperationId extends PropertyKey, Paths> {
  /** One handler per operation: hand them to `setupServer` (msw/node) or `setupWorker` (msw/browser). */
  handlers: HttpHandler[];
  /** The same handlers by operationId. */
  byOperation: Record<OperationId, HttpHandler>;
  /** Back to the seed data (stateful handlers; a no-op for the example handlers); forgets what `persist` kept. */
  reset(): void;
  /** The typed `http` at these handlers' base URL: an override made with it replaces theirs. */
  http: TypedHttp<Paths>;
}
