// Before any check: tells a misconfigured run (a base URL without the API's path, a
// rejected token, a TLS or DNS failure) from a server that breaks its contract, so
// that no check is judged on answers the misconfiguration explains.
import type { Operation } from "../spec/openapi.ts";
import type { RunContext } from "./context.ts";
import type { Exchange } from "./http.ts";
import { checkResponse } from "./checks/response.ts";
import { firstValidInput } from "./inputs.ts";
import { refusesCredentials } from "../spec/security.ts";

/** The run cannot judge the server: exit 2 with the likely cause. */
export class MisconfigurationError extends Error {}

/** A few requests are enough to tell; a rate-limited server (gym: 100 per 5 minutes) should not pay more. */
const PROBES = 3;

/** An operation whose path, id or summary says it ends a session: it may take the run's credential with it. */
export function mayEndTheSession(op: Operation): boolean {
  return /sign[-_ ]?out|log[-_ ]?(out|off)|end[-_ ]?session|(revoke|invalidate|delete)[-_ ]?(the[-_ ]?)?(token|session|credential)/i.test(`${op.path} ${op.operationId} ${op.summary ?? ""}`);
}

/** GET operations first, those without path parameters (no made-up ids) first among them; never one that may end the session. */
function probeOperations(operations: readonly Operation[]): Operation[] {
  const rank = (op: Operation) => (op.method === "get" ? 0 : 2) + (op.parameters.some((p) => p.in === "path") ? 1 : 0);
  return operations.filter((op) => !mayEndTheSession(op)).sort((a, b) => rank(a) - rank(b)).slice(0, PROBES);
}

/** The path part of the spec's first server URL that has one (`/v0`, `/api/v1`). */
export function serverPath(servers: ReadonlyArray<{ url: string }> | undefined): string | undefined {
  for (const server of servers ?? []) {
    const path = server.url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "").replace(/\/+$/, "");
    if (path.startsWith("/") && path.length > 1) return path;
  }
  return undefined;
}

const isJson = (exchange: Exchange) => {
  try {
    JSON.parse(exchange.response?.text ?? "");
    return true;
  } catch {
    return false;
  }
};

function describe(op: Operation, exchange: Exchange): string {
  const response = exchange.response;
  const type = response?.headers["content-type"]?.split(";")[0] ?? "no content type";
  return `${op.method.toUpperCase()} ${new URL(exchange.request.url).pathname} → ${response ? `${response.status} ${type}` : exchange.transportError}`;
}

function wrongBaseUrl(ctx: RunContext, probes: Array<{ op: Operation; exchange: Exchange }>): string {
  const base = ctx.settings.baseUrl.replace(/\/+$/, "");
  const path = serverPath(ctx.model.doc.servers);
  const seen = `every request was answered 404 with a body that is not JSON (${describe(probes[0]!.op, probes[0]!.exchange)})`;
  if (path && !new URL(base).pathname.replace(/\/+$/, "").endsWith(path)) {
    return `${seen}: the base URL probably lacks the spec's server path "${path}" (try --base-url ${base}${path})`;
  }
  return `${seen}: the base URL probably does not point at this API`;
}

/** Sends a few valid requests and throws a MisconfigurationError when their answers explain themselves. */
export async function diagnose(ctx: RunContext, tokenGiven: boolean): Promise<void> {
  const probes: Array<{ op: Operation; exchange: Exchange }> = [];
  for (const op of probeOperations(ctx.model.operations)) {
    // An operation none of whose inputs could be made (see generationProblem) tells nothing.
    const input = firstValidInput(ctx, op)?.input;
    if (!input) continue;
    const request = ctx.request(op, input);
    const what = `the start-up probe (${request.method} ${new URL(request.url).pathname})`;
    const exchange = await ctx.probeSafely(request, `${op.operationId} · ${what}`, (silent) => checkResponse(ctx.model, ctx.recorder, op, silent, what));
    if (!exchange) continue;
    const failure = exchange.transportFailure;
    if (failure === "refused" || failure === "dns" || failure === "tls") {
      throw new MisconfigurationError(`cannot reach ${ctx.settings.baseUrl}: ${exchange.transportError}`);
    }
    if (exchange.response && !ctx.heartbeat) ctx.heartbeat = request;
    const status = exchange.response?.status ?? 0;
    if (status >= 200 && status < 300 && ctx.credentials(op) && !ctx.authHeartbeat) ctx.authHeartbeat = request;
    probes.push({ op, exchange });
  }
  const answered = probes.filter(({ exchange }) => exchange.response && exchange.response.status !== 429);
  if (answered.length === 0) return;
  if (answered.every(({ exchange }) => exchange.response?.status === 404 && !isJson(exchange))) throw new MisconfigurationError(wrongBaseUrl(ctx, answered));
  const authenticated = answered.filter(({ op }) => ctx.credentials(op));
  const rejected = authenticated.filter(({ exchange }) => refusesCredentials(exchange.response?.status));
  if (authenticated.length > 0 && rejected.length === authenticated.length) {
    throw new MisconfigurationError(`every authenticated request was refused (${rejected.map(({ op, exchange }) => describe(op, exchange)).join("; ")}): ${refusalCause(tokenGiven, rejected)}`);
  }
}

/**
 * Why every authenticated request was refused. 403 is a credential without the rights
 * (a run of admin-only operations with a user's token); 401 is a credential the server
 * does not take, though some servers answer 401 for missing rights too (the real Gym).
 */
function refusalCause(tokenGiven: boolean, rejected: ReadonlyArray<{ exchange: Exchange }>): string {
  if (!tokenGiven) return "no token was given (--token-file, CONFORMANCE_TOKEN or --token)";
  if (rejected.every(({ exchange }) => exchange.response?.status === 403)) {
    return "the token lacks the rights these operations need (403): give one that has them (--token-file, CONFORMANCE_TOKEN or --token), or leave them out with --exclude-operations";
  }
  return "the token was rejected (check --token-file, CONFORMANCE_TOKEN or --token), or it lacks the rights these operations need where the server answers that with 401 too";
}
