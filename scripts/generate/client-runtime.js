// The one runtime behind every API's typed client, shipped as generated/client-runtime.js
// (this file with a generated notice) and client-runtime.d.ts (its declarations).
// Each generated/<api>/index.js only passes the facts its spec states (server,
// security scheme, query style) to createApiClient.
// It is JavaScript typed with JSDoc, checked by tsc in strict mode, because generated/
// is type-checked like the rest of the project and the shipped file is this file.
import createFetchClient from "openapi-fetch";
import { ResponseValidationError, validateResponses } from "./response-validation.js";

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
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * @template {{}} Paths
 * @param {ApiDescriptor} api
 * @param {ApiClientOptions} [options]
 * @returns {ApiClient<Paths>}
 */
export function createApiClient(api, options = {}) {
  const timeoutMs = checkedTimeout(options.timeoutMs);
  /** @type {import("openapi-fetch").ClientOptions} */
  const clientOptions = { baseUrl: checkedBaseUrl(options.baseUrl ?? api.defaultBaseUrl) };
  if (options.fetch) clientOptions.fetch = options.fetch;
  if (api.querySerializer) clientOptions.querySerializer = api.querySerializer;

  const client = createFetchClient(clientOptions);
  if (options.token !== undefined) {
    if (!api.auth) throw new TypeError("this API takes no credential; drop the `token` option");
    client.use(credentialMiddleware(api.auth, options.token));
  }
  client.use(timeoutMiddleware(timeoutMs));
  const validation = checkedValidate(options.validate);
  if (validation !== "off") {
    if (!api.responseContracts) throw new TypeError("this client has no precompiled response validators; regenerate it");
    const report = options.onInvalidResponse ?? ((error) => console.warn(error.message));
    const calls = /** @type {import("./response-validation.js").CallMethods} */ (/** @type {unknown} */ (client));
    validateResponses(calls, options.fetch ?? globalThis.fetch, api.responseContracts, validation, report);
  }
  // The same object; ApiClient only narrows what its calls accept.
  return /** @type {ApiClient<Paths>} */ (/** @type {unknown} */ (client));
}

/**
 * @param {unknown} validate
 * @returns {"off" | "reject" | "warn"}
 */
function checkedValidate(validate) {
  if (validate === undefined || validate === false) return "off";
  if (validate === true) return "reject";
  if (validate === "warn") return "warn";
  throw new TypeError(`validate must be true, false or "warn", got ${JSON.stringify(validate)}`);
}

/**
 * @param {HeaderAuth} auth
 * @param {TokenSource} token
 * @returns {import("openapi-fetch").Middleware}
 */
function credentialMiddleware(auth, token) {
  return {
    async onRequest({ request }) {
      const credential = typeof token === "function" ? await token() : token;
      request.headers.set(auth.name, `${auth.prefix}${credential}`);
      return request;
    },
  };
}

/**
 * A signal per request: one AbortSignal.timeout() given to createClient would expire
 * once for the client's whole life. A `signal` the caller passes still works.
 * @param {number} timeoutMs
 * @returns {import("openapi-fetch").Middleware}
 */
function timeoutMiddleware(timeoutMs) {
  return {
    onRequest({ request }) {
      return new Request(request, { signal: AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)]) });
    },
  };
}

/**
 * @param {number | undefined} timeoutMs
 * @returns {number}
 */
function checkedTimeout(timeoutMs) {
  if (timeoutMs === undefined) return DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new RangeError(`timeoutMs must be a positive number of milliseconds, got ${String(timeoutMs)}`);
  }
  return timeoutMs;
}

/**
 * @param {string} baseUrl
 * @returns {string}
 */
function checkedBaseUrl(baseUrl) {
  if (!URL.canParse(baseUrl)) throw new TypeError(`baseUrl must be an absolute URL, got ${JSON.stringify(baseUrl)}`);
  return baseUrl;
}
