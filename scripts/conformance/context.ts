// One run's shared state: the API model, the HTTP client, the recorder, the options,
// and `call`, the single path every request of every check takes.
import type { Operation } from "../spec/openapi.ts";
import { type AuthMode, type Credentials, credentialsFor, placeCredentials } from "./auth.ts";
import { checkResponse, type Received, responseChecksFor } from "./checks/response.ts";
import type { Exchange, HttpClient, HttpRequest } from "./http.ts";
import type { ApiModel } from "../spec/model.ts";
import type { Pacer } from "./pacing.ts";
import type { CheckName } from "./checks/names.ts";
import { evidence, type Recorder } from "./results.ts";
import { buildRequest, type RequestInput } from "./requests.ts";
import { refusesCredentials } from "../spec/security.ts";

export interface RunSettings {
  baseUrl: string;
  token: string;
  /** Sent on every request (`--header`), under the auth headers. */
  headers: Record<string, string>;
  stateless: boolean;
  seed: number;
  /** Generated inputs per operation, on top of the spec's examples. */
  maxExamples: number;
  /** The config file's per-operation `maxExamples`, by operationId, in place of `maxExamples`. */
  maxExamplesByOperation?: Record<string, number>;
  /** Epoch ms after which no new request starts. */
  deadline: number;
  /** Random per run, woven into values that must be unique (emails of created items). */
  runTag: string;
  /** Failures resting only on an `x-decision` count as violations instead of advisories. */
  strict: boolean;
  /** How long to wait for a server that stopped answering to come back (`--wait-for-server`); 0 or absent: stop the run. */
  waitForServerMs?: number;
}

/** How the run waits (tests pass one that does not). */
export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export type { AuthMode };

/** Thrown to end a run early; the message says why. */
export class RunStopped extends Error {}

/** After this many requests in a row without a response, the server is taken as gone. */
const MAX_CONSECUTIVE_TRANSPORT_ERRORS = 5;
/** A request answered 429 is sent again this many times, each after the wait the server asked for. */
const RATE_LIMIT_RETRIES = 2;
const RATE_LIMITED = 429;

export interface Call {
  exchange: Exchange;
  received?: Received;
  /** Still 429 after the retries: nothing can be judged from this call. */
  rateLimited?: boolean;
  /** No answer because the server was down (not because of this input): nothing can be judged from this call. */
  unreachable?: boolean;
}

/** The least time one operation's inputs or shrink may take, however many operations are left. */
const MIN_OPERATION_SHARE_MS = 200;

/** How often a server that went away is asked again while the run waits for it. */
const SERVER_POLL_MS = 250;


export class RunContext {
  private readonly credentialCache = new Map<string, Credentials | undefined>();
  private serial = 0;
  private consecutiveFailures = 0;
  /** Operations whose last call stayed rate limited: their next verdict is inconclusive (its evidence may rest on that call). */
  private readonly unjudged = new Set<string>();
  /** A request the server answered before the checks began: sent again to tell a crash on some inputs from a server that is gone. */
  heartbeat?: HttpRequest;
  /** A request with the run's credential that was answered 2xx before the checks began: sent again to tell a refused input from a credential that died. */
  authHeartbeat?: HttpRequest;
  /** The call before the current one, to name what a dead server or credential followed. */
  private previousCall = "the first checks";
  /** The end of the queue of requests waiting for their turn at the pacer. */
  private pacingTurn: Promise<void> = Promise.resolve();
  /** Why the run was stopped, once it was (the other operations stop at their next request). */
  private halted?: string;
  /** What the heartbeat says about the server after a request got no answer, while one is being asked. */
  private outage?: Promise<"alive" | "back" | "gone">;

  constructor(
    readonly model: ApiModel,
    readonly http: HttpClient,
    readonly recorder: Recorder,
    readonly settings: RunSettings,
    readonly progress: (line: string) => void,
    readonly pacer: Pacer,
    readonly sleep: Sleep = realSleep,
  ) {
    this.operationsLeft = model.operations.length;
  }

  /** Operations whose checks have not finished yet (the runner counts them down): what the time left is shared among. */
  operationsLeft: number;

  /**
   * When work for one operation (making its inputs, a shrink) should stop: its share of
   * the time left, at least MIN_OPERATION_SHARE_MS and at most `longest`, so no operation
   * of a large spec uses up everyone's time (Stripe's 533 operations in the default 120 s
   * leave each about 200 ms, where a 10 s budget let a few operations take the whole run).
   * Generation is synchronous, so operations side by side do not share one window.
   */
  operationDeadline(longest: number): number {
    const now = Date.now();
    const share = (this.settings.deadline - now) / Math.max(1, this.operationsLeft);
    return Math.min(now + Math.min(longest, Math.max(MIN_OPERATION_SHARE_MS, share)), this.settings.deadline);
  }

  /** A counter for values that must differ within a run. */
  nextSerial(): number {
    this.serial += 1;
    return this.serial;
  }

  /** Random inputs for `op`: its own setting (config file `operations`), else the run's. */
  maxExamplesOf(op: Operation): number {
    return this.settings.maxExamplesByOperation?.[op.operationId] ?? this.settings.maxExamples;
  }

  credentials(op: Operation): Credentials | undefined {
    if (!this.credentialCache.has(op.operationId)) this.credentialCache.set(op.operationId, credentialsFor(this.model, op));
    return this.credentialCache.get(op.operationId);
  }

  private authFor(op: Operation, mode: AuthMode): { headers: Record<string, string>; query: Record<string, string> } {
    return placeCredentials(this.credentials(op), mode, this.settings.token);
  }

  /** Every request goes out here: within the time limit, after the wait the pace and the server's rate-limit headers ask. */
  private async paced(request: HttpRequest): Promise<Exchange> {
    // Operations may run side by side (--workers): requests take their turn at the pacer one at a time.
    const turn = this.pacingTurn.then(() => this.waitForTurn());
    this.pacingTurn = turn.catch(() => undefined);
    await turn;
    const exchange = await this.http.send(request);
    if (exchange.response) this.pacer.observe(exchange.response.status, exchange.response.headers, Date.now());
    return exchange;
  }

  /** Ends the run for every operation still going: their next request throws RunStopped with `reason`. */
  halt(reason: string): void {
    this.halted ??= reason;
  }

  /** Waits for the pace and the server's rate limit; throws when the run is over. */
  private async waitForTurn(): Promise<void> {
    if (this.halted !== undefined) throw new RunStopped(this.halted);
    if (Date.now() > this.settings.deadline) throw new RunStopped("the run's time limit was reached");
    const wait = this.pacer.waitBeforeNext(Date.now());
    if (wait.ms > 0) {
      if (Date.now() + wait.ms > this.settings.deadline) {
        throw new RunStopped(`rate limited: ${wait.reason}; waiting ${Math.ceil(wait.ms / 1000)} s would pass the time limit (raise --time-limit-ms, or pace the run with --rate-limit)`);
      }
      this.progress(`waiting ${Math.ceil(wait.ms / 1000)} s: ${wait.reason}`);
      await this.sleep(wait.ms);
      this.pacer.waited();
    }
    this.pacer.sending(Date.now());
  }

  /** True when the heartbeat request still gets a response: the failures were the server's answer to those inputs. */
  private async stillAnswers(): Promise<boolean> {
    return this.heartbeat !== undefined && (await this.probe(this.heartbeat)).response !== undefined;
  }

  /** Waits up to `--wait-for-server` for the heartbeat to be answered again; true when it was. */
  private async cameBack(): Promise<boolean> {
    const until = Math.min(Date.now() + (this.settings.waitForServerMs ?? 0), this.settings.deadline);
    while (Date.now() < until) {
      await this.sleep(SERVER_POLL_MS);
      if (this.heartbeat && (await this.http.send(this.heartbeat)).response) return true;
    }
    return false;
  }

  /**
   * A call that got no response, when a heartbeat can tell why: the server still answers
   * (then this input broke it: judged as usual), or it is gone. The first call that finds
   * it gone is reported once, with its curl line; the run then waits for the server to
   * come back (`--wait-for-server`) or stops, and no later case becomes a violation.
   */
  private async unanswered(op: Operation, exchange: Exchange, what: string, documented: boolean): Promise<Call | undefined> {
    if (!this.heartbeat) return undefined;
    const outcome = await this.afterSilence(exchange, `${op.operationId} · ${what}`, () => {
      if (documented) checkResponse(this.model, this.recorder, op, exchange, what);
    });
    return outcome === "alive" ? undefined : { exchange, unreachable: true };
  }

  /**
   * What the heartbeat says after `exchange` got no response: "alive", or "back" (the server
   * went away and came back within --wait-for-server); when it is gone, a RunStopped naming
   * `where`. Requests that fail side by side share one look at the server, and only the
   * first of them is reported (`report`, then said on the progress stream).
   */
  private async afterSilence(exchange: Exchange, where: string, report: () => void): Promise<"alive" | "back"> {
    const first = this.outage === undefined;
    this.outage ??= this.stillAnswers().then(async (alive) => (alive ? "alive" : (await this.cameBack()) ? "back" : "gone"));
    const outcome = await this.outage;
    if (first) this.outage = undefined;
    if (outcome === "alive") return outcome;
    if (first) report();
    if (outcome === "back") {
      if (first) this.progress(`the server stopped answering at ${where} (${exchange.transportError}) and came back; no other check judges that case`);
      return outcome;
    }
    const wait = this.settings.waitForServerMs ? `and did not come back within ${Math.round(this.settings.waitForServerMs / 1000)} s` : "(pass --wait-for-server <s> when a supervisor restarts it)";
    throw new RunStopped(`the server stopped answering at ${where}, after ${this.previousCall}: ${exchange.transportError} ${wait}`);
  }

  /**
   * Valid credentials refused: when the request that was answered 2xx at the start is
   * refused too, the run's credential died (a sign-out, an expiry): nothing it sends
   * after can be judged, so the run stops and names what came before.
   */
  private async credentialDied(op: Operation, exchange: Exchange, auth: AuthMode): Promise<void> {
    const status = exchange.response?.status ?? 0;
    if (auth !== "valid" || !refusesCredentials(status) || !this.authHeartbeat || !this.credentials(op)) return;
    const again = (await this.probe(this.authHeartbeat)).response?.status ?? 0;
    if (!refusesCredentials(again)) return;
    throw new RunStopped(
      `the run's credential stopped working: ${op.operationId} was refused (${status}), and the request answered 2xx at the start is now refused too (${again}); it happened after ${this.previousCall}. If that operation ends the session, leave it out with --exclude-operations`,
    );
  }

  /** Sends a request outside any check (nothing is recorded), paced like every other. */
  probe(request: HttpRequest): Promise<Exchange> {
    return this.paced(request);
  }

  /**
   * A probe that may still break the server (a start-up probe, a shrink candidate): one
   * that gets no answer is looked into as a case's would be, so the next case is never
   * blamed for a server this request broke; `report` records it when it did. Undefined
   * when the server went away and came back (nothing to judge); a RunStopped naming `where`
   * when it is gone.
   */
  async probeSafely(request: HttpRequest, where: string, report: (exchange: Exchange) => void): Promise<Exchange | undefined> {
    const exchange = await this.paced(request);
    if (!exchange.transportError || !this.heartbeat) return exchange;
    return (await this.afterSilence(exchange, where, () => report(exchange))) === "alive" ? exchange : undefined;
  }

  /** Sends one request for `op`; the response checks run on it unless `documented` is false. */
  async call(op: Operation, input: RequestInput, what: string, options: { auth?: AuthMode; documented?: boolean } = {}): Promise<Call> {
    const request = this.request(op, input, options.auth ?? "valid");
    const started = Date.now();
    let exchange = await this.paced(request);
    for (let retry = 1; exchange.response?.status === RATE_LIMITED && retry <= RATE_LIMIT_RETRIES; retry += 1) {
      if (options.documented !== false) this.rateLimitedResponse(op, what, `429 Too Many Requests (sent again, retry ${retry} of ${RATE_LIMIT_RETRIES})`);
      exchange = await this.paced(request);
    }
    // Redaction blanks every Authorization alike: the record says which credentials were sent, so replay can send the same.
    if (options.auth !== undefined && options.auth !== "valid") exchange.request.auth = options.auth;
    const documented = options.documented !== false;
    // What coverage counts: the operation's own traffic (another method on its path is not).
    if (documented) this.recorder.sent(op.operationId, input, exchange.response?.status, Date.now() - started);
    if (exchange.transportError) {
      const gone = await this.unanswered(op, exchange, what, documented);
      if (gone) return gone;
    }
    await this.credentialDied(op, exchange, options.auth ?? "valid");
    this.previousCall = `${op.operationId} (${op.method.toUpperCase()} ${op.path}) · ${what}`;
    // Without a heartbeat (no request was answered before the checks), only a streak of failures tells.
    this.consecutiveFailures = exchange.transportError ? this.consecutiveFailures + 1 : 0;
    if (this.consecutiveFailures >= MAX_CONSECUTIVE_TRANSPORT_ERRORS) {
      if (await this.stillAnswers()) {
        this.consecutiveFailures = 0;
      } else {
        if (options.documented !== false) checkResponse(this.model, this.recorder, op, exchange, what, (options.auth ?? "valid") !== "valid");
        throw new RunStopped(`the server stopped answering (${MAX_CONSECUTIVE_TRANSPORT_ERRORS} requests in a row: ${exchange.transportError})`);
      }
    }
    if (exchange.response?.status === RATE_LIMITED) {
      if (options.documented !== false) this.rateLimitedResponse(op, what, `429 Too Many Requests after ${RATE_LIMIT_RETRIES} retries`);
      this.unjudged.add(op.operationId);
      return { exchange, rateLimited: true };
    }
    const received = options.documented === false ? undefined : checkResponse(this.model, this.recorder, op, exchange, what, (options.auth ?? "valid") !== "valid");
    return { exchange, received };
  }

  /** The HTTP request `call` would send, with the credentials of `auth`. */
  request(op: Operation, input: RequestInput, auth: AuthMode = "valid"): HttpRequest {
    const credentials = this.authFor(op, auth);
    return buildRequest(this.settings.baseUrl, op, {
      ...input,
      headers: { ...this.settings.headers, ...input.headers, ...credentials.headers },
      query: { ...input.query, ...credentials.query },
    });
  }

  private rateLimitedResponse(op: Operation, what: string, reason: string): void {
    for (const check of responseChecksFor(op)) this.recorder.inconclusive(check, op.operationId, what, reason);
  }

  /**
   * Records a check outcome decided by the caller from a call; inconclusive when the server was
   * rate limiting. `decision`: the spec's `x-decision` reason when the case rests only on it,
   * which makes a failure an advisory unless the run is strict.
   */
  verdict(check: CheckName, op: Operation, what: string, passed: boolean, call: Call | undefined, expected: string, actual: string, decision?: string): void {
    const rateLimited = call?.rateLimited === true || this.unjudged.has(op.operationId);
    this.unjudged.delete(op.operationId);
    if (rateLimited) {
      this.recorder.inconclusive(check, op.operationId, what, "429 Too Many Requests: the server did not judge the request");
      return;
    }
    if (call?.unreachable) {
      this.recorder.inconclusive(check, op.operationId, what, "server unreachable: it was down, not answering this input");
      return;
    }
    this.recorder.add({
      check,
      operationId: op.operationId,
      outcome: passed ? "passed" : decision !== undefined && !this.settings.strict ? "advisory" : "failed",
      case: what,
      ...(passed ? {} : { expected, actual, ...(decision !== undefined ? { decision } : {}), ...(call ? evidence(call.exchange) : {}) }),
    });
  }

  /** Records an inconclusive case of a check, with the reason. */
  inconclusive(check: CheckName, op: Operation, what: string, reason: string): void {
    this.unjudged.delete(op.operationId);
    this.recorder.inconclusive(check, op.operationId, what, reason);
  }
}

/** `200`, or the transport failure, for messages. */
export function describeOutcome(call: Call): string {
  return call.exchange.response ? `${call.exchange.response.status}` : (call.exchange.transportError ?? "no response");
}

/** The status of the call's response; undefined when none arrived. */
export function statusOf(call: Call): number | undefined {
  return call.exchange.response?.status;
}
