// Generated from openapi/asa/openapi.yaml by `npm run generate`. Do not edit.

export interface paths {
    "/teams/{team_name}/clients": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Name of the ASA team.
                 * @example william-faulkner
                 */
                team_name: components["parameters"]["TeamName"];
            };
            cookie?: never;
        };
        /**
         * List clients
         * @description Returns the requesting user's clients by default. `all=true` returns every
         *     client of the team; `username` and `state` filter; `descending=true` reverses
         *     the order. Pages are announced in `Link` headers; `prev=true` pages backwards
         *     from `offset`.
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
    "/teams/{team_name}/clients/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Name of the ASA team.
                 * @example william-faulkner
                 */
                team_name: components["parameters"]["TeamName"];
                /**
                 * @description The client's ID (a UUID).
                 * @example 1c8dd4d4-a9ab-499c-86b7-cac3fa6ac7a2
                 */
                id: components["parameters"]["ClientId"];
            };
            cookie?: never;
        };
        /**
         * Fetch a client
         * @description Returns one client of the team, revoked clients included.
         */
        get: operations["getClient"];
        /**
         * Approve or assign a client
         * @description Used for clients enrolled using a token policy or a policy that requires
         *     approval (the vendor's words): approves the client (set `state` to `ACTIVE`), or
         *     assigns it to a user (`user_name`). Give either field or both.
         */
        put: operations["updateClient"];
        post?: never;
        /**
         * Revoke a client
         * @description Revokes the client's access to the team. The client is not erased: it stays
         *     readable with state `DELETED` and a `deleted_at` time.
         */
        delete: operations["revokeClient"];
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
         * @description `PENDING`: enrolled and waiting for approval; `ACTIVE`: approved and usable;
         *     `DELETED`: revoked.
         * @example ACTIVE
         * @enum {string}
         */
        ClientState: "ACTIVE" | "PENDING" | "DELETED";
        /** @description A client device enrolled in the team. */
        Client: {
            /**
             * Format: uuid
             * @description The client's ID.
             * @example 1c8dd4d4-a9ab-499c-86b7-cac3fa6ac7a2
             */
            id: string;
            /**
             * @description Host name of the device.
             * @example LightInAugust
             */
            hostname: string;
            /**
             * @description Description given when the device was enrolled.
             * @example Work laptop
             */
            description: string;
            /**
             * @description Operating system and version of the device.
             * @example macOS 10.14.6
             */
            os: string;
            /**
             * @description Whether the device was found to be encrypted.
             * @example true
             */
            encrypted: boolean;
            state: components["schemas"]["ClientState"];
            /**
             * @description The ASA user the client is assigned to; empty when it is assigned to nobody.
             * @example Jason.Compson.IV
             */
            user_name: string;
            /**
             * Format: date-time
             * @description When the client was revoked; `null` while it is not.
             * @example null
             */
            deleted_at: string | null;
        };
        /** @description One page of clients. */
        ClientList: {
            /** @description The clients of this page. */
            list: components["schemas"]["Client"][];
        };
        /** @description An error. */
        ErrorBody: {
            /**
             * @description Machine-readable error code.
             * @example not_found
             */
            code: string;
            /**
             * @description What went wrong, for people.
             * @example client not found
             */
            message: string;
        };
        /** @description A state to move the client to, a user to assign it to, or both. */
        ClientUpdateRequest: {
            state?: components["schemas"]["ClientState"];
            /**
             * @description The ASA user to assign the client to. In responses an empty string means
             *     assigned to nobody; whether sending one unassigns the client is not documented.
             * @example Jason.Compson.IV
             */
            user_name?: string;
        };
    };
    responses: {
        /** @description A parameter or the body is invalid. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description The token is missing, invalid or expired. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description No team has this name. */
        TeamNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description No client with this ID exists in the team. */
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
         * @description Name of the ASA team.
         * @example william-faulkner
         */
        TeamName: string;
        /**
         * @description `true` returns every client of the team instead of only the requesting user's, so
         *     the list keeps every client it has without it.
         * @example true
         */
        All: boolean;
        /**
         * @description Number of clients per page, at least 1. The vendor does not give the default.
         * @example 50
         */
        Count: number;
        /**
         * @description `true` returns the same clients in the reverse of the order they come in without
         *     it. The vendor says only "The object order"; reading it as a reversal is ours.
         * @example false
         */
        Descending: boolean;
        /**
         * @description ID (a UUID) of the client the page starts from; taken from a `Link` header.
         * @example 185ed10c-9881-434d-ad0f-2f3fccb752f6
         */
        Offset: string;
        /**
         * @description `true` pages backwards from `offset`: the page holds the `count` clients just
         *     before that client, in the list's order (the page a `Link` header's
         *     `rel="prev"` leads to). The vendor says only "The direction of paging"; the rest
         *     is our reading.
         * @example false
         */
        Prev: boolean;
        /**
         * @description Only clients in this state.
         * @example ACTIVE
         */
        StateFilter: components["schemas"]["ClientState"];
        /**
         * @description Only the clients of this user. An empty value (`username=`) returns the
         *     clients assigned to nobody.
         * @example Jason.Compson.IV
         */
        Username: string;
        /**
         * @description The client's ID (a UUID).
         * @example 1c8dd4d4-a9ab-499c-86b7-cac3fa6ac7a2
         */
        ClientId: string;
    };
    requestBodies: never;
    headers: {
        /**
         * @description Links to the neighbouring pages (RFC 8288), with `rel="next"` and `rel="prev"`;
         *     absent when there is no other page. The pattern is RFC 8288's syntax for one or
         *     more links, so `rel=next` without quotes is accepted too.
         * @example <https://app.scaleft.com/v1/teams/william-faulkner/clients?count=50&offset=185ed10c-9881-434d-ad0f-2f3fccb752f6>; rel="next"
         */
        Link: string;
    };
    pathItems: never;
}
export type ClientState = components['schemas']['ClientState'];
export type Client = components['schemas']['Client'];
export type ClientList = components['schemas']['ClientList'];
export type ErrorBody = components['schemas']['ErrorBody'];
export type ClientUpdateRequest = components['schemas']['ClientUpdateRequest'];
export type ResponseBadRequest = components['responses']['BadRequest'];
export type ResponseUnauthorized = components['responses']['Unauthorized'];
export type ResponseTeamNotFound = components['responses']['TeamNotFound'];
export type ResponseNotFound = components['responses']['NotFound'];
export type ParameterTeamName = components['parameters']['TeamName'];
export type ParameterAll = components['parameters']['All'];
export type ParameterCount = components['parameters']['Count'];
export type ParameterDescending = components['parameters']['Descending'];
export type ParameterOffset = components['parameters']['Offset'];
export type ParameterPrev = components['parameters']['Prev'];
export type ParameterStateFilter = components['parameters']['StateFilter'];
export type ParameterUsername = components['parameters']['Username'];
export type ParameterClientId = components['parameters']['ClientId'];
export type HeaderLink = components['headers']['Link'];
export type $defs = Record<string, never>;
export interface operations {
    listClients: {
        parameters: {
            query?: {
                /**
                 * @description `true` returns every client of the team instead of only the requesting user's, so
                 *     the list keeps every client it has without it.
                 * @example true
                 */
                all?: components["parameters"]["All"];
                /**
                 * @description Number of clients per page, at least 1. The vendor does not give the default.
                 * @example 50
                 */
                count?: components["parameters"]["Count"];
                /**
                 * @description `true` returns the same clients in the reverse of the order they come in without
                 *     it. The vendor says only "The object order"; reading it as a reversal is ours.
                 * @example false
                 */
                descending?: components["parameters"]["Descending"];
                /**
                 * @description ID (a UUID) of the client the page starts from; taken from a `Link` header.
                 * @example 185ed10c-9881-434d-ad0f-2f3fccb752f6
                 */
                offset?: components["parameters"]["Offset"];
                /**
                 * @description `true` pages backwards from `offset`: the page holds the `count` clients just
                 *     before that client, in the list's order (the page a `Link` header's
                 *     `rel="prev"` leads to). The vendor says only "The direction of paging"; the rest
                 *     is our reading.
                 * @example false
                 */
                prev?: components["parameters"]["Prev"];
                /**
                 * @description Only clients in this state.
                 * @example ACTIVE
                 */
                state?: components["parameters"]["StateFilter"];
                /**
                 * @description Only the clients of this user. An empty value (`username=`) returns the
                 *     clients assigned to nobody.
                 * @example Jason.Compson.IV
                 */
                username?: components["parameters"]["Username"];
            };
            header?: never;
            path: {
                /**
                 * @description Name of the ASA team.
                 * @example william-faulkner
                 */
                team_name: components["parameters"]["TeamName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of clients. */
            200: {
                headers: {
                    Link: components["headers"]["Link"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["TeamNotFound"];
        };
    };
    getClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Name of the ASA team.
                 * @example william-faulkner
                 */
                team_name: components["parameters"]["TeamName"];
                /**
                 * @description The client's ID (a UUID).
                 * @example 1c8dd4d4-a9ab-499c-86b7-cac3fa6ac7a2
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
                 * @description Name of the ASA team.
                 * @example william-faulkner
                 */
                team_name: components["parameters"]["TeamName"];
                /**
                 * @description The client's ID (a UUID).
                 * @example 1c8dd4d4-a9ab-499c-86b7-cac3fa6ac7a2
                 */
                id: components["parameters"]["ClientId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ClientUpdateRequest"];
            };
        };
        responses: {
            /** @description The client was updated; there is no body. */
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
    revokeClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Name of the ASA team.
                 * @example william-faulkner
                 */
                team_name: components["parameters"]["TeamName"];
                /**
                 * @description The client's ID (a UUID).
                 * @example 1c8dd4d4-a9ab-499c-86b7-cac3fa6ac7a2
                 */
                id: components["parameters"]["ClientId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The client was revoked; there is no body. */
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
}
