// Generated from scripts/spec/validation-formats.js by `npm run generate`. Do not edit.
/**
 * Date-times as nearly every API writes them: a day that exists in every year
 * (only 29 February is left out), hours 00-23, seconds 00-59, `T` between date
 * and time, a `Z` or valid offset. Every string it matches is also accepted by
 * ajv-formats' full `date-time` check (test/bench/validators.test.ts proves it);
 * a string it does not match still goes to that check, so what is accepted is
 * exactly full mode's. Why: the full check splits the string and runs two
 * capturing regexes, which made validating a list of timestamps slower than
 * JSON.parse of it (`npm run bench`, part 1); one non-capturing test is not.
 * @type {RegExp}
 */
export const COMMON_DATE_TIME: RegExp;
/**
 * ajv-formats' full `date-time`, with a fast yes for the common form.
 * @type {import("ajv").FormatDefinition<string>}
 */
export const dateTimeFormat: import("ajv").FormatDefinition<string>;
/**
 * Every format by name, as ajv's `formats` option and the standalone code expect them.
 * @type {Record<string, import("ajv").Format>}
 */
export const formats: Record<string, import("ajv").Format>;
