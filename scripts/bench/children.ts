// The benchmark's helper processes: a bare node:http server answering fixed bytes
// (the mock's floor), the built stateful mock, and an autocannon run, each in its own process.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { distDir } from "../build.ts";
import { projectRoot } from "../lib/apis.ts";
import { BenchError, run } from "./commands.ts";

const plainServerScript = fileURLToPath(new URL("./plain-server.mjs", import.meta.url));
const loadScript = fileURLToPath(new URL("./load.mjs", import.meta.url));
const READY_TIMEOUT_MS = 15_000;

export interface FixedReply {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface PlainServer {
  url: string;
  stop(): Promise<void>;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

export function startPlainServer(reply: FixedReply): Promise<PlainServer> {
  const child = spawn(process.execPath, [plainServerScript], { stdio: ["ignore", "ignore", "pipe", "ipc"] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stopChild(child);
      reject(new BenchError(`the plain server did not listen within ${READY_TIMEOUT_MS / 1000} s`));
    }, READY_TIMEOUT_MS);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new BenchError(`cannot start the plain server: ${error.message}`));
    });
    child.once("message", (message: { port: number }) => {
      clearTimeout(timer);
      resolve({ url: `http://127.0.0.1:${message.port}`, stop: () => stopChild(child) });
    });
    child.send({ status: reply.status, headers: reply.headers, bodyBase64: Buffer.from(reply.body).toString("base64") });
  });
}

export interface LoadResult {
  requestsPerSecond: number;
  requests: number;
  /** Latency percentiles in milliseconds. */
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

export interface LoadOptions {
  url: string;
  method: string;
  headers: Record<string, string>;
  connections: number;
  durationSeconds: number;
}

export async function loadTest(options: LoadOptions): Promise<LoadResult> {
  const { stdout } = await run(process.execPath, [loadScript, JSON.stringify(options)], { timeoutMs: (options.durationSeconds + 30) * 1000 });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as LoadResult;
}

/** How the stateful mock is started: as another repo runs it (the built CLI), or as `npm run mock` does here (the TypeScript sources under tsx). */
export type MockBuild = "built" | "sources";

function statefulMockCommand(build: MockBuild, api: string): string[] {
  const flags = ["--api", api, "--port-base", "0"];
  if (build === "built") return [join(distDir, "bin.js"), "mock", ...flags];
  return ["--import", "tsx", join(projectRoot, "scripts", "mock", "index.ts"), "--stateful", ...flags];
}

/** The stateful mock of `api` in its own process, like each Prism (for "built", the caller builds dist/ first). */
export function startStatefulMockProcess(build: MockBuild, api: string): Promise<PlainServer> {
  const child = spawn(process.execPath, statefulMockCommand(build, api), { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stopChild(child);
      reject(new BenchError(`the stateful mock (${build}) did not print its URL within ${READY_TIMEOUT_MS / 1000} s`));
    }, READY_TIMEOUT_MS);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new BenchError(`the stateful mock (${build}) exited (${code}): ${stderr.trim().split("\n").at(-1) ?? ""}`));
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = new RegExp(`^${api} (http://\\S+)$`, "m").exec(stdout)?.[1];
      if (url === undefined) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolve({ url, stop: () => stopChild(child) });
    });
  });
}
