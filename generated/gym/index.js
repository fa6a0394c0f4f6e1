// Generated from openapi/gym/openapi.yaml by `npm run generate`. Do not edit.
import { createApiClient } from "../client-runtime.js";

export { ResponseValidationError } from "../response-validation.js";

/** The spec's servers, variables replaced by their defaults. */
export const servers = Object.freeze([
  {
    "url": "http://63.141.232.244:25540/v0",
    "description": "The vendor's public instance (plain HTTP, as the vendor documents it)."
  },
  {
    "url": "http://127.0.0.1:4011",
    "description": "Local Prism mock started by `npm run mock`."
  }
].map((server) => Object.freeze(server)));

/** Where requests go unless `baseUrl` says otherwise. */
export const defaultBaseUrl = "http://63.141.232.244:25540/v0";

/** @type {import("../client-runtime.js").ApiDescriptor} */
const api = {
  "defaultBaseUrl": "http://63.141.232.244:25540/v0",
  "auth": {
    "in": "header",
    "name": "Authorization",
    "prefix": "Bearer "
  }
};

/**
 * @param {import("../client-runtime.js").ApiClientOptions} [options]
 * @returns {import("../client-runtime.js").ApiClient<import("./schema.js").paths>}
 */
export function createClient(options) {
  return createApiClient(api, options);
}
