// Generated from openapi/biometricscloud/openapi.yaml by `npm run generate`. Do not edit.

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
         * @description Returns the clients who granted the signed-in user access, one page at a time.
         *     Records come in descending ID order; pass the `next_id` of a page as the
         *     `offset` of the next request to continue below it.
         */
        get: operations["listClients"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/client/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The client's numeric ID.
                 * @example 1
                 */
                id: components["parameters"]["ClientId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Unlink a client
         * @description Severs the link between the signed-in user (for example a clinician) and the
         *     client: the client no longer appears in the user's list. The path is singular
         *     (`/client/{id}`), unlike the list's `/clients`; that is the vendor's real URL.
         */
        delete: operations["deleteClient"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description A client (a user who shares health metrics) as the signed-in user sees them.
         *     Every field is always present; unset values are `null`, `0` or Go's zero time.
         */
        Client: {
            /**
             * @description The client's numeric ID; also the list cursor.
             * @example 2
             */
            id: number;
            /**
             * Format: uuid
             * @description The client's public UUID.
             * @example d6b5e2da-e60e-4d72-8f71-a7a531e198f4
             */
            uuid: string;
            /**
             * @description ID of the tenant (organization) the client belongs to.
             * @example 1
             */
            tenant_id: number;
            /**
             * @description The client's username.
             * @example fherbert2
             */
            username: string;
            /**
             * Format: email
             * @description The client's email address.
             * @example fherbert2@dune.com
             */
            email: string;
            /**
             * @description Given name.
             * @example Frank
             */
            first_name: string;
            /**
             * @description Family name.
             * @example Herbert
             */
            last_name: string;
            /**
             * @description Full name, given name first.
             * @example Frank Herbert
             */
            name: string;
            /**
             * @description Full name for sorting, family name first.
             * @example Herbert, Frank
             */
            lexical_name: string;
            /**
             * @description Account state code. The vendor does not publish the codes; `1` is the only value shown.
             * @example 1
             */
            state: number;
            /**
             * @description ID of the client's role.
             * @example 2
             */
            role_id: number;
            /**
             * @description IANA time zone name.
             * @example UTC
             */
            timezone: string;
            /**
             * @description Preferred language code.
             * @example en
             */
            language: string;
            /**
             * @description Country name.
             * @example Canada
             */
            country: string;
            /**
             * @description International dialling code of the country, without `+`.
             * @example 1
             */
            country_tel_code: string;
            /**
             * @description Telephone number as entered.
             * @example (123) 456-7898
             */
            telephone: string;
            /**
             * @description Whether the client agreed to the terms of service.
             * @example true
             */
            agree_tos: boolean;
            /**
             * Format: date-time
             * @description When the record was created.
             * @example 2022-06-18T19:38:08.468648Z
             */
            created_time: string;
            /**
             * Format: date-time
             * @description When the record was last changed.
             * @example 2022-06-18T19:38:08.468648Z
             */
            modified_time: string;
            /**
             * Format: date-time
             * @description When the client joined; `0001-01-01T00:00:00Z` (Go's zero time) when unset.
             * @example 0001-01-01T00:00:00Z
             */
            joined_time: string;
            /**
             * Format: date-time
             * @description When the pending password reset expires; `0001-01-01T00:00:00Z` when there is none.
             * @example 0001-01-01T00:00:00Z
             */
            pr_expiry_time: string;
            /**
             * @description Storage key of the avatar image; `null` when there is none.
             * @example avatars/2/portrait.png
             */
            avatar_s3_key: string | null;
            /**
             * @description Title of the avatar image; `null` when there is none.
             * @example portrait.png
             */
            avatar_title: string | null;
            /**
             * @description Download URL of the avatar image; `null` when there is none.
             * @example https://biometricscloud.net/media/avatars/2/portrait.png
             */
            avatar_file_url: string | null;
            /**
             * @description Date of birth; `null` when unknown. Only `null` is shown by the vendor, so no format is asserted.
             * @example 1920-10-08
             */
            date_of_birth: string | null;
            /**
             * @description Gender as entered; `null` when unknown. Only `null` is shown by the vendor.
             * @example male
             */
            gender: string | null;
            /**
             * @description Marital status as entered; `null` when unknown. Only `null` is shown by the vendor.
             * @example married
             */
            marital_status: string | null;
            /**
             * @description Number of children; `null` when unknown. Only `null` is shown by the vendor.
             * @example 2
             */
            children_count: number | null;
            /**
             * @description Blood group; `null` when unknown. Only `null` is shown by the vendor.
             * @example O+
             */
            blood_group: string | null;
            /**
             * @description Height in metres; `0` when unknown.
             * @example 0
             */
            height_in_meters: number;
            /**
             * @description Weight in kilograms; `0` when unknown.
             * @example 0
             */
            weight_in_kg: number;
            /**
             * @description Body mass index; `0` when unknown.
             * @example 0
             */
            body_mass_index: number;
            /**
             * @description Body fat in percent; `0` when unknown.
             * @example 0
             */
            body_fat_percentage: number;
            /**
             * @description Known allergies; `null` when none are recorded. The vendor shows only `null`,
             *     so no other type is asserted (it may be text or a list).
             * @example null
             */
            allergies: unknown;
            /**
             * @description Known illnesses; `null` when none are recorded. The vendor shows only `null`,
             *     so no other type is asserted (it may be text or a list).
             * @example null
             */
            illnesses: unknown;
            /**
             * @description The client's metrics; `null` when none are shared. The vendor shows only
             *     `null`, so no other type is asserted.
             * @example null
             */
            metrics: unknown;
        };
        /** @description One page of clients and the cursor of the next page. */
        ClientList: {
            /**
             * @description Cursor for the next page: pass it as `offset`. The vendor's example shows the
             *     ID of the last record in `results`. What the last page carries is not
             *     documented: `next_id` may be absent, `null` or a number there, and an empty
             *     `results` ends the list.
             * @example 2
             */
            next_id?: number | null;
            /**
             * @description Number of records in `results`.
             * @example 1
             */
            count: number;
            /** @description The clients of this page. */
            results: components["schemas"]["Client"][];
        };
        /**
         * @description An error, as the vendor writes them: each member names a field (or a topic such
         *     as `authorization`) and gives the message about it.
         */
        ErrorMap: {
            [key: string]: string;
        };
    };
    responses: {
        /** @description A parameter is invalid; each member names the parameter and what is wrong with it. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorMap"];
            };
        };
        /** @description The access token is missing, invalid or expired. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorMap"];
            };
        };
        /** @description The client ID is not an integer. */
        InvalidId: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorMap"];
            };
        };
        /** @description No client with this ID is linked to the signed-in user. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorMap"];
            };
        };
    };
    parameters: {
        /**
         * @description Cursor: a record ID; only records with a lower ID are returned. Pass the
         *     `next_id` of the previous page. Omit it for the first page.
         * @example 2
         */
        Offset: number;
        /**
         * @description The maximum number of clients to return in the page, at least 1.
         * @example 25
         */
        Limit: number;
        /**
         * @description Sort direction, `asc` (ascending) or `desc` (descending).
         * @example asc
         */
        SortOrder: "asc" | "desc";
        /**
         * @description The column to sort by. The vendor does not list the columns; any client field
         *     name is a candidate, such as `id`, `last_name` or `created_time`.
         * @example last_name
         */
        SortField: string;
        /**
         * @description Keywords to search the clients for. Every client returned contains the text,
         *     case-insensitively, in its `name` (given and family name), `username` or `email`.
         *     The vendor says only "The keywords to search through"; which fields are searched,
         *     and that the text is matched as a whole, is our reading.
         * @example Herbert
         */
        Search: string;
        /**
         * @description The client's numeric ID.
         * @example 1
         */
        ClientId: number;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type Client = components['schemas']['Client'];
export type ClientList = components['schemas']['ClientList'];
export type ErrorMap = components['schemas']['ErrorMap'];
export type ResponseBadRequest = components['responses']['BadRequest'];
export type ResponseUnauthorized = components['responses']['Unauthorized'];
export type ResponseInvalidId = components['responses']['InvalidId'];
export type ResponseNotFound = components['responses']['NotFound'];
export type ParameterOffset = components['parameters']['Offset'];
export type ParameterLimit = components['parameters']['Limit'];
export type ParameterSortOrder = components['parameters']['SortOrder'];
export type ParameterSortField = components['parameters']['SortField'];
export type ParameterSearch = components['parameters']['Search'];
export type ParameterClientId = components['parameters']['ClientId'];
export type $defs = Record<string, never>;
export interface operations {
    listClients: {
        parameters: {
            query?: {
                /**
                 * @description Cursor: a record ID; only records with a lower ID are returned. Pass the
                 *     `next_id` of the previous page. Omit it for the first page.
                 * @example 2
                 */
                offset?: components["parameters"]["Offset"];
                /**
                 * @description The maximum number of clients to return in the page, at least 1.
                 * @example 25
                 */
                limit?: components["parameters"]["Limit"];
                /**
                 * @description Sort direction, `asc` (ascending) or `desc` (descending).
                 * @example asc
                 */
                sort_order?: components["parameters"]["SortOrder"];
                /**
                 * @description The column to sort by. The vendor does not list the columns; any client field
                 *     name is a candidate, such as `id`, `last_name` or `created_time`.
                 * @example last_name
                 */
                sort_field?: components["parameters"]["SortField"];
                /**
                 * @description Keywords to search the clients for. Every client returned contains the text,
                 *     case-insensitively, in its `name` (given and family name), `username` or `email`.
                 *     The vendor says only "The keywords to search through"; which fields are searched,
                 *     and that the text is matched as a whole, is our reading.
                 * @example Herbert
                 */
                search?: components["parameters"]["Search"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of clients. */
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
    deleteClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The client's numeric ID.
                 * @example 1
                 */
                id: components["parameters"]["ClientId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The link was severed; there is no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["InvalidId"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
        };
    };
}
