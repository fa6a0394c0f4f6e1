// Generated from openapi/gym/openapi.yaml by `npm run generate`. Do not edit.
import type { ApiClient, ApiClientOptions } from "../client-runtime.js";
import type { paths } from "./schema.js";

export type * from "./schema.js";
export type { ApiClientOptions, TokenSource } from "../client-runtime.js";
export { ResponseValidationError } from "../response-validation.js";
export type { ResponseProblem, ValidateMode } from "../response-validation.js";

/** The spec's servers, variables replaced by their defaults. */
export declare const servers: readonly [{ readonly url: "http://63.141.232.244:25540/v0"; readonly description: "The vendor's public instance (plain HTTP, as the vendor documents it)." }, { readonly url: "http://127.0.0.1:4011"; readonly description: "Local Prism mock started by `npm run mock`." }];

/** Where requests go unless `baseUrl` says otherwise. */
export declare const defaultBaseUrl: "http://63.141.232.244:25540/v0";

/** A client of Gym API Clients, typed by its spec. */
export type TypedClient = ApiClient<paths>;

/**
 * A typed client of Gym API Clients.
 * `options.token` is sent as `Authorization: Bearer <token>`.
 * Requests go to `options.baseUrl`, by default http://63.141.232.244:25540/v0.
 */
export declare function createClient(options?: ApiClientOptions): TypedClient;
