// `clients-contract proxy (--api <name> | --spec <file|url>) --upstream <url> [flags]`:
// the validating proxy until SIGINT or SIGTERM, then the reports of everything it saw.
// Exit 0: stopped with no violation seen; 1: violations seen; 2: bad usage, a spec that
// cannot be read, or a port that cannot be listened on.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { integerOption, isMain, UsageError } from "../lib/cli.ts";
import { terminalSafe } from "../lib/safe-text.ts";
import { plural } from "../lib/words.ts";
import { REPORT_FORMATS, type ReportFormat, reportTargets } from "../conformance/reporters/index.ts";
import { parseUpstream } from "./upstream.ts";

export const DEFAULT_PORT = 4080;

const USAGE = `usage: clients-contract proxy (--api <name> | --spec <file|url>) --upstream <url> [flags]

Forwards every request to --upstream and checks both directions against the spec:
request parameters, body and credentials (an undocumented path or method is a
violation of its own); response status, headers, content type and body. Each answer
carries X-Contract-Violations: <count>[; <first problem>].

  --api <name>             one of this package's APIs
  --spec <file|url>        any OpenAPI 3.0 or 3.1 document
  --upstream <url>         the server to forward to (a path prefix is kept: http://host/v0)
  --port <p>               default ${DEFAULT_PORT}
  --host <address>         default 127.0.0.1
  --errors                 answer a request that breaks the spec 422 in the API's error shape, not forwarded
  --log                    one line per exchange
  --report <fmt>=<file>    written on SIGINT/SIGTERM; formats: ${REPORT_FORMATS.join(", ")} (repeatable)
  --timeout-ms <n>         an upstream silent this long gets 504 (default 30000)
  --max-validated-bytes <n>  bodies are validated up to this size; larger ones pass through (default 1048576)
  --cors-origin <origin>   a page origin besides loopback ones that may read answers; * for any (repeatable)
  --help                   this text

Exit: 0 no violation seen, 1 violations seen, 2 bad usage or cannot start.`;

export interface ProxyCliOptions {
  api?: string;
  spec?: string;
  upstream: string;
  port: number;
  host: string;
  errors: boolean;
  log: boolean;
  reports: Array<{ format: ReportFormat; file: string }>;
  timeoutMs?: number;
  maxValidatedBytes?: number;
  corsOrigins: string[];
}

/** The flags as options, or "help"; a UsageError says what is wrong in one line. */
export function parseProxyArgs(argv: string[], cwd: string): ProxyCliOptions | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        api: { type: "string" },
        spec: { type: "string" },
        upstream: { type: "string" },
        port: { type: "string" },
        host: { type: "string" },
        errors: { type: "boolean" },
        log: { type: "boolean" },
        report: { type: "string", multiple: true },
        "timeout-ms": { type: "string" },
        "max-validated-bytes": { type: "string" },
        "cors-origin": { type: "string", multiple: true },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split("\n")[0] ?? "bad flags");
  }
  if (values.help) return "help";
  if ((values.api === undefined) === (values.spec === undefined)) throw new UsageError("give one of --api <name> or --spec <file|url>");
  if (values.upstream === undefined) throw new UsageError("--upstream <url> is required: the server to forward to");
  parseUpstream(values.upstream);
  const spec = values.spec === undefined || /^https?:\/\//i.test(values.spec) ? values.spec : resolve(cwd, values.spec);
  const timeoutMs = integerOption(values["timeout-ms"], "--timeout-ms", 1, 3_600_000);
  const maxValidatedBytes = integerOption(values["max-validated-bytes"], "--max-validated-bytes", 0, 1024 ** 3);
  return {
    ...(values.api === undefined ? {} : { api: values.api }),
    ...(spec === undefined ? {} : { spec }),
    upstream: values.upstream,
    port: integerOption(values.port ?? String(DEFAULT_PORT), "--port", 0, 65535),
    host: values.host ?? "127.0.0.1",
    errors: values.errors ?? false,
    log: values.log ?? false,
    reports: reportTargets(values.report ?? [], cwd),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(maxValidatedBytes === undefined ? {} : { maxValidatedBytes }),
    corsOrigins: values["cors-origin"] ?? [],
  };
}

/** A signal this soon after the first is the same stop arriving twice. */
const REPEATED_SIGNAL_MS = 1_000;
/** The exit code of a process a signal ends is 128 plus its number (POSIX). */
const SIGNAL_NUMBERS: Record<string, number> = { SIGINT: 2, SIGTERM: 15 };

/**
 * Resolves at the first SIGINT or SIGTERM. One Ctrl-C often arrives twice (the terminal
 * signals the whole process group, and npx or timeout passes it on): a repeat within
 * REPEATED_SIGNAL_MS is ignored, so the reports still get written; a later one ends the
 * process at once, without them.
 */
function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolveSignal) => {
    let firstAt: number | undefined;
    const stop = (signal: NodeJS.Signals) => {
      if (firstAt === undefined) {
        firstAt = Date.now();
        resolveSignal(signal);
      } else if (Date.now() - firstAt > REPEATED_SIGNAL_MS) {
        process.exit(128 + (SIGNAL_NUMBERS[signal] ?? 0));
      }
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

async function run(options: ProxyCliOptions, out: (line: string) => void, err: (line: string) => void, stopped: Promise<unknown>): Promise<number> {
  const { startProxy, loadSpec, FILE_REPORTERS, writeReport, coverageLine, groupLines } = await import("./lazy.ts");
  const spec = options.spec === undefined ? undefined : await loadSpec(options.spec);
  const proxy = await startProxy({
    ...(options.api === undefined ? {} : { api: options.api }),
    ...(spec ? { spec: { doc: spec, name: spec.info?.title ?? "spec" } } : {}),
    upstream: options.upstream,
    port: options.port,
    host: options.host,
    errors: options.errors,
    onViolation: out,
    onError: (line) => err(`proxy: ${line}`),
    ...(options.log ? { onExchange: out } : {}),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.maxValidatedBytes === undefined ? {} : { maxValidatedBytes: options.maxValidatedBytes }),
    corsOrigins: options.corsOrigins,
  });
  err(`proxy: ${proxy.url} → ${options.upstream}, checked against ${options.api ?? options.spec}${options.errors ? " (--errors: bad requests answered 422, not forwarded)" : ""}; Ctrl-C stops and writes the reports`);
  await stopped;
  await proxy.close();
  const report = proxy.report();
  const groups = groupLines(report.violations);
  if (groups.length) out(groups.map(proxy.redact).join("\n"));
  if (report.coverage) out(coverageLine(report.coverage));
  out(`${plural(report.requests, "exchange")}, ${plural(report.violations.length, "violation")}${report.undocumentedExchanges ? ` (${plural(report.undocumentedExchanges, "exchange")} on undocumented paths or methods)` : ""}`);
  for (const { format, file } of options.reports) {
    writeReport(file, (await FILE_REPORTERS[format].load())(report), proxy.redact);
    err(`proxy: ${format} report written to ${file}`);
  }
  return report.violations.length === 0 ? 0 : 1;
}

/**
 * Runs the proxy until `stopped` resolves (SIGINT or SIGTERM by default); returns the
 * exit code. `cwd` is where relative paths in flags point.
 */
export async function main(
  argv: string[],
  out: (line: string) => void = console.log,
  err: (line: string) => void = console.error,
  cwd: string = process.cwd(),
  stopped: Promise<unknown> = stopSignal(),
): Promise<number> {
  // Lines carry server text (bodies, echoed values): no terminal control gets through.
  const print = (line: string) => out(terminalSafe(line));
  const warn = (line: string) => err(terminalSafe(line));
  let options: ProxyCliOptions | "help";
  try {
    options = parseProxyArgs(argv, cwd);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    warn(`proxy: ${error.message} (--help lists the flags)`);
    return 2;
  }
  if (options === "help") {
    print(USAGE);
    return 0;
  }
  try {
    return await run(options, print, warn, stopped);
  } catch (error) {
    warn(`proxy: ${(error as Error).message}`);
    return 2;
  }
}

if (isMain(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
