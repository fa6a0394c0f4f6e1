// Generated from scripts/generate/response-validation.js by `npm run generate`. Do not edit.
// Opt-in checks of every response against the spec (`createClient` of
// `clients-contract/<api>/validate`), shipped as generated/response-validation.js. The
// validators themselves are ajv standalone code precompiled into
// generated/<api>/validators.js by `npm run generate`: nothing is compiled at run time,
// and only the /validate subpath imports that module, so no other bundle holds it.
import { isJsonMediaType, mediaTypeMatches, responseKeyFor } from "./response-contract.js";
import { ruleMessage } from "./validation-messages.js";
import { fetchAtRequestTime } from "./client-runtime.js";

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
  constructor({ operationId, method, path, status, problems }) {
    const list = problems.map((problem) => `${problem.pointer} ${problem.message}`).join("; ");
    super(`${operationId} (${method} ${path}) answered ${status}, which breaks the spec: ${list}`);
    this.name = "ResponseValidationError";
    /** The operation's operationId, e.g. `listClients`. */
    this.operationId = operationId;
    /** The HTTP method, upper case. */
    this.method = method;
    /** The spec's path template, e.g. `/clients/{id}`. */
    this.path = path;
    /** The response's status code. */
    this.status = status;
    /** Every problem found, each with its JSON pointer. */
    this.problems = problems;
  }
}

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
export function createValidatingClient(createClient, operations, options = {}) {
  const { validate = true, onInvalidResponse, ...clientOptions } = options;
  const mode = checkedValidate(validate);
  const client = createClient(clientOptions);
  if (mode === "off") return client;
  const report = onInvalidResponse ?? ((error) => console.warn(error.message));
  const calls = /** @type {CallMethods} */ (/** @type {unknown} */ (client));
  validateResponses(calls, clientOptions.fetch ?? fetchAtRequestTime, operations, mode, report);
  return client;
}

/**
 * @param {unknown} validate
 * @returns {"off" | "reject" | "warn"}
 */
function checkedValidate(validate) {
  if (validate === false) return "off";
  if (validate === true) return "reject";
  if (validate === "warn") return "warn";
  throw new TypeError(`validate must be true, false or "warn", got ${JSON.stringify(validate)}`);
}

/**
 * What a call of an openapi-fetch client resolves to.
 * @typedef {{ data?: unknown, error?: unknown, response: Response }} FetchResult
 */

/**
 * A client's call methods, as this module wraps them.
 * @typedef {Record<string, (...args: unknown[]) => Promise<FetchResult>>} CallMethods
 */

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"];

/**
 * Wraps every call of `client` so that its result is checked once openapi-fetch has
 * parsed the body: the check reuses that parse instead of reading the body a second
 * time (a middleware would have to clone and parse it again, about twice the cost).
 * Each call's fetch is wrapped too, to know the response when a 2xx body is not JSON
 * and openapi-fetch's parse throws.
 * @param {CallMethods} client
 * @param {(request: Request, init?: RequestInit) => Promise<Response>} baseFetch The client's fetch.
 * @param {ResponseContracts} contracts
 * @param {"reject" | "warn"} mode
 * @param {(error: ResponseValidationError) => void} report
 */
function validateResponses(client, baseFetch, contracts, mode, report) {
  /**
   * @param {string} method
   * @param {unknown} path
   * @param {number} status
   * @param {(operation: OperationContract) => ResponseProblem[]} findProblems
   */
  function check(method, path, status, findProblems) {
    const operation = contracts[`${method} ${String(path)}`];
    if (!operation) return;
    const problems = findProblems(operation);
    if (problems.length === 0) return;
    const error = new ResponseValidationError({ operationId: operation.operationId, method, path: String(path), status, problems });
    if (mode === "reject") throw error;
    report(error);
  }
  /**
   * @param {(path: unknown, init: unknown) => Promise<FetchResult>} send
   * @param {string} method
   * @param {unknown} path
   * @param {unknown} init
   * @returns {Promise<FetchResult>}
   */
  async function checkedCall(send, method, path, init) {
    const options = typeof init === "object" && init !== null ? /** @type {Record<string, unknown>} */ (init) : {};
    const fetch = /** @type {typeof baseFetch} */ (options.fetch ?? baseFetch);
    /** @type {Response | undefined} */
    let received;
    /** @type {FetchResult} */
    let result;
    try {
      result = await send(path, { ...options, fetch: async (/** @type {Request} */ request, /** @type {RequestInit | undefined} */ extra) => (received = await fetch(request, extra)) });
    } catch (error) {
      if (error instanceof SyntaxError && received?.ok) {
        const status = received.status;
        await check(method, path, status, (operation) => statusProblems(operation, status) ?? [{ pointer: "/body", message: `is not valid JSON (${error.message})` }]);
      }
      throw error;
    }
    const parsedAsJson = (options.parseAs ?? "json") === "json";
    await check(method, path, result.response.status, (operation) => checkResponse(operation, method, result, parsedAsJson));
    return result;
  }
  for (const method of METHODS) {
    const send = client[method];
    if (send) client[method] = (path, init) => checkedCall(send, method, path, init);
  }
  const request = client.request;
  if (request) {
    client.request = (method, path, init) => checkedCall((url, options) => request(method, url, options), String(method).toUpperCase(), path, init);
  }
}

/**
 * The problem when the status is not documented, else undefined.
 * @param {OperationContract} operation
 * @param {number} status
 * @returns {ResponseProblem[] | undefined}
 */
function statusProblems(operation, status) {
  if (contractFor(operation, status)) return undefined;
  return [{ pointer: "/status", message: `${status} is not documented (documented: ${Object.keys(operation.responses).join(", ")})` }];
}

/**
 * @param {OperationContract} operation
 * @param {number} status
 * @returns {ResponseContract | undefined}
 */
function contractFor(operation, status) {
  const key = responseKeyFor(operation.responses, status);
  return key === undefined ? undefined : operation.responses[key];
}

/**
 * @param {OperationContract} operation
 * @param {string} method
 * @param {FetchResult} result
 * @param {boolean} parsedAsJson Whether openapi-fetch parsed the body as JSON (`parseAs` left at "json").
 * @returns {ResponseProblem[]}
 */
function checkResponse(operation, method, result, parsedAsJson) {
  const { response } = result;
  const contract = contractFor(operation, response.status);
  if (!contract) return statusProblems(operation, response.status) ?? [];
  const problems = headerProblems(contract, response.headers);
  // A HEAD response has no body whatever its headers say.
  if (method !== "HEAD") problems.push(...bodyProblems(contract, result, parsedAsJson));
  return problems;
}

/**
 * @param {ResponseContract} contract
 * @param {Headers} headers
 * @returns {ResponseProblem[]}
 */
function headerProblems(contract, headers) {
  if (!contract.headers) return [];
  /** @type {Record<string, unknown>} */
  const values = {};
  for (const [name, text] of headers) values[name] = readHeader(text, contract.headerTypes?.[name]);
  return problemsOf(contract.headers, values, "/headers");
}

/**
 * A header is text; a number or boolean schema is checked against what the text says.
 * @param {string} text
 * @param {"number" | "boolean" | undefined} type
 * @returns {unknown}
 */
function readHeader(text, type) {
  if (type === "number" && /^-?\d+(\.\d+)?$/.test(text.trim())) return Number(text);
  if (type === "boolean" && /^(true|false)$/.test(text.trim())) return text.trim() === "true";
  return text;
}

/**
 * The body as openapi-fetch left it: `data` for a 2xx, `error` otherwise; `undefined`
 * when there was none (204, `Content-Length: 0`, or an empty 2xx). An error body that
 * is not JSON stays the text it was.
 * @param {ResponseContract} contract
 * @param {FetchResult} result
 * @param {boolean} parsedAsJson
 * @returns {ResponseProblem[]}
 */
function bodyProblems(contract, result, parsedAsJson) {
  const { response } = result;
  const body = response.ok ? result.data : result.error;
  const empty = body === undefined || (!response.ok && body === "");
  const documented = Object.keys(contract.content);
  if (documented.length === 0) {
    return empty ? [] : [{ pointer: "/body", message: "is not empty, but the spec documents no body for this status" }];
  }
  const contentType = response.headers.get("content-type");
  const mediaType = documented.find((candidate) => mediaTypeMatches(candidate, contentType));
  if (mediaType === undefined) {
    const received = contentType === null ? "is missing" : `is ${JSON.stringify(contentType)}`;
    return [{ pointer: "/headers/content-type", message: `${received}; the spec documents ${documented.join(", ")}` }];
  }
  if (empty) return [{ pointer: "/body", message: `is empty; the spec documents a ${mediaType} body` }];
  // With another `parseAs` the caller asked for text, bytes or a stream: nothing to check.
  if (!parsedAsJson) return [];
  if (isJsonMediaType(mediaType) && !response.ok && typeof body === "string" && !parsesAsJson(body)) {
    return [{ pointer: "/body", message: "is not valid JSON" }];
  }
  const validate = contract.content[mediaType];
  return validate ? problemsOf(validate, body, "/body") : [];
}

/**
 * openapi-fetch keeps an error body it cannot parse as text; one that parses was JSON.
 * @param {string} text
 * @returns {boolean}
 */
function parsesAsJson(text) {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * @param {CompiledValidator} validate
 * @param {unknown} value
 * @param {string} prefix
 * @returns {ResponseProblem[]}
 */
function problemsOf(validate, value, prefix) {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => {
    // A missing property is pointed at where it should be, not at its parent.
    if (error.keyword === "required") {
      return { pointer: `${prefix}${error.instancePath}/${escapePointer(String(error.params.missingProperty))}`, message: ruleMessage(error, value) };
    }
    const extra = error.keyword === "additionalProperties" ? ` (${String(error.params.additionalProperty)})` : "";
    return { pointer: `${prefix}${error.instancePath}`, message: `${ruleMessage(error, value)}${extra}` };
  });
}

/**
 * @param {string} token
 * @returns {string}
 */
function escapePointer(token) {
  return token.replaceAll("~", "~0").replaceAll("/", "~1");
}
