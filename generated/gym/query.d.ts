// Generated from openapi/gym/openapi.yaml by `npm run generate`. Do not edit.
import type { OpenapiQueryClient } from "openapi-react-query";
import type { TypedClient } from "./index.js";
import type { paths } from "./schema.js";

/** TanStack Query hooks of Gym API Clients: `useQuery`, `useMutation`, `queryOptions`, ..., typed by its spec. */
export type QueryHooks = OpenapiQueryClient<paths, "application/json">;

/**
 * openapi-react-query's hooks over `client` (default: `createClient()` of the main
 * entry; pass one with your `baseUrl` and `token`, or a validating one).
 */
export declare function createQueryHooks(client?: TypedClient): QueryHooks;
