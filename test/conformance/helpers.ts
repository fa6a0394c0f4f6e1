// Runs the conformance CLI in-process and captures what it prints.
import { main } from "../../scripts/conformance/cli.ts";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `cwd` is the caller's folder, where relative paths in flags point. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}, cwd = process.cwd()): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, env, (line) => out.push(line), (line) => err.push(line), cwd);
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

/** A stack trace line, which users must never see. */
export const STACK_TRACE = /\n\s+at .+\(.*:\d+:\d+\)/;
