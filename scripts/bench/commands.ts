// Child processes for the parts that time whole commands: each has a timeout, and a
// failure becomes one line naming the command and its last words.
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import { projectRoot } from "../lib/apis.ts";
import { elapsedMs } from "./stats.ts";

export class BenchError extends Error {}

export interface CommandResult {
  ms: number;
  stdout: string;
  stderr: string;
}

const DEFAULT_TIMEOUT_MS = 180_000;
const KEPT_OUTPUT_CHARS = 1_000_000;

export function lastLine(text: string): string {
  return (
    text
      .split("\n")
      .map((line) => line.trim())
      // Redocly's Node 20 deprecation banner says nothing about the failure.
      .filter((line) => line !== "" && !/[║╔╚╗╝]/.test(line))
      .at(-1) ?? ""
  );
}

/** Runs a command to completion and times it (wall clock); rejects with a BenchError on a non-zero exit or timeout. */
export function run(command: string, args: string[], { cwd = projectRoot, timeoutMs = DEFAULT_TIMEOUT_MS, env = process.env } = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs, killSignal: "SIGKILL" });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout = (stdout + chunk.toString("utf8")).slice(-KEPT_OUTPUT_CHARS);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-KEPT_OUTPUT_CHARS);
    });
    child.once("error", (error) => reject(new BenchError(`${command}: ${error.message}`)));
    child.once("close", (code, signal) => {
      const ms = elapsedMs(start);
      const shown = [command, ...args].map((part) => part.replace(projectRoot, ".")).join(" ");
      if (signal) reject(new BenchError(`${shown}: killed by ${signal}${ms >= timeoutMs ? ` after ${timeoutMs / 1000} s` : ""}`));
      else if (code !== 0) reject(new BenchError(`${shown}: exit code ${code}: ${lastLine(stderr) || lastLine(stdout)}`));
      else resolve({ ms, stdout, stderr });
    });
  });
}

/** `npm run <script> -- <args>` with the npm that started the benchmark (or the one on PATH). */
export function npmRun(script: string, args: string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<CommandResult> {
  const npmCli = process.env.npm_execpath;
  const npmArgs = ["run", script, ...(args.length > 0 ? ["--", ...args] : [])];
  return npmCli && /\.c?js$/.test(npmCli) ? run(process.execPath, [npmCli, ...npmArgs], options) : run("npm", npmArgs, options);
}

const require = createRequire(import.meta.url);

/** The file a package's `bin` entry names, to run it with this node directly. */
export function packageBin(packageName: string, binName: string): string {
  const manifest = require.resolve(`${packageName}/package.json`);
  const { bin } = JSON.parse(readFileSync(manifest, "utf8")) as { bin: Record<string, string> | string };
  const file = typeof bin === "string" ? bin : bin[binName];
  if (!file) throw new BenchError(`${packageName} has no "${binName}" binary; reinstall with \`npm ci\``);
  return join(dirname(manifest), file);
}

/**
 * What generation reads and writes, copied to a temporary directory: the benchmark
 * never writes into the checkout (other work may be going on in it).
 */
export function projectCopy(prefix: string): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const config = parse(readFileSync(join(projectRoot, "redocly.yaml"), "utf8")) as { plugins?: string[] };
  for (const entry of ["openapi", "generated", "redocly.yaml", "package.json", ...(config.plugins ?? [])]) {
    cpSync(join(projectRoot, entry), join(root, entry), { recursive: true });
  }
  return root;
}
