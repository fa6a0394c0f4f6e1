// The Prism mocks of a run, all in one child process (./prism-host.cjs): Prism's CLI
// serves one document per process, and loading Prism is most of what each costs.
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { projectRoot } from "../lib/apis.ts";

/** Prism's package.json; looked up on first use, so the stateful mock runs where Prism (a devDependency) is not installed. */
function prismPackage(): string {
  return createRequire(import.meta.url).resolve("@stoplight/prism-cli/package.json");
}
const exitWithParent = fileURLToPath(new URL("./exit-with-parent.cjs", import.meta.url));
const prismHost = fileURLToPath(new URL("./prism-host.cjs", import.meta.url));

/** How much of the host's output is kept to explain why it failed. */
const OUTPUT_TAIL_CHARS = 8_000;
const STOP_GRACE_MS = 3_000;

export interface PrismDocument {
  /** The API's name: how the host names the document in its messages. */
  name: string;
  bundle: string;
  dynamic: boolean;
  seed?: number | undefined;
}

export class PrismFailure extends Error {}

export interface PrismHost {
  readonly child: ChildProcess;
  /** Settles when the host has exited, with why. */
  readonly exited: Promise<string>;
  /** The port of `name`'s mock once it listens; rejects with a one-line PrismFailure if it cannot start, the host exits, or the time is up. */
  ready(name: string, timeoutMs: number, signal?: AbortSignal): Promise<number>;
  stop(): Promise<void>;
}

type HostMessage = { name: string; port: number } | { name: string; failure: string };

/**
 * The document Prism serves: the bundle itself, or for `--dynamic` a copy (in a temporary
 * folder, removed with the host) that tells json-schema-faker, through Prism's
 * `x-json-schema-faker` root extension, to generate at least one item per array: its
 * default of zero made lists come back empty, which no frontend can be built against.
 */
function servedDocument(document: PrismDocument): { file: string; remove(): void } {
  if (!document.dynamic) return { file: document.bundle, remove: () => {} };
  const folder = mkdtempSync(join(tmpdir(), "mock-dynamic-"));
  const file = join(folder, basename(document.bundle));
  const doc = JSON.parse(readFileSync(document.bundle, "utf8")) as Record<string, unknown>;
  writeFileSync(file, JSON.stringify({ ...doc, "x-json-schema-faker": { minItems: 1 } }));
  return { file, remove: () => rmSync(folder, { recursive: true, force: true }) };
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

/** A free port on 127.0.0.1 (the benchmark's own Prism CLI cannot report one it picked itself without its slow request log). */
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

export function startPrismHost(documents: PrismDocument[]): PrismHost {
  const served = documents.map(servedDocument);
  const entries = documents.map((document, index) => ({ name: document.name, document: served[index]?.file, dynamic: document.dynamic, seed: document.seed }));
  const child = spawn(process.execPath, ["--require", exitWithParent, prismHost, prismPackage(), JSON.stringify(entries)], {
    cwd: projectRoot,
    // Own process group: a Ctrl-C in the terminal reaches the runner, which stops
    // the host itself, instead of racing it to the exit.
    detached: true,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const messages = new Map<string, HostMessage>();
  const listeners = new Set<() => void>();
  child.on("message", (message: HostMessage) => {
    messages.set(message.name, message);
    for (const listener of listeners) listener();
  });

  let hasExited = false;
  const exited = new Promise<string>((resolve) => {
    const settle = (reason: string) => {
      hasExited = true;
      for (const document of served) document.remove();
      for (const listener of listeners) listener();
      resolve(reason);
    };
    child.once("error", (error) => settle(`cannot start Prism: ${error.message}`));
    child.once("exit", (code, signal) => settle(signal ? `killed by ${signal}` : `exit code ${code}: ${explainPrismOutput(output)}`));
  });

  function ready(name: string, timeoutMs: number, signal?: AbortSignal): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(new PrismFailure(`Prism did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
      const onAbort = () => finish(signal?.reason ?? new Error("aborted"));
      function finish(outcome: number | Error): void {
        clearTimeout(timer);
        listeners.delete(check);
        signal?.removeEventListener("abort", onAbort);
        if (typeof outcome === "number") resolve(outcome);
        else reject(outcome);
      }
      function check(): void {
        const message = messages.get(name);
        if (message && "port" in message) finish(message.port);
        else if (message) finish(new PrismFailure(`Prism cannot serve it: ${message.failure}`));
        else if (hasExited) finish(new PrismFailure(`Prism stopped before it was ready: ${explainPrismOutput(output)}`));
      }
      if (signal?.aborted) return finish(signal.reason as Error);
      signal?.addEventListener("abort", onAbort, { once: true });
      listeners.add(check);
      check();
    });
  }

  async function stop(): Promise<void> {
    if (hasExited) return;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
    await exited;
    clearTimeout(killer);
  }

  return { child, exited, ready, stop };
}
