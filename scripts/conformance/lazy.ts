// What a run loads once its flags are known to be good (cli.ts imports it by one dynamic
// import). One module, not one import each: every dynamic import is an entry point to
// the bundler, and code shared by entry points is split into chunks of its own: with six
// imports here (and five in the proxy's CLI) a run loaded 37 files, with one it loaded 23,
// and each file costs Node 20 a resolve and a link (loading the 37 took 24 ms more CPU than the 23).
// The built CLI has the engine in a build of its own (scripts/build.ts), and modules the
// front uses too are copied into it: the front knows the engine's errors by these classes.
export { ConfigError as ApiConfigError } from "../lib/apis.ts";
export { UsageError as EngineUsageError } from "../lib/cli.ts";
export { SpecError } from "../spec/openapi.ts";
export { ConfigError } from "./auth.ts";
export { BaselineError } from "./baseline.ts";
export { terminalReporter } from "./reporters/terminal.ts";
export { MisconfigurationError, runConformance } from "./runner.ts";
