// The one runtime behind every API's typed client, shipped as generated/client-runtime.js
// (this file with a generated notice) and client-runtime.d.ts (its declarations).
// Each generated/<api>/index.js only passes the facts its spec states (server,
// security scheme, query style) to createApiClient. Response validation is not here:
// generated/<api>/validate.js adds it, so that a bundle of a client that does not
// validate never holds the validators (a lazy import would not do: a bundler without
// code splitting inlines it).
// It is JavaScript typed with JSDoc, checked by tsc in strict mode, because generated/
// is type-checked like the rest of the project and the shipped file is this file.
import createFetchClient from "openapi-fetch";

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
export const DEFAULT_TIMEOUT_MS = 10_000;

const METHODS = /** @type {const} */ (["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"]);

/**
 * The fetch of a client given none: `globalThis.fetch` as it is when the request is
 * sent, not when the client was created (openapi-fetch's default), so that msw's
 * `server.listen()`, which replaces it, intercepts clients created before it ran.
 * @type {FetchFunction}
 */
export function fetchAtRequestTime(request, init) {
  return globalThis.fetch(request, init);
}

/**
 * @template {{}} Paths
 * @param {ApiDescriptor} api
 * @param {ApiClientOptions} [options]
 * @returns {ApiClient<Paths>}
 */
export function createApiClient(api, options = {}) {
  refuseValidateOption(options);
  const timeoutMs = checkedTimeout(options.timeoutMs);
  const token = options.token;
  if (token !== undefined && !api.auth) throw new TypeError("this API takes no credential; drop the `token` option");
  /** @type {import("openapi-fetch").ClientOptions} */
  const clientOptions = { baseUrl: resolvedBaseUrl(options.baseUrl ?? api.defaultBaseUrl) };
  const clientFetch = options.fetch ?? fetchAtRequestTime;
  if (api.querySerializer) clientOptions.querySerializer = api.querySerializer;
  // A fixed credential is a default header, which costs a call nothing; a function is
  // asked before every request.
  if (api.auth && typeof token === "string") clientOptions.headers = { [api.auth.name]: `${api.auth.prefix}${token}` };
  const client = createFetchClient(clientOptions);
  if (api.auth && typeof token === "function") client.use(credentialMiddleware(api.auth, token));
  const calls = /** @type {CallMethods} */ (/** @type {unknown} */ (client));
  for (const method of METHODS) {
    const send = calls[method];
    calls[method] = (url, init) => timedCall(send, clientFetch, url, init, timeoutMs);
  }
  const request = calls.request;
  calls.request = (method, url, init) => timedCall((path, options) => request(method, path, options), clientFetch, url, init, timeoutMs);
  // The same object; ApiClient only narrows what its calls accept and adds `status`.
  return /** @type {ApiClient<Paths>} */ (/** @type {unknown} */ (client));
}

/**
 * One call with its own deadline. The deadline's signal goes to the fetch as
 * `init.signal` (a fetch that reads it, as the platform's and msw's do, aborts the
 * request and its body), not into the Request: rebuilding each Request in a middleware,
 * or giving openapi-fetch a signal to build it with, cost more than the rest of a call,
 * and in Node.js so does making an AbortSignal, so it is made when the fetch reads it.
 * The call also rejects at the deadline when the fetch ignores `init`. The timer stops
 * once openapi-fetch has read the body; a streamed body is read by the caller
 * afterwards, so its deadline is a self-clearing AbortSignal.timeout(). A `signal` the
 * caller passes still aborts.
 * @param {Call} send
 * @param {FetchFunction} clientFetch
 * @param {unknown} url
 * @param {Record<string, unknown> | undefined} init
 * @param {number} timeoutMs
 * @returns {Promise<CallResult>}
 */
function timedCall(send, clientFetch, url, init, timeoutMs) {
  const fetch = /** @type {FetchFunction} */ (init?.fetch ?? clientFetch);
  const deadline = new CallDeadline(/** @type {AbortSignal | undefined} */ (init?.signal), timeoutMs, init?.parseAs === "stream");
  const fetchInit = deadline.fetchInit();
  const call = send(url, { ...init, fetch: (/** @type {Request} */ request) => fetch(request, fetchInit) });
  if (deadline.streamed) return call.then(withStatus);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(deadline.expire()), timeoutMs);
    call.then(
      (result) => {
        clearTimeout(timer);
        resolve(withStatus(result));
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

const DEADLINE = Symbol("deadline");

/**
 * `init.signal` of every call: one getter for all, an own enumerable property (so that a
 * fetch that spreads `init` into its own still passes it on). A getter written in an
 * object literal is a new function per call, and V8 gives each such object a shape of
 * its own: that cost a third of a call (bench: client call, validate off).
 * @type {PropertyDescriptor & ThisType<{ [DEADLINE]: CallDeadline }>}
 */
const SIGNAL_PROPERTY = {
  enumerable: true,
  get() {
    return this[DEADLINE].signal();
  },
};

/** What a call's deadline needs: its signal, made on first read, and the abort when it passes. */
class CallDeadline {
  /** @type {AbortController | undefined} */
  #controller;
  /** @type {AbortSignal | undefined} */
  #signal;

  /**
   * @param {AbortSignal | undefined} callerSignal
   * @param {number} timeoutMs
   * @param {boolean} streamed
   */
  constructor(callerSignal, timeoutMs, streamed) {
    this.callerSignal = callerSignal;
    this.timeoutMs = timeoutMs;
    this.streamed = streamed;
  }

  /** @returns {{ readonly signal: AbortSignal }} */
  fetchInit() {
    // defineProperty's type does not know the property it adds.
    return /** @type {{ readonly signal: AbortSignal }} */ (/** @type {unknown} */ (Object.defineProperty({ [DEADLINE]: this }, "signal", SIGNAL_PROPERTY)));
  }

  /** @returns {AbortSignal} */
  signal() {
    return (this.#signal ??= eitherSignal(this.callerSignal, this.streamed ? AbortSignal.timeout(this.timeoutMs) : (this.#controller = new AbortController()).signal));
  }

  /** Aborts the fetch, if it read the signal; returns the reason the call rejects with. */
  expire() {
    const reason = new DOMException(`no complete response within timeoutMs (${this.timeoutMs} ms)`, "TimeoutError");
    this.#controller?.abort(reason);
    return reason;
  }
}

/**
 * @param {AbortSignal | undefined} callerSignal
 * @param {AbortSignal} deadline
 * @returns {AbortSignal}
 */
function eitherSignal(callerSignal, deadline) {
  return callerSignal ? AbortSignal.any([callerSignal, deadline]) : deadline;
}

/**
 * The response's status beside `data` and `error`: the field a check narrows both by.
 * @param {CallResult} result
 * @returns {CallResult}
 */
function withStatus(result) {
  result.status = result.response.status;
  return result;
}

/**
 * Validation lives in the API's `/validate` subpath; a client that asks for it here
 * would otherwise silently check nothing.
 * @param {ApiClientOptions & { validate?: unknown, onInvalidResponse?: unknown }} options
 */
function refuseValidateOption(options) {
  if (options.validate || options.onInvalidResponse) {
    throw new TypeError("response validation comes from the API's /validate subpath: import { createClient } from \"clients-contract/<api>/validate\"");
  }
}

/**
 * @param {HeaderAuth} auth
 * @param {() => string | Promise<string>} token
 * @returns {import("openapi-fetch").Middleware}
 */
function credentialMiddleware(auth, token) {
  return {
    async onRequest({ request }) {
      request.headers.set(auth.name, `${auth.prefix}${await token()}`);
      return request;
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
 * An absolute URL as it is; a relative one against the page's `location` (a browser,
 * a worker), since a same-origin API behind the dev server's proxy is the usual setup.
 * @param {string} baseUrl
 * @returns {string}
 */
function resolvedBaseUrl(baseUrl) {
  if (URL.canParse(baseUrl)) return baseUrl;
  const page = /** @type {{ location?: { href: string } }} */ (globalThis).location?.href;
  if (page === undefined) {
    throw new TypeError(`baseUrl ${JSON.stringify(baseUrl)} is relative, and outside a browser there is no \`location\` to resolve it against: pass an absolute URL`);
  }
  if (!URL.canParse(baseUrl, page)) throw new TypeError(`baseUrl must be a URL, got ${JSON.stringify(baseUrl)}`);
  return new URL(baseUrl, page).href;
}
