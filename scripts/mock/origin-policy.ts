// Who may use a mock, and from where: the one policy of the Prism guard (./guard.ts) and
// the stateful mock (./stateful.ts) against the two ways a web page the developer visits
// could reach a mock on their machine.
//  - CORS: only loopback origins (any port, http or https, of localhost, 127.x.y.z and
//    [::1]) and those given with --cors-origin get CORS headers, with credentials; `*`
//    lets every other origin read too, without credentials. `Origin: null` and every
//    other origin get none (the browser then hides the answer) and a preflight from them
//    gets 403. A request without Origin (curl, the tests, a server) needs none and gets none.
//  - Control routes (/__mock/*): a request from a browser page on a disallowed origin gets
//    403 (a simple POST needs no preflight, so CORS alone would let it run). The token
//    (--token) is the caller's to check: the engine knows the API's scheme.
//  - Host (DNS rebinding, Vite's and webpack-dev-server's answer): a Host that is not a
//    loopback name, the --host address or an --allowed-host gets 403, so links built from
//    the Host header only ever name an allowed host.
// The mock answers thousands of requests a second: the checks are precompiled regular
// expressions and Set lookups, and the CORS headers of an origin are built once.

/** Paths under this prefix are the mock's own control routes (`POST /__mock/reset`). */
export const CONTROL_PREFIX = "/__mock/";

const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const LOOPBACK_IPV4 = `127(?:\\.${OCTET}){3}`;
const PORT = "(?::\\d{1,5})?";
const LOOPBACK_ORIGIN = new RegExp(`^https?://(?:localhost|${LOOPBACK_IPV4}|\\[::1\\])${PORT}$`, "i");
const LOOPBACK_HOSTNAME = `localhost|(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+localhost|${LOOPBACK_IPV4}|\\[::1\\]`;
const LOOPBACK_HOST = new RegExp(`^(?:${LOOPBACK_HOSTNAME})${PORT}$`, "i");
const LOOPBACK_ADDRESS = new RegExp(`^(?:localhost|::1|(?:::ffff:)?${LOOPBACK_IPV4})$`, "i");
/** Addresses that listen on every interface, as normalizeAllowedHost writes them. */
const UNSPECIFIED = new Set(["0.0.0.0", "[::]", "[::0]", "[0:0:0:0:0:0:0:0]"]);
/** How many distinct Origin or Host values the caches keep before starting over (a client cannot grow them without bound). */
const CACHE_LIMIT = 256;

/** `origin` (an Origin header) is a page served from this machine: http or https, any port, of localhost, 127.x.y.z or [::1]. */
export function isLoopbackOrigin(origin: string): boolean {
  return LOOPBACK_ORIGIN.test(origin);
}

/** `host` (a Host header, port optional) names this machine: localhost, *.localhost, 127.x.y.z or [::1]. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOST.test(host);
}

/** The listen address reaches this machine only (127.x.y.z, ::1, localhost). */
export function isLoopbackAddress(address: string): boolean {
  return LOOPBACK_ADDRESS.test(address.replace(/^\[(.*)\]$/, "$1"));
}

/** A `--cors-origin` value as browsers send it in `Origin` (`https://app.example.com:5173`, default port dropped), `*`, or undefined if it is neither. */
export function normalizeCorsOrigin(value: string): string | undefined {
  if (value === "*") return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const bare = url.pathname === "/" && url.search === "" && url.hash === "" && url.username === "" && url.password === "";
  if (!bare || (url.protocol !== "http:" && url.protocol !== "https:") || !/^[a-z][a-z0-9+.-]*:\/\/[^/]+\/?$/i.test(value)) return undefined;
  return url.origin;
}

/** An `--allowed-host` value as a host name (lower case, IPv6 in brackets), or undefined if it is not a name or address. */
export function normalizeAllowedHost(value: string): string | undefined {
  if (/^(?:[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?\.)*[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?\.?$/i.test(value)) return value.toLowerCase().replace(/\.$/, "");
  const ipv6 = /^\[?([0-9a-f:.]+)\]?$/i.exec(value)?.[1];
  return ipv6 !== undefined && ipv6.includes(":") ? `[${ipv6.toLowerCase()}]` : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export interface OriginPolicyOptions {
  /** The address the mock listens on (--host); a host name or a specific address is also an allowed Host. */
  host?: string;
  /** Origins besides the loopback ones that may read answers, with credentials (--cors-origin); `*`: every origin, without. */
  corsOrigins?: readonly string[];
  /** Host names besides the loopback ones that requests may be addressed to (--allowed-host). */
  allowedHosts?: readonly string[];
}

/** What an origin may do: read with credentials, read without (`--cors-origin *`), or nothing. */
export type CorsGrant = "credentials" | "any" | "none";

type Headers = Readonly<Record<string, string>>;
const NO_HEADERS: Headers = Object.freeze({});

export class OriginPolicy {
  private readonly origins: ReadonlySet<string>;
  private readonly anyOrigin: boolean;
  private readonly hostPattern: RegExp;
  private readonly hostVerdicts = new Map<string, boolean>();
  private readonly corsByOrigin = new Map<string, Headers>();
  /** Host names besides the loopback ones, for messages. */
  readonly extraHosts: readonly string[];

  constructor(options: OriginPolicyOptions = {}) {
    const origins = (options.corsOrigins ?? []).map((value) => {
      const origin = normalizeCorsOrigin(value);
      if (origin === undefined) throw new Error(`not an origin: "${value}" (expected like https://app.example.com:5173, or *)`);
      return origin;
    });
    this.anyOrigin = origins.includes("*");
    this.origins = new Set(origins.filter((origin) => origin !== "*"));
    const hosts = (options.allowedHosts ?? []).map((value) => {
      const host = normalizeAllowedHost(value);
      if (host === undefined) throw new Error(`not a host name: "${value}"`);
      return host;
    });
    // The --host address names this machine to whoever connects to it, unless it is every interface.
    const listen = options.host === undefined || isLoopbackAddress(options.host) ? undefined : normalizeAllowedHost(options.host);
    if (listen !== undefined && !UNSPECIFIED.has(listen)) hosts.unshift(listen);
    this.extraHosts = [...new Set(hosts)];
    const names = [LOOPBACK_HOSTNAME, ...this.extraHosts.map(escapeRegExp)].join("|");
    this.hostPattern = new RegExp(`^(?:${names})${PORT}$`, "i");
  }

  /** What a request with this Origin header may do. */
  corsGrant(origin: string | undefined): CorsGrant {
    if (origin === undefined) return "none";
    if (this.origins.has(origin) || isLoopbackOrigin(origin)) return "credentials";
    return this.anyOrigin ? "any" : "none";
  }

  /**
   * The CORS headers (lower-case names) an answer to this Origin carries; none for a
   * request without Origin or from an origin not allowed. Built once per origin.
   */
  corsHeaders(origin: string | undefined): Headers {
    if (origin === undefined) return NO_HEADERS;
    let headers = this.corsByOrigin.get(origin);
    if (headers === undefined) {
      const grant = this.corsGrant(origin);
      headers = Object.freeze(
        grant === "credentials"
          ? { "access-control-allow-origin": origin, "access-control-allow-credentials": "true", vary: "Origin" }
          : grant === "any"
            ? { "access-control-allow-origin": "*", vary: "Origin" }
            : NO_HEADERS,
      );
      if (this.corsByOrigin.size >= CACHE_LIMIT) this.corsByOrigin.clear();
      this.corsByOrigin.set(origin, headers);
    }
    return headers;
  }

  /** A request to a control route (/__mock/*) from this Origin may run: no Origin (not a browser page), or an allowed one. */
  controlAllowed(origin: string | undefined): boolean {
    return origin === undefined || this.corsGrant(origin) !== "none";
  }

  /** The Host header names this machine, the --host address or an --allowed-host (any port). A request without Host (HTTP/1.0) passes. */
  hostAllowed(host: string | undefined): boolean {
    if (host === undefined) return true;
    let verdict = this.hostVerdicts.get(host);
    if (verdict === undefined) {
      verdict = this.hostPattern.test(host);
      if (this.hostVerdicts.size >= CACHE_LIMIT) this.hostVerdicts.clear();
      this.hostVerdicts.set(host, verdict);
    }
    return verdict;
  }

  /** Why a request with this Host is refused, naming the flag that would allow it. */
  hostRefusal(host: string): string {
    const name = host.replace(/:\d*$/, "");
    const allowed = ["localhost", "127.0.0.1", "[::1]", ...this.extraHosts].join(", ");
    return `Host "${host}" is not allowed: the mock answers requests addressed to ${allowed} (a guard against DNS rebinding). To use this name, start the mock with --allowed-host ${name}`;
  }

  /** Why a control route refuses a request from this Origin, naming the flag that would allow it. */
  originRefusal(origin: string, path: string): string {
    const flag = origin === "null" ? "" : ` To allow this page, start the mock with --cors-origin ${origin}`;
    return `${path} does not take requests from pages on origin ${origin}: only loopback origins and --cors-origin ones may call the mock's control routes.${flag}`;
  }

  /** Why a preflight from this Origin gets no CORS headers. */
  preflightRefusal(origin: string | undefined): string {
    if (origin === undefined) return "A preflight without Origin: no CORS headers.";
    const flag = origin === "null" ? "" : ` To allow it, start the mock with --cors-origin ${origin}`;
    return `Origin ${origin} may not call this mock from a browser: only loopback origins and --cors-origin ones get CORS headers.${flag}`;
  }
}

/**
 * The warning `npm run mock` prints once when it listens on a non-loopback address
 * (0.0.0.0, ::, a LAN address): undefined when it listens on this machine only.
 */
/** `defaultToken`: the stateful mocks' token is the public default (mock-token), which guards nothing. */
export function exposureWarning(options: { host: string; stateful: boolean; token?: string | undefined; defaultToken?: boolean }): string | undefined {
  if (isLoopbackAddress(options.host)) return undefined;
  const what = options.stateful
    ? options.token === undefined || options.defaultToken
      ? "can read, change and reset the stateful mocks' data. Add --token <t>, a secret of your own, so that only requests carrying it are answered"
      : "can call the mocks (only requests carrying the --token are answered)"
    : "can read the mocks' data (the Prism mock checks no token; --stateful --token <t> serves one that does)";
  return `warning: --host ${options.host} makes the mocks reachable from the network, not only from this machine: anyone who can reach this address ${what}. Requests addressed to a name other than localhost or --host need --allowed-host <name>.`;
}
