// Credentials the way each security scheme wants them (spec/security.ts has the
// table), and the wrong ways the ignored_auth check tries.
import type { Operation } from "../spec/openapi.ts";
import { carrierOf, type CredentialCarrier, UnsupportedSchemeError } from "../spec/security.ts";
import type { ApiModel } from "../spec/model.ts";

export class ConfigError extends Error {}

export interface Credentials {
  /** Human label of the scheme, for reports. */
  label: string;
  headers(token: string): Record<string, string>;
  query(token: string): Record<string, string>;
  /** Credentials of another scheme than the one required. */
  wrongScheme(token: string): { headers: Record<string, string>; query: Record<string, string> };
  /** Header names whose values are secret. */
  secretHeaders: string[];
}

/** The wrong way to send a credential for a scheme: a bearer token's as basic, any other as a bearer token. */
function wrongScheme(carrier: CredentialCarrier): Credentials["wrongScheme"] {
  if (carrier.kind === "bearer") return () => ({ headers: { Authorization: "Basic Y29uZm9ybWFuY2U6bm90LWEtdG9rZW4=" }, query: {} });
  return (token) => ({ headers: { Authorization: `Bearer ${token}` }, query: {} });
}

/** The credentials an operation needs, or undefined for an open operation. */
export function credentialsFor(model: ApiModel, operation: Operation): Credentials | undefined {
  const requirement = operation.security.find((entry) => Object.keys(entry).length > 0);
  const schemeName = requirement ? Object.keys(requirement)[0] : undefined;
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
    wrongScheme: wrongScheme(carrier),
    secretHeaders: [...new Set([...carrier.secretHeaders, "authorization"])],
  };
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
