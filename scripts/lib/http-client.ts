// Node's HTTP client modules, loaded the cheap way, for the suite's and the proxy's
// outgoing requests. On Node 22 and later, `import ... from "node:http"` builds the
// module's ES namespace by reading every export, and one of them is a getter that loads
// undici, Node's fetch engine: about 60 ms of CPU at every start of the CLI, for code the
// suite never calls. require() hands back the same module without building a namespace.
// node:https (and TLS with it) loads only when a URL asks for it.
import type * as Http from "node:http";
import type * as Https from "node:https";
import { createRequire } from "node:module";

/** What a client needs of node:http or node:https: the request function and the agent class. */
export type HttpModule = Pick<typeof Http, "request" | "Agent">;

const requireBuiltin = createRequire(import.meta.url);
let http: HttpModule | undefined;
let https: HttpModule | undefined;

/** node:http for `http:`, node:https for `https:` (each required once: require() itself costs ~20 µs a call), undefined for any other protocol. */
export function httpModuleFor(protocol: "http:" | "https:"): HttpModule;
export function httpModuleFor(protocol: string): HttpModule | undefined;
export function httpModuleFor(protocol: string): HttpModule | undefined {
  if (protocol === "http:") return (http ??= requireBuiltin("node:http") as typeof Http);
  if (protocol === "https:") return (https ??= requireBuiltin("node:https") as typeof Https);
  return undefined;
}
