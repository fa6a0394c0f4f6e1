// Generated from openapi/gym/openapi.yaml by `npm run generate`. Do not edit.
import type { HttpHandler } from "msw";
import type { OpenApiHttpHandlers } from "openapi-msw";
import type { operations, paths } from "./schema.js";

export interface MockHandlerOptions {
  /** Where the handlers answer; default: the client's `defaultBaseUrl`. */
  baseUrl?: string;
  /** Accept only this token; default: any credential sent the way the API's scheme says. */
  token?: string;
}

export interface MockHandlers {
  /** One handler per operation: hand them to `setupServer` (msw/node) or `setupWorker` (msw/browser). */
  handlers: HttpHandler[];
  /** The same handlers by operationId. */
  byOperation: Record<keyof operations, HttpHandler>;
  /** Back to the seed data (stateful handlers; a no-op for the example handlers). */
  reset(): void;
}

/** Handlers that answer every operation with its documented example, after the mock's auth and validation. */
export declare const handlers: HttpHandler[];
/** The example handlers by operationId. */
export declare const handlersByOperation: Record<keyof operations, HttpHandler>;
/** Example handlers at another base URL or with a fixed token. */
export declare function createHandlers(options?: MockHandlerOptions): MockHandlers;
/** Handlers that share one in-memory store seeded with the examples: creates, updates and deletes persist. */
export declare function createStatefulHandlers(options?: MockHandlerOptions): MockHandlers;
/** openapi-msw's `http`, typed by this API's paths and answering at the default base URL: write your own handlers. */
export declare const http: OpenApiHttpHandlers<paths>;
