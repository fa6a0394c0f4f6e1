// Generated from scripts/generate/client-runtime.js by `npm run generate`. Do not edit.
/**
 * @template {{}} Paths
 * @param {ApiDescriptor} api
 * @param {ApiClientOptions} [options]
 * @returns {ApiClient<Paths>}
 */
export function createApiClient<Paths extends {}>(api: ApiDescriptor, options?: ApiClientOptions): ApiClient<Paths>;
export { ResponseValidationError };
/**
 * A credential, or a function that returns the current one (called before every
 * request, so it may refresh).
 * @typedef {string | (() => string | Promise<string>)} TokenSource
 */
/**
 * @typedef {object} ApiClientOptions
 * @property {string} [baseUrl] Root URL of the API, e.g. a mock or a staging host. Default: the vendor's production server.
 * @property {TokenSource} [token] Sent the way the API authenticates (see the API's `createClient`). Omitted: no credential is sent.
 * @property {(request: Request) => Promise<Response>} [fetch] The fetch every request goes through. Default: `globalThis.fetch`.
 * @property {number} [timeoutMs] Milliseconds before a request, body included, is aborted with a `TimeoutError` DOMException. Default: 10 000.
 * @property {import("./response-validation.js").ValidateMode} [validate] Check every response (status, content type, body, documented headers) against the spec with validators precompiled into generated/: `true` rejects a violating response with a `ResponseValidationError`, `"warn"` reports it to `onInvalidResponse` and returns it. Default: `false` (nothing is checked or loaded).
 * @property {(error: ResponseValidationError) => void} [onInvalidResponse] With `validate: "warn"`, called for each violating response. Default: `console.warn` of the error's message.
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
 * @property {() => Promise<{ operations: import("./response-validation.js").ResponseContracts }>} [responseContracts] Loads the API's precompiled response validators (only when a client validates).
 */
/**
 * An openapi-fetch client of one API: `GET`, `POST`, ..., and `use()` for more middleware;
 * its calls reject unknown keys at compile time (see client-types.d.ts).
 * @template {{}} Paths
 * @typedef {import("./client-types.js").ExactClient<Paths>} ApiClient
 */
/** @type {10000} */
export const DEFAULT_TIMEOUT_MS: 10000;
/**
 * A credential, or a function that returns the current one (called before every
 * request, so it may refresh).
 */
export type TokenSource = string | (() => string | Promise<string>);
export type ApiClientOptions = {
    /**
     * Root URL of the API, e.g. a mock or a staging host. Default: the vendor's production server.
     */
    baseUrl?: string | undefined;
    /**
     * Sent the way the API authenticates (see the API's `createClient`). Omitted: no credential is sent.
     */
    token?: TokenSource | undefined;
    /**
     * The fetch every request goes through. Default: `globalThis.fetch`.
     */
    fetch?: ((request: Request) => Promise<Response>) | undefined;
    /**
     * Milliseconds before a request, body included, is aborted with a `TimeoutError` DOMException. Default: 10 000.
     */
    timeoutMs?: number | undefined;
    /**
     * Check every response (status, content type, body, documented headers) against the spec with validators precompiled into generated/: `true` rejects a violating response with a `ResponseValidationError`, `"warn"` reports it to `onInvalidResponse` and returns it. Default: `false` (nothing is checked or loaded).
     */
    validate?: import("./response-validation.js").ValidateMode | undefined;
    /**
     * With `validate: "warn"`, called for each violating response. Default: `console.warn` of the error's message.
     */
    onInvalidResponse?: ((error: ResponseValidationError) => void) | undefined;
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
    /**
     * Loads the API's precompiled response validators (only when a client validates).
     */
    responseContracts?: (() => Promise<{
        operations: import("./response-validation.js").ResponseContracts;
    }>) | undefined;
};
/**
 * An openapi-fetch client of one API: `GET`, `POST`, ..., and `use()` for more middleware;
 * its calls reject unknown keys at compile time (see client-types.d.ts).
 */
export type ApiClient<Paths extends {}> = import("./client-types.js").ExactClient<Paths>;
import { ResponseValidationError } from "./response-validation.js";
