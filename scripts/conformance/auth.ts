// Credentials the way each security scheme wants them, and the wrong ways the
// ignored_auth check tries.
import type { Operation, SecurityScheme } from "../lib/openapi.ts";
import type { ApiModel } from "./model.ts";

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

function bearer(): Credentials {
  return {
    label: "bearer token",
    headers: (token) => ({ Authorization: `Bearer ${token}` }),
    query: () => ({}),
    wrongScheme: () => ({ headers: { Authorization: "Basic Y29uZm9ybWFuY2U6bm90LWEtdG9rZW4=" }, query: {} }),
    secretHeaders: ["authorization"],
  };
}

/** The credential is `user:password`, as curl's `-u` takes it. */
function basic(): Credentials {
  return {
    label: "basic credential",
    headers: (token) => ({ Authorization: `Basic ${Buffer.from(token).toString("base64")}` }),
    query: () => ({}),
    wrongScheme: (token) => ({ headers: { Authorization: `Bearer ${token}` }, query: {} }),
    secretHeaders: ["authorization"],
  };
}

function apiKey(scheme: SecurityScheme, schemeName: string): Credentials {
  const name = scheme.name;
  if (!name) throw new ConfigError(`security scheme ${schemeName} has no "name"`);
  if (scheme.in === "header") {
    return {
      label: `API key in header ${name}`,
      headers: (token) => ({ [name]: token }),
      query: () => ({}),
      // The key offered as a bearer token instead of in its own header.
      wrongScheme: (token) => ({ headers: { Authorization: `Bearer ${token}` }, query: {} }),
      secretHeaders: [name, "authorization"],
    };
  }
  if (scheme.in === "query") {
    return {
      label: `API key in query parameter ${name}`,
      headers: () => ({}),
      query: (token) => ({ [name]: token }),
      wrongScheme: (token) => ({ headers: { Authorization: `Bearer ${token}` }, query: {} }),
      secretHeaders: ["authorization"],
    };
  }
  if (scheme.in === "cookie") {
    return {
      label: `API key in cookie ${name}`,
      headers: (token) => ({ Cookie: `${name}=${token}` }),
      query: () => ({}),
      wrongScheme: (token) => ({ headers: { Authorization: `Bearer ${token}` }, query: {} }),
      secretHeaders: ["cookie", "authorization"],
    };
  }
  throw new ConfigError(`security scheme ${schemeName}: API keys in ${String(scheme.in)} are not supported`);
}

/** The credentials an operation needs, or undefined for an open operation. */
export function credentialsFor(model: ApiModel, operation: Operation): Credentials | undefined {
  const requirement = operation.security.find((entry) => Object.keys(entry).length > 0);
  const schemeName = requirement ? Object.keys(requirement)[0] : undefined;
  if (!schemeName) return undefined;
  const scheme = model.securitySchemes[schemeName];
  if (!scheme) throw new ConfigError(`operation ${operation.operationId} uses undefined security scheme ${schemeName}`);
  if (scheme.type === "http" && scheme.scheme?.toLowerCase() === "bearer") return bearer();
  if (scheme.type === "http" && scheme.scheme?.toLowerCase() === "basic") return basic();
  // What an OAuth 2 or OpenID Connect flow ends in is an access token sent as a bearer token.
  if (scheme.type === "oauth2" || scheme.type === "openIdConnect") return bearer();
  if (scheme.type === "apiKey") return apiKey(scheme, schemeName);
  throw new ConfigError(`security scheme ${schemeName} (${scheme.type} ${scheme.scheme ?? ""}) is not supported; send the credential with --header 'Name: value'`);
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
