// The suite's transport on its own: what it records, and the failures it must tell
// apart (a server's real answer, a reset, a stale keep-alive socket).
import { createServer as createHttpServer } from "node:http";
import type { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { HttpClient, IDLE_SOCKET_MS } from "../../scripts/conformance/http.ts";
import { idleDroppingServer, OK_RESPONSE, rawServer } from "../fixtures/hostile-server.ts";

describe("HttpClient", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  const client = () => new HttpClient({ timeoutMs: 2_000, maxBodyBytes: 1024, secrets: ["s3cret"] });

  it.each([
    ["a reset", (socket: Socket) => socket.resetAndDestroy()],
    ["a plain close", (socket: Socket) => socket.end()],
  ])("sends a GET again on a fresh connection when a kept-alive socket turns out closed (%s)", async (_, drop) => {
    // The second request on a socket is dropped unanswered, as when a server's idle timeout wins the race.
    const raw = await rawServer((socket, n) => (n === 1 ? socket.write(OK_RESPONSE) : drop(socket)));
    close = raw.close;
    const http = client();
    const first = await http.send({ method: "GET", url: `${raw.url}/a`, headers: {} });
    const second = await http.send({ method: "GET", url: `${raw.url}/b`, headers: {} });
    expect(first.response?.status).toBe(200);
    expect(second.transportError).toBeUndefined();
    expect(second.response?.status).toBe(200);
    expect(raw.connections()).toBe(2);
  });

  it("never sends a POST twice: a reset on a kept-alive socket is its evidence", async () => {
    const arrivals: string[] = [];
    const raw = await rawServer((socket, n) => {
      arrivals.push(n === 1 ? "first" : "dropped");
      if (n === 1) socket.write(OK_RESPONSE);
      else socket.resetAndDestroy();
    });
    close = raw.close;
    const http = client();
    await http.send({ method: "GET", url: `${raw.url}/a`, headers: {} });
    const post = await http.send({ method: "POST", url: `${raw.url}/b`, headers: {}, body: "{}" });
    expect(post.transportError).toBe("connection reset before the response was complete");
    expect(arrivals).toEqual(["first", "dropped"]);
  });

  it("a POST after the connection sat idle goes on a fresh one: the server may have closed the idle socket (no Keep-Alive hint)", async () => {
    const raw = await idleDroppingServer(1_200);
    close = raw.close;
    const http = client();
    await http.send({ method: "GET", url: `${raw.url}/a`, headers: {} });
    await new Promise((resolve) => setTimeout(resolve, IDLE_SOCKET_MS + 400));
    const post = await http.send({ method: "POST", url: `${raw.url}/b`, headers: {}, body: "{}" });
    expect(post.transportError).toBeUndefined();
    expect(post.response?.status).toBe(200);
    expect(raw.connections()).toBe(2);
  });

  /** A node:http server whose `/crash` drops the connection; `dies` also stops it, as a crash does. Counts what arrives. */
  async function crashingServer(dies: boolean) {
    const arrivals: string[] = [];
    const server = createHttpServer((req, res) => {
      arrivals.push(`${req.method} ${req.url}`);
      if (req.url !== "/crash") return void res.end("{}");
      req.socket.destroy();
      if (dies) {
        server.close();
        server.closeAllConnections();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    close = () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, arrivals };
  }

  it.each(["POST", "PATCH"])("reports a %s that kills the server once, as the reset it met", async (method) => {
    const { url, arrivals } = await crashingServer(true);
    const http = client();
    await http.send({ method: "GET", url: `${url}/ok`, headers: {} });
    const killer = await http.send({ method, url: `${url}/crash`, headers: {}, body: "{}" });
    expect(killer.transportFailure).toBe("reset");
    expect(arrivals).toEqual(["GET /ok", `${method} /crash`]);
  });

  it("reports the reset an idempotent request met, not the refusal its retry met from the server it killed", async () => {
    const { url, arrivals } = await crashingServer(true);
    const http = client();
    await http.send({ method: "GET", url: `${url}/ok`, headers: {} });
    const killer = await http.send({ method: "DELETE", url: `${url}/crash`, headers: {} });
    expect(killer.transportError).toBe("connection reset before the response was complete");
    expect(arrivals).toEqual(["GET /ok", "DELETE /crash"]);
  });

  it("sends an idempotent request once more at most, and reports the first reset when both are dropped", async () => {
    const { url, arrivals } = await crashingServer(false);
    const http = client();
    await http.send({ method: "GET", url: `${url}/ok`, headers: {} });
    const dropped = await http.send({ method: "DELETE", url: `${url}/crash`, headers: {} });
    expect(dropped.transportFailure).toBe("reset");
    expect(arrivals).toEqual(["GET /ok", "DELETE /crash", "DELETE /crash"]);
  });

  it("reports a reset on a fresh connection, without retrying it", async () => {
    const raw = await rawServer((socket) => socket.resetAndDestroy());
    close = raw.close;
    const exchange = await client().send({ method: "GET", url: `${raw.url}/a`, headers: {} });
    expect(exchange.transportError).toBe("connection reset before the response was complete");
    expect(raw.connections()).toBe(1);
  });

  it("records the request with its credentials redacted, and the response as received", async () => {
    const echo = '"s3cret"';
    const raw = await rawServer((socket) => socket.write(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${echo.length}\r\n\r\n${echo}`));
    close = raw.close;
    const exchange = await client().send({ method: "POST", url: `${raw.url}/x?key=s3cret`, headers: { Authorization: "Bearer s3cret" }, body: '{"a":"s3cret"}' });
    expect(exchange.request).toEqual({ method: "POST", url: `${raw.url}/x?key=[REDACTED]`, headers: { Authorization: "Bearer [REDACTED]" }, body: '{"a":"[REDACTED]"}' });
    expect(exchange.response?.status).toBe(200);
    expect(exchange.response?.text).toBe(echo);
    expect(exchange.response?.body).toBe('"[REDACTED]"');
  });

  /** Keeps the event loop busy, as a worker generating or shrinking inputs does. */
  const blockLoop = (ms: number) => {
    const until = performance.now() + ms;
    while (performance.now() < until);
  };

  /** One request with a 300 ms timeout: once it has gone out, the loop is held well past the timeout. */
  async function sendWhileBusy(url: string) {
    const sending = new HttpClient({ timeoutMs: 300, maxBodyBytes: 1024, secrets: [] }).send({ method: "GET", url: `${url}/a`, headers: {} });
    await new Promise((resolve) => setTimeout(resolve, 5));
    blockLoop(600);
    return sending;
  }

  it("does not time out an answer that arrived while the suite itself kept the event loop busy", async () => {
    const raw = await rawServer((socket) => setTimeout(() => socket.write(OK_RESPONSE), 20));
    close = raw.close;
    // The answer waits in the socket while the loop is held.
    const exchange = await sendWhileBusy(raw.url);
    expect(exchange.transportError).toBeUndefined();
    expect(exchange.response?.status).toBe(200);
  });

  it("still times out a server that does not answer, busy loop or not", async () => {
    const raw = await rawServer(() => {});
    close = raw.close;
    const exchange = await sendWhileBusy(raw.url);
    expect(exchange.transportError).toBe("no complete response within 300 ms");
  });
});
