// Generated from openapi/gym/openapi.yaml by `npm run generate`. Do not edit.

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
         * @description Returns every client in insertion order. There is no pagination, ordering or
         *     filtering; unknown query parameters are ignored.
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
    "/client/{client_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The client's numeric ID; anything not numeric gets `400`.
                 * @example 1
                 */
                client_id: components["parameters"]["ClientId"];
            };
            cookie?: never;
        };
        /**
         * Get a client
         * @description Returns one client. Not on the vendor's "Get Clients" page: the same API serves
         *     it beside the list, with the same fields.
         */
        get: operations["getClient"];
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
        /** @description A gym client (one row of the `clients` table). */
        Client: {
            /**
             * @description The client's ID (a serial column).
             * @example 1
             */
            client_id: number;
            /**
             * @description Given name.
             * @example Иван
             */
            first_name: string;
            /**
             * @description Family name.
             * @example Иванов
             */
            last_name: string;
            /**
             * @description Patronymic (middle name); always present, `null` when the client has none.
             * @example Иванович
             */
            patronymic: string | null;
            /**
             * Format: uri
             * @description URL of the profile picture, usually uploaded with `POST /profile-picture`.
             * @example https://example.com/profile_picture.jpg
             */
            profile_picture_url: string;
            /**
             * Format: email
             * @description Email address, unique among clients.
             * @example Og0rB@example.com
             */
            email_address: string;
            /**
             * @description Phone number, digits only (E.164 without `+`), at most 15.
             * @example 79174236278
             */
            phone_number: string;
            /**
             * Format: date-time
             * @description When the account was created. The vendor page calls it a "date", but the
             *     value is an RFC 3339 date-time in UTC with milliseconds.
             * @example 2026-11-23T18:26:24.770Z
             */
            created_at: string;
        };
        /** @description Every client, in insertion order. */
        ClientList: {
            /**
             * @description Always `true` on success.
             * @example true
             * @constant
             */
            success: true;
            /** @description The clients (the vendor names the array in the singular). */
            client: components["schemas"]["Client"][];
        };
        /** @description An error. */
        ErrorBody: {
            /**
             * @description Always `false` on an error.
             * @example false
             * @constant
             */
            success: false;
            /**
             * @description What went wrong.
             * @example Unauthorized
             */
            error: string;
        };
        /** @description One client. */
        ClientResult: {
            /**
             * @description Always `true` on success.
             * @example true
             * @constant
             */
            success: true;
            client: components["schemas"]["Client"];
        };
        /**
         * @description Invalid input. The real server puts its validator's messages in `error`; the
         *     vendor does not publish their shape, so each message is an object whose `msg`
         *     says what is wrong (the form of express-validator, which such servers use).
         */
        ValidationError: {
            /**
             * @description Always `false` on an error.
             * @example false
             * @constant
             */
            success: false;
            /** @description One entry per invalid input. */
            error: {
                /**
                 * @description What is wrong with the input.
                 * @example client_id must be an integer
                 */
                msg: string;
                /**
                 * @description Name of the invalid input.
                 * @example client_id
                 */
                path?: string;
                /**
                 * @description Where the input was, such as `params` or `query`.
                 * @example params
                 */
                location?: string;
                /**
                 * @description Kind of input, `field` for a single value.
                 * @example field
                 */
                type?: string;
                /**
                 * @description The invalid value as received.
                 * @example abc
                 */
                value?: unknown;
            }[];
        };
    };
    responses: {
        /** @description The token is missing, empty, unknown or signed out. */
        Unauthorized: {
            headers: {
                "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                RateLimit: components["headers"]["RateLimit"];
                "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description More than 100 requests from this IP in the current 5-minute window. */
        TooManyRequests: {
            headers: {
                "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                RateLimit: components["headers"]["RateLimit"];
                "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                "Retry-After": components["headers"]["Retry-After"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description The client ID is not a number. */
        BadRequest: {
            headers: {
                "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                RateLimit: components["headers"]["RateLimit"];
                "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ValidationError"];
            };
        };
        /** @description No client has this ID. */
        NotFound: {
            headers: {
                "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                RateLimit: components["headers"]["RateLimit"];
                "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
    };
    parameters: {
        /**
         * @description The client's numeric ID; anything not numeric gets `400`.
         * @example 1
         */
        ClientId: number;
    };
    requestBodies: never;
    headers: {
        /**
         * @description The rate-limit policy, IETF draft syntax; `100;w=300` is 100 requests per 300 seconds.
         * @example 100;w=300
         */
        "RateLimit-Policy": string;
        /**
         * @description The current window, IETF draft syntax; `remaining` requests are left and the window resets in `reset` seconds.
         * @example limit=100, remaining=99, reset=300
         */
        RateLimit: string;
        /**
         * @description Requests allowed per window (legacy header).
         * @example 100
         */
        "X-RateLimit-Limit": number;
        /**
         * @description Requests left in the current window (legacy header).
         * @example 99
         */
        "X-RateLimit-Remaining": number;
        /**
         * @description When the current window resets, in Unix seconds (legacy header).
         * @example 1795545984
         */
        "X-RateLimit-Reset": number;
        /**
         * @description Seconds to wait before the window resets and requests are accepted again.
         * @example 300
         */
        "Retry-After": number;
    };
    pathItems: never;
}
export type Client = components['schemas']['Client'];
export type ClientList = components['schemas']['ClientList'];
export type ErrorBody = components['schemas']['ErrorBody'];
export type ClientResult = components['schemas']['ClientResult'];
export type ValidationError = components['schemas']['ValidationError'];
export type ResponseUnauthorized = components['responses']['Unauthorized'];
export type ResponseTooManyRequests = components['responses']['TooManyRequests'];
export type ResponseBadRequest = components['responses']['BadRequest'];
export type ResponseNotFound = components['responses']['NotFound'];
export type ParameterClientId = components['parameters']['ClientId'];
export type HeaderRateLimitPolicy = components['headers']['RateLimit-Policy'];
export type HeaderRateLimit = components['headers']['RateLimit'];
export type HeaderXRateLimitLimit = components['headers']['X-RateLimit-Limit'];
export type HeaderXRateLimitRemaining = components['headers']['X-RateLimit-Remaining'];
export type HeaderXRateLimitReset = components['headers']['X-RateLimit-Reset'];
export type HeaderRetryAfter = components['headers']['Retry-After'];
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
            /** @description All clients. */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                    "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                    "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The client's numeric ID; anything not numeric gets `400`.
                 * @example 1
                 */
                client_id: components["parameters"]["ClientId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The client. */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                    "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                    "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
}
