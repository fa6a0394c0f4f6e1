// Staying within the server's rate limit: the pace the user asks for
// (`--rate-limit <n>/<s|m|h>`), the window the server announces (`RateLimit`,
// `RateLimit-*`, `X-RateLimit-*`: wait while it is spent) and `Retry-After` on a 429.

export interface RatePace {
  requests: number;
  periodMs: number;
}

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000 };

/** `100/m`, `10/s`, `500/h`; undefined when the text is not one. */
export function parseRatePace(text: string): RatePace | undefined {
  const match = /^(\d+)\/(s|m|h)$/.exec(text.trim());
  const requests = Number(match?.[1]);
  if (!match || !Number.isInteger(requests) || requests < 1) return undefined;
  return { requests, periodMs: UNITS[match[2] as string] as number };
}

/** Seconds as the header gives them: a delay, or an HTTP date (Retry-After) or epoch seconds (X-RateLimit-Reset). */
function secondsFrom(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const n = Number(trimmed);
    // Epoch seconds (GitHub's X-RateLimit-Reset) rather than a delay.
    return n > 1e9 ? Math.max(0, n - nowMs / 1000) : n;
  }
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - nowMs) / 1000);
}

// `RateLimit: limit=100, remaining=0, reset=30` (draft 7) or `"default";r=0;t=30` (later drafts).
const COMBINED_REMAINING = /(?:^|[\s,;])(?:remaining|r)=(\d+)/;
const COMBINED_RESET = /(?:^|[\s,;])(?:reset|t)=(\d+)/;

/** What the response headers say about the window: requests left and seconds until it resets. */
export function rateLimitWindow(headers: Record<string, string>, nowMs: number): { remaining?: number; resetSeconds?: number } {
  const combined = headers.ratelimit ?? "";
  const remaining = COMBINED_REMAINING.exec(combined)?.[1] ?? headers["ratelimit-remaining"] ?? headers["x-ratelimit-remaining"];
  const reset = COMBINED_RESET.exec(combined)?.[1] ?? headers["ratelimit-reset"] ?? headers["x-ratelimit-reset"];
  return {
    ...(remaining !== undefined && /^\d+$/.test(remaining.trim()) ? { remaining: Number(remaining) } : {}),
    ...(secondsFrom(reset, nowMs) === undefined ? {} : { resetSeconds: secondsFrom(reset, nowMs) }),
  };
}

/** A 429 with no hint at all is retried after this long. */
const DEFAULT_RETRY_SECONDS = 1;

export interface Wait {
  ms: number;
  /** Why, for the progress line and for the reason a run stops. */
  reason: string;
}

/**
 * Decides how long to wait before each request. A spent window (`remaining=0`) holds the
 * run back only once the server has shown that its headers count: some answer had
 * remaining > 0, or it answered 429. Headers copied from a spec's examples (a mock
 * echoing `RateLimit: limit=10, remaining=0, reset=10` on every answer) describe a
 * limit without enforcing it, and waiting on them would stall every request; a real
 * spent window costs one request, answered 429 and then obeyed. `ignoreHeaders` (for
 * servers whose headers lie) reads none of them: a 429 is retried after a second.
 */
export class Pacer {
  private readonly sent: number[] = [];
  private notBefore = 0;
  private notBeforeReason = "";
  /** The server showed its rate-limit headers are enforced (a countdown, or a 429). */
  private headersCount = false;

  constructor(
    private readonly pace?: RatePace,
    private readonly ignoreHeaders = false,
  ) {}

  /** The wait before the next request may go out (0 when it may go now). */
  waitBeforeNext(nowMs: number): Wait {
    let wait: Wait = { ms: Math.max(0, this.notBefore - nowMs), reason: this.notBeforeReason };
    if (this.pace && this.sent.length >= this.pace.requests) {
      const oldest = this.sent[this.sent.length - this.pace.requests] as number;
      const paceWait = oldest + this.pace.periodMs - nowMs;
      if (paceWait > wait.ms) wait = { ms: paceWait, reason: `--rate-limit ${this.pace.requests} per ${this.pace.periodMs / 1000} s` };
    }
    return wait;
  }

  /** The wait asked for has been waited: the server's hold is over. */
  waited(): void {
    this.notBefore = 0;
  }

  /** Records a request going out now. */
  sending(nowMs: number): void {
    this.sent.push(nowMs);
    if (this.pace && this.sent.length > this.pace.requests * 2) this.sent.splice(0, this.sent.length - this.pace.requests);
  }

  /** Reads the server's answer: a spent window or a 429 holds back the next request. */
  observe(status: number, headers: Record<string, string>, nowMs: number): void {
    const window = this.ignoreHeaders ? {} : rateLimitWindow(headers, nowMs);
    if ((window.remaining !== undefined && window.remaining > 0) || status === 429) this.headersCount = true;
    if (status === 429) {
      const retryAfter = this.ignoreHeaders ? undefined : secondsFrom(headers["retry-after"], nowMs);
      const seconds = retryAfter ?? window.resetSeconds ?? DEFAULT_RETRY_SECONDS;
      const source = retryAfter !== undefined ? "Retry-After" : window.resetSeconds !== undefined ? "the rate-limit reset header" : "no Retry-After; default";
      this.holdUntil(nowMs + seconds * 1000, `429 Too Many Requests (${source}: ${Math.ceil(seconds)} s)`);
    } else if (window.remaining === 0 && window.resetSeconds !== undefined && this.headersCount) {
      this.holdUntil(nowMs + window.resetSeconds * 1000, `rate-limit window spent (resets in ${Math.ceil(window.resetSeconds)} s)`);
    }
  }

  private holdUntil(atMs: number, reason: string): void {
    if (atMs <= this.notBefore) return;
    this.notBefore = atMs;
    this.notBeforeReason = reason;
  }
}
