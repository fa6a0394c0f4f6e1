// `clients-contract conformance <flags>` (in this repo also `npm run conformance -- <flags>`).
// Exit 0: no violation; 1: violations (or the run stopped early); 2: bad usage, bad
// config, or the server cannot be reached.
//
// This module is all that `--help`, `--version` and a bad flag load: the engine (ajv,
// fast-check, the spec loader) is imported only once the flags are known to be good,
// so start-up costs little more than node's own.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { integerOption, isMain, UsageError } from "../lib/cli.ts";
import { packageVersion } from "../lib/package.ts";
import { Redactor, secretsOf } from "../lib/redact.ts";
import { terminalSafe } from "../lib/safe-text.ts";
import { parseRatePace, type RatePace } from "./pacing.ts";
import { fileReporter, REPORT_FORMATS, type ReportFormat, reportTargets, writeReport } from "./reporters/index.ts";
import { junitError } from "./reporters/junit.ts";
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
  /** Said on stderr before the run (a token on the command line). */
  warnings: string[];
}

/** What a flag's reader may consult besides its own value. */
interface FlagContext {
  env: NodeJS.ProcessEnv;
  /** The caller's working directory: relative paths in flags are relative to it. */
  cwd: string;
}

type Section = "target" | "credentials" | "selection" | "run" | "output";

interface Flag {
  name: string;
  section: Section;
  /** Placeholder in the usage; a flag without one is a switch. */
  arg?: string;
  multiple?: boolean;
  help: string;
  /** Sets the options this flag controls from its raw value (undefined when absent). */
  read(options: CliOptions, raw: unknown, context: FlagContext): void;
}

// One row per flag: the parser, the usage text and the option it sets come from here,
// so a new flag is one row (plus its field in CliOptions).
function valueFlag(
  name: string,
  section: Section,
  arg: string,
  help: string,
  read: (options: CliOptions, value: string | undefined, context: FlagContext) => void,
): Flag {
  return { name, section, arg, help, read: (options, raw, context) => read(options, raw as string | undefined, context) };
}

function repeatableFlag(
  name: string,
  section: Section,
  arg: string,
  help: string,
  read: (options: CliOptions, values: string[], context: FlagContext) => void,
): Flag {
  return { name, section, arg, multiple: true, help, read: (options, raw, context) => read(options, (raw as string[] | undefined) ?? [], context) };
}

function switchFlag(name: string, section: Section, help: string, read: (options: CliOptions, on: boolean) => void): Flag {
  return { name, section, help, read: (options, raw) => read(options, raw === true) };
}

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
function checkCredential(what: string, token: string): void {
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
  valueFlag("token", "credentials", "<token>", "the credential itself (prefer --token-file or CONFORMANCE_TOKEN: argv can end up in logs)", (o, v) => {
    if (v === undefined) return;
    if (o.token !== undefined) throw new UsageError("--token and --token-file are mutually exclusive");
    o.token = v;
    o.warnings.push("--token puts the credential on the command line, where CI logs and the process list show it; use --token-file or CONFORMANCE_TOKEN");
  }),
  repeatableFlag("header", "credentials", "'Name: value'", "an extra header on every request, repeatable (value redacted from reports)", (o, values) => {
    for (const [name, value] of values.map(parseHeader)) o.headers[name] = value;
  }),
  switchFlag("stateless", "selection", "only the checks that need no stored state (for mocks)", (o, on) => {
    o.stateless = on;
  }),
  valueFlag("checks", "selection", "a,b", "run only these checks", (o, v) => {
    o.checks = checkList("checks", v);
  }),
  valueFlag("exclude-checks", "selection", "a,b", "skip these checks", (o, v) => {
    o.excludeChecks = checkList("exclude-checks", v);
  }),
  valueFlag("operations", "selection", "a,b", "test only these operationIds (a half-built server)", (o, v) => {
    o.operations = commaList(v);
  }),
  valueFlag("exclude-operations", "selection", "a,b", "skip these operationIds", (o, v) => {
    o.excludeOperations = commaList(v);
  }),
  valueFlag("tags", "selection", "a,b", "test only operations with one of these tags", (o, v) => {
    o.tags = commaList(v);
  }),
  valueFlag("shard", "selection", "<i>/<n>", "this machine's part of the operations, for a CI matrix (a resource stays whole); `conformance merge` joins the JSON reports", (o, v) => {
    if (v === undefined) return;
    const match = /^(\d+)\/(\d+)$/.exec(v);
    const [index, count] = [Number(match?.[1]), Number(match?.[2])];
    if (!match || count < 1 || count > 1_000 || index < 1 || index > count) throw new UsageError(`--shard must be <i>/<n> with 1 <= i <= n <= 1000 (e.g. 2/4), got "${v}"`);
    o.shard = { index, count };
  }),
  valueFlag("seed", "run", "<n>", "repeat a run's generated inputs (default: random, printed)", (o, v) => {
    o.seed = integerOption(v, "--seed", 0, 2 ** 31 - 1);
  }),
  valueFlag("timeout-ms", "run", "<n>", "per request, whole body included (default 5000)", (o, v) => {
    o.timeoutMs = integerOption(v, "--timeout-ms", 1, 3_600_000);
  }),
  valueFlag("time-limit-ms", "run", "<n>", "for the whole run (default 120000)", (o, v) => {
    o.timeLimitMs = integerOption(v, "--time-limit-ms", 1, 86_400_000);
  }),
  valueFlag("max-examples", "run", "<n>", "random inputs per operation, after the examples and boundary values (default 4)", (o, v) => {
    o.maxExamples = integerOption(v, "--max-examples", 0, 1_000);
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
  }),
  valueFlag("wait-for-server", "run", "<s>", "when the server stops answering (a crash), wait up to s seconds for it to come back and go on (default: stop the run)", (o, v) => {
    const seconds = integerOption(v, "--wait-for-server", 1, 3_600);
    if (seconds !== undefined) o.waitForServerMs = seconds * 1000;
  }),
  repeatableFlag("report", "output", `${REPORT_FORMATS.join("|")}=<file>`, "write a report, repeatable; relative to the current directory", (o, values, c) => {
    o.reports = reportTargets(values, c.cwd);
  }),
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

const SECTIONS: Record<Section, string> = {
  target: "What to test (--api or --spec, and --base-url)",
  credentials: "Credentials (sent the way the spec's security scheme says: bearer, basic, API key in header, query or cookie)",
  selection: "Selection",
  run: "Run",
  output: "Output",
};

export function usage(): string {
  const label = (flag: Flag) => `--${flag.name}${flag.arg ? ` ${flag.arg}` : ""}`;
  const width = Math.max(...FLAGS.map((flag) => label(flag).length), "--version".length);
  const line = (left: string, help: string) => `  ${left.padEnd(width)}  ${help}`;
  const sections = (Object.keys(SECTIONS) as Section[]).map((section) =>
    [`${SECTIONS[section]}:`, ...FLAGS.filter((flag) => flag.section === section).map((flag) => line(label(flag), flag.help))].join("\n"),
  );
  return [
    "usage: clients-contract conformance (--api <name> | --spec <file|url>) --base-url <url> [flags]",
    "       clients-contract conformance merge <report.json>... [--report <format>=<file>]... (joins --shard runs)",
    "",
    "Tests a server against an OpenAPI contract and exits 0 (no violation), 1 (violations,",
    "or the run stopped early) or 2 (bad usage, bad spec, server unreachable).",
    "",
    ...sections.flatMap((section) => [section, ""]),
    line("--help", "this text"),
    line("--version", "the package version"),
    "",
    "Environment: CONFORMANCE_TOKEN is the credential when no --token-file is given.",
    "For basic auth the credential is user:password.",
    `Checks: ${CHECK_NAMES.join(", ")}`,
  ].join("\n");
}

export type ParsedCli = { kind: "help" } | { kind: "version" } | { kind: "run"; options: CliOptions };

export function parseCli(argv: string[], env: NodeJS.ProcessEnv, cwd: string = process.cwd()): ParsedCli {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: withNegativeValues(argv),
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(FLAGS.map((flag) => [flag.name, { type: flag.arg ? "string" : "boolean", multiple: flag.multiple ?? false }] as const)),
        help: { type: "boolean", short: "h" },
        version: { type: "boolean" },
      },
    }));
  } catch (error) {
    throw new UsageError(parseArgsMessage(error as Error & { code?: string }));
  }
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  const options: CliOptions = { baseUrl: "", headers: {}, stateless: false, reports: [], quiet: false, verbose: false, strict: false, warnings: [] };
  const context = { env, cwd };
  for (const flag of FLAGS) flag.read(options, values[flag.name], context);
  if (options.api === undefined && options.spec === undefined) throw new UsageError("--api <name> or --spec <file|url> is required");
  if (options.api !== undefined && options.spec !== undefined) throw new UsageError("--api and --spec are mutually exclusive");
  if (!options.baseUrl) throw new UsageError("--base-url is required");
  options.token ??= env.CONFORMANCE_TOKEN || undefined;
  if (options.token !== undefined) {
    const tokenFile = values["token-file"] as string | undefined;
    const from = tokenFile !== undefined ? `--token-file: the credential in ${resolve(cwd, tokenFile)}` : values.token !== undefined ? "--token: the credential" : "CONFORMANCE_TOKEN: the credential";
    checkCredential(from, options.token);
  }
  return { kind: "run", options };
}

/**
 * parseArgs reads `-1` after `--timeout-ms` as a flag of its own and says the value is
 * missing; a negative number there is the value (`--timeout-ms=-1`), which the flag's
 * reader then refuses with its range.
 */
function withNegativeValues(argv: string[]): string[] {
  const takesValue = new Set(FLAGS.filter((flag) => flag.arg).map((flag) => `--${flag.name}`));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    if (arg === "--") return [...out, ...argv.slice(i)];
    if (takesValue.has(arg) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i += 1;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** Edits (insertions, deletions, substitutions) between two short strings. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** ` (did you mean --token?)` for a near miss of a known flag, else nothing. */
function suggestion(flag: string | undefined): string {
  const name = flag?.replace(/^-+/, "").split("=")[0] ?? "";
  const closest = [...FLAGS.map((known) => known.name), "help", "version"]
    .map((known) => ({ known, distance: editDistance(name, known) }))
    .sort((a, b) => a.distance - b.distance)[0];
  return closest && closest.distance <= 2 ? ` (did you mean --${closest.known}?)` : "";
}

/** node's parseArgs messages, cut to one line in the CLI's own words. */
function parseArgsMessage(error: Error & { code?: string }): string {
  const flag = /'(-[^' ]*)/.exec(error.message)?.[1];
  if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `unknown flag ${flag}${suggestion(flag)}`;
  if (error.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") return `unexpected argument ${/'([^']*)'/.exec(error.message)?.[1] ?? ""}`;
  if (error.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") return flag ? `${flag} needs a value` : error.message.split("\n")[0] ?? "bad flag";
  return error.message.split("\n")[0] ?? "bad flag";
}

/** The run itself, loaded only when there is one. */
async function run(options: CliOptions, out: (line: string) => void, err: (line: string) => void, redactor: Redactor): Promise<number> {
  const [{ runConformance, MisconfigurationError }, { BaselineError }, { terminalReporter }, { ConfigError }, { SpecError }, { ConfigError: ApiConfigError }] = await Promise.all([
    import("./runner.ts"),
    import("./baseline.ts"),
    import("./reporters/terminal.ts"),
    import("./auth.ts"),
    import("../spec/openapi.ts"),
    import("../lib/apis.ts"),
  ]);
  try {
    const listeners = [
      terminalReporter({ out, err, quiet: options.quiet, verbose: options.verbose }),
      ...options.reports.map(({ format, file }) => fileReporter(format, file, (text) => redactor.text(text), () => err(`conformance: ${format} report written to ${file}`))),
    ];
    const result = await runConformance({ ...options, api: options.api ?? "", listeners });
    const failing = result.baseline ? result.baseline.new : result.violations.length;
    return failing === 0 && result.complete ? 0 : 1;
  } catch (error) {
    const known = [MisconfigurationError, BaselineError, ConfigError, SpecError, ApiConfigError, UsageError];
    const message = `${known.some((kind) => error instanceof kind) ? "" : "internal error: "}${(error as Error).message}`;
    err(`conformance: ${message}`);
    for (const { format, file } of options.reports.filter((report) => report.format === "junit")) {
      writeReport(file, redactor.text(junitError(options.api ?? options.spec ?? "spec", message)));
      err(`conformance: ${format} report written to ${file}`);
    }
    return 2;
  }
}

/**
 * Runs the CLI; returns the exit code instead of exiting, so tests can call it.
 * `cwd` is where relative paths in flags (`--report`, `--spec`, `--token-file`) point.
 */
export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: (line: string) => void = console.log,
  err: (line: string) => void = console.error,
  cwd: string = process.cwd(),
): Promise<number> {
  // Every line may carry server-provided text (bodies, headers, echoed ids): no terminal control gets through.
  const print = (line: string) => out(terminalSafe(line));
  const warn = (line: string) => err(terminalSafe(line));
  return runCli(argv, env, print, warn, cwd);
}

async function runCli(argv: string[], env: NodeJS.ProcessEnv, out: (line: string) => void, err: (line: string) => void, cwd: string): Promise<number> {
  if (argv[0] === "merge") return (await import("./merge.ts")).mergeCommand(argv.slice(1), out, err, cwd);
  let parsed: ParsedCli;
  try {
    parsed = parseCli(argv, env, cwd);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`conformance: ${error.message} (--help lists the flags)`);
    return 2;
  }
  if (parsed.kind === "help") {
    out(usage());
    return 0;
  }
  if (parsed.kind === "version") {
    out(packageVersion());
    return 0;
  }
  // The last line of defence: whatever a check wrote about a response, no secret reaches a line or a file.
  const redactor = new Redactor(secretsOf(parsed.options.token, Object.values(parsed.options.headers)));
  const print = (line: string) => out(redactor.text(line));
  const warn = (line: string) => err(redactor.text(line));
  for (const warning of parsed.options.warnings) warn(`conformance: warning: ${warning}`);
  return run(parsed.options, print, warn, redactor);
}

if (isMain(import.meta.url)) {
  // `npm run conformance` runs in the package root; INIT_CWD is where the user typed it.
  main(process.argv.slice(2), process.env, console.log, console.error, process.env.INIT_CWD ?? process.cwd()).then((code) => process.exit(code));
}
