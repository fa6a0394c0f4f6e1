// Generated from scripts/spec/response-contract.js by `npm run generate`. Do not edit.
/**
 * The key of the response documented for `status`: the status itself, its range
 * (`4XX`), or `default`; undefined when the operation documents none of them.
 * @param {Record<string, unknown>} responses The operation's `responses`.
 * @param {number | string} status
 * @returns {string | undefined}
 */
export function responseKeyFor(responses: Record<string, unknown>, status: number | string): string | undefined;
/**
 * A Content-Type header's media type: lower case, without parameters; "" when absent.
 * @param {string | null | undefined} contentType
 * @returns {string}
 */
export function mediaTypeOf(contentType: string | null | undefined): string;
/**
 * Whether a received Content-Type (or bare media type) fits a documented media type:
 * `application/json` matches `application/json; charset=utf-8`; `application/*` and
 * `*\/*` match by range.
 * @param {string} documented
 * @param {string | null | undefined} received
 * @returns {boolean}
 */
export function mediaTypeMatches(documented: string, received: string | null | undefined): boolean;
/**
 * JSON is `json` or a `+json` structured suffix (RFC 6839), under any top-level type:
 * `application/json`, `application/problem+json`, `text/json`; not `application/x-ndjson`
 * (lines of JSON, not one document).
 * @param {string} mediaType
 * @returns {boolean}
 */
export function isJsonMediaType(mediaType: string): boolean;
