// Helpers shared by the toolkit's command-line entry points.
import { pathToFileURL } from "node:url";

/** A bad flag or argument: the command prints its message and its usage, and exits 2. */
export class UsageError extends Error {}

/** The integer `value` of `flag`, within min..max (undefined when the flag is absent), or a UsageError saying what is wrong. */
export function integerOption(value: string, flag: string, min: number, max: number): number;
export function integerOption(value: string | undefined, flag: string, min: number, max: number): number | undefined;
export function integerOption(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}, not "${value}"`);
  }
  return Number(value);
}

/** True when the module at `moduleUrl` is the script node was started with. */
export function isMain(moduleUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && pathToFileURL(entry).href === moduleUrl;
}

/** Prints `<command>: <message>` and exits; for errors the user can act on, so no stack trace. */
export function fail(command: string, error: unknown, exitCode = 1): never {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`${command}: ${message}`);
  process.exit(exitCode);
}
