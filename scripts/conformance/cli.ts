// `npm run conformance -- --api <name> --base-url <url> ...`
// Exit 0: no violation; 1: violations (or the run stopped early); 2: bad usage,
// bad config, or the server cannot be reached.
import { parseArgs } from "node:util";
import { ConfigError as ApiConfigError, loadApis } from "../lib/apis.ts";
import { isMain, UsageError } from "../lib/cli.ts";
import { SpecError } from "../lib/openapi.ts";
import { ConfigError } from "./auth.ts";
import { describeViolations, jsonReport, junitReport, summaryTable, writeReport } from "./report.ts";
import { parseRatePace, type RatePace } from "./pacing.ts";
import { CHECK_NAMES, type CheckName, isCheckName } from "./results.ts";
import { MisconfigurationError, runConformance } from "./runner.ts";

const USAGE = `usage: npm run conformance -- --api <name> --base-url <url> [--token <t>] [--stateless]
       [--checks a,b] [--exclude-checks a,b] [--seed <n>] [--timeout-ms <n>] [--time-limit-ms <n>]
       [--max-examples <n>] [--report json=<file>] [--report junit=<file>] [--quiet]
       [--rate-limit <n>/<s|m|h>] [--verbose]
The token may also come from CONFORMANCE_TOKEN. Checks: ${CHECK_NAMES.join(", ")}`;

export interface CliOptions {
  api: string;
  baseUrl: string;
  token?: string;
  stateless: boolean;
  checks?: CheckName[];
  excludeChecks?: CheckName[];
  seed?: number;
  timeoutMs?: number;
  timeLimitMs?: number;
  maxExamples?: number;
  reports: Array<{ format: "json" | "junit"; file: string }>;
  quiet: boolean;
  rateLimit?: RatePace;
  verbose: boolean;
}

function positiveInteger(flag: string, value: string | undefined, allowZero = false): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || (!allowZero && n === 0)) throw new UsageError(`--${flag} must be a ${allowZero ? "non-negative" : "positive"} integer, got "${value}"`);
  return n;
}

function checkList(flag: string, value: string | undefined): CheckName[] | undefined {
  if (value === undefined) return undefined;
  const names = value.split(",").map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !isCheckName(name));
  if (unknown.length) throw new UsageError(`--${flag}: unknown check ${unknown.join(", ")}; known: ${CHECK_NAMES.join(", ")}`);
  return names as CheckName[];
}

function rateLimitOption(value: string | undefined): { rateLimit?: RatePace } {
  if (value === undefined) return {};
  const rateLimit = parseRatePace(value);
  if (!rateLimit) throw new UsageError(`--rate-limit must be <n>/<s|m|h> (e.g. 100/m), got "${value}"`);
  return { rateLimit };
}

export function parseCli(argv: string[], env: NodeJS.ProcessEnv): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        api: { type: "string" },
        "base-url": { type: "string" },
        token: { type: "string" },
        stateless: { type: "boolean", default: false },
        checks: { type: "string" },
        "exclude-checks": { type: "string" },
        seed: { type: "string" },
        "timeout-ms": { type: "string" },
        "time-limit-ms": { type: "string" },
        "max-examples": { type: "string" },
        report: { type: "string", multiple: true },
        quiet: { type: "boolean", default: false },
        "rate-limit": { type: "string" },
        verbose: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) throw new UsageError("");
  if (!values.api) throw new UsageError("--api is required");
  const known = loadApis().map((api) => api.name);
  if (!known.includes(values.api)) throw new UsageError(`unknown API "${values.api}"; known: ${known.join(", ")}`);
  if (!values["base-url"]) throw new UsageError("--base-url is required");
  let baseUrl: URL;
  try {
    baseUrl = new URL(values["base-url"]);
  } catch {
    throw new UsageError(`--base-url is not a URL: "${values["base-url"]}"`);
  }
  if (!/^https?:$/.test(baseUrl.protocol)) throw new UsageError(`--base-url must be http or https, got ${baseUrl.protocol}`);
  const reports = (values.report ?? []).map((spec) => {
    const match = /^(json|junit)=(.+)$/.exec(spec);
    if (!match) throw new UsageError(`--report must be json=<file> or junit=<file>, got "${spec}"`);
    return { format: match[1] as "json" | "junit", file: match[2] as string };
  });
  return {
    api: values.api,
    baseUrl: baseUrl.toString().replace(/\/$/, ""),
    token: values.token ?? env.CONFORMANCE_TOKEN,
    stateless: values.stateless ?? false,
    checks: checkList("checks", values.checks),
    excludeChecks: checkList("exclude-checks", values["exclude-checks"]),
    seed: positiveInteger("seed", values.seed, true),
    timeoutMs: positiveInteger("timeout-ms", values["timeout-ms"]),
    timeLimitMs: positiveInteger("time-limit-ms", values["time-limit-ms"]),
    maxExamples: positiveInteger("max-examples", values["max-examples"], true),
    reports,
    quiet: values.quiet ?? false,
    ...rateLimitOption(values["rate-limit"]),
    verbose: values.verbose ?? false,
  };
}

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, out = console.log, err = console.error): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCli(argv, env);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ApiConfigError) {
      if (error.message) err(`conformance: ${error.message}`);
      err(USAGE);
      return 2;
    }
    throw error;
  }
  try {
    const report = await runConformance({
      ...options,
      progress: options.quiet ? undefined : (line) => err(`  ${line}`),
    });
    if (report.violations.length) out(`${describeViolations(report.violations, options.verbose)}\n`);
    out(summaryTable(report));
    for (const { format, file } of options.reports) {
      writeReport(file, format === "json" ? jsonReport(report) : junitReport(report));
      err(`conformance: ${format} report written to ${file}`);
    }
    return report.violations.length === 0 && report.complete ? 0 : 1;
  } catch (error) {
    if (error instanceof MisconfigurationError || error instanceof ConfigError || error instanceof SpecError || error instanceof ApiConfigError) {
      err(`conformance: ${error.message}`);
      return 2;
    }
    err(`conformance: internal error: ${(error as Error).message}`);
    return 2;
  }
}

if (isMain(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
