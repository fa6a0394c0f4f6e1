// Generated from openapi/magloft/openapi.yaml by `npm run generate`. Do not edit.
import { createApiClient } from "../client-runtime.js";

export { ResponseValidationError } from "../response-validation.js";

/** The spec's servers, variables replaced by their defaults. */
export const servers = Object.freeze([
  {
    "url": "https://www.magloft.com/api/portal/v1",
    "description": "Production."
  },
  {
    "url": "http://127.0.0.1:4014",
    "description": "Local Prism mock started by `npm run mock`."
  }
].map((server) => Object.freeze(server)));

/** Where requests go unless `baseUrl` says otherwise. */
export const defaultBaseUrl = "https://www.magloft.com/api/portal/v1";

/** @type {import("../client-runtime.js").ApiDescriptor} */
const api = {
  "defaultBaseUrl": "https://www.magloft.com/api/portal/v1",
  "auth": {
    "in": "header",
    "name": "X-Magloft-Accesstoken",
    "prefix": ""
  }
};

/**
 * @param {import("../client-runtime.js").ApiClientOptions} [options]
 * @returns {import("../client-runtime.js").ApiClient<import("./schema.js").paths>}
 */
export function createClient(options) {
  return createApiClient(api, options);
}
