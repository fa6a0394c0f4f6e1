// How each security scheme carries a credential: where a client puts it and where a
// server finds it. One table for both sides: the conformance suite sends credentials
// (right ones and wrong ones) and the server engine checks them, so the two cannot
// disagree about a scheme.
import type { OpenApiDocument, Operation, SecurityScheme } from "./openapi.ts";

/**
 * What a server may answer a request that lacks valid credentials, whatever the operation
 * documents: one rule for the conformance checks that demand a refusal (ignored_auth)
 * and those that judge the status (status_code_conformance).
 */
export function refusesCredentials(status: number | undefined): boolean {
  return status === 401 || status === 403;
}

/** A scheme the table has no row for (HTTP digest, mutual TLS, ...). */
export class UnsupportedSchemeError extends Error {}

/** What a request offers, as any transport shows it. */
export interface OfferedRequest {
  header(name: string): string | undefined;
  query(name: string): string | undefined;
}

export interface CredentialCarrier {
  kind: "bearer" | "basic" | "apiKey";
  /** For reports and messages: "bearer token", "API key in header X-Key". */
  label: string;
  /** What a client sends to present `credential`. */
  place(credential: string): { headers: Record<string, string>; query: Record<string, string> };
  /**
   * The credential a request offers for this scheme: undefined when it offers none of
   * this kind, "" when it offers one that is empty or sent another way (`Basic` where
   * `Bearer` is wanted).
   */
  offered(request: OfferedRequest): string | undefined;
  /** What to tell a client that sent nothing. */
  missing: string;
  /** Header names whose values are secret (lower case). */
  secretHeaders: string[];
}

/** Whether a bearer scheme takes a bare token without its `Bearer ` prefix (`x-bearer-prefix: optional`). */
export function bearerPrefixIsOptional(scheme: SecurityScheme): boolean {
  return (scheme as unknown as Record<string, unknown>)["x-bearer-prefix"] === "optional";
}

/** Whether any scheme of the document takes a bearer token without its prefix (the Prism guard adds it for Prism). */
export function anyBearerPrefixOptional(doc: OpenApiDocument): boolean {
  return Object.values(doc.components?.securitySchemes ?? {}).some(bearerPrefixIsOptional);
}

function bearer(prefixOptional: boolean): CredentialCarrier {
  return {
    kind: "bearer",
    label: "bearer token",
    place: (token) => ({ headers: { Authorization: `Bearer ${token}` }, query: {} }),
    offered: (request) => {
      const header = request.header("authorization")?.trim();
      if (header === undefined) return undefined;
      const token = /^Bearer(?:\s+(.*))?$/i.exec(header);
      if (token) return token[1]?.trim() ?? "";
      // A bare token, where the scheme allows it; `Basic ...` is another scheme, never a bare token.
      return prefixOptional && !/^\w+\s/.test(header) ? header : "";
    },
    missing: "missing Authorization: Bearer <token>",
    secretHeaders: ["authorization"],
  };
}

/** The credential is `user:password`, as curl's `-u` takes it. */
function basic(): CredentialCarrier {
  return {
    kind: "basic",
    label: "basic credential",
    place: (credential) => ({ headers: { Authorization: `Basic ${toBase64(credential)}` }, query: {} }),
    offered: (request) => {
      const header = request.header("authorization")?.trim();
      if (header === undefined) return undefined;
      const encoded = /^Basic\s+(\S+)$/i.exec(header)?.[1];
      return encoded === undefined ? "" : fromBase64(encoded);
    },
    missing: "missing Authorization: Basic <user:password>",
    secretHeaders: ["authorization"],
  };
}

function apiKey(scheme: SecurityScheme, schemeName: string): CredentialCarrier {
  const name = scheme.name;
  if (!name) throw new UnsupportedSchemeError(`security scheme ${schemeName} has no "name"`);
  if (scheme.in === "header") {
    return {
      kind: "apiKey",
      label: `API key in header ${name}`,
      place: (key) => ({ headers: { [name]: key }, query: {} }),
      offered: (request) => request.header(name),
      missing: `missing API key in the ${name} header`,
      secretHeaders: [name.toLowerCase()],
    };
  }
  if (scheme.in === "query") {
    return {
      kind: "apiKey",
      label: `API key in query parameter ${name}`,
      place: (key) => ({ headers: {}, query: { [name]: key } }),
      offered: (request) => request.query(name),
      missing: `missing API key in the ${name} query parameter`,
      secretHeaders: [],
    };
  }
  if (scheme.in === "cookie") {
    return {
      kind: "apiKey",
      label: `API key in cookie ${name}`,
      place: (key) => ({ headers: { Cookie: `${name}=${key}` }, query: {} }),
      offered: (request) => cookieValue(request.header("cookie"), name),
      missing: `missing API key in the ${name} cookie`,
      secretHeaders: ["cookie"],
    };
  }
  throw new UnsupportedSchemeError(`security scheme ${schemeName}: API keys in ${String(scheme.in)} are not supported`);
}

// btoa/atob rather than Buffer: the server engine runs in browsers too (MSW).
const toBase64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

function fromBase64(encoded: string): string {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0)));
  } catch {
    return "";
  }
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? "").split(";")) {
    const [key, ...value] = pair.split("=");
    if (key?.trim() === name) return value.join("=").trim();
  }
  return undefined;
}

/** How `schemeName` carries its credential; an UnsupportedSchemeError names what cannot be spoken. */
export function carrierOf(doc: OpenApiDocument, schemeName: string): CredentialCarrier {
  const scheme = doc.components?.securitySchemes?.[schemeName];
  if (!scheme) throw new UnsupportedSchemeError(`undefined security scheme ${schemeName}`);
  if (scheme.type === "http" && scheme.scheme?.toLowerCase() === "bearer") return bearer(bearerPrefixIsOptional(scheme));
  if (scheme.type === "http" && scheme.scheme?.toLowerCase() === "basic") return basic();
  // What an OAuth 2 or OpenID Connect flow ends in is an access token sent as a bearer token.
  if (scheme.type === "oauth2" || scheme.type === "openIdConnect") return bearer(false);
  if (scheme.type === "apiKey") return apiKey(scheme, schemeName);
  throw new UnsupportedSchemeError(`security scheme ${schemeName} (${scheme.type} ${scheme.scheme ?? ""}) is not supported; send the credential with --header 'Name: value'`);
}

/**
 * The operation's security as OpenAPI states it: any one of the alternatives, each
 * needing all of its schemes. An empty alternative means the operation may be called
 * with no credentials; no alternatives at all means it is open.
 */
export function securityAlternatives(op: Operation): string[][] {
  return op.security.map((requirement) => Object.keys(requirement));
}
