// Generated from openapi/magloft/openapi.yaml by `npm run generate`. Do not edit.
import createOpenapiQueryClient from "openapi-react-query";
import { createClient } from "./index.js";

/**
 * @param {import("./index.js").TypedClient} [client]
 * @returns {import("./query.js").QueryHooks}
 */
export function createQueryHooks(client = createClient()) {
  // openapi-react-query only calls GET, POST, ...; the exact call types are ours.
  return createOpenapiQueryClient(/** @type {import("openapi-fetch").Client<import("./index.js").paths, "application/json">} */ (/** @type {unknown} */ (client)));
}
