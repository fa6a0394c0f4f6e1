// Part 3's floor is only fair if the replay sends what the run sent: the proxy must
// record every request as the server saw it, and the replay must send it again.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replay, startRecordingProxy } from "../../scripts/bench/replay.ts";

interface Seen {
  method?: string;
  url?: string;
  host?: string;
  authorization?: string;
  body: string;
}

const seen: Seen[] = [];
const server = createServer((request: IncomingMessage, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    seen.push({ method: request.method, url: request.url, host: request.headers.host, authorization: request.headers.authorization, body: Buffer.concat(chunks).toString() });
    response.writeHead(request.url === "/missing" ? 404 : 200, { "Content-Type": "application/json", Link: `<http://${request.headers.host}/next>; rel="next"` });
    response.end(JSON.stringify({ ok: true }));
  });
});
let serverUrl = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("recording proxy and replay", () => {
  it("records each request as sent, answers as the server does, and the replay sends the same requests", async () => {
    const proxy = await startRecordingProxy(serverUrl);
    try {
      const get = await fetch(`${proxy.url}/clients?limit=2&tag=a&tag=b`, { headers: { Authorization: "Bearer t0ken" }, signal: AbortSignal.timeout(5_000) });
      expect(get.status).toBe(200);
      // The server built its Link from the Host it saw: the proxy's, so a followed link is recorded too.
      expect(get.headers.get("link")).toBe(`<${proxy.url}/next>; rel="next"`);
      expect(await get.json()).toEqual({ ok: true });
      const post = await fetch(`${proxy.url}/clients`, { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"name":"Ada"}', signal: AbortSignal.timeout(5_000) });
      expect(post.status).toBe(200);
      await post.arrayBuffer();
      const missing = await fetch(`${proxy.url}/missing`, { method: "DELETE", signal: AbortSignal.timeout(5_000) });
      expect(missing.status).toBe(404);
      await missing.arrayBuffer();
    } finally {
      await proxy.close();
    }

    expect(proxy.requests.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
      { method: "GET", path: "/clients?limit=2&tag=a&tag=b", body: undefined },
      { method: "POST", path: "/clients", body: '{"name":"Ada"}' },
      { method: "DELETE", path: "/missing", body: undefined },
    ]);
    expect(proxy.requests[0]?.headers.authorization).toBe("Bearer t0ken");

    const recordedByServer = seen.splice(0);
    const comparable = (list: Seen[]) => list.map(({ method, url, authorization, body }) => ({ method, url, authorization, body }));
    for (const transport of ["fetch", "suite-transport"] as const) {
      const result = await replay(serverUrl, proxy.requests, 5_000, transport);
      expect(result, transport).toEqual({ sent: 3, transportErrors: 0 });
      expect(comparable(seen.splice(0)), transport).toEqual(comparable(recordedByServer));
    }
  });

  it.each(["fetch", "suite-transport"] as const)("%s: counts requests that get no response instead of failing the replay", async (transport) => {
    const result = await replay("http://127.0.0.1:1", [{ method: "GET", path: "/", headers: {} }], 1_000, transport);
    expect(result).toEqual({ sent: 1, transportErrors: 1 });
  });
});
