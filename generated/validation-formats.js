// Generated from scripts/spec/validation-formats.js by `npm run generate`. Do not edit.
// The string formats every validator checks, in one place for both kinds: the
// conformance suite's validators compiled at run time (scripts/lib/validators.ts) and
// the clients' validators precompiled into generated/<api>/validators.js, which import
// this module as generated/validation-formats.js. Both therefore accept exactly the same
// strings: ajv-formats' full mode, with a fast path for the common date-time form.
import { fullFormats } from "ajv-formats/dist/formats.js";

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
export const COMMON_DATE_TIME =
  /^\d{4}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)t(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:z|[+-](?:[01]\d|2[0-3])(?::?[0-5]\d)?)$/i;

const fullDateTime = /** @type {import("ajv").FormatDefinition<string> & { validate: (value: string) => boolean }} */ (fullFormats["date-time"]);

/**
 * ajv-formats' full `date-time`, with a fast yes for the common form.
 * @type {import("ajv").FormatDefinition<string>}
 */
export const dateTimeFormat = {
  type: "string",
  validate: (value) => COMMON_DATE_TIME.test(value) || fullDateTime.validate(value),
  ...(fullDateTime.compare ? { compare: fullDateTime.compare } : {}),
};

/**
 * Every format by name, as ajv's `formats` option and the standalone code expect them.
 * @type {Record<string, import("ajv").Format>}
 */
export const formats = { ...fullFormats, "date-time": dateTimeFormat };
