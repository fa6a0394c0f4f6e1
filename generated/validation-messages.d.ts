// Generated from scripts/spec/validation-messages.js by `npm run generate`. Do not edit.
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
export function ruleMessage(error: RuleError, validated: unknown): string;
/**
 * The part of an ajv error a message is built from.
 */
export type RuleError = {
    /**
     * JSON pointer into the validated value.
     */
    instancePath: string;
    keyword: string;
    params: Record<string, unknown>;
    message?: string | undefined;
};
