// The conformance CLI's flag table: one row per flag gives the parser, the usage text,
// the option it sets and its key in clients-contract.config.json (config.ts), so the
// command line, the config file and its shipped JSON Schema cannot drift apart.
//
// Light on purpose: `--help` and a bad flag load this and no engine.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { integerOption, UsageError } from "../lib/cli.ts";
import { parseRatePace, type RatePace } from "./pacing.ts";
import { REPORT_FORMATS, type ReportFormat, reportTargets } from "./reporters/index.ts";
import { CHECK_NAMES, type CheckName, isCheckName } from "./checks/names.ts";

export interface CliOptions {
  /** One of this package's APIs (its bundle in generated/), or... */
  api?: string;
  /** ...any OpenAPI 3.0/3.1 document: an absolute file path or an http(s) URL. */
  spec?: string;
  baseUrl: string;
  token?: string;
  /** Sent on every request (`--header`); their values are redacted from reports. */
  headers: Record<string, string>;
  stateless: boolean;
  checks?: CheckName[];
  excludeChecks?: CheckName[];
  operations?: string[];
  excludeOperations?: string[];
  tags?: string[];
  seed?: number;
  timeoutMs?: number;
  timeLimitMs?: number;
  maxExamples?: number;
  /** Absolute paths. */
  reports: Array<{ format: ReportFormat; file: string }>;
  quiet: boolean;
  /** At most this many requests per period (`--rate-limit 100/m`). */
  rateLimit?: RatePace;
  /** Every violation, not one example per group. */
  verbose: boolean;
  /** An earlier JSON report: only violations it lacks fail the run (absolute path). */
  baseline?: string;
  /** Failures resting only on an `x-decision` of the spec fail the run too. */
  strict: boolean;
  /** Read no rate-limit header (`--ignore-rate-limit-headers`). */
  ignoreRateLimitHeaders?: boolean;
  /** How long a crashed server may take to come back (`--wait-for-server`). */
  waitForServerMs?: number;
  /** Operations side by side (`--workers`). */
  workers?: number;
  /** This machine's part of the operations (`--shard i/n`). */
  shard?: { index: number; count: number };
  /** The config file's `operations`: settings for single operations, by operationId. */
  perOperation?: Record<string, { maxExamples?: number; checks?: CheckName[] }>;
  /** Said on stderr before the run (a token on the command line). */
  warnings: string[];
}

/** The options before any flag is read: what every flag's absence means. */
export function emptyOptions(warnings: readonly string[] = []): CliOptions {
  return { baseUrl: "", headers: {}, stateless: false, reports: [], quiet: false, verbose: false, strict: false, warnings: [...warnings] };
}

/** What a flag's reader may consult besides its own value. */
export interface FlagContext {
  env: NodeJS.ProcessEnv;
  /** Where relative paths in the value point: the caller's working directory, or the config file's folder. */
  cwd: string;
  /** Where the value came from: the command line, or the config file's path. */
  source: "command line" | string;
}

export type Section = "target" | "credentials" | "selection" | "run" | "output";

/** A JSON Schema, as much of it as the config file's keys need. */
export type JsonSchema = { [keyword: string]: unknown };

export interface Flag {
  name: string;
  section: Section;
  /** Placeholder in the usage; a flag without one is a switch. */
  arg?: string;
  multiple?: boolean;
  help: string;
  /** Its key in clients-contract.config.json: the name in camelCase unless a row says otherwise. */
  configKey: string;
  /** What the config file may hold under that key. */
  configSchema: JsonSchema;
  /** The config file's value as the command line gives it: numbers as text, lists joined with commas, maps as the repeated flag's values. */
  fromConfig(value: unknown): unknown;
  /** Sets the options this flag controls from its raw value (undefined when absent). */
  read(options: CliOptions, raw: unknown, context: FlagContext): void;
}

/** How a row's flag reads in the config file, when the defaults (a string, a boolean for a switch) do not fit. */
interface ConfigShape {
  key?: string;
  schema?: JsonSchema;
  fromConfig?: (value: unknown) => unknown;
}

const camelCase = (name: string) => name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** Config values as command-line text: a number as digits, a list as `a,b`; strings and switches as they are. */
function asCommandLine(value: unknown): unknown {
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.join(",");
  return value;
}

function configOf(name: string, schema: JsonSchema, shape: ConfigShape = {}): Pick<Flag, "configKey" | "configSchema" | "fromConfig"> {
  return { configKey: shape.key ?? camelCase(name), configSchema: shape.schema ?? schema, fromConfig: shape.fromConfig ?? asCommandLine };
}

// One row per flag: the parser, the usage text, the option it sets and the config file's
// key come from here, so a new flag is one row (plus its field in CliOptions).
function valueFlag(
  name: string,
  section: Section,
  arg: string,
  help: string,
  read: (options: CliOptions, value: string | undefined, context: FlagContext) => void,
  config?: ConfigShape,
): Flag {
  return { name, section, arg, help, ...configOf(name, { type: "string", minLength: 1 }, config), read: (options, raw, context) => read(options, raw as string | undefined, context) };
}

/** A flag taking a whole number in [min, max]: the reader and the config file's schema share the range. */
function integerFlag(name: string, section: Section, arg: string, help: string, range: [number, number], set: (options: CliOptions, value: number) => void): Flag {
  const [minimum, maximum] = range;
  return valueFlag(
    name,
    section,
    arg,
    help,
    (o, v) => {
      const value = integerOption(v, `--${name}`, minimum, maximum);
      if (value !== undefined) set(o, value);
    },
    { schema: { type: "integer", minimum, maximum } },
  );
}

/** A flag taking `a,b`: a list of strings in the config file (`items` narrows them). */
function listFlag(name: string, section: Section, help: string, read: (options: CliOptions, value: string | undefined) => void, items: JsonSchema = { type: "string", minLength: 1 }, key?: string): Flag {
  return valueFlag(name, section, "a,b", help, read, { schema: { type: "array", items, uniqueItems: true }, ...(key ? { key } : {}) });
}

function repeatableFlag(
  name: string,
  section: Section,
  arg: string,
  help: string,
  read: (options: CliOptions, values: string[], context: FlagContext) => void,
  config: Required<Pick<ConfigShape, "schema" | "fromConfig" | "key">>,
): Flag {
  return { name, section, arg, multiple: true, help, ...configOf(name, config.schema, config), read: (options, raw, context) => read(options, (raw as string[] | undefined) ?? [], context) };
}

function switchFlag(name: string, section: Section, help: string, read: (options: CliOptions, on: boolean) => void): Flag {
  return { name, section, help, ...configOf(name, { type: "boolean" }), read: (options, raw) => read(options, raw === true) };
}

/** A config map (`{ "json": "out.json" }`) as the repeated flag's values, `name<separator>value` each. */
const mapEntries = (separator: string) => (value: unknown) => Object.entries(value as Record<string, string>).map(([name, text]) => `${name}${separator}${text}`);

/** `a,b , c` → ["a", "b", "c"]; undefined when the flag is absent. */
function commaList(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(",").map((item) => item.trim()).filter(Boolean);
}

function checkList(flag: string, value: string | undefined): CheckName[] | undefined {
  const names = commaList(value);
  const unknown = names?.filter((name) => !isCheckName(name)) ?? [];
  if (unknown.length) throw new UsageError(`--${flag}: unknown check ${unknown.join(", ")}; known: ${CHECK_NAMES.join(", ")}`);
  return names as CheckName[] | undefined;
}

function readTokenFile(file: string, cwd: string): string {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`--token-file: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const token = text.trim();
  if (!token) throw new UsageError(`--token-file: ${path} is empty`);
  return token;
}

/**
 * Refuses a credential holding what no header can carry: a line break (an inner newline of a
 * token file, a pasted CRLF) would otherwise reach the server as a broken request and
 * come back as what looks like a server fault.
 */
export function checkCredential(what: string, token: string): void {
  if (/[\r\n]/.test(token)) throw new UsageError(`${what} contains a line break (CR or LF), which no HTTP header can carry`);
  const control = /[\x00-\x08\x0b-\x1f\x7f]/.exec(token)?.[0];
  if (control) throw new UsageError(`${what} contains a control character (U+${control.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}), which no HTTP header can carry`);
}

const HEADER = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/;

function parseHeader(text: string): [string, string] {
  const match = HEADER.exec(text);
  if (!match) throw new UsageError(`--header must be 'Name: value', got "${text}"`);
  return [match[1] as string, match[2] as string];
}

function parseBaseUrl(value: string | undefined): string {
  if (value === undefined) return "";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--base-url is not a URL: "${value}"`);
  }
  if (!/^https?:$/.test(url.protocol)) throw new UsageError(`--base-url must be http or https, got ${url.protocol}`);
  // Every operation's path is appended to the base URL: after a `?` or `#` it would land in the query or the fragment.
  const tail = /[?#].*$/.exec(value)?.[0];
  if (tail !== undefined) throw new UsageError(`--base-url must not have a query or a fragment ("${tail}"): the suite appends each operation's path to it`);
  return url.toString().replace(/\/$/, "");
}

/**
 * `--spec`'s value as the loader takes it: an http(s) URL as given, a `file:` URL or a
 * path as an absolute path. Any other scheme (`ftp:`, `s3:`) is refused, not taken for a
 * relative path; a one-letter scheme is a Windows drive.
 */
function specSource(value: string, cwd: string): string {
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(value)?.[1]?.toLowerCase();
  if (scheme === undefined) return resolve(cwd, value);
  if (scheme === "http" || scheme === "https") return value;
  if (scheme === "file") {
    try {
      return fileURLToPath(value);
    } catch (error) {
      throw new UsageError(`--spec: cannot read "${value}" as a file URL (${(error as Error).message})`);
    }
  }
  throw new UsageError(`--spec takes a file or an http(s) URL, not a ${scheme}: URL ("${value}"); a file whose name has a colon can be given as ./<name>`);
}

export const FLAGS: Flag[] = [
  valueFlag("api", "target", "<name>", "one of this package's APIs, by name (an unknown name lists them)", (o, v) => {
    o.api = v;
  }),
  valueFlag("spec", "target", "<file|url>", "any OpenAPI 3.0 or 3.1 document, JSON or YAML, $refs across files resolved", (o, v, c) => {
    o.spec = v === undefined ? v : specSource(v, c.cwd);
  }),
  valueFlag("base-url", "target", "<url>", "the server under test", (o, v) => {
    o.baseUrl = parseBaseUrl(v);
  }),
  valueFlag("token-file", "credentials", "<file>", "read the credential from a file (trailing whitespace dropped)", (o, v, c) => {
    if (v !== undefined) o.token = readTokenFile(v, c.cwd);
  }),
  valueFlag("token", "credentials", "<token>", "the credential itself (prefer --token-file or CONFORMANCE_TOKEN: argv can end up in logs)", (o, v, c) => {
    if (v === undefined) return;
    if (o.token !== undefined) throw new UsageError("--token and --token-file are mutually exclusive");
    o.token = v;
    if (c.source === "command line") o.warnings.push("--token puts the credential on the command line, where CI logs and the process list show it; use --token-file or CONFORMANCE_TOKEN");
  }),
  repeatableFlag(
    "header",
    "credentials",
    "'Name: value'",
    "an extra header on every request, repeatable (value redacted from reports)",
    (o, values) => {
      for (const [name, value] of values.map(parseHeader)) o.headers[name] = value;
    },
    { schema: { type: "object", propertyNames: { pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" }, additionalProperties: { type: "string" } }, fromConfig: mapEntries(": "), key: "headers" },
  ),
  switchFlag("stateless", "selection", "only the checks that need no stored state (for mocks)", (o, on) => {
    o.stateless = on;
  }),
  listFlag("checks", "selection", "run only these checks", (o, v) => {
    o.checks = checkList("checks", v);
  }, { enum: [...CHECK_NAMES] }),
  listFlag("exclude-checks", "selection", "skip these checks", (o, v) => {
    o.excludeChecks = checkList("exclude-checks", v);
  }, { enum: [...CHECK_NAMES] }),
  // The config file's `operations` holds the per-operation settings; this flag's list is `onlyOperations` there.
  listFlag("operations", "selection", "test only these operationIds (a half-built server)", (o, v) => {
    o.operations = commaList(v);
  }, undefined, "onlyOperations"),
  listFlag("exclude-operations", "selection", "skip these operationIds", (o, v) => {
    o.excludeOperations = commaList(v);
  }),
  listFlag("tags", "selection", "test only operations with one of these tags", (o, v) => {
    o.tags = commaList(v);
  }),
  valueFlag("shard", "selection", "<i>/<n>", "this machine's part of the operations, for a CI matrix (a resource stays whole); `conformance merge` joins the JSON reports", (o, v) => {
    if (v === undefined) return;
    const match = /^(\d+)\/(\d+)$/.exec(v);
    const [index, count] = [Number(match?.[1]), Number(match?.[2])];
    if (!match || count < 1 || count > 1_000 || index < 1 || index > count) throw new UsageError(`--shard must be <i>/<n> with 1 <= i <= n <= 1000 (e.g. 2/4), got "${v}"`);
    o.shard = { index, count };
  }, { schema: { type: "string", pattern: "^\\d+/\\d+$" } }),
  integerFlag("seed", "run", "<n>", "repeat a run's generated inputs (default: random, printed)", [0, 2 ** 31 - 1], (o, value) => {
    o.seed = value;
  }),
  integerFlag("timeout-ms", "run", "<n>", "per request, whole body included (default 5000)", [1, 3_600_000], (o, value) => {
    o.timeoutMs = value;
  }),
  integerFlag("time-limit-ms", "run", "<n>", "for the whole run (default 120000)", [1, 86_400_000], (o, value) => {
    o.timeLimitMs = value;
  }),
  integerFlag("max-examples", "run", "<n>", "random inputs per operation, after the examples and boundary values (default 4)", [0, 1_000], (o, value) => {
    o.maxExamples = value;
  }),
  valueFlag("rate-limit", "run", "<n>/<s|m|h>", "send at most n requests per second, minute or hour (Retry-After and RateLimit headers are honoured anyway)", (o, v) => {
    if (v === undefined) return;
    const pace = parseRatePace(v);
    if (!pace) throw new UsageError(`--rate-limit must be <n>/<s|m|h> (e.g. 100/m), got "${v}"`);
    o.rateLimit = pace;
  }),
  switchFlag("ignore-rate-limit-headers", "run", "read no RateLimit, X-RateLimit-* or Retry-After header (for a server whose headers lie); a 429 is retried after 1 s", (o, on) => {
    o.ignoreRateLimitHeaders = on;
  }),
  valueFlag("workers", "run", "<n|auto>", "operations tested side by side (default 1; auto: two per core, at most 8); a resource's own sequence stays in order", (o, v) => {
    if (v === undefined) return;
    o.workers = v === "auto" ? Math.min(8, 2 * availableParallelism()) : integerOption(v, "--workers", 1, 64);
  }, { schema: { oneOf: [{ type: "integer", minimum: 1, maximum: 64 }, { const: "auto" }] } }),
  integerFlag("wait-for-server", "run", "<s>", "when the server stops answering (a crash), wait up to s seconds for it to come back and go on (default: stop the run)", [1, 3_600], (o, seconds) => {
    o.waitForServerMs = seconds * 1000;
  }),
  repeatableFlag(
    "report",
    "output",
    `${REPORT_FORMATS.join("|")}=<file>`,
    "write a report, repeatable; relative to the current directory",
    (o, values, c) => {
      o.reports = reportTargets(values, c.cwd);
    },
    // Formats are not listed here: the CLI names the known ones when the key is wrong.
    { schema: { type: "object", propertyNames: { pattern: "^[a-z]+$" }, additionalProperties: { type: "string", minLength: 1 } }, fromConfig: mapEntries("="), key: "reports" },
  ),
  valueFlag("baseline", "run", "<report.json>", "fail only on violations this earlier JSON report does not have; list the fixed ones", (o, v, c) => {
    if (v !== undefined) o.baseline = resolve(c.cwd, v);
  }),
  switchFlag("strict", "run", "failures that rest only on a decision of the spec (x-decision) are violations, not advisories", (o, on) => {
    o.strict = on;
  }),
  switchFlag("quiet", "output", "no progress lines on stderr", (o, on) => {
    o.quiet = on;
  }),
  switchFlag("verbose", "output", "print every violation, not one example per check, operation and cause", (o, on) => {
    o.verbose = on;
  }),
];
