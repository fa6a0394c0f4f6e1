// One Prism child process per API: Prism serves one document per process.
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { projectRoot } from "../lib/apis.ts";

/** Prism's CLI script; looked up on first use, so the stateful mock runs where Prism (a devDependency) is not installed. */
function prismCli(): string {
  const require = createRequire(import.meta.url);
  const packageFile = require.resolve("@stoplight/prism-cli/package.json");
  return join(dirname(packageFile), (require(packageFile) as { bin: { prism: string } }).bin.prism);
}
const exitWithParent = fileURLToPath(new URL("./exit-with-parent.cjs", import.meta.url));

/** How much of a child's output is kept to explain why it failed. */
const OUTPUT_TAIL_CHARS = 8_000;
const POLL_INTERVAL_MS = 100;
const POLL_REQUEST_TIMEOUT_MS = 1_000;
const STOP_GRACE_MS = 3_000;

export interface PrismOptions {
  bundle: string;
  port: number;
  dynamic: boolean;
  seed?: number | undefined;
}

export class PrismFailure extends Error {
  constructor(
    message: string,
    /** True when Prism lost the race for its port to another process; starting again on a new port fixes it. */
    readonly portTaken = false,
  ) {
    super(message);
  }
}

export interface PrismProcess {
  readonly child: ChildProcess;
  readonly port: number;
  /** Settles when the child has exited, with why. */
  readonly exited: Promise<string>;
  /** Resolves once Prism answers HTTP; rejects with a one-line PrismFailure if it exits or stays silent. */
  ready(timeoutMs: number, signal?: AbortSignal): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The document Prism serves: the bundle itself, or for `--dynamic` a copy (in a temporary
 * folder, removed with the child) that tells json-schema-faker, through Prism's
 * `x-json-schema-faker` root extension, to generate at least one item per array: its
 * default of zero made lists come back empty, which no frontend can be built against.
 */
function servedDocument(options: PrismOptions): { file: string; remove(): void } {
  if (!options.dynamic) return { file: options.bundle, remove: () => {} };
  const folder = mkdtempSync(join(tmpdir(), "mock-dynamic-"));
  const file = join(folder, basename(options.bundle));
  const doc = JSON.parse(readFileSync(options.bundle, "utf8")) as Record<string, unknown>;
  writeFileSync(file, JSON.stringify({ ...doc, "x-json-schema-faker": { minItems: 1 } }));
  return { file, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

function prismArguments({ bundle, port, dynamic, seed }: PrismOptions): string[] {
  return [
    "--require",
    exitWithParent,
    prismCli(),
    "mock",
    bundle,
    "--host",
    "127.0.0.1",
    "--port",
    String(port),
    // Prism's per-request log lines halve its throughput, and nobody reads them:
    // the `sl-violations` response header says what was wrong with a request.
    "--verboseLevel",
    "fatal",
    // Generated objects keep to the properties the schema names, as the vendors' do.
    "--json-schema-faker-fillProperties=false",
    ...(dynamic ? ["--dynamic"] : []),
    ...(seed === undefined ? [] : ["--seed", String(seed)]),
  ];
}

// Prism prints ANSI colours and its own prefixes; keep the words.
function plain(line: string): string {
  return line.replace(/\u001b\[[0-9;]*m/g, "").trim();
}

/** The one line that explains why Prism stopped, from what it printed. */
export function explainPrismOutput(output: string): string {
  const lines = output.split("\n").map(plain).filter(Boolean);
  const fatal = lines.find((line) => /\bfatal\b/.test(line));
  if (fatal) return fatal.replace(/^.*?\bfatal\b\s*/, "");
  const thrown = lines.find((line) => /^[A-Za-z]*Error\b|EADDRINUSE|EACCES/.test(line));
  return thrown ?? lines.at(-1) ?? "no output";
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(POLL_REQUEST_TIMEOUT_MS) });
    await response.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A free port on 127.0.0.1, for Prism (which cannot report one it picked itself without its slow request log). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export function startPrism(options: PrismOptions): PrismProcess {
  const document = servedDocument(options);
  const child = spawn(process.execPath, prismArguments({ ...options, bundle: document.file }), {
    cwd: projectRoot,
    // Own process group: a Ctrl-C in the terminal reaches the runner, which stops
    // the children itself, instead of racing them to the exit.
    detached: true,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);

  let hasExited = false;
  const exited = new Promise<string>((resolve) => {
    child.once("error", (error) => {
      hasExited = true;
      document.remove();
      resolve(`cannot start Prism: ${error.message}`);
    });
    child.once("exit", (code, signal) => {
      hasExited = true;
      document.remove();
      resolve(signal ? `killed by ${signal}` : `exit code ${code}: ${explainPrismOutput(output)}`);
    });
  });

  async function ready(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const url = `http://127.0.0.1:${options.port}/`;
    const deadline = Date.now() + timeoutMs;
    while (!hasExited) {
      signal?.throwIfAborted();
      if (await answers(url)) return;
      if (Date.now() > deadline) throw new PrismFailure(`Prism did not answer within ${timeoutMs / 1000} s`);
      await sleep(POLL_INTERVAL_MS);
    }
    await exited;
    const reason = explainPrismOutput(output);
    throw new PrismFailure(`Prism stopped before it was ready: ${reason}`, /EADDRINUSE/.test(reason));
  }

  async function stop(): Promise<void> {
    if (hasExited) return;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
    await exited;
    clearTimeout(killer);
  }

  return { child, port: options.port, exited, ready, stop };
}
