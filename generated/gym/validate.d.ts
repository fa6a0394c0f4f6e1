// Generated from openapi/gym/openapi.yaml by `npm run generate`. Do not edit.
import type { ValidatingClientOptions } from "../response-validation.js";
import type { TypedClient } from "./index.js";

export type * from "./index.js";
export { defaultBaseUrl, servers } from "./index.js";
export { ResponseValidationError } from "../response-validation.js";
export type { ResponseProblem, ValidateMode, ValidatingClientOptions } from "../response-validation.js";

/**
 * A typed client of Gym API Clients whose every response is checked against the spec
 * (`validate`, default `true`: a violating response rejects with a ResponseValidationError;
 * `"warn"`: it goes to `onInvalidResponse`). Otherwise the same as the main entry's.
 */
export declare function createClient(options?: ValidatingClientOptions): TypedClient;
