// The suite's only way to the network: every request has a timeout that covers the
// whole body, bodies are capped, transport failures become readable messages, and
// the credentials are redacted from everything that is recorded.
import type { RequestRecord, ResponseRecord } from "./results.ts";

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Exchange {
  request: RequestRecord;
  response?: ResponseRecord & { text: string };
  /** Set when no complete response arrived: refused, reset, timed out, too large. */
  transportError?: string;
}

export interface HttpOptions {
  timeoutMs: number;
  maxBodyBytes: number;
  /** Strings that must never be recorded (the token). */
  secrets: string[];
}

const REPORTED_BODY_CHARS = 2_000;
const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "cookie"]);

export const REDACTED = "[REDACTED]";

export function redactText(text: string, secrets: readonly string[]): string {
  return secrets.filter((secret) => secret.length > 0).reduce((out, secret) => out.split(secret).join(REDACTED), text);
}

/** Auth headers and any header carrying a secret are blanked whatever their value. */
export function redactHeaders(headers: Record<string, string>, secrets: readonly string[], secretHeaderNames: ReadonlySet<string>) {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => {
      const lower = name.toLowerCase();
      const secret = SECRET_HEADERS.has(lower) || secretHeaderNames.has(lower);
      return [name, secret ? (lower === "authorization" ? value.replace(/^(\S+\s+)?.*$/, (_, scheme = "") => `${scheme}${REDACTED}`) : REDACTED) : redactText(value, secrets)];
    }),
  );
}

function describeTransportError(error: unknown, timeoutMs: number): string {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === "TimeoutError" || err.name === "AbortError") return `no complete response within ${timeoutMs} ms`;
  const code = err.cause?.code ?? "";
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET" || /other side closed|terminated/i.test(err.message ?? "")) {
    return "connection reset before the response was complete";
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "host not found";
  return `request failed: ${err.cause?.message ?? err.message ?? String(error)}`;
}

async function readCapped(response: Response, maxBytes: number): Promise<{ bytes: Uint8Array; tooLarge: boolean }> {
  const reader = response.body?.getReader();
  if (!reader) return { bytes: new Uint8Array(), tooLarge: false };
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return { bytes: new Uint8Array(), tooLarge: true };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes, tooLarge: false };
}

export class HttpClient {
  requestsSent = 0;
  private readonly secretHeaderNames: ReadonlySet<string>;

  constructor(private readonly options: HttpOptions, secretHeaderNames: string[] = []) {
    this.secretHeaderNames = new Set(secretHeaderNames.map((name) => name.toLowerCase()));
  }

  record(request: HttpRequest): RequestRecord {
    const { secrets } = this.options;
    return {
      method: request.method,
      url: redactText(request.url, secrets),
      headers: redactHeaders(request.headers, secrets, this.secretHeaderNames),
      ...(request.body === undefined ? {} : { body: redactText(request.body.slice(0, REPORTED_BODY_CHARS), secrets) }),
    };
  }

  async send(request: HttpRequest): Promise<Exchange> {
    this.requestsSent += 1;
    const recorded = this.record(request);
    const { timeoutMs, maxBodyBytes, secrets } = this.options;
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
      const { bytes, tooLarge } = await readCapped(response, maxBodyBytes);
      if (tooLarge) return { request: recorded, transportError: `response body larger than ${maxBodyBytes} bytes` };
      const text = new TextDecoder().decode(bytes);
      const headers = Object.fromEntries(response.headers.entries());
      return {
        request: recorded,
        response: {
          status: response.status,
          headers: redactHeaders(headers, secrets, this.secretHeaderNames),
          body: redactText(text.slice(0, REPORTED_BODY_CHARS), secrets),
          bodyBytes: bytes.byteLength,
          text,
        },
      };
    } catch (error) {
      return { request: recorded, transportError: describeTransportError(error, timeoutMs) };
    }
  }
}
