// `npm run mock -- [--api <name>] [--port-base <n>] [--dynamic] [--seed <n>]`:
// a Prism mock of every API (or the named ones), one `<api> <url>` line each once
// all answer, until Ctrl-C or SIGTERM, which stop every child.
import { parseArgs } from "node:util";
import { type Api, ConfigError, findApi, loadApis, MOCK_PORT_BASE } from "../lib/apis.ts";
import { fail, integerOption, isMain, UsageError } from "../lib/cli.ts";
import { MockStartError, type RunningMocks, startMocks } from "./mocks.ts";

export const MOCK_USAGE = "npm run mock -- [--api <name>] [--port-base <n>] [--dynamic] [--seed <n>]";

export interface MockCliOptions {
  apis: Api[];
  portBase: number;
  dynamic: boolean;
  seed?: number;
}

/** The mock options in `argv`; a UsageError names the first thing wrong. */
export function parseMockArgs(argv: string[], allApis: Api[] = loadApis()): MockCliOptions {
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
  // The last API in redocly.yaml takes the highest port, whichever APIs are picked.
  const lastIndex = Math.max(...allApis.map((api) => api.index));
  return {
    apis,
    portBase: integerOption(values["port-base"], "--port-base", 0, 65_535 - lastIndex) ?? MOCK_PORT_BASE,
    dynamic: values.dynamic ?? false,
    ...(values.seed === undefined ? {} : { seed: integerOption(values.seed, "--seed", 0, 2 ** 31 - 1) }),
  };
}

export function mockLines(running: RunningMocks): string {
  return running.mocks.map((mock) => `${mock.api} ${mock.url}`).join("\n");
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
  try {
    running = await startMocks({ ...options, signal: starting.signal });
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

if (isMain(import.meta.url)) {
  let options: MockCliOptions;
  try {
    options = parseMockArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof ConfigError)) throw error;
    fail("mock", `${error.message} (usage: ${MOCK_USAGE})`, error instanceof UsageError ? 2 : 1);
  }
  await serveMocks("mock", options, (running) => console.log(mockLines(running)));
}
