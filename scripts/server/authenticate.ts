// The authenticate stage: does a request carry what the operation's security asks
// for? Where each scheme carries its credential, and what to say when it is missing,
// comes from the one scheme table (spec/security.ts); the security requirements are
// OpenAPI's OR of ANDs (securityAlternatives). Bearer and basic credentials in
// `Authorization`, API keys in a header, the query or a cookie.
import type { OpenApiDocument, Operation } from "../spec/openapi.ts";
import { carrierOf, type CredentialCarrier, type OfferedRequest, securityAlternatives, UnsupportedSchemeError } from "../spec/security.ts";

/** What the stage found for one credential an operation wants. */
export type CredentialVerdict = "accepted" | "missing" | "empty" | "invalid";

/** A hook's say on one credential (EngineHook.judgeCredential): the verdict to use instead. */
export type CredentialJudge = (verdict: CredentialVerdict, schemeName: string, operation: Operation) => CredentialVerdict;

/** How one scheme is checked: the table's carrier, or one that never finds a credential (a scheme the table cannot read). */
type SchemeCheck = Pick<CredentialCarrier, "offered" | "missing"> & { schemeName: string };

export interface Authenticator {
  /** The only credential accepted; undefined accepts any non-empty one sent the way the scheme says. */
  token: string | undefined;
  /** Each scheme of the document by name. */
  schemes: Map<string, SchemeCheck>;
  /** Each operation's alternatives (any one suffices), each the schemes it needs (all of them). */
  alternatives: Map<Operation, SchemeCheck[][]>;
  /** Hooks that judge a credential again, in order; undefined when there are none. */
  judges: CredentialJudge[] | undefined;
  /** The 401's reason for a credential that is not the token. */
  invalid: string;
}

function schemeCheck(doc: OpenApiDocument, schemeName: string): SchemeCheck {
  try {
    const carrier = carrierOf(doc, schemeName);
    return { schemeName, offered: carrier.offered, missing: carrier.missing };
  } catch (error) {
    if (!(error instanceof UnsupportedSchemeError)) throw error;
    // Never satisfied, as before the table knew the scheme; the 401 says why.
    return { schemeName, offered: () => undefined, missing: `no credential this server can check (${error.message})` };
  }
}

/** `tokenHint`: what a client should send instead of a credential that is not the token (a mock names the one it printed). */
export function createAuthenticator(doc: OpenApiDocument, operations: Operation[], token: string | undefined, judges: CredentialJudge[] | undefined, tokenHint?: string): Authenticator {
  const schemes = new Map(Object.keys(doc.components?.securitySchemes ?? {}).map((name) => [name, schemeCheck(doc, name)]));
  const checkOf = (name: string) => schemes.get(name) ?? schemeCheck(doc, name);
  const alternatives = new Map(operations.map((operation) => [operation, securityAlternatives(operation).map((alternative) => alternative.map(checkOf))]));
  return { token, schemes, alternatives, judges, invalid: tokenHint === undefined ? "the credential is not valid" : `the credential is not valid; ${tokenHint}` };
}

/** Equal strings, compared in time that does not depend on where they differ. */
export function sameSecret(given: string, expected: string): boolean {
  let difference = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i += 1) difference |= (given.charCodeAt(i) || 0) ^ expected.charCodeAt(i);
  return difference === 0;
}

function verdictOn(auth: Authenticator, check: SchemeCheck, operation: Operation, request: OfferedRequest): CredentialVerdict {
  const offered = check.offered(request);
  let verdict: CredentialVerdict =
    offered === undefined ? "missing" : offered === "" ? "empty" : auth.token === undefined || sameSecret(offered, auth.token) ? "accepted" : "invalid";
  if (auth.judges) for (const judge of auth.judges) verdict = judge(verdict, check.schemeName, operation);
  return verdict;
}

function problemOf(auth: Authenticator, check: SchemeCheck, verdict: Exclude<CredentialVerdict, "accepted">): string {
  if (verdict === "missing") return check.missing;
  if (verdict === "empty") return `${check.missing} (the credential is empty or sent another way)`;
  return auth.invalid;
}

/**
 * Undefined when the request meets one of the operation's security alternatives, else
 * what is wrong with the first one (every credential it lacks, joined by "and").
 * Plain loops: this runs on every request of a mock serving thousands a second.
 */
export function authenticate(auth: Authenticator, operation: Operation, request: OfferedRequest): string | undefined {
  const alternatives = auth.alternatives.get(operation);
  if (alternatives === undefined || alternatives.length === 0) return undefined;
  let first: string | undefined;
  for (const alternative of alternatives) {
    let problem: string | undefined;
    for (const check of alternative) {
      const verdict = verdictOn(auth, check, operation, request);
      if (verdict === "accepted") continue;
      const text = problemOf(auth, check, verdict);
      problem = problem === undefined ? text : `${problem} and ${text}`;
    }
    if (problem === undefined) return undefined;
    first ??= problem;
  }
  return first;
}

/**
 * The request carries the engine's token: as `Authorization: Bearer <token>` or the way
 * any of the API's security schemes takes it. Always true when there is no token.
 */
export function carriesToken(auth: Authenticator, request: OfferedRequest): boolean {
  const token = auth.token;
  if (token === undefined) return true;
  const bearer = /^Bearer\s+(.*)$/i.exec(request.header("authorization")?.trim() ?? "")?.[1]?.trim();
  if (bearer !== undefined && sameSecret(bearer, token)) return true;
  for (const check of auth.schemes.values()) {
    const offered = check.offered(request);
    if (offered !== undefined && sameSecret(offered, token)) return true;
  }
  return false;
}
