// One run's shared state: the API model, the HTTP client, the recorder, the options,
// and `call`, the single path every request of every check takes.
import type { Operation } from "../lib/openapi.ts";
import { type Credentials, credentialsFor, unknownToken } from "./auth.ts";
import { checkResponse, type Received } from "./checks/response.ts";
import type { Exchange, HttpClient } from "./http.ts";
import type { ApiModel } from "./model.ts";
import type { CheckName, Recorder } from "./results.ts";
import { buildRequest, type RequestInput } from "./requests.ts";

export interface RunSettings {
  baseUrl: string;
  token: string;
  /** Sent on every request (`--header`), under the auth headers. */
  headers: Record<string, string>;
  stateless: boolean;
  seed: number;
  /** Generated inputs per operation, on top of the spec's examples. */
  maxExamples: number;
  /** Epoch ms after which no new request starts. */
  deadline: number;
  /** Random per run, woven into values that must be unique (emails of created items). */
  runTag: string;
}

export type AuthMode = "valid" | "none" | "wrong-scheme" | "unknown-token";

/** Thrown to end a run early; the message says why. */
export class RunStopped extends Error {}

/** After this many requests in a row without a response, the server is taken as gone. */
const MAX_CONSECUTIVE_TRANSPORT_ERRORS = 5;

export interface Call {
  exchange: Exchange;
  received?: Received;
}

export class RunContext {
  private readonly credentialCache = new Map<string, Credentials | undefined>();
  private serial = 0;
  private consecutiveFailures = 0;

  constructor(
    readonly model: ApiModel,
    readonly http: HttpClient,
    readonly recorder: Recorder,
    readonly settings: RunSettings,
    readonly progress: (line: string) => void,
  ) {}

  /** A counter for values that must differ within a run. */
  nextSerial(): number {
    this.serial += 1;
    return this.serial;
  }

  credentials(op: Operation): Credentials | undefined {
    if (!this.credentialCache.has(op.operationId)) this.credentialCache.set(op.operationId, credentialsFor(this.model, op));
    return this.credentialCache.get(op.operationId);
  }

  private authFor(op: Operation, mode: AuthMode): { headers: Record<string, string>; query: Record<string, string> } {
    const credentials = this.credentials(op);
    if (!credentials || mode === "none") return { headers: {}, query: {} };
    if (mode === "wrong-scheme") return credentials.wrongScheme(this.settings.token);
    const token = mode === "unknown-token" ? unknownToken(this.settings.token) : this.settings.token;
    return { headers: credentials.headers(token), query: credentials.query(token) };
  }

  /** Sends one request for `op`; the response checks run on it unless `documented` is false. */
  async call(op: Operation, input: RequestInput, what: string, options: { auth?: AuthMode; documented?: boolean } = {}): Promise<Call> {
    if (Date.now() > this.settings.deadline) throw new RunStopped("the run's time limit was reached");
    const auth = this.authFor(op, options.auth ?? "valid");
    const request = buildRequest(this.settings.baseUrl, op, {
      ...input,
      headers: { ...this.settings.headers, ...input.headers, ...auth.headers },
      query: { ...input.query, ...auth.query },
    });
    const exchange = await this.http.send(request);
    this.consecutiveFailures = exchange.transportError ? this.consecutiveFailures + 1 : 0;
    const received = options.documented === false ? undefined : checkResponse(this.model, this.recorder, op, exchange, what);
    if (this.consecutiveFailures >= MAX_CONSECUTIVE_TRANSPORT_ERRORS) {
      throw new RunStopped(`the server stopped answering (${MAX_CONSECUTIVE_TRANSPORT_ERRORS} requests in a row: ${exchange.transportError})`);
    }
    return { exchange, received };
  }

  /** Records a check outcome decided by the caller from a call. */
  verdict(check: CheckName, op: Operation, what: string, passed: boolean, call: Call | undefined, expected: string, actual: string): void {
    const response = call?.exchange.response;
    this.recorder.add({
      check,
      operationId: op.operationId,
      passed,
      case: what,
      ...(passed ? {} : { expected, actual }),
      ...(call && !passed ? { request: call.exchange.request } : {}),
      ...(response && !passed ? { response: { status: response.status, headers: response.headers, body: response.body } } : {}),
    });
  }
}

/** `200`, or the transport failure, for messages. */
export function describeOutcome(call: Call): string {
  return call.exchange.response ? `${call.exchange.response.status}` : (call.exchange.transportError ?? "no response");
}
