// Generated from openapi/magloft/openapi.yaml by `npm run generate`. Do not edit.
import type { ApiClient, ApiClientOptions } from "../client-runtime.js";
import type { paths } from "./schema.js";

export type * from "./schema.js";
export type { ApiClientOptions, TokenSource } from "../client-runtime.js";
export { ResponseValidationError } from "../response-validation.js";
export type { ResponseProblem, ValidateMode } from "../response-validation.js";

/** The spec's servers, variables replaced by their defaults. */
export declare const servers: readonly [{ readonly url: "https://www.magloft.com/api/portal/v1"; readonly description: "Production." }, { readonly url: "http://127.0.0.1:4014"; readonly description: "Local Prism mock started by `npm run mock`." }];

/** Where requests go unless `baseUrl` says otherwise. */
export declare const defaultBaseUrl: "https://www.magloft.com/api/portal/v1";

/** A client of MagLoft Portal API Clients, typed by its spec. */
export type TypedClient = ApiClient<paths>;

/**
 * A typed client of MagLoft Portal API Clients.
 * `options.token` is sent as `X-Magloft-Accesstoken: <token>`.
 * Requests go to `options.baseUrl`, by default https://www.magloft.com/api/portal/v1.
 */
export declare function createClient(options?: ApiClientOptions): TypedClient;
