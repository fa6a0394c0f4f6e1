// Opt-in checks of every response against the spec (`createClient({ validate: true })`),
// shipped as generated/response-validation.js. The validators themselves are ajv
// standalone code precompiled into generated/<api>/validators.js by `npm run generate`:
// nothing is compiled at run time, and that module (with the ajv runtime helpers it
// imports) is loaded on the first response of a validating client, never otherwise.

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
 * @param {() => Promise<{ operations: ResponseContracts }>} loadContracts
 * @param {"reject" | "warn"} mode
 * @param {(error: ResponseValidationError) => void} report
 * @returns {import("openapi-fetch").Middleware}
 */
export function responseValidationMiddleware(loadContracts, mode, report) {
  /** @type {Promise<ResponseContracts> | undefined} */
  let contracts;
  return {
    async onResponse({ request, response, schemaPath }) {
      contracts ??= loadContracts().then((module) => module.operations);
      const operation = (await contracts)[`${request.method} ${schemaPath}`];
      if (!operation) return undefined;
      const problems = await checkResponse(operation, request.method, response);
      if (problems.length === 0) return undefined;
      const error = new ResponseValidationError({
        operationId: operation.operationId,
        method: request.method,
        path: schemaPath,
        status: response.status,
        problems,
      });
      if (mode === "reject") throw error;
      report(error);
      return undefined;
    },
  };
}

/**
 * @param {OperationContract} operation
 * @param {string} method
 * @param {Response} response
 * @returns {Promise<ResponseProblem[]>}
 */
async function checkResponse(operation, method, response) {
  const status = String(response.status);
  const contract =
    operation.responses[status] ?? operation.responses[`${status[0]}XX`] ?? operation.responses.default;
  if (!contract) {
    const documented = Object.keys(operation.responses).join(", ");
    return [{ pointer: "/status", message: `${status} is not documented (documented: ${documented})` }];
  }
  const problems = headerProblems(contract, response.headers);
  // A HEAD response has no body whatever its headers say.
  if (method !== "HEAD") problems.push(...(await bodyProblems(contract, response)));
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
 * @param {ResponseContract} contract
 * @param {Response} response
 * @returns {Promise<ResponseProblem[]>}
 */
async function bodyProblems(contract, response) {
  const text = await response.clone().text();
  const documented = Object.keys(contract.content);
  if (documented.length === 0) {
    return text === "" ? [] : [{ pointer: "/body", message: "is not empty, but the spec documents no body for this status" }];
  }
  const contentType = response.headers.get("content-type");
  const mediaType = documented.find((candidate) => mediaTypeMatches(candidate, contentType));
  if (mediaType === undefined) {
    const received = contentType === null ? "is missing" : `is ${JSON.stringify(contentType)}`;
    return [{ pointer: "/headers/content-type", message: `${received}; the spec documents ${documented.join(", ")}` }];
  }
  if (text === "") return [{ pointer: "/body", message: `is empty; the spec documents a ${mediaType} body` }];
  let body;
  if (isJson(mediaType)) {
    try {
      body = JSON.parse(text);
    } catch (error) {
      return [{ pointer: "/body", message: `is not valid JSON (${error instanceof Error ? error.message : String(error)})` }];
    }
  } else {
    body = text;
  }
  const validate = contract.content[mediaType];
  return validate ? problemsOf(validate, body, "/body") : [];
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
      return { pointer: `${prefix}${error.instancePath}/${escapePointer(String(error.params.missingProperty))}`, message: "is required but missing" };
    }
    const extra = error.keyword === "additionalProperties" ? ` (${String(error.params.additionalProperty)})` : "";
    return { pointer: `${prefix}${error.instancePath}`, message: `${error.message ?? `fails ${error.keyword}`}${extra}` };
  });
}

/**
 * @param {string} token
 * @returns {string}
 */
function escapePointer(token) {
  return token.replaceAll("~", "~0").replaceAll("/", "~1");
}

/**
 * `application/json` matches `application/json; charset=utf-8`; `application/*` and `*\/*` match by range.
 * @param {string} documented
 * @param {string | null} contentType
 * @returns {boolean}
 */
function mediaTypeMatches(documented, contentType) {
  if (contentType === null) return false;
  const received = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  const [type, subtype] = documented.toLowerCase().split("/");
  const [receivedType, receivedSubtype] = received.split("/");
  return (type === "*" || type === receivedType) && (subtype === "*" || subtype === receivedSubtype);
}

/**
 * @param {string} mediaType
 * @returns {boolean}
 */
function isJson(mediaType) {
  return /^application\/(.+\+)?json$/i.test(mediaType);
}
