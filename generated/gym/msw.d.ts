// Generated from openapi/gym/openapi.yaml by `npm run generate`. Do not edit.
import type { HttpHandler } from "msw";
import type { HttpOptions, MockHandlerOptions, MockHandlers, StatefulHandlerOptions, TypedHttp } from "../msw-http.js";
import type { operations, paths } from "./schema.js";

export type { HttpOptions, MockHandlerOptions, SeedData, StatefulHandlerOptions } from "../msw-http.js";

/** Handlers that answer every operation with its documented example, after the mock's auth and validation. */
export declare const handlers: HttpHandler[];
/** The example handlers by operationId. */
export declare const handlersByOperation: Record<keyof operations, HttpHandler>;
/** Example handlers at another base URL or with a fixed token. */
export declare function createHandlers(options?: MockHandlerOptions): MockHandlers<keyof operations, paths>;
/** Handlers that share one store seeded with the examples (or `seed`): creates, updates and deletes persist. */
export declare function createStatefulHandlers(options?: StatefulHandlerOptions): MockHandlers<keyof operations, paths>;
/** msw's `http` typed by this API's paths, at `baseUrl` (default: the client's default base URL). */
export declare function createHttp(options?: HttpOptions): TypedHttp<paths>;
/** `createHttp()`: handlers of your own at the default base URL. */
export declare const http: TypedHttp<paths>;
