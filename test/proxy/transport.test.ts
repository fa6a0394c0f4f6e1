// What the proxy does as a proxy, against small upstreams of each test's own: --errors,
// timeouts and refused connections, redirects, Host, kept-alive connections, bodies past
// the cap both ways, CORS, and credentials kept out of every line and report.
import { createServer, type IncomingMessage, request as httpRequest, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { IDLE_SOCKET_MS } from "../../scripts/conformance/http.ts";
import { jsonReport } from "../../scripts/conformance/reporters/json.ts";
import { idleDroppingServer } from "../fixtures/hostile-server.ts";
import { type ProxyOptions, type RunningProxy, startProxy } from "../../scripts/proxy/proxy.ts";
import { DEFAULT_TOKENS, startReferenceServer } from "../fixtures/reference/index.ts";

const TOKEN = DEFAULT_TOKENS.fullengage as string;
const AUTH = { authorization: `Bearer ${TOKEN}` };

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

/** An upstream of the test's own on 127.0.0.1; `connections` counts the TCP connections it accepted. */
async function upstream(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ url: string; connections: () => number }> {
  const server: Server = createServer(handler);
  let connections = 0;
  server.on("connection", () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  stops.push(
    () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections };
}

async function proxyTo(url: string, options: Partial<ProxyOptions> = {}): Promise<RunningProxy> {
  const proxy = await startProxy({ api: "fullengage", upstream: url, ...options });
  stops.push(() => proxy.close());
  return proxy;
}

interface Received {
  status: number;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

/** One request with node:http (fetch would follow redirects and hide hop-by-hop details). */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Received> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method: options.method ?? "GET", headers: options.headers ?? {} }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.once("end", () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks) }));
      incoming.once("error", reject);
    });
    outgoing.setTimeout(10_000, () => outgoing.destroy(new Error("test request timed out")));
    outgoing.once("error", reject);
    outgoing.end(options.body);
  });
}

const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  response.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));

describe("--errors", () => {
  it("answers a request that breaks the spec 422 in the vendor's error shape and does not forward it", async () => {
    const server = await startReferenceServer({ api: "fullengage" });
    stops.push(() => server.close());
    const blocking = await proxyTo(server.url, { errors: true });
    const bad = { method: "POST", headers: { ...AUTH, "content-type": "application/json" }, body: JSON.stringify({ name: 42 }) };
    const before = JSON.parse((await send(`${server.url}/clients?limit=100`, { headers: AUTH })).body.toString()).total as number;

    const blocked = await send(`${blocking.url}/clients`, bad);
    expect(blocked.status).toBe(422);
    expect(blocked.headers["x-contract-violations"]).toMatch(/^1; request_conformance: /);
    // fullengage's documented 400 body: { error, ... } with the problem in it.
    expect(JSON.parse(blocked.body.toString())).toMatchObject({ error: expect.stringMatching(/name/) });
    const after = JSON.parse((await send(`${server.url}/clients?limit=100`, { headers: AUTH })).body.toString()).total as number;
    expect(after).toBe(before);

    const forwarding = await proxyTo(server.url);
    const forwarded = await send(`${forwarding.url}/clients`, bad);
    expect(forwarded.status).toBe(400);
    expect(forwarding.report().violations.map((violation) => violation.check)).toEqual(["request_conformance"]);
  });

  it("counts a request without credentials as a request violation, and the upstream's 401 as a fair answer", async () => {
    const server = await startReferenceServer({ api: "fullengage" });
    stops.push(() => server.close());
    const proxy = await proxyTo(server.url);
    const answer = await send(`${proxy.url}/clients`);
    expect(answer.status).toBe(401);
    expect(answer.headers["x-contract-violations"]).toMatch(/^1; request_credentials: missing Authorization/);
    expect(proxy.report().violations.map((violation) => violation.check)).toEqual(["request_credentials"]);
  });
});

describe("undocumented operations", () => {
  it("counts a path or method the spec lacks as a violation of its own, forwards it, and with --errors answers it 422 instead", async () => {
    const seen: string[] = [];
    const target = await upstream((request, response) => {
      seen.push(`${request.method} ${request.url}`);
      json(response, 404, { error: "Not found" });
    });
    const proxy = await proxyTo(target.url);
    expect((await send(`${proxy.url}/nowhere`, { headers: AUTH })).headers["x-contract-violations"]).toMatch(/^1; documented_operation: no operation at \/nowhere/);
    expect((await send(`${proxy.url}/clients`, { method: "PUT", headers: AUTH })).headers["x-contract-violations"]).toMatch(/^1; documented_operation: PUT is not allowed on \/clients; allowed: GET, POST/);
    expect(seen).toEqual(["GET /nowhere", "PUT /clients"]);
    expect(proxy.report()).toMatchObject({ undocumentedExchanges: 2, summary: { documented_operation: { failed: 2 } } });

    const blocking = await proxyTo(target.url, { errors: true });
    expect((await send(`${blocking.url}/nowhere`, { headers: AUTH })).status).toBe(422);
    expect(seen).toHaveLength(2);
  });
});

describe("forwarding", () => {
  it("answers 502 when the upstream breaks off a body it was sending, a not_a_server_error of the operation", async () => {
    const target = await upstream((_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      response.write('{"data": [');
      setTimeout(() => response.socket?.destroy(), 50);
    });
    const proxy = await proxyTo(target.url);
    const answer = await send(`${proxy.url}/clients`, { headers: AUTH });
    expect(answer.status).toBe(502);
    expect(JSON.parse(answer.body.toString()).detail).toMatch(/connection reset/);
    expect(proxy.report().violations.map((violation) => `${violation.check} ${violation.operationId}`)).toEqual(["not_a_server_error listClients"]);
  });


  it("answers 504 with a clear body when the upstream stays silent, and 502 when it cannot be reached", async () => {
    const silent = await upstream(() => undefined);
    const proxy = await proxyTo(silent.url, { timeoutMs: 300 });
    const answer = await send(`${proxy.url}/clients`, { headers: AUTH });
    expect(answer.status).toBe(504);
    expect(JSON.parse(answer.body.toString())).toMatchObject({ status: 504, detail: `no response from ${silent.url} within 300 ms` });
    expect(proxy.report().violations.map((violation) => violation.check)).toEqual(["not_a_server_error"]);

    const closed = await proxyTo("http://127.0.0.1:9");
    const refused = await send(`${closed.url}/clients`, { headers: AUTH });
    expect(refused.status).toBe(502);
    expect(JSON.parse(refused.body.toString()).detail).toMatch(/connection refused/);
  });

  it("passes a redirect through untouched, rewrites Host to the upstream's and keeps the upstream connection alive", async () => {
    const seenHosts: string[] = [];
    const target = await upstream((request, response) => {
      seenHosts.push(request.headers.host ?? "");
      response.writeHead(302, { location: "https://elsewhere.example/clients?page=2" }).end();
    });
    const proxy = await proxyTo(target.url);
    for (let i = 0; i < 3; i += 1) {
      const answer = await send(`${proxy.url}/clients`, { headers: AUTH });
      expect(answer.status).toBe(302);
      expect(answer.headers.location).toBe("https://elsewhere.example/clients?page=2");
    }
    expect(seenHosts).toEqual(Array(3).fill(new URL(target.url).host));
    expect(target.connections()).toBe(1);
  });

  it("sends a request after a quiet second on a fresh upstream connection: the upstream may have dropped the idle one (no Keep-Alive hint)", async () => {
    const server = await idleDroppingServer(1_200);
    stops.push(server.close);
    const proxy = await proxyTo(server.url);
    expect((await send(`${proxy.url}/clients`, { headers: AUTH })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, IDLE_SOCKET_MS + 400));
    const post = await send(`${proxy.url}/clients`, { method: "POST", headers: { ...AUTH, "content-type": "application/json" }, body: "{}" });
    expect(post.status).toBe(200);
    expect(server.connections()).toBe(2);
  });

  it("streams a download larger than the cap through whole, and says its body was not validated", async () => {
    const big = JSON.stringify({ data: Array.from({ length: 20_000 }, (_, id) => ({ id, name: "x".repeat(40) })), total: 20_000 });
    const target = await upstream((_request, response) => json(response, 200, JSON.parse(big)));
    const proxy = await proxyTo(target.url, { maxValidatedBytes: 64 * 1024 });
    const answer = await send(`${proxy.url}/clients`, { headers: AUTH });
    expect(answer.body.byteLength).toBe(Buffer.byteLength(big));
    expect(answer.body.toString()).toBe(big);
    const schema = proxy.report().summary.response_schema_conformance;
    expect(schema).toMatchObject({ passed: 0, failed: 0, inconclusive: 1 });
  });

  it("streams an upload larger than the cap to the upstream whole, without calling it invalid", async () => {
    let received = "";
    const target = await upstream((request, response) => {
      request.setEncoding("utf8");
      request.on("data", (chunk: string) => (received += chunk));
      request.on("end", () => json(response, 400, { error: "too big" }));
    });
    const proxy = await proxyTo(target.url, { maxValidatedBytes: 1024 });
    const body = JSON.stringify({ name: "y".repeat(200_000), email: "a@example.com" });
    await send(`${proxy.url}/clients`, { method: "POST", headers: { ...AUTH, "content-type": "application/json" }, body });
    expect(received).toBe(body);
    expect(proxy.report().violations.filter((violation) => violation.check === ("request_conformance" as string))).toEqual([]);
  });
});

describe("browsers and secrets", () => {
  it("answers preflights itself and lets loopback pages read the answer and X-Contract-Violations", async () => {
    const target = await upstream((_request, response) => json(response, 200, { data: [], total: 0 }, { "x-request-id": "r1" }));
    const proxy = await proxyTo(target.url);
    const origin = "http://127.0.0.1:5173";
    const preflight = await send(`${proxy.url}/clients`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "GET", "access-control-request-headers": "authorization" } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toMatchObject({ "access-control-allow-origin": origin, "access-control-allow-methods": "GET", "access-control-allow-headers": "authorization" });
    const answer = await send(`${proxy.url}/clients`, { headers: { ...AUTH, origin } });
    expect(answer.headers["access-control-allow-origin"]).toBe(origin);
    expect(answer.headers["access-control-expose-headers"]?.split(", ")).toEqual(expect.arrayContaining(["X-Contract-Violations", "x-request-id"]));
    const stranger = await send(`${proxy.url}/clients`, { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "GET" } });
    expect(stranger.status).toBe(403);
    expect(proxy.report().requests).toBe(1);
  });

  it.each([
    ["fullengage", "authorization", (secret: string) => `Bearer ${secret}`],
    ["magloft", "x-magloft-accesstoken", (secret: string) => secret],
  ])("keeps every %s credential it sees out of its lines and reports, even where the upstream echoes it", async (api, header, carried) => {
    const secret = "sk0123456789abcdef0123";
    const target = await upstream((request, response) => json(response, 500, { error: `bad token ${String(request.headers[header])}` }, { "x-echo": String(request.headers[header]) }));
    const lines: string[] = [];
    const proxy = await proxyTo(target.url, { api, onExchange: (line) => lines.push(line), onViolation: (line) => lines.push(line) });
    await send(`${proxy.url}/clients?query=${secret}`, { headers: { [header]: carried(secret) } });
    const written = jsonReport(proxy.report());
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(written).toContain("not_a_server_error");
    expect(written).toContain("[REDACTED]");
    for (const text of [...lines, written]) expect(text).not.toContain(secret);
  });
});
