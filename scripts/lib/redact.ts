// The one place secrets are taken out of what the toolkit writes: recorded requests and
// responses, curl lines, the terminal, JSON and JUnit reports. A server may echo a secret
// in any form, so every secret is found raw, percent-encoded (upper- or lower-case hex,
// `+` or `%20` for a space, any mix), JSON-escaped, XML-escaped, and in base64 (the
// `Basic …` form of a `user:password` credential among them).
//
// A short secret (under MIN_SUBSTRING_CHARS) would match inside unrelated text (a
// one-letter token blanked every `x` of every URL), so it is redacted only where it
// stands as a whole value: a header value, a query value, a JSON string.

export const REDACTED = "[REDACTED]";

/** Secrets at least this long are redacted wherever they appear, even inside other text. */
export const MIN_SUBSTRING_CHARS = 8;

/** Header values a Redactor remembers at most (see `headerValue`). */
const MAX_REMEMBERED_HEADER_VALUES = 1_000;

/** Header names whose values are credentials whatever they hold. */
const CREDENTIAL_HEADERS = new Set(["authorization", "proxy-authorization", "cookie"]);

const XML_ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
const JSON_ESCAPE: Record<string, string> = { '"': '\\"', "\\": "\\\\", "/": "\\/", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** One way a character may be written: the end of that writing when `text` holds it at `at`, else -1. */
type Form = (text: string, at: number) => number;

const literal =
  (written: string): Form =>
  (text, at) =>
    text.startsWith(written, at) ? at + written.length : -1;

/** The value of the hex digit at `at` (either case), or -1. */
function hexDigit(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 32;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/** `count` hex digits at `at` read as one number, or -1. */
function hexAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let index = 0; index < count; index += 1) {
    const digit = hexDigit(text, at + index);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/** `prefix` then each of `values` as `digits` hex digits, in either case: `%2f`, `\u002F`. */
const escaped =
  (prefix: string, values: readonly number[], digits: number): Form =>
  (text, at) => {
    let position = at;
    for (const value of values) {
      if (!text.startsWith(prefix, position) || hexAt(text, position + prefix.length, digits) !== value) return -1;
      position += prefix.length + digits;
    }
    return position;
  };

/** Every way one character (a code point) of a secret may be written by an encoder a server might use. */
function characterForms(char: string): Form[] {
  const units = Array.from({ length: char.length }, (_, index) => char.charCodeAt(index));
  const forms = [literal(char), escaped("%", [...Buffer.from(char, "utf8")], 2), escaped("\\u", units, 4)];
  if (char === " ") forms.push(literal("+"));
  if (JSON_ESCAPE[char]) forms.push(literal(JSON_ESCAPE[char]));
  if (XML_ENTITY[char]) forms.push(literal(XML_ENTITY[char]));
  return forms;
}

/**
 * A long secret wherever it stands in a text, each character in any of its forms (any
 * mix): a matcher, not one regular expression, since the expression (an alternation per
 * character) took V8 7-14 ms to compile in every run, for texts that are short.
 */
class SecretFinder {
  private readonly characters: Form[][];
  private readonly whole: Form[];
  /** The char codes a writing of the secret can start with. */
  readonly leads: readonly number[];

  constructor(secret: string) {
    this.characters = [...secret].map(characterForms);
    this.whole = base64Forms(secret).map(literal);
    // A writing starts with the character itself, or with what starts an escape (`%`, `\\`, `+`, `&`), or with a base64 form.
    this.leads = [secret.charCodeAt(0), 37, 92, 43, 38, ...base64Forms(secret).map((form) => form.charCodeAt(0))];
  }

  /** Where a writing of the secret that starts at `at` ends, or -1. */
  endAt(text: string, at: number): number {
    const end = this.charactersFrom(0, text, at);
    if (end >= 0) return end;
    for (const form of this.whole) {
      const wholeEnd = form(text, at);
      if (wholeEnd >= 0) return wholeEnd;
    }
    return -1;
  }

  /** Characters `index` onwards written from `at`, trying each form in turn and backing off when the rest does not follow. */
  private charactersFrom(index: number, text: string, at: number): number {
    if (index === this.characters.length) return at;
    for (const form of this.characters[index] as Form[]) {
      const next = form(text, at);
      if (next < 0) continue;
      const end = this.charactersFrom(index + 1, text, next);
      if (end >= 0) return end;
    }
    return -1;
  }
}

/** base64 and base64url, with and without padding: what `Basic …` and JWT-style echoes hold. */
function base64Forms(secret: string): string[] {
  const standard = Buffer.from(secret, "utf8").toString("base64");
  const url = Buffer.from(secret, "utf8").toString("base64url");
  return [...new Set([standard, standard.replace(/=+$/, ""), url])];
}

/** Every encoded form of `secret` this module knows, as plain strings (for whole-value comparison). */
function plainForms(secret: string): string[] {
  const encoded = encodeURIComponent(secret);
  const form = new URLSearchParams({ v: secret }).toString().slice(2);
  const json = JSON.stringify(secret).slice(1, -1);
  return [secret, encoded, encoded.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()), form, encodeURI(secret), json, ...base64Forms(secret)];
}

/**
 * What a run must not show: the token, `--header` values, and for a `user:password`
 * credential its password alone too.
 */
export function secretsOf(token: string | undefined, headerValues: readonly string[] = []): string[] {
  const password = token?.includes(":") ? token.slice(token.indexOf(":") + 1) : undefined;
  return [token, password, ...headerValues].filter((secret): secret is string => secret !== undefined && secret.length > 0);
}

/** `name=value` in a query, the value up to what ends it in a URL or in text around one. */
const QUERY_VALUE = /([?&][^=&#\s"'<>]*=)([^&#\s"'<>\\]*)/g;
const JSON_STRING = /"((?:[^"\\]|\\.)*)"/g;

export class Redactor {
  /** Long secrets in any of their forms, the longest first. */
  private readonly finders: readonly SecretFinder[];
  /** A character any of them can start with: the positions worth trying, found natively (a loop over every character is ten times slower). */
  private readonly leads?: RegExp;
  /** No writing of a long secret is shorter than the secret itself: shorter texts (most header values) hold none. */
  private readonly shortestLong: number;
  /** Every form of every secret, short ones included: a value equal to one of these is a secret. */
  private readonly wholeValues: ReadonlySet<string>;
  private readonly credentialHeaders: ReadonlySet<string>;
  /** How far past a cut a secret's longest form may reach. */
  readonly longestForm: number;
  /** Header values already redacted: a server repeats most of them on every response (its type, `keep-alive`, its name). */
  private readonly headerValues = new Map<string, string>();

  constructor(secrets: readonly string[], secretHeaderNames: Iterable<string> = []) {
    const distinct = [...new Set(secrets.filter((secret) => secret.length > 0))].sort((a, b) => b.length - a.length);
    const long = distinct.filter((secret) => secret.length >= MIN_SUBSTRING_CHARS);
    this.finders = long.map((secret) => new SecretFinder(secret));
    this.shortestLong = Math.min(...long.map((secret) => secret.length));
    const leads = new Set(this.finders.flatMap((finder) => finder.leads));
    if (leads.size > 0) this.leads = new RegExp(`[${[...leads].map((code) => `\\u${code.toString(16).padStart(4, "0")}`).join("")}]`, "g");
    const forms = distinct.flatMap(plainForms);
    this.wholeValues = new Set(forms);
    this.longestForm = Math.max(0, ...distinct.map((secret) => secret.length * 12));
    this.credentialHeaders = new Set([...CREDENTIAL_HEADERS, ...[...secretHeaderNames].map((name) => name.toLowerCase())]);
  }

  /** Long secrets taken out of free text (a line, a report file, a message). */
  text(text: string): string {
    const leads = this.leads;
    if (!leads || text.length < this.shortestLong) return text;
    let redacted = "";
    let copied = 0;
    leads.lastIndex = 0;
    while (leads.test(text)) {
      const at = leads.lastIndex - 1;
      const end = this.secretEnd(text, at);
      if (end < 0) continue;
      redacted += `${text.slice(copied, at)}${REDACTED}`;
      copied = leads.lastIndex = end;
    }
    return copied === 0 ? text : redacted + text.slice(copied);
  }

  /** Where the first secret (longest first) written from `at` ends, or -1. */
  private secretEnd(text: string, at: number): number {
    for (let index = 0; index < this.finders.length; index += 1) {
      const end = (this.finders[index] as SecretFinder).endAt(text, at);
      if (end >= 0) return end;
    }
    return -1;
  }

  /** True when `value` is, as a whole, a secret in one of its forms. */
  isSecret(value: string): boolean {
    return this.wholeValues.has(value);
  }

  /** `value` redacted when it is a secret as a whole or after an auth scheme (`Bearer x`); undefined when it is not. */
  private wholeValue(value: string): string | undefined {
    if (this.wholeValues.has(value)) return REDACTED;
    const scheme = /^(\S+ +)(\S+)$/.exec(value);
    return scheme && this.wholeValues.has(scheme[2] as string) ? `${scheme[1]}${REDACTED}` : undefined;
  }

  /** Query values that are secrets, wherever a URL stands in the text (a header, a body, a line). */
  private queryValues(text: string): string {
    if (!text.includes("=")) return text;
    return text.replace(QUERY_VALUE, (whole, name: string, value: string) => (this.isSecret(value) || this.isSecret(decodeQueryValue(value)) ? `${name}${REDACTED}` : whole));
  }

  /** A header-like value: whole (or after an auth scheme such as `Bearer `) a secret, or text with secrets in it. */
  value(value: string): string {
    return this.wholeValue(value) ?? this.queryValues(this.text(value));
  }

  /** A URL: long secrets anywhere, and any query value that is a secret. */
  url(url: string): string {
    return this.queryValues(this.text(url));
  }

  /** Credential headers blanked whatever they hold (the scheme kept); every other value as `value`. */
  headers(headers: Readonly<Record<string, string>>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      const lower = name.toLowerCase();
      if (!this.credentialHeaders.has(lower)) out[name] = this.headerValue(value);
      else if (lower === "authorization" || lower === "proxy-authorization") out[name] = value.replace(/^(\S+\s+)?.*$/s, (_, scheme = "") => `${scheme}${REDACTED}`);
      else out[name] = REDACTED;
    }
    return out;
  }

  /** `value` of a header, remembered (a bounded number of them: a run's headers also hold dates and ids that never repeat). */
  private headerValue(value: string): string {
    let redacted = this.headerValues.get(value);
    if (redacted === undefined) {
      if (this.headerValues.size >= MAX_REMEMBERED_HEADER_VALUES) this.headerValues.clear();
      redacted = this.value(value);
      this.headerValues.set(value, redacted);
    }
    return redacted;
  }

  /** A body: long secrets anywhere, and any JSON string that is a secret as a whole. */
  body(text: string): string {
    return this.queryValues(this.text(text)).replace(JSON_STRING, (whole, inner: string) => {
      const redacted = this.wholeValue(inner.includes("\\") ? safeJsonString(inner) : inner);
      return redacted === undefined ? whole : `"${redacted}"`;
    });
  }

  /** The first `chars` characters of `text`, redacted as a body; a secret cut by the limit is taken out before the cut. */
  bodyPreview(text: string, chars: number): string {
    return this.body(text.slice(0, chars + this.longestForm)).slice(0, chars);
  }
}

/** A query value as the server reads it (`+` a space); the value itself when it is not valid percent-encoding. */
export function decodeQueryValue(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}

function safeJsonString(inner: string): string {
  try {
    return JSON.parse(`"${inner}"`) as string;
  } catch {
    return inner;
  }
}
