// `clients-contract conformance replay <report.json> [--group <id>] [--base-url <url>]`:
// the loop a developer runs while fixing a server. One failing request of each violation
// group of a JSON report is sent again and judged again by the check that failed it:
// "still fails", "fixed", or "fails differently: ...". Credentials come from the usual
// sources (--token-file, --token, --header, the config file, CONFORMANCE_TOKEN), never
// from the report, whose secrets are redacted anyway. Exit 0 when every group replayed
// is fixed, 1 otherwise, 2 on bad usage or a server that cannot be reached.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { findApi } from "../lib/apis.ts";
import { UsageError } from "../lib/cli.ts";
import { REDACTED, Redactor, secretsOf } from "../lib/redact.ts";
import { type ApiModel, buildModel } from "../spec/model.ts";
import { loadBundle, type Operation } from "../spec/openapi.ts";
import { refusesCredentials } from "../spec/security.ts";
import { apiCredentials, type AuthMode, credentialsFor, placeCredentials } from "./auth.ts";
import { CHECKS, RESPONSE_CHECKS } from "./checks/index.ts";
import { checkResponse } from "./checks/response.ts";
import { applyFlags, configFor } from "./config.ts";
import { checkCredential, emptyOptions, FLAGS } from "./flags.ts";
import { type Exchange, HttpClient, type HttpRequest, REPORTED_BODY_CHARS, type RequestRecord } from "./http.ts";
import { readReport } from "./merge.ts";
import { type CheckResult, causeOf, type ConformanceReport, groupIdOf, Recorder } from "./results.ts";
import { DEFAULTS } from "./runner.ts";

export type ReplayVerdict =
  | { kind: "still fails" }
  | { kind: "fixed" }
  | { kind: "fails differently"; how: string }
  /** Sent, but the answer judges nothing (a 429). */
  | { kind: "inconclusive"; why: string }
  | { kind: "not replayed"; why: string };

/** The flags replay shares with a run: those the config file may give too, then those only the command line gives. */
const FROM_CONFIG = ["token-file", "token", "header", "timeout-ms"];
const COMMAND_LINE_ONLY = ["base-url", "spec"];
const rowsNamed = (names: readonly string[]) => FLAGS.filter((flag) => names.includes(flag.name));

interface ReplayOptions {
  report: string;
  groups: string[];
  /** Where to send: --base-url, else the report's. */
  baseUrl?: string;
  /** The spec to judge by: --spec, else the one the report names. */
  spec?: string;
  token?: string;
  headers: Record<string, string>;
  timeoutMs: number;
  warnings: string[];
}

export const REPLAY_USAGE = [
  "usage: clients-contract conformance replay <report.json> [--group <id>]... [--base-url <url>] [--spec <file|url>]",
  "         [--token-file <file> | --token <token>] [--header 'Name: value']... [--timeout-ms <n>] [--config <file>]",
  "",
  "Sends one failing request of each violation group of a JSON report again and says whether it",
  "still fails the same way, is fixed, or fails differently. Credentials come from the flags, the",
  "config file or CONFORMANCE_TOKEN, never from the report. Exit 0: every group fixed; 1: some",
  "still fail (or could not be judged); 2: bad usage, or the server cannot be reached.",
].join("\n");

function parseReplayArgs(args: string[], env: NodeJS.ProcessEnv, cwd: string): ReplayOptions | "help" {
  const rows = rowsNamed([...FROM_CONFIG, ...COMMAND_LINE_ONLY]);
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      ...Object.fromEntries(rows.map((flag) => [flag.name, { type: "string", multiple: flag.multiple ?? false }] as const)),
      group: { type: "string", multiple: true },
      config: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return "help";
  if (positionals.length !== 1) throw new UsageError("replay takes one JSON report: conformance replay <report.json> [--group <id>] [--base-url <url>]");
  const config = configFor(values.config, cwd, env);
  const options = emptyOptions(config?.warnings);
  const context = { env, cwd, source: "command line" };
  applyFlags(rowsNamed(FROM_CONFIG), options, values, config, context);
  applyFlags(rowsNamed(COMMAND_LINE_ONLY), options, values, undefined, context);
  options.token ??= env.CONFORMANCE_TOKEN || undefined;
  if (options.token !== undefined) checkCredential("the credential", options.token);
  return {
    report: resolve(cwd, positionals[0] as string),
    groups: values.group ?? [],
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    ...(options.spec ? { spec: options.spec } : {}),
    ...(options.token !== undefined ? { token: options.token } : {}),
    headers: options.headers,
    timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
    warnings: options.warnings,
  };
}

/** Each violation group's id with the case to send again: a shrunk one first (the smallest input that fails that way). */
export function failureGroups(report: ConformanceReport): Map<string, CheckResult> {
  const groups = new Map<string, CheckResult>();
  for (const violation of report.violations) {
    const id = violation.group ?? groupIdOf(violation);
    const chosen = groups.get(id);
    if (!chosen || (chosen.shrunkFrom === undefined && violation.shrunkFrom !== undefined)) groups.set(id, violation);
  }
  return groups;
}

/** Thrown when a request cannot be rebuilt: what the report left out, or a credential replay was not given. */
class NotReplayable extends Error {}

const findHeader = (headers: Readonly<Record<string, string>>, name: string) => Object.entries(headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];

interface Sending {
  model: ApiModel;
  /** The report's base URL and the one to send to. */
  from: string;
  to: string;
  token?: string;
  headers: Record<string, string>;
}

/**
 * The recorded request as it can be sent again: on the new base URL, every redacted value
 * filled from this replay's own credentials (sent the way the case sent them: the run's,
 * none, another scheme's, a made-up one).
 */
export function rebuildRequest(recorded: RequestRecord, op: Operation, sending: Sending): HttpRequest {
  const mode: AuthMode = recorded.auth ?? "valid";
  // An open operation's request carried a credential only as unsupported_method's probe borrows it.
  const placed = placeCredentials(credentialsFor(sending.model, op) ?? apiCredentials(sending.model), mode, sending.token ?? "");
  /** A redacted value again: the credential where the scheme puts it, else a --header value of that name. */
  const secretFor = (where: string, credential: string | undefined, header?: string): string => {
    if (credential !== undefined) {
      if (sending.token === undefined) throw new UsageError("the failing requests carried a credential, which the report keeps redacted: give it with --token-file, CONFORMANCE_TOKEN or the config file");
      return credential;
    }
    if (header !== undefined) return header;
    throw new NotReplayable(`the report's ${where} held a secret replay has no value for${where.endsWith("header") ? " (pass it with --header)" : ""}`);
  };
  if (recorded.body?.includes(REDACTED)) throw new NotReplayable("the report's request body held a secret, which it keeps redacted");
  if ((recorded.body?.length ?? 0) >= REPORTED_BODY_CHARS) throw new NotReplayable(`the report keeps only the first ${REPORTED_BODY_CHARS} characters of the request body`);
  if (!recorded.url.startsWith(sending.from)) throw new NotReplayable(`the request went to ${recorded.url}, not under the report's base URL ${sending.from}`);
  const url = new URL(`${sending.to}${recorded.url.slice(sending.from.length)}`);
  for (const [name, value] of [...url.searchParams]) if (value.includes(REDACTED)) url.searchParams.set(name, secretFor(`query value ${name}`, placed.query[name]));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(recorded.headers)) {
    if (/^(content-length|host)$/i.test(name)) continue;
    headers[name] = value.includes(REDACTED) ? secretFor(`${name} header`, findHeader(placed.headers, name), findHeader(sending.headers, name)) : value;
  }
  return { method: recorded.method, url: url.toString(), headers, ...(recorded.body !== undefined ? { body: recorded.body } : {}) };
}

/** One line for a failure: the check, what it expected and what it got. */
const described = (failure: CheckResult) => `${failure.check}: expected ${failure.expected ?? "?"}, got ${failure.actual ?? "?"}`;

/**
 * The new response judged by the check that failed `violation` (its `passesWith` for a
 * check of one status, the response checks themselves for theirs), and by every response
 * check besides when the request is one of the operation's own: the same check failing
 * for the same cause is "still fails", anything else failing "fails differently".
 */
export function judgeAgain(model: ApiModel, op: Operation, violation: CheckResult, exchange: Exchange): ReplayVerdict {
  const check = CHECKS.find((candidate) => candidate.name === violation.check);
  const status = exchange.response?.status;
  if (status === 429) return { kind: "inconclusive", why: "429 Too Many Requests: the server did not judge it" };
  // Sent with what should be valid credentials and refused, where the run's own were not: the credential, not the server, changed.
  if (violation.request?.auth === undefined && refusesCredentials(status) && credentialsFor(model, op) && !refusesCredentials(violation.response?.status)) {
    return { kind: "inconclusive", why: `${status}: the credential was refused, so nothing else was judged (is it the one the run had?)` };
  }
  const failures: CheckResult[] = [];
  if (check && check.scope !== "response" && "passesWith" in check && check.passesWith && !(status !== undefined && check.passesWith(status, violation))) {
    failures.push({ ...violation, actual: status !== undefined ? `${status}` : (exchange.transportError ?? "no response") });
  }
  // An undocumented method (unsupported_method's probes) has no response contract to judge by.
  if (exchange.request.method.toLowerCase() === op.method) {
    const scratch = new Recorder(new Set(RESPONSE_CHECKS));
    checkResponse(model, scratch, op, exchange, violation.case, violation.request?.auth !== undefined);
    failures.push(...scratch.violations);
  }
  if (failures.some((failure) => failure.check === violation.check && causeOf(failure) === causeOf(violation))) return { kind: "still fails" };
  const other = failures[0];
  return other ? { kind: "fails differently", how: described(other) } : { kind: "fixed" };
}

/** Why a violation cannot be judged by sending its one request again, or undefined when it can. */
function whyNotReplayable(violation: CheckResult): string | undefined {
  const check = CHECKS.find((candidate) => candidate.name === violation.check);
  if (!violation.request) return "the report has no request for it";
  if (check && check.scope !== "response" && !("passesWith" in check && check.passesWith)) {
    return `${check.name} judges a sequence of requests, not one; run again with --operations ${violation.operationId} --checks ${check.name}`;
  }
  return undefined;
}

async function loadModel(report: ConformanceReport, spec: string | undefined, warn: (line: string) => void): Promise<ApiModel> {
  const source = spec ?? report.spec;
  const doc = source !== undefined ? await (await import("../spec/load.ts")).loadSpec(source) : loadBundle(findApi(report.api).bundle);
  return buildModel(doc, report.api, {}, {}, (message) => warn(`conformance replay: warning: ${message}`));
}

export async function replayCommand(args: string[], env: NodeJS.ProcessEnv, out: (line: string) => void, err: (line: string) => void, cwd: string): Promise<number> {
  let options: ReplayOptions | "help";
  try {
    options = parseReplayArgs(args, env, cwd);
  } catch (error) {
    const message = (error as Error).message.split("\n")[0] ?? "";
    err(`conformance replay: ${message.replace(/^Unknown option '([^']+)'.*$/, "unknown flag $1")} (--help lists the flags)`);
    return 2;
  }
  if (options === "help") {
    out(REPLAY_USAGE);
    return 0;
  }
  const redactor = new Redactor(secretsOf(options.token, Object.values(options.headers)));
  const print = (line: string) => out(redactor.text(line));
  const warn = (line: string) => err(redactor.text(line));
  for (const warning of options.warnings) warn(`conformance replay: warning: ${warning}`);
  try {
    return await replay(options, print, warn);
  } catch (error) {
    warn(`conformance replay: ${(error as Error).message.split("\n")[0]}`);
    return 2;
  }
}

async function replay(options: ReplayOptions, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const report = readReport(options.report);
  const groups = failureGroups(report);
  const unknown = options.groups.filter((id) => !groups.has(id));
  if (unknown.length) throw new UsageError(`no group ${unknown.join(", ")} in ${options.report}; its groups: ${[...groups.keys()].join(", ") || "none (no violations)"}`);
  const chosen = [...groups].filter(([id]) => options.groups.length === 0 || options.groups.includes(id));
  if (chosen.length === 0) {
    out(`replay: ${options.report} has no violations to replay`);
    return 0;
  }
  const model = await loadModel(report, options.spec, err);
  const sending: Sending = { model, from: report.baseUrl, to: options.baseUrl ?? report.baseUrl, headers: options.headers, ...(options.token !== undefined ? { token: options.token } : {}) };
  const http = new HttpClient({ timeoutMs: options.timeoutMs, maxBodyBytes: DEFAULTS.maxBodyBytes, secrets: secretsOf(options.token, Object.values(options.headers)) }, Object.keys(options.headers));
  out(`replay: ${chosen.length} failure group${chosen.length === 1 ? "" : "s"} of ${options.report} against ${sending.to}`);
  const tally = new Map<ReplayVerdict["kind"], number>();
  for (const [id, violation] of chosen) {
    const verdict = await replayOne(violation, sending, http);
    tally.set(verdict.kind, (tally.get(verdict.kind) ?? 0) + 1);
    const detail = verdict.kind === "fails differently" ? `: ${verdict.how}` : "why" in verdict ? `: ${verdict.why}` : "";
    out(`  [${id}] ${violation.check} · ${violation.operationId} · ${violation.case}`);
    out(`      was: expected ${violation.expected ?? "?"}, got ${violation.actual ?? "?"}`);
    out(`      now: ${verdict.kind}${detail}`);
  }
  out(`replay: ${[...tally].map(([kind, count]) => `${count} ${kind}`).join(", ")}`);
  return (tally.get("fixed") ?? 0) === chosen.length ? 0 : 1;
}

async function replayOne(violation: CheckResult, sending: Sending, http: HttpClient): Promise<ReplayVerdict> {
  const why = whyNotReplayable(violation);
  if (why) return { kind: "not replayed", why };
  const op = sending.model.allOperations.find((candidate) => candidate.operationId === violation.operationId);
  if (!op) return { kind: "not replayed", why: `the spec has no operation ${violation.operationId}` };
  let request: HttpRequest;
  try {
    request = rebuildRequest(violation.request as RequestRecord, op, sending);
  } catch (error) {
    if (error instanceof NotReplayable) return { kind: "not replayed", why: error.message };
    throw error;
  }
  const exchange = await http.send(request);
  if (exchange.transportFailure === "refused" || exchange.transportFailure === "dns") throw new UsageError(`cannot reach ${sending.to}: ${exchange.transportError}`);
  return judgeAgain(sending.model, op, violation, exchange);
}
