// Generated from openapi/asa/openapi.yaml by `npm run generate`. Do not edit.
import { createValidatingClient } from "../response-validation.js";
import { createClient as createPlainClient } from "./index.js";
import { operations } from "./validators.js";

export { ResponseValidationError } from "../response-validation.js";
export { defaultBaseUrl, servers } from "./index.js";

/**
 * @param {import("../response-validation.js").ValidatingClientOptions} [options]
 * @returns {ReturnType<typeof createPlainClient>}
 */
export function createClient(options) {
  return createValidatingClient(createPlainClient, operations, options);
}
