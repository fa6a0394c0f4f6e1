// What a failed schema rule says, in one place for everything that says it: the mock
// server and the MSW handlers (scripts/server/inputs.ts, for a request) and the clients'
// ResponseValidationError (generate/response-validation.js, for a response; shipped as
// generated/validation-messages.js). A message teaches the fix: an enum error lists the
// allowed values, a missing member names the member sent instead when it looks like a
// typo of it.

/**
 * The part of an ajv error a message is built from.
 * @typedef {object} RuleError
 * @property {string} instancePath JSON pointer into the validated value.
 * @property {string} keyword
 * @property {Record<string, unknown>} params
 * @property {string} [message]
 */

/**
 * What is wrong with the value at the error's place, without its name:
 * `must be one of "active", "inactive"`, `is required; did you mean \`nmae\` → \`name\`?`.
 * @param {RuleError} error
 * @param {unknown} validated The whole value that was validated (the object a missing member belongs to is found in it).
 * @returns {string}
 */
export function ruleMessage(error, validated) {
  if (error.keyword === "enum" && Array.isArray(error.params.allowedValues)) {
    return `must be one of ${error.params.allowedValues.map((value) => JSON.stringify(value)).join(", ")}`;
  }
  if (error.keyword === "required") {
    const missing = String(error.params.missingProperty);
    const typo = nearMiss(valueAt(validated, error.instancePath), missing);
    return typo === undefined ? "is required" : `is required; did you mean \`${typo}\` → \`${missing}\`?`;
  }
  return error.message ?? `fails ${error.keyword}`;
}

/**
 * @param {unknown} value
 * @param {string} pointer
 * @returns {unknown}
 */
function valueAt(value, pointer) {
  let node = value;
  for (const token of pointer.split("/").slice(1)) {
    const key = token.replaceAll("~1", "/").replaceAll("~0", "~");
    node = typeof node === "object" && node !== null ? /** @type {Record<string, unknown>} */ (node)[key] : undefined;
  }
  return node;
}

/**
 * The member of `object` that looks like a typo of `name`: the same letters but for
 * case, or at most two edits away (one for short names).
 * @param {unknown} object
 * @param {string} name
 * @returns {string | undefined}
 */
function nearMiss(object, name) {
  if (typeof object !== "object" || object === null || Array.isArray(object)) return undefined;
  const allowed = name.length <= 4 ? 1 : 2;
  return Object.keys(object).find((key) => key !== name && (key.toLowerCase() === name.toLowerCase() || editDistance(key, name) <= allowed));
}

/**
 * Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`.
 * @param {string} a
 * @param {string} b
 * @returns {number}
 */
function editDistance(a, b) {
  /** @type {number[][]} */
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const row = /** @type {number[]} */ (d[i]);
      const above = /** @type {number[]} */ (d[i - 1]);
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(/** @type {number} */ (above[j]) + 1, /** @type {number} */ (row[j - 1]) + 1, /** @type {number} */ (above[j - 1]) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(/** @type {number} */ (row[j]), /** @type {number} */ (d[i - 2]?.[j - 2]) + 1);
    }
  }
  return /** @type {number} */ (d[a.length]?.[b.length]);
}
