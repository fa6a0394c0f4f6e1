// Generated from openapi/fullengage/openapi.yaml by `npm run generate`. Do not edit.
import type { ApiClient, ApiClientOptions } from "../client-runtime.js";
import type { paths } from "./schema.js";

export type * from "./schema.js";
export type { ApiClientOptions, TokenSource } from "../client-runtime.js";
export { ResponseValidationError } from "../response-validation.js";
export type { ResponseProblem, ValidateMode } from "../response-validation.js";

/** The spec's servers, variables replaced by their defaults. */
export declare const servers: readonly [{ readonly url: "https://your-app.com/api/v1"; readonly description: "Production, on the organization's Full Engage host." }, { readonly url: "http://127.0.0.1:4012"; readonly description: "Local Prism mock started by `npm run mock`." }];

/** Where requests go unless `baseUrl` says otherwise. */
export declare const defaultBaseUrl: "https://your-app.com/api/v1";

/** A client of Full Engage Clients API, typed by its spec. */
export type TypedClient = ApiClient<paths>;

/**
 * A typed client of Full Engage Clients API.
 * `options.token` is sent as `Authorization: Bearer <token>`.
 * Requests go to `options.baseUrl`, by default https://your-app.com/api/v1.
 */
export declare function createClient(options?: ApiClientOptions): TypedClient;
