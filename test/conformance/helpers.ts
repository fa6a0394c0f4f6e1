// Runs the conformance CLI in-process and captures what it prints; writes a test's spec.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

/** `text` as openapi.yaml in a new temporary folder named after `prefix` (the run's temporary folder is removed after it); its path. */
export function writeSpec(prefix: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), prefix)), "openapi.yaml");
  writeFileSync(file, text);
  return file;
}
