// Generated from openapi/fullengage/openapi.yaml by `npm run generate`. Do not edit.

export interface paths {
    "/clients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List clients
         * @description Returns one page of the organization's clients and the number of clients that
         *     match the filters. Use `limit` and `offset` to page, `sortBy` and `sortOrder`
         *     to order, `query` to search names and phone numbers and `status` to filter.
         */
        get: operations["listClients"];
        put?: never;
        /**
         * Create a client
         * @description Creates a client in the organization and returns it.
         */
        post: operations["createClient"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/clients/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The client's ID (a UUID).
                 * @example 5b0f7c1e-8d2a-4c3b-9e61-2f4a7d9c0b13
                 */
                id: components["parameters"]["ClientId"];
            };
            cookie?: never;
        };
        /**
         * Get a client
         * @description Returns one client of the organization.
         */
        get: operations["getClient"];
        put?: never;
        post?: never;
        /**
         * Delete a client
         * @description Deletes a client for good.
         */
        delete: operations["deleteClient"];
        options?: never;
        head?: never;
        /**
         * Update a client
         * @description Changes the given fields of a client and returns the client as stored. The body
         *     takes the same fields as create, all optional; `null` clears `phone` or `notes`.
         */
        patch: operations["updateClient"];
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description Whether the organization currently works with the client.
         * @example active
         * @enum {string}
         */
        ClientStatus: "active" | "inactive";
        /** @description A client of the organization. */
        Client: {
            /**
             * Format: uuid
             * @description The client's ID.
             * @example 5b0f7c1e-8d2a-4c3b-9e61-2f4a7d9c0b13
             */
            id: string;
            /**
             * @description The client's name.
             * @example John Doe
             */
            name: string;
            /**
             * @description Phone number, free text as entered; `null` when none was given.
             * @example +1 555-1234
             */
            phone: string | null;
            status: components["schemas"]["ClientStatus"];
            /**
             * @description Free-text notes; `null` when none were given.
             * @example No longer active
             */
            notes: string | null;
            /**
             * Format: date-time
             * @description When the client was created.
             * @example 2026-03-02T09:15:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description When the client was last changed.
             * @example 2026-03-04T16:40:12.000Z
             */
            updatedAt: string;
        };
        /** @description One page of clients and the number of clients that match the request. */
        ClientList: {
            /** @description The clients of this page. */
            data: components["schemas"]["Client"][];
            /**
             * @description Number of clients matching the filters, across all pages.
             * @example 42
             */
            total: number;
        };
        /** @description An error, as a single human-readable message. */
        ErrorBody: {
            /**
             * @description What went wrong.
             * @example Invalid API key
             */
            error: string;
        };
        /** @description Fields of a new client. */
        ClientCreate: {
            /**
             * @description The client's name.
             * @example John Doe
             */
            name: string;
            /**
             * @description Phone number, free text; `null` or absent for none.
             * @example +1 555-1234
             */
            phone?: string | null;
            /** @default active */
            status?: components["schemas"]["ClientStatus"];
            /**
             * @description Free-text notes; `null` or absent for none.
             * @example Prefers calls in the morning
             */
            notes?: string | null;
        };
        /** @description One client, wrapped in `data`. */
        ClientEnvelope: {
            data: components["schemas"]["Client"];
        };
        /** @description Confirmation that the client was deleted. */
        DeleteResult: {
            /**
             * @description Always `true`.
             * @example true
             * @constant
             */
            success: true;
        };
        /** @description The fields to change; the same fields as create, all optional. An empty body changes nothing. */
        ClientUpdate: {
            /**
             * @description The client's name.
             * @example John Doe
             */
            name?: string;
            /**
             * @description Phone number, free text; `null` clears it.
             * @example +1 555-1234
             */
            phone?: string | null;
            status?: components["schemas"]["ClientStatus"];
            /**
             * @description Free-text notes; `null` clears them.
             * @example No longer active
             */
            notes?: string | null;
        };
    };
    responses: {
        /** @description The request has an invalid parameter or body. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description The API key is missing, invalid, expired or revoked. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description No client with this ID exists in the organization. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
    };
    parameters: {
        /**
         * @description Number of clients to return, from 1 to 100.
         * @example 10
         */
        Limit: number;
        /**
         * @description Number of matching clients to skip before the page starts.
         * @example 20
         */
        Offset: number;
        /**
         * @description Search text; the vendor's page says only "Search by name or phone". Here a client
         *     matches when its name or phone number contains the text, ignoring case.
         * @example John
         */
        Query: string;
        /**
         * @description Field to sort the clients by.
         * @example name
         */
        SortBy: "name" | "phone" | "status" | "createdAt";
        /**
         * @description Sort direction.
         * @example desc
         */
        SortOrder: "asc" | "desc";
        /**
         * @description Only clients whose status is one of these. The vendor sends the list
         *     comma-separated (`status=active,inactive`), which is OpenAPI's `form` style
         *     without `explode`.
         * @example [
         *       "active"
         *     ]
         */
        StatusFilter: components["schemas"]["ClientStatus"][];
        /**
         * @description The client's ID (a UUID).
         * @example 5b0f7c1e-8d2a-4c3b-9e61-2f4a7d9c0b13
         */
        ClientId: string;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type ClientStatus = components['schemas']['ClientStatus'];
export type Client = components['schemas']['Client'];
export type ClientList = components['schemas']['ClientList'];
export type ErrorBody = components['schemas']['ErrorBody'];
export type ClientCreate = components['schemas']['ClientCreate'];
export type ClientEnvelope = components['schemas']['ClientEnvelope'];
export type DeleteResult = components['schemas']['DeleteResult'];
export type ClientUpdate = components['schemas']['ClientUpdate'];
export type ResponseBadRequest = components['responses']['BadRequest'];
export type ResponseUnauthorized = components['responses']['Unauthorized'];
export type ResponseNotFound = components['responses']['NotFound'];
export type ParameterLimit = components['parameters']['Limit'];
export type ParameterOffset = components['parameters']['Offset'];
export type ParameterQuery = components['parameters']['Query'];
export type ParameterSortBy = components['parameters']['SortBy'];
export type ParameterSortOrder = components['parameters']['SortOrder'];
export type ParameterStatusFilter = components['parameters']['StatusFilter'];
export type ParameterClientId = components['parameters']['ClientId'];
export type $defs = Record<string, never>;
export interface operations {
    listClients: {
        parameters: {
            query?: {
                /**
                 * @description Number of clients to return, from 1 to 100.
                 * @example 10
                 */
                limit?: components["parameters"]["Limit"];
                /**
                 * @description Number of matching clients to skip before the page starts.
                 * @example 20
                 */
                offset?: components["parameters"]["Offset"];
                /**
                 * @description Search text; the vendor's page says only "Search by name or phone". Here a client
                 *     matches when its name or phone number contains the text, ignoring case.
                 * @example John
                 */
                query?: components["parameters"]["Query"];
                /**
                 * @description Field to sort the clients by.
                 * @example name
                 */
                sortBy?: components["parameters"]["SortBy"];
                /**
                 * @description Sort direction.
                 * @example desc
                 */
                sortOrder?: components["parameters"]["SortOrder"];
                /**
                 * @description Only clients whose status is one of these. The vendor sends the list
                 *     comma-separated (`status=active,inactive`), which is OpenAPI's `form` style
                 *     without `explode`.
                 * @example [
                 *       "active"
                 *     ]
                 */
                status?: components["parameters"]["StatusFilter"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of clients and the total number of matching clients. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
        };
    };
    createClient: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ClientCreate"];
            };
        };
        responses: {
            /** @description The client was created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
        };
    };
    getClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The client's ID (a UUID).
                 * @example 5b0f7c1e-8d2a-4c3b-9e61-2f4a7d9c0b13
                 */
                id: components["parameters"]["ClientId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The client. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
        };
    };
    deleteClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The client's ID (a UUID).
                 * @example 5b0f7c1e-8d2a-4c3b-9e61-2f4a7d9c0b13
                 */
                id: components["parameters"]["ClientId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The client was deleted. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeleteResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
        };
    };
    updateClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The client's ID (a UUID).
                 * @example 5b0f7c1e-8d2a-4c3b-9e61-2f4a7d9c0b13
                 */
                id: components["parameters"]["ClientId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ClientUpdate"];
            };
        };
        responses: {
            /** @description The client after the update. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
        };
    };
}
