// Helpers shared by the toolkit's command-line entry points.
import { pathToFileURL } from "node:url";

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
