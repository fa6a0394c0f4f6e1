// Credentials the way each security scheme wants them (spec/security.ts has the
// table), and the wrong ways the ignored_auth check tries.
import type { Operation } from "../spec/openapi.ts";
import { carrierOf, type CredentialCarrier, securityAlternatives, UnsupportedSchemeError } from "../spec/security.ts";
import type { ApiModel } from "../spec/model.ts";

export class ConfigError extends Error {}

export interface Credentials {
  /** Human label of the scheme, for reports. */
  label: string;
  headers(token: string): Record<string, string>;
  query(token: string): Record<string, string>;
  /** Credentials of a scheme none of the operation's alternatives accepts; undefined when there is no such scheme to try. */
  wrongScheme?: (token: string) => { headers: Record<string, string>; query: Record<string, string> };
  /** Header names whose values are secret. */
  secretHeaders: string[];
}

const WRONG_WAYS = {
  bearer: (token: string) => ({ headers: { Authorization: `Bearer ${token}` }, query: {} }),
  basic: () => ({ headers: { Authorization: "Basic Y29uZm9ybWFuY2U6bm90LWEtdG9rZW4=" }, query: {} }),
};

/**
 * A wrong way to send the credential: as a bearer token (or, for a bearer scheme, as
 * basic credentials), but never a way one of the operation's alternatives accepts (with
 * `security: [ApiKey, OAuth2]` a bearer token is a right way).
 */
function wrongScheme(carrier: CredentialCarrier, accepted: ReadonlySet<string>): Credentials["wrongScheme"] {
  const order: Array<keyof typeof WRONG_WAYS> = carrier.kind === "bearer" ? ["basic", "bearer"] : ["bearer", "basic"];
  const way = order.find((kind) => !accepted.has(kind));
  return way ? WRONG_WAYS[way] : undefined;
}

/** The kinds of credential any alternative of the operation accepts (a scheme the table cannot read accepts none we send). */
function acceptedKinds(model: ApiModel, alternatives: string[][]): Set<string> {
  const kinds = new Set<string>();
  for (const name of alternatives.flat()) {
    try {
      kinds.add(carrierOf(model.doc, name).kind);
    } catch {
      // Undefined or unsupported: the alternative the run uses says so below, if it is that one.
    }
  }
  return kinds;
}

/**
 * The credentials an operation needs, or undefined for an open one: no requirement, or an
 * empty alternative (`security: [{}, ...]`, anonymous allowed). The run's credential is
 * sent the way the first alternative says.
 */
export function credentialsFor(model: ApiModel, operation: Operation): Credentials | undefined {
  const alternatives = securityAlternatives(operation);
  if (alternatives.length === 0 || alternatives.some((names) => names.length === 0)) return undefined;
  const schemeName = alternatives[0]?.[0];
  if (!schemeName) return undefined;
  if (!model.securitySchemes[schemeName]) throw new ConfigError(`operation ${operation.operationId} uses undefined security scheme ${schemeName}`);
  let carrier: CredentialCarrier;
  try {
    carrier = carrierOf(model.doc, schemeName);
  } catch (error) {
    if (error instanceof UnsupportedSchemeError) throw new ConfigError(error.message);
    throw error;
  }
  return {
    label: carrier.label,
    headers: (token) => carrier.place(token).headers,
    query: (token) => carrier.place(token).query,
    wrongScheme: wrongScheme(carrier, acceptedKinds(model, alternatives)),
    secretHeaders: [...new Set([...carrier.secretHeaders, "authorization"])],
  };
}

/**
 * The run's credential as the API's first secured operation takes it, for a request to an
 * open operation that must carry it anyway: unsupported_method's probes, since a server
 * that authenticates before it routes refuses any request without one.
 */
export function apiCredentials(model: ApiModel): Credentials | undefined {
  for (const operation of model.operations) {
    const credentials = credentialsFor(model, operation);
    if (credentials) return credentials;
  }
  return undefined;
}

/** How a request carries credentials: the run's own, none, another scheme's, or a made-up token of the right shape (ignored_auth's cases). */
export type AuthMode = "valid" | "none" | "wrong-scheme" | "unknown-token";

/** The headers and query values that carry `token` the way `mode` says; nothing for an open operation. */
export function placeCredentials(credentials: Credentials | undefined, mode: AuthMode, token: string): { headers: Record<string, string>; query: Record<string, string> } {
  if (!credentials || mode === "none") return { headers: {}, query: {} };
  if (mode === "wrong-scheme") return credentials.wrongScheme?.(token) ?? { headers: {}, query: {} };
  const sent = mode === "unknown-token" ? unknownToken(token) : token;
  return { headers: credentials.headers(sent), query: credentials.query(sent) };
}

/** A token that has the shape of the real one but cannot be valid. */
export function unknownToken(token: string): string {
  const alphabet = /^[0-9a-f_]+$/i.test(token.replace(/^ba_/, "")) ? "0123456789abcdef" : "abcdefghijklmnopqrstuvwxyz0123456789";
  const prefix = /^[a-z]+_/.exec(token)?.[0] ?? "";
  const length = Math.max(token.length - prefix.length, 16);
  let body = "";
  for (let i = 0; i < length; i += 1) body += alphabet[(i * 7 + 3) % alphabet.length];
  return body === token.slice(prefix.length) ? `${prefix}${body.split("").reverse().join("")}` : `${prefix}${body}`;
}
