// Generated from openapi/magloft/openapi.yaml by `npm run generate`. Do not edit.

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
         * @description Returns the first page of the publisher's clients, with the total.
         */
        get: operations["listClients"];
        put?: never;
        /**
         * Create a client
         * @description Creates a client account and returns it as saved.
         */
        post: operations["createClient"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/clients/page/{page}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The page number to list, from 1.
                 * @example 1
                 */
                page: components["parameters"]["Page"];
            };
            cookie?: never;
        };
        /**
         * List a page of clients
         * @description Returns one page of the publisher's clients with the total, optionally sorted,
         *     searched and filtered by publication.
         */
        get: operations["listClientsByPage"];
        put?: never;
        post?: never;
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
                 * @description The client's ID.
                 * @example 1234
                 */
                id: components["parameters"]["ClientId"];
            };
            cookie?: never;
        };
        /**
         * Get a client
         * @description Returns one client.
         */
        get: operations["getClient"];
        /**
         * Update a client
         * @description Changes the given fields of a client. Answers `200` with a JSON `null` body
         *     (the document says it returns the client, but its example and the real API
         *     return `null`); read the client back to see it.
         */
        put: operations["updateClient"];
        post?: never;
        /**
         * Delete a client
         * @description Deletes the client account.
         */
        delete: operations["deleteClient"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/clients/{id}/become": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The client's ID.
                 * @example 1234
                 */
                id: components["parameters"]["ClientId"];
            };
            cookie?: never;
        };
        /**
         * Sign in as a client
         * @description Signs the publisher in as the client (impersonation). Answers `200` with a
         *     JSON `null` body, although the document says it returns the client user.
         */
        get: operations["becomeClient"];
        put?: never;
        post?: never;
        delete?: never;
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
         * @description A time as `YYYY-MM-DD HH:MM:SS` (MagLoft's format, not RFC 3339). The vendor does
         *     not give the time zone. The pattern accepts only calendar dates (no `2018-02-31`;
         *     29 February only in leap years).
         * @example 2018-01-24 10:55:35
         */
        Timestamp: string;
        /** @description The access a client has to one publication. */
        Role: {
            /**
             * @description The role's ID.
             * @example 1234
             */
            id: number;
            /**
             * @description ID of the client (user) that holds the role.
             * @example 1211
             */
            user_id: number;
            /**
             * @description ID of the publication the role applies to.
             * @example 123
             */
            publication_id: number;
            /**
             * @description Access level in the publication. The vendor shows only `author` and does not list the others.
             * @example author
             */
            access_level: string;
            created_at: components["schemas"]["Timestamp"];
            updated_at: components["schemas"]["Timestamp"];
        };
        /** @description A client (sub-user) account. */
        Client: {
            /**
             * @description The client's ID.
             * @example 1234
             */
            id: number;
            /**
             * @description Given name.
             * @example Amelia
             */
            firstname: string;
            /**
             * @description Family name; optional on create, so `null` when it was never given.
             * @example Earhart
             */
            lastname: string | null;
            /**
             * Format: email
             * @description Email address, used to sign in.
             * @example user@magloft.com
             */
            email: string;
            created_at: components["schemas"]["Timestamp"];
            updated_at: components["schemas"]["Timestamp"];
            /** @description When the client was last seen; `null` if never. */
            last_seen_at: components["schemas"]["Timestamp"] | null;
            /**
             * @description How many times the client has signed in.
             * @example 6
             */
            sign_in_count: number;
            /**
             * Format: uri-reference
             * @description Gravatar image URL, protocol-relative (`//secure.gravatar.com/...`).
             * @example //secure.gravatar.com/avatar/123456789987654321
             */
            gravatar_url: string;
            /** @description The client's access to the publisher's publications. */
            roles: components["schemas"]["Role"][];
        };
        /** @description One page of clients with the total. */
        ClientPage: {
            /**
             * @description Number of clients that match, across all pages.
             * @example 1
             */
            total: number;
            /**
             * @description The number of this page.
             * @example 1
             */
            page: number;
            /** @description The clients of this page. */
            records: components["schemas"]["Client"][];
        };
        /** @description An error; `errors` lists the messages about each invalid field. */
        ErrorBody: {
            /**
             * @description What went wrong.
             * @example Unauthorized
             */
            error: string;
            /** @description For invalid input, the messages about each field, by field name. */
            errors?: {
                [key: string]: string[];
            };
        };
        /** @description A new client account. */
        ClientCreate: {
            /**
             * Format: email
             * @description Email address, used to sign in.
             * @example amelia@example.org
             */
            email: string;
            /**
             * @description Given name.
             * @example Amelia
             */
            firstname: string;
            /**
             * @description Family name.
             * @example Earhart
             */
            lastname?: string;
            /**
             * @description Password for the new account.
             * @example correct-horse-battery
             */
            password: string;
        };
        /** @description The fields to change; all optional. */
        ClientUpdate: {
            /**
             * @description Given name.
             * @example Amelia
             */
            firstname?: string;
            /**
             * @description Family name.
             * @example Putnam
             */
            lastname?: string;
            /**
             * @description New password.
             * @example correct-horse-battery-staple
             */
            password?: string;
            /**
             * @description The new password again; must equal `password` (`422` otherwise).
             * @example correct-horse-battery-staple
             */
            password_confirmation?: string;
        };
        /** @description The JSON value `null`. */
        NullBody: null;
    };
    responses: {
        /** @description The access token is missing or invalid. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description A parameter or the body cannot be read (such as a malformed JSON body). */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description The body is well-formed but a field is invalid (such as an email already in use). */
        UnprocessableEntity: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description No client has this ID. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description The body is well-formed but a field is invalid (such as a password confirmation that does not match). */
        InvalidUpdate: {
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
         * @description The page number to list, from 1.
         * @example 1
         */
        Page: number;
        /**
         * @description Number of clients per page, at least 1.
         * @example 20
         */
        PerPage: number;
        /**
         * @description The client field to sort by (a Ruby symbol in the vendor's words, such as
         *     `created_at` or `lastname`). The vendor does not list the fields.
         * @example created_at
         */
        OrderBy: string;
        /**
         * @description Sort direction.
         * @example desc
         */
        OrderDir: "asc" | "desc";
        /**
         * @description Text to search the clients for. Every client returned contains the text,
         *     case-insensitively, in its `firstname`, `lastname` or `email`. The vendor says
         *     only "Text filter to search results by"; which fields are searched is our reading.
         * @example Earhart
         */
        Filter: string;
        /**
         * @description Only clients with a role in this publication.
         * @example 123
         */
        PublicationId: number;
        /**
         * @description The client's ID.
         * @example 1234
         */
        ClientId: number;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type Timestamp = components['schemas']['Timestamp'];
export type Role = components['schemas']['Role'];
export type Client = components['schemas']['Client'];
export type ClientPage = components['schemas']['ClientPage'];
export type ErrorBody = components['schemas']['ErrorBody'];
export type ClientCreate = components['schemas']['ClientCreate'];
export type ClientUpdate = components['schemas']['ClientUpdate'];
export type NullBody = components['schemas']['NullBody'];
export type ResponseUnauthorized = components['responses']['Unauthorized'];
export type ResponseBadRequest = components['responses']['BadRequest'];
export type ResponseUnprocessableEntity = components['responses']['UnprocessableEntity'];
export type ResponseNotFound = components['responses']['NotFound'];
export type ResponseInvalidUpdate = components['responses']['InvalidUpdate'];
export type ParameterPage = components['parameters']['Page'];
export type ParameterPerPage = components['parameters']['PerPage'];
export type ParameterOrderBy = components['parameters']['OrderBy'];
export type ParameterOrderDir = components['parameters']['OrderDir'];
export type ParameterFilter = components['parameters']['Filter'];
export type ParameterPublicationId = components['parameters']['PublicationId'];
export type ParameterClientId = components['parameters']['ClientId'];
export type $defs = Record<string, never>;
export interface operations {
    listClients: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The first page of clients. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientPage"];
                };
            };
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
            /** @description The client as saved (the vendor answers 200, not 201). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Client"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            422: components["responses"]["UnprocessableEntity"];
        };
    };
    listClientsByPage: {
        parameters: {
            query?: {
                /**
                 * @description Number of clients per page, at least 1.
                 * @example 20
                 */
                per_page?: components["parameters"]["PerPage"];
                /**
                 * @description The client field to sort by (a Ruby symbol in the vendor's words, such as
                 *     `created_at` or `lastname`). The vendor does not list the fields.
                 * @example created_at
                 */
                order_by?: components["parameters"]["OrderBy"];
                /**
                 * @description Sort direction.
                 * @example desc
                 */
                order_dir?: components["parameters"]["OrderDir"];
                /**
                 * @description Text to search the clients for. Every client returned contains the text,
                 *     case-insensitively, in its `firstname`, `lastname` or `email`. The vendor says
                 *     only "Text filter to search results by"; which fields are searched is our reading.
                 * @example Earhart
                 */
                filter?: components["parameters"]["Filter"];
                /**
                 * @description Only clients with a role in this publication.
                 * @example 123
                 */
                publication_id?: components["parameters"]["PublicationId"];
            };
            header?: never;
            path: {
                /**
                 * @description The page number to list, from 1.
                 * @example 1
                 */
                page: components["parameters"]["Page"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The requested page of clients. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientPage"];
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
                 * @description The client's ID.
                 * @example 1234
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
                    "application/json": components["schemas"]["Client"];
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
                 * @description The client's ID.
                 * @example 1234
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
            /** @description The client was updated; the body is JSON `null`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NullBody"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["InvalidUpdate"];
        };
    };
    deleteClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The client's ID.
                 * @example 1234
                 */
                id: components["parameters"]["ClientId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The client was deleted; there is no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
        };
    };
    becomeClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The client's ID.
                 * @example 1234
                 */
                id: components["parameters"]["ClientId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed in as the client; the body is JSON `null`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NullBody"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
        };
    };
}
