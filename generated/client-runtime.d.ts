// Generated from scripts/generate/client-runtime.js by `npm run generate`. Do not edit.
export function fetchAtRequestTime(request: Request, init?: RequestInit): Promise<Response>;
/**
 * @template {{}} Paths
 * @param {ApiDescriptor} api
 * @param {ApiClientOptions} [options]
 * @returns {ApiClient<Paths>}
 */
export function createApiClient<Paths extends {}>(api: ApiDescriptor, options?: ApiClientOptions): ApiClient<Paths>;
/**
 * A credential, or a function that returns the current one (called before every
 * request, so it may refresh).
 * @typedef {string | (() => string | Promise<string>)} TokenSource
 */
/**
 * A fetch: the platform's, or any function that answers a Request.
 * @typedef {(request: Request, init?: RequestInit) => Promise<Response>} FetchFunction
 */
/**
 * @typedef {object} ApiClientOptions
 * @property {string} [baseUrl] Root URL of the API, e.g. a mock or a staging host; in a browser it may be relative (`/api/v1`), resolved against `location` when the client is created. Default: the vendor's production server.
 * @property {TokenSource} [token] Sent the way the API authenticates (see the API's `createClient`). Omitted: no credential is sent.
 * @property {FetchFunction} [fetch] The fetch every request goes through; `init.signal` carries the request's deadline. Default: whatever `globalThis.fetch` is when each request is sent, so that a mock installed later (msw's `server.listen()`) still sees it.
 * @property {number} [timeoutMs] Milliseconds before a request, body included, is aborted with a `TimeoutError` DOMException. Default: 10 000.
 */
/**
 * Where an API's security scheme puts the credential.
 * @typedef {object} HeaderAuth
 * @property {"header"} in
 * @property {string} name Header name, e.g. `Authorization` or `X-Magloft-Accesstoken`.
 * @property {string} prefix Text before the credential: `Bearer ` for HTTP bearer auth, empty for an API key.
 */
/**
 * What a generated client knows about its API, all taken from the spec.
 * @typedef {object} ApiDescriptor
 * @property {string} defaultBaseUrl The spec's first server, variables replaced by their defaults.
 * @property {HeaderAuth | null} auth From the spec's root `security`; `null` when the API takes no credential.
 * @property {import("openapi-fetch").QuerySerializerOptions} [querySerializer] Array style of the spec's query parameters, when it has array parameters.
 */
/**
 * An openapi-fetch client of one API: `GET`, `POST`, ..., and `use()` for more middleware;
 * its calls reject unknown keys at compile time and add a `status` that narrows
 * `data` and `error` (see client-types.d.ts).
 * @template {{}} Paths
 * @typedef {import("./client-types.js").ExactClient<Paths>} ApiClient
 */
/**
 * What a call of an openapi-fetch client resolves to, once this runtime added `status`.
 * @typedef {{ data?: unknown, error?: unknown, response: Response, status?: number }} CallResult
 */
/**
 * A call of the client, as the runtime wraps it: a path and openapi-fetch's options.
 * @typedef {(url: unknown, init?: Record<string, unknown>) => Promise<CallResult>} Call
 */
/**
 * The client's calls, as the runtime wraps them.
 * @typedef {Record<(typeof METHODS)[number], Call> & { request: (method: unknown, url: unknown, init?: Record<string, unknown>) => Promise<CallResult> }} CallMethods
 */
/** @type {10000} */
export const DEFAULT_TIMEOUT_MS: 10000;
/**
 * A credential, or a function that returns the current one (called before every
 * request, so it may refresh).
 */
export type TokenSource = string | (() => string | Promise<string>);
/**
 * A fetch: the platform's, or any function that answers a Request.
 */
export type FetchFunction = (request: Request, init?: RequestInit) => Promise<Response>;
export type ApiClientOptions = {
    /**
     * Root URL of the API, e.g. a mock or a staging host; in a browser it may be relative (`/api/v1`), resolved against `location` when the client is created. Default: the vendor's production server.
     */
    baseUrl?: string | undefined;
    /**
     * Sent the way the API authenticates (see the API's `createClient`). Omitted: no credential is sent.
     */
    token?: TokenSource | undefined;
    /**
     * The fetch every request goes through; `init.signal` carries the request's deadline. Default: whatever `globalThis.fetch` is when each request is sent, so that a mock installed later (msw's `server.listen()`) still sees it.
     */
    fetch?: FetchFunction | undefined;
    /**
     * Milliseconds before a request, body included, is aborted with a `TimeoutError` DOMException. Default: 10 000.
     */
    timeoutMs?: number | undefined;
};
/**
 * Where an API's security scheme puts the credential.
 */
export type HeaderAuth = {
    in: "header";
    /**
     * Header name, e.g. `Authorization` or `X-Magloft-Accesstoken`.
     */
    name: string;
    /**
     * Text before the credential: `Bearer ` for HTTP bearer auth, empty for an API key.
     */
    prefix: string;
};
/**
 * What a generated client knows about its API, all taken from the spec.
 */
export type ApiDescriptor = {
    /**
     * The spec's first server, variables replaced by their defaults.
     */
    defaultBaseUrl: string;
    /**
     * From the spec's root `security`; `null` when the API takes no credential.
     */
    auth: HeaderAuth | null;
    /**
     * Array style of the spec's query parameters, when it has array parameters.
     */
    querySerializer?: import("openapi-fetch").QuerySerializerOptions | undefined;
};
/**
 * An openapi-fetch client of one API: `GET`, `POST`, ..., and `use()` for more middleware;
 * its calls reject unknown keys at compile time and add a `status` that narrows
 * `data` and `error` (see client-types.d.ts).
 */
export type ApiClient<Paths extends {}> = import("./client-types.js").ExactClient<Paths>;
/**
 * What a call of an openapi-fetch client resolves to, once this runtime added `status`.
 */
export type CallResult = {
    data?: unknown;
    error?: unknown;
    response: Response;
    status?: number;
};
/**
 * A call of the client, as the runtime wraps it: a path and openapi-fetch's options.
 */
export type Call = (url: unknown, init?: Record<string, unknown>) => Promise<CallResult>;
/**
 * The client's calls, as the runtime wraps them.
 */
export type CallMethods = Record<(typeof METHODS)[number], Call> & {
    request: (method: unknown, url: unknown, init?: Record<string, unknown>) => Promise<CallResult>;
};
declare const METHODS: readonly ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"];
export {};
