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

/** Header names whose values are credentials whatever they hold. */
const CREDENTIAL_HEADERS = new Set(["authorization", "proxy-authorization", "cookie"]);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

/** `[aA]`-style classes, so hex in an escape matches in either case. */
const anyCaseHex = (hex: string) => hex.replace(/[a-f]/gi, (digit) => `[${digit.toLowerCase()}${digit.toUpperCase()}]`);

const XML_ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
const JSON_ESCAPE: Record<string, string> = { '"': '\\"', "\\": "\\\\", "/": "\\/", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** Every way one character of a secret may be written by an encoder a server might use. */
function characterForms(char: string): string {
  const forms = new Set<string>([escapeRegExp(char)]);
  const percent = [...Buffer.from(char, "utf8")].map((byte) => `%${byte.toString(16).padStart(2, "0")}`).join("");
  forms.add(anyCaseHex(percent));
  forms.add(`\\\\u${anyCaseHex(char.charCodeAt(0).toString(16).padStart(4, "0"))}`);
  if (char === " ") forms.add("\\+");
  if (JSON_ESCAPE[char]) forms.add(escapeRegExp(JSON_ESCAPE[char]));
  if (XML_ENTITY[char]) forms.add(escapeRegExp(XML_ENTITY[char]));
  return `(?:${[...forms].join("|")})`;
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
  /** Long secrets in any of their forms; undefined when there are none. */
  private readonly pattern?: RegExp;
  /** Every form of every secret, short ones included: a value equal to one of these is a secret. */
  private readonly wholeValues: ReadonlySet<string>;
  private readonly credentialHeaders: ReadonlySet<string>;
  /** How far past a cut a secret's longest form may reach. */
  readonly longestForm: number;

  constructor(secrets: readonly string[], secretHeaderNames: Iterable<string> = []) {
    const distinct = [...new Set(secrets.filter((secret) => secret.length > 0))].sort((a, b) => b.length - a.length);
    const long = distinct.filter((secret) => secret.length >= MIN_SUBSTRING_CHARS);
    const alternatives = long.flatMap((secret) => [[...secret].map(characterForms).join(""), ...base64Forms(secret).map(escapeRegExp)]);
    this.pattern = alternatives.length ? new RegExp(alternatives.join("|"), "g") : undefined;
    const forms = distinct.flatMap(plainForms);
    this.wholeValues = new Set(forms);
    this.longestForm = Math.max(0, ...distinct.map((secret) => secret.length * 12));
    this.credentialHeaders = new Set([...CREDENTIAL_HEADERS, ...[...secretHeaderNames].map((name) => name.toLowerCase())]);
  }

  /** Long secrets taken out of free text (a line, a report file, a message). */
  text(text: string): string {
    return this.pattern ? text.replace(this.pattern, REDACTED) : text;
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
      if (!this.credentialHeaders.has(lower)) out[name] = this.value(value);
      else if (lower === "authorization" || lower === "proxy-authorization") out[name] = value.replace(/^(\S+\s+)?.*$/s, (_, scheme = "") => `${scheme}${REDACTED}`);
      else out[name] = REDACTED;
    }
    return out;
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
