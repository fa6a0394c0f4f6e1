// `clients-contract conformance <flags>` (in this repo also `npm run conformance -- <flags>`).
// Exit 0: no violation; 1: violations (or the run stopped early); 2: bad usage, bad
// config, or the server cannot be reached.
//
// This module is all that `--help`, `--version` and a bad flag load: the engine (ajv,
// fast-check, the spec loader) is imported only once the flags are known to be good,
// so start-up costs little more than node's own.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { isMain, UsageError } from "../lib/cli.ts";
import { packageVersion } from "../lib/package.ts";
import { Redactor, secretsOf } from "../lib/redact.ts";
import { terminalSafe } from "../lib/safe-text.ts";
import { fileReporter, writeReport } from "./reporters/index.ts";
import { exitCodeOf } from "./results.ts";
import { CHECK_NAMES } from "./checks/names.ts";
import { applyFlags, applyOperations, CONFIG_FILE_NAME, configFor, type LoadedConfig } from "./config.ts";
import { checkCredential, type CliOptions, emptyOptions, type Flag, FLAGS, type Section } from "./flags.ts";

export { type CliOptions, FLAGS } from "./flags.ts";

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
    "       clients-contract conformance replay <report.json> [--group <id>] [--base-url <url>] (re-sends a report's failures)",
    "",
    "Tests a server against an OpenAPI contract and exits 0 (no violation), 1 (violations,",
    "or the run stopped early) or 2 (bad usage, bad spec, server unreachable).",
    "",
    ...sections.flatMap((section) => [section, ""]),
    line("--config <file>", `read flags from this JSON file instead of the ${CONFIG_FILE_NAME} found from here up to the repository root`),
    line("--help", "this text"),
    line("--version", "the package version"),
    "",
    `Config file: ${CONFIG_FILE_NAME} (or --config) may set every flag above by its camelCase`,
    "name (--operations is onlyOperations), per-operation settings under `operations`, and",
    "${ENV_VAR} in any string. A flag given on the command line overrides the file's value;",
    "--no-<switch> turns off a switch the file turned on.",
    "",
    "Environment: CONFORMANCE_TOKEN is the credential when neither the flags nor the config file give one.",
    "For basic auth the credential is user:password.",
    `Checks: ${CHECK_NAMES.join(", ")}`,
  ].join("\n");
}

export type ParsedCli = { kind: "help" } | { kind: "version" } | { kind: "run"; options: CliOptions };

/** The command line as parseArgs reads it: the table's flags (switches also as --no-<switch>), --config, --help, --version. */
function readArgs(argv: string[]): Record<string, unknown> {
  try {
    return parseArgs({
      args: withNegativeValues(argv),
      strict: true,
      allowPositionals: false,
      allowNegative: true,
      options: {
        ...Object.fromEntries(FLAGS.map((flag) => [flag.name, { type: flag.arg ? "string" : "boolean", multiple: flag.multiple ?? false }] as const)),
        config: { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean" },
      },
    }).values;
  } catch (error) {
    throw new UsageError(parseArgsMessage(error as Error & { code?: string }));
  }
}

export function parseCli(argv: string[], env: NodeJS.ProcessEnv, cwd: string = process.cwd()): ParsedCli {
  const values = readArgs(argv);
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  const config = configFor(values.config as string | undefined, cwd, env);
  const options = emptyOptions(config?.warnings);
  applyFlags(FLAGS, options, values, config, { env, cwd, source: "command line" });
  if (config) applyOperations(options, config);
  const inFile = config ? ` (or in ${config.file})` : "";
  if (options.api === undefined && options.spec === undefined) throw new UsageError(`--api <name> or --spec <file|url> is required${inFile}`);
  if (options.api !== undefined && options.spec !== undefined) throw new UsageError(`--api and --spec are mutually exclusive${inFile}`);
  if (!options.baseUrl) throw new UsageError(`--base-url is required${inFile}`);
  options.token ??= env.CONFORMANCE_TOKEN || undefined;
  if (options.token !== undefined) checkCredential(credentialSource(values, config, cwd), options.token);
  return { kind: "run", options };
}

/** Where the credential came from, for messages (never the credential itself). */
function credentialSource(values: Record<string, unknown>, config: LoadedConfig | undefined, cwd: string): string {
  const tokenFile = values["token-file"] as string | undefined;
  if (tokenFile !== undefined) return `--token-file: the credential in ${resolve(cwd, tokenFile)}`;
  if (values.token !== undefined) return "--token: the credential";
  if (typeof config?.values.tokenFile === "string") return `${config.file}: /tokenFile: the credential in ${resolve(config.dir, config.values.tokenFile)}`;
  if (config?.values.token !== undefined) return `${config.file}: /token: the credential`;
  return "CONFORMANCE_TOKEN: the credential";
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
  const closest = [...FLAGS.map((known) => known.name), "config", "help", "version"]
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
  const { runConformance, MisconfigurationError, BaselineError, terminalReporter, ConfigError, SpecError, ApiConfigError, EngineUsageError } = await import("./lazy.ts");
  try {
    const listeners = [
      terminalReporter({ out, err, quiet: options.quiet, verbose: options.verbose }),
      ...(await Promise.all(options.reports.map(({ format, file }) => fileReporter(format, file, (text) => redactor.text(text), () => err(`conformance: ${format} report written to ${file}`))))),
    ];
    const result = await runConformance({ ...options, api: options.api ?? "", listeners });
    return exitCodeOf(result);
  } catch (error) {
    const known = [MisconfigurationError, BaselineError, ConfigError, SpecError, ApiConfigError, EngineUsageError];
    const message = `${known.some((kind) => error instanceof kind) ? "" : "internal error: "}${(error as Error).message}`;
    err(`conformance: ${message}`);
    for (const { format, file } of options.reports.filter((report) => report.format === "junit")) {
      const { junitError } = await import("./reporters/junit.ts");
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
  if (argv[0] === "replay") return (await import("./replay.ts")).replayCommand(argv.slice(1), env, out, err, cwd);
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
