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
                 * @description The client's numeric ID, from 1 to 2147483647 (a PostgreSQL `serial`). The real
                 *     server answers `400` with zod issues when the value is not a string of digits, and
                 *     `404` when no client has it. A string of digits past 2147483647 passes the
                 *     server's own check but cannot be stored or looked up, so clients must not send one.
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
        /**
         * @description A gym client (one row of the real server's `client` table, without the password
         *     hash). Lengths and checks are those of the table's columns and of the zod schema
         *     the real server validates registrations with.
         */
        Client: {
            /**
             * @description The client's ID (a PostgreSQL `serial`, 1 to 2147483647).
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
             * @description URL of the profile picture, usually uploaded with `POST /profile-picture`. The
             *     real server checks it with zod's `.url()`, which accepts whatever the WHATWG URL
             *     parser (`new URL()`) accepts, including spaces and non-ASCII hosts such as
             *     `https://example.com/my photo.jpg` or `https://пример.рф/фото.jpg`, which RFC 3986
             *     (`format: uri`) rejects. So no `format` is asserted: expect any such string.
             * @example https://example.com/profile_picture.jpg
             */
            profile_picture_url: string;
            /**
             * @description Email address, unique among clients, as zod 3's `.email()` accepts it (not JSON Schema's `email` format).
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
         * @description One issue found by zod 3, the validator of the real server, as zod reports it.
         *     `code`, `message` and `path` are always there; other members depend on `code`:
         *     `validation` for `invalid_string` (such as `regex`, `email`, `url`), `expected` and
         *     `received` for `invalid_type`, `minimum` or `maximum` with `type`, `inclusive` and
         *     `exact` for `too_small` and `too_big`, `keys` for `unrecognized_keys`, `options`
         *     for `invalid_enum_value`. Other members may appear (the schema allows them).
         */
        ZodIssue: {
            /**
             * @description What kind of problem zod found.
             * @example invalid_string
             * @enum {string}
             */
            code: "invalid_type" | "invalid_literal" | "custom" | "invalid_union" | "invalid_union_discriminator" | "invalid_enum_value" | "unrecognized_keys" | "invalid_arguments" | "invalid_return_type" | "invalid_date" | "invalid_string" | "too_small" | "too_big" | "invalid_intersection_types" | "not_multiple_of" | "not_finite";
            /**
             * @description zod's message, in English (`Invalid`, `Required`, ...).
             * @example Invalid
             */
            message: string;
            /** @description Where the invalid value is, from the validated object down (names, and indexes into arrays). */
            path: (string | number)[];
            /**
             * @description For `invalid_string`, the check that failed (`regex`, `email`, `url`, ...).
             * @example regex
             */
            validation?: unknown;
            /**
             * @description For `invalid_type`, the type zod wanted.
             * @example string
             */
            expected?: string;
            /**
             * @description For `invalid_type`, the type zod got.
             * @example undefined
             */
            received?: string;
            /**
             * @description For `too_small`, the bound.
             * @example 1
             */
            minimum?: number;
            /**
             * @description For `too_big`, the bound.
             * @example 2147483647
             */
            maximum?: number;
            /**
             * @description For `too_small` and `too_big`, what was measured (`string`, `number`, `array`, ...).
             * @example number
             */
            type?: string;
            /**
             * @description For `too_small` and `too_big`, whether the bound itself is allowed.
             * @example true
             */
            inclusive?: boolean;
            /**
             * @description For `too_small` and `too_big`, whether the size had to be exactly the bound.
             * @example false
             */
            exact?: boolean;
        };
        /** @description Invalid input. The real server puts zod's list of issues in `error`, unchanged. */
        ValidationError: {
            /**
             * @description Always `false` on an error.
             * @example false
             * @constant
             */
            success: false;
            /** @description One zod issue per problem found. */
            error: components["schemas"]["ZodIssue"][];
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
        /**
         * @description The client ID is not a string of digits: the real server's zod check fails and the
         *     body is zod's list of issues. An ID outside 1 to 2147483647 breaks the contract
         *     too; a conforming server rejects it the same way (the real server only checks
         *     digits, answers 404 for `0`, and cannot look up an ID past the `serial` range).
         */
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
         * @description The client's numeric ID, from 1 to 2147483647 (a PostgreSQL `serial`). The real
         *     server answers `400` with zod issues when the value is not a string of digits, and
         *     `404` when no client has it. A string of digits past 2147483647 passes the
         *     server's own check but cannot be stored or looked up, so clients must not send one.
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
export type ZodIssue = components['schemas']['ZodIssue'];
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
                 * @description The client's numeric ID, from 1 to 2147483647 (a PostgreSQL `serial`). The real
                 *     server answers `400` with zod issues when the value is not a string of digits, and
                 *     `404` when no client has it. A string of digits past 2147483647 passes the
                 *     server's own check but cannot be stored or looked up, so clients must not send one.
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
