#!/usr/bin/env node
// `clients-contract <command> [flags]`: the package's command line, as other repos run
// it (`npx clients-contract conformance ...`). Built to dist/bin.js by `npm run build`.
// A command's module is imported only when that command runs, so `--help` loads
// nothing but this file.
import module from "node:module";
import { packageVersion } from "./lib/package.ts";

// Node 22.1+ keeps the compiled bundle between runs (in the OS temp folder), so only a
// machine's first run parses it; Node 20 has no such cache and skips this.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

interface Command {
  summary: string;
  load(): Promise<{ main(argv: string[]): Promise<number> }>;
}

const COMMANDS: Record<string, Command> = {
  conformance: { summary: "test a server against an OpenAPI contract (--help for its flags)", load: () => import("./conformance/cli.ts") },
  mock: { summary: "serve every API from an in-memory store seeded with the spec's examples (--help for its flags)", load: () => import("./mock/index.ts") },
  proxy: { summary: "forward to a real server, checking every exchange against the contract (--help for its flags)", load: () => import("./proxy/cli.ts") },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  return [
    "usage: clients-contract <command> [flags]",
    "",
    "Commands:",
    ...Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`),
    "",
    "  --help     this text",
    "  --version  the package version",
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    console.error(usage());
    return 2;
  }
  if (first === "--help" || first === "-h") {
    console.log(usage());
    return 0;
  }
  if (first === "--version") {
    console.log(packageVersion());
    return 0;
  }
  const command = COMMANDS[first];
  if (!command) {
    console.error(`clients-contract: unknown command ${first}; commands: ${Object.keys(COMMANDS).join(", ")} (--help)`);
    return 2;
  }
  return (await command.load()).main(rest);
}

process.exitCode = await main(process.argv.slice(2));
