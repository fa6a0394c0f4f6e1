// `npm run mock -- [--stateful [--token <t>] [--data-file <json>]] [--api <name>] [--port-base <n>] [--host <addr>] [--cors-origin <origin>] [--allowed-host <name>] [--dynamic] [--seed <n>] [--log]`:
// a mock of every API (or the named ones), Prism by default or the stateful mock, one
// `<api> <url>` line each once all answer, until Ctrl-C or SIGTERM, which stop every child.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { type Api, ConfigError, findApi, loadApis, MOCK_PORT_BASE } from "../lib/apis.ts";
import { fail, integerOption, isMain, UsageError } from "../lib/cli.ts";
import { MOCK_HOST, MockStartError, type RunningMocks, startMocks } from "./mocks.ts";
import { exposureWarning, normalizeAllowedHost, normalizeCorsOrigin } from "./origin-policy.ts";
import type { SeedData } from "./spec-api.ts";

/**
 * The token the stateful mocks accept when no --token is given. One token, not any:
 * a mock that took every token could not show a client (or the conformance suite's
 * ignored_auth) that an unknown one is refused.
 */
export const DEFAULT_MOCK_TOKEN = "mock-token";

export const MOCK_USAGE =
  "npm run mock -- [--stateful [--token <t>] [--data-file <json>]] [--api <name>] [--port-base <n>] [--host <addr>] [--cors-origin <origin>] [--allowed-host <name>] [--dynamic] [--seed <n>] [--log] [--help]";

export const MOCK_HELP = `Usage: ${MOCK_USAGE}

Serves a mock of every API in redocly.yaml (or the --api ones) until Ctrl-C.

  --stateful         an in-memory store seeded with the spec's examples: creates, updates
                     and deletes persist until the process ends; lists page, sort, filter
                     and search as the spec's x- extensions say; POST /__mock/reset
                     restores the seed. Default: Prism, which answers the examples and
                     remembers nothing.
  --token <t>        stateful only: the one token the mocks accept, sent the way the API's
                     security scheme says (default: ${DEFAULT_MOCK_TOKEN}, printed at start);
                     /__mock/reset needs it too (Authorization: Bearer <t>), or answers 401
  --data-file <json> stateful only: start from this data instead of the spec's examples:
                     { "<api>": { "<collection>": [items] } }, the collection being the
                     spec's tag (Clients); POST /__mock/reset restores it
  --api <name>       mock this API only (repeatable); its port stays the same
  --port-base <n>    the first API gets port n, each later one the next (default ${MOCK_PORT_BASE}); 0 picks free ports
  --host <addr>      the address to listen on (default ${MOCK_HOST}; 0.0.0.0 for every
                     interface, which prints a warning: anyone on the network can then
                     call the mocks)
  --cors-origin <o>  pages on this origin (https://app.example.com:5173) may call the mocks
                     and read their answers, with credentials (repeatable). Default: only
                     pages on localhost, 127.x.y.z and [::1], any port. \`*\`: pages on any
                     origin, without credentials. Other pages get no CORS headers, and 403
                     from /__mock/ routes
  --allowed-host <n> answer requests addressed to this host name too (repeatable). Default:
                     localhost, *.localhost, 127.x.y.z, [::1] and --host; any other Host
                     header gets 403 (a guard against DNS rebinding)
  --dynamic          Prism only: data generated from the schemas instead of the examples
  --seed <n>         Prism only: the same generated data on every start
  --log              one line per request: API, method, path, status and what was wrong
  --help             this text

From an installed package (\`npx clients-contract mock\`) the mock is the stateful one:
Prism is a development dependency of the repository.
`;

export interface MockCliOptions {
  apis: Api[];
  portBase: number;
  dynamic: boolean;
  seed?: number;
  stateful: boolean;
  token?: string;
  /** The token is DEFAULT_MOCK_TOKEN, not one the user chose (so it may be printed). */
  defaultToken: boolean;
  /** The 401's advice to a client that sent another token; names the token only when it is the default. */
  tokenHint?: string;
  /** --data-file's seed data by API name. */
  data?: Record<string, SeedData>;
  host: string;
  corsOrigins: string[];
  allowedHosts: string[];
  log: boolean;
  help: boolean;
}

/** --data-file's JSON: an object of API names, each an object of collections (which the mock checks as it starts). */
function readDataFile(path: string, allApis: Api[]): Record<string, SeedData> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`--data-file: cannot read ${resolve(path)} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--data-file: ${resolve(path)} is not JSON (${(error as Error).message})`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw new UsageError(`--data-file must hold an object of APIs ({ "fullengage": { "Clients": [...] } }), not ${Array.isArray(data) ? "an array" : String(data)}`);
  const names = allApis.map((api) => api.name);
  const unknown = Object.keys(data).find((name) => !names.includes(name));
  if (unknown !== undefined) throw new UsageError(`--data-file: "${unknown}" is not an API (APIs: ${names.join(", ")})`);
  return data as Record<string, SeedData>;
}

/**
 * The mock options in `argv`; a UsageError names the first thing wrong. `statefulByDefault`:
 * the installed package's command, which has no Prism.
 */
export function parseMockArgs(argv: string[], allApis: Api[] = loadApis(), statefulByDefault = false): MockCliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        api: { type: "string", multiple: true },
        "port-base": { type: "string" },
        dynamic: { type: "boolean" },
        seed: { type: "string" },
        stateful: { type: "boolean" },
        token: { type: "string" },
        "data-file": { type: "string" },
        host: { type: "string" },
        "cors-origin": { type: "string", multiple: true },
        "allowed-host": { type: "string", multiple: true },
        log: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    // parseArgs's first sentence says what is wrong; the rest is advice about `--` that does not apply to npm users.
    const [firstSentence] = (error as Error).message.split(/\.(?:\s|$)/);
    throw new UsageError(firstSentence || "bad arguments");
  }
  let apis = allApis;
  if (values.api) {
    try {
      apis = values.api.map((name) => findApi(name, allApis));
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(error.message);
      throw error;
    }
  }
  const stateful = values.stateful ?? statefulByDefault;
  if (statefulByDefault && (values.dynamic || values.seed !== undefined)) {
    throw new UsageError("--dynamic and --seed need the Prism mock, which runs from a clone of the repository (npm run mock)");
  }
  if (stateful && (values.dynamic || values.seed !== undefined)) throw new UsageError("--dynamic and --seed are for the Prism mock; the stateful mock serves the examples");
  if (!stateful && values.token !== undefined) throw new UsageError("--token is for the stateful mock (add --stateful); the Prism mock accepts any token");
  if (!stateful && values["data-file"] !== undefined) throw new UsageError("--data-file is for the stateful mock (add --stateful); the Prism mock serves the spec's examples");
  if (values.token !== undefined && values.token.trim() === "") throw new UsageError("--token must not be empty");
  if (values.host !== undefined && !/^[\w.:-]+$/.test(values.host)) throw new UsageError(`--host must be an address or host name, not "${values.host}"`);
  const corsOrigins = (values["cors-origin"] ?? []).map((value) => {
    const origin = normalizeCorsOrigin(value);
    if (origin === undefined) throw new UsageError(`--cors-origin must be an origin like https://app.example.com:5173 (scheme, host, optional port; no path) or *, not "${value}"`);
    return origin;
  });
  const allowedHosts = (values["allowed-host"] ?? []).map((value) => {
    const host = normalizeAllowedHost(value);
    if (host === undefined) throw new UsageError(`--allowed-host must be a host name or address without port (app.local, 192.168.1.20), not "${value}"`);
    return host;
  });
  // The last API in redocly.yaml takes the highest port, whichever APIs are picked.
  const lastIndex = Math.max(...allApis.map((api) => api.index));
  return {
    apis,
    portBase: integerOption(values["port-base"], "--port-base", 0, 65_535 - lastIndex) ?? MOCK_PORT_BASE,
    dynamic: values.dynamic ?? false,
    ...(values.seed === undefined ? {} : { seed: integerOption(values.seed, "--seed", 0, 2 ** 31 - 1) }),
    stateful,
    ...(stateful ? { token: values.token ?? DEFAULT_MOCK_TOKEN } : {}),
    defaultToken: stateful && values.token === undefined,
    ...(stateful ? { tokenHint: values.token === undefined ? `this mock accepts ${DEFAULT_MOCK_TOKEN} (printed at its start; --token sets another)` : "this mock accepts only the token given by its --token" } : {}),
    ...(values["data-file"] === undefined ? {} : { data: readDataFile(values["data-file"], allApis) }),
    host: values.host ?? MOCK_HOST,
    corsOrigins,
    allowedHosts,
    log: values.log ?? false,
    help: values.help ?? false,
  };
}

/** One `<api> <url>` line per mock; then the default token, so that a client (or the conformance suite) can send it. */
export function mockLines(running: RunningMocks, options: Pick<MockCliOptions, "defaultToken">): string {
  const urls = running.mocks.map((mock) => `${mock.api} ${mock.url}`);
  const token = `token ${DEFAULT_MOCK_TOKEN}: the only one these mocks accept, sent the way each API's scheme says (Authorization: Bearer ${DEFAULT_MOCK_TOKEN}); --token <t> sets another`;
  return [...urls, ...(options.defaultToken ? [token] : [])].join("\n");
}

/**
 * Starts the mocks and keeps them until SIGINT/SIGTERM (exit 0) or until one of
 * them dies (exit 1). `announce` prints what the caller wants once all answer.
 */
export async function serveMocks(command: string, options: MockCliOptions, announce: (running: RunningMocks) => void): Promise<void> {
  const starting = new AbortController();
  let running: RunningMocks | undefined;
  const shutdown = () => {
    starting.abort();
    // While starting, startMocks stops what it has started and rejects (handled below).
    if (running) void running.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  const warning = exposureWarning(options);
  if (warning !== undefined) console.error(`${command}: ${warning}`);
  try {
    const { log, ...rest } = options;
    running = await startMocks({ ...rest, signal: starting.signal, ...(log ? { log: (line: string) => console.log(line) } : {}) });
  } catch (error) {
    if (starting.signal.aborted) process.exit(0);
    if (error instanceof MockStartError) fail(command, error);
    throw error;
  }
  if (starting.signal.aborted) {
    // The signal came after the last check inside startMocks.
    await running.stop();
    process.exit(0);
  }
  announce(running);
  const reason = await running.unexpectedExit;
  await running.stop();
  fail(command, reason);
}

const BIN_COMMAND = "clients-contract mock";

/**
 * `clients-contract mock [flags]`, the package's command for other repos. Prism is a
 * development dependency of this repository, so an installed package serves the
 * stateful mock (`--stateful` is implied); the Prism flags say where to get Prism.
 */
export async function main(argv: string[]): Promise<number> {
  let options: MockCliOptions;
  const usage = MOCK_USAGE.replace("npm run mock --", BIN_COMMAND);
  try {
    options = parseMockArgs(argv, loadApis(), true);
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof ConfigError)) throw error;
    console.error(`${BIN_COMMAND}: ${error.message} (usage: ${usage})`);
    return error instanceof UsageError ? 2 : 1;
  }
  if (options.help) {
    process.stdout.write(MOCK_HELP.replaceAll("npm run mock --", BIN_COMMAND));
    return 0;
  }
  await serveMocks(BIN_COMMAND, options, (running) => console.log(mockLines(running, options)));
  return 0;
}

if (isMain(import.meta.url)) {
  let options: MockCliOptions;
  try {
    options = parseMockArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof ConfigError)) throw error;
    fail("mock", `${error.message} (usage: ${MOCK_USAGE})`, error instanceof UsageError ? 2 : 1);
  }
  if (options.help) {
    process.stdout.write(MOCK_HELP);
    process.exit(0);
  }
  await serveMocks("mock", options, (running) => console.log(mockLines(running, options)));
}
