// Generated from scripts/spec/response-contract.js by `npm run generate`. Do not edit.
// Which documented response an answer falls under, and what its media type is: the
// rules every layer that judges a response shares (the conformance checks, the server
// engine, the mocks, and the generated clients' run-time validation, which ships this
// file as generated/response-contract.js). Plain ESM with JSDoc types and no imports,
// so it runs in a browser as it is.

/**
 * The key of the response documented for `status`: the status itself, its range
 * (`4XX`), or `default`; undefined when the operation documents none of them.
 * @param {Record<string, unknown>} responses The operation's `responses`.
 * @param {number | string} status
 * @returns {string | undefined}
 */
export function responseKeyFor(responses, status) {
  const code = String(status);
  const range = `${code[0]}XX`;
  return [code, range, range.toLowerCase(), "default"].find((key) => Object.hasOwn(responses, key));
}

/**
 * A Content-Type header's media type: lower case, without parameters; "" when absent.
 * @param {string | null | undefined} contentType
 * @returns {string}
 */
export function mediaTypeOf(contentType) {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

/**
 * Whether a received Content-Type (or bare media type) fits a documented media type:
 * `application/json` matches `application/json; charset=utf-8`; `application/*` and
 * `*\/*` match by range.
 * @param {string} documented
 * @param {string | null | undefined} received
 * @returns {boolean}
 */
export function mediaTypeMatches(documented, received) {
  const actual = mediaTypeOf(received);
  if (actual === "") return false;
  const [type, subtype] = documented.toLowerCase().split("/");
  const [actualType, actualSubtype] = actual.split("/");
  return (type === "*" || type === actualType) && (subtype === "*" || subtype === actualSubtype);
}

/**
 * JSON is `json` or a `+json` structured suffix (RFC 6839), under any top-level type:
 * `application/json`, `application/problem+json`, `text/json`; not `application/x-ndjson`
 * (lines of JSON, not one document).
 * @param {string} mediaType
 * @returns {boolean}
 */
export function isJsonMediaType(mediaType) {
  return /^[a-z0-9!#$&^_.-]+\/([a-z0-9!#$&^_.-]+\+)?json$/i.test(mediaTypeOf(mediaType));
}
