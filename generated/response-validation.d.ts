// Generated from scripts/generate/response-validation.js by `npm run generate`. Do not edit.
/**
 * `validate: true` rejects a violating response with a ResponseValidationError;
 * `"warn"` hands the error to `onInvalidResponse` (default: console.warn) and returns the response.
 * @typedef {boolean | "warn"} ValidateMode
 */
/**
 * The options of a validating client: the main entry's, and how to validate.
 * @typedef {import("./client-runtime.js").ApiClientOptions & {
 *   validate?: ValidateMode,
 *   onInvalidResponse?: (error: ResponseValidationError) => void,
 * }} ValidatingClientOptions
 * `validate` (default `true`) checks every response (status, content type, body, documented headers) against the spec; `onInvalidResponse` (default: `console.warn` of the error's message) gets each violation with `validate: "warn"`.
 */
/**
 * `createClient` of generated/<api>/validate.js: the API's own client, its calls checked.
 * @template Client
 * @param {(options: import("./client-runtime.js").ApiClientOptions) => Client} createClient The API's main `createClient`.
 * @param {ResponseContracts} operations The API's precompiled validators.
 * @param {ValidatingClientOptions} [options]
 * @returns {Client}
 */
export function createValidatingClient<Client>(createClient: (options: import("./client-runtime.js").ApiClientOptions) => Client, operations: ResponseContracts, options?: ValidatingClientOptions): Client;
/**
 * A precompiled ajv validator: true when `data` fits, else `errors` says why.
 * @typedef {((data: unknown) => boolean) & { errors?: ValidatorError[] | null }} CompiledValidator
 */
/**
 * The part of an ajv error a problem is built from.
 * @typedef {object} ValidatorError
 * @property {string} instancePath JSON pointer into the validated value.
 * @property {string} keyword
 * @property {Record<string, unknown>} params
 * @property {string} [message]
 */
/**
 * What one documented response allows.
 * @typedef {object} ResponseContract
 * @property {Record<string, CompiledValidator>} content Body validator per documented media type (empty: no body).
 * @property {CompiledValidator} [headers] Validates the documented headers, by lower-case name.
 * @property {Record<string, "number" | "boolean">} [headerTypes] Headers whose schema wants a number or boolean, read from their text.
 */
/**
 * What one operation may answer, by status code, range (`4XX`) or `default`.
 * @typedef {object} OperationContract
 * @property {string} operationId
 * @property {Record<string, ResponseContract>} responses
 */
/**
 * One API's contracts by `METHOD /path` (the spec's path template).
 * @typedef {Record<string, OperationContract>} ResponseContracts
 */
/**
 * One way a response breaks the spec.
 * @typedef {object} ResponseProblem
 * @property {string} pointer JSON pointer into the response seen as `{ status, headers, body }`: `/status`, `/headers/content-type`, `/body/data/0/id`.
 * @property {string} message What is wrong there.
 */
/** Rejects a response that breaks the spec; `problems` lists every way it does. */
export class ResponseValidationError extends Error {
    /**
     * @param {{ operationId: string, method: string, path: string, status: number, problems: ResponseProblem[] }} details
     */
    constructor({ operationId, method, path, status, problems }: {
        operationId: string;
        method: string;
        path: string;
        status: number;
        problems: ResponseProblem[];
    });
    /** The operation's operationId, e.g. `listClients`. */
    operationId: string;
    /** The HTTP method, upper case. */
    method: string;
    /** The spec's path template, e.g. `/clients/{id}`. */
    path: string;
    /** The response's status code. */
    status: number;
    /** Every problem found, each with its JSON pointer. */
    problems: ResponseProblem[];
}
/**
 * `validate: true` rejects a violating response with a ResponseValidationError;
 * `"warn"` hands the error to `onInvalidResponse` (default: console.warn) and returns the response.
 */
export type ValidateMode = boolean | "warn";
/**
 * `validate` (default `true`) checks every response (status, content type, body, documented headers) against the spec; `onInvalidResponse` (default: `console.warn` of the error's message) gets each violation with `validate: "warn"`.
 */
export type ValidatingClientOptions = import("./client-runtime.js").ApiClientOptions & {
    validate?: ValidateMode;
    onInvalidResponse?: (error: ResponseValidationError) => void;
};
/**
 * A precompiled ajv validator: true when `data` fits, else `errors` says why.
 */
export type CompiledValidator = ((data: unknown) => boolean) & {
    errors?: ValidatorError[] | null;
};
/**
 * The part of an ajv error a problem is built from.
 */
export type ValidatorError = {
    /**
     * JSON pointer into the validated value.
     */
    instancePath: string;
    keyword: string;
    params: Record<string, unknown>;
    message?: string | undefined;
};
/**
 * What one documented response allows.
 */
export type ResponseContract = {
    /**
     * Body validator per documented media type (empty: no body).
     */
    content: Record<string, CompiledValidator>;
    /**
     * Validates the documented headers, by lower-case name.
     */
    headers?: CompiledValidator | undefined;
    /**
     * Headers whose schema wants a number or boolean, read from their text.
     */
    headerTypes?: Record<string, "number" | "boolean"> | undefined;
};
/**
 * What one operation may answer, by status code, range (`4XX`) or `default`.
 */
export type OperationContract = {
    operationId: string;
    responses: Record<string, ResponseContract>;
};
/**
 * One API's contracts by `METHOD /path` (the spec's path template).
 */
export type ResponseContracts = Record<string, OperationContract>;
/**
 * One way a response breaks the spec.
 */
export type ResponseProblem = {
    /**
     * JSON pointer into the response seen as `{ status, headers, body }`: `/status`, `/headers/content-type`, `/body/data/0/id`.
     */
    pointer: string;
    /**
     * What is wrong there.
     */
    message: string;
};
/**
 * What a call of an openapi-fetch client resolves to.
 */
export type FetchResult = {
    data?: unknown;
    error?: unknown;
    response: Response;
};
/**
 * A client's call methods, as this module wraps them.
 */
export type CallMethods = Record<string, (...args: unknown[]) => Promise<FetchResult>>;
