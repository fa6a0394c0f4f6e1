// When the server itself goes wrong mid-run: a crash is one violation (the request
// that caused it, with its curl line), never a cascade of "connection refused"; a
// supervised server may come back (--wait-for-server); a credential that dies (a
// sign-out) stops the run and names what came before; rate-limit headers that only
// describe a limit never stall the run.
import { mkdtempSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Pacer } from "../../scripts/conformance/pacing.ts";
import { runConformance } from "../../scripts/conformance/runner.ts";
import { summaryTable } from "../../scripts/conformance/reporters/text.ts";
import type { ConformanceReport } from "../../scripts/conformance/results.ts";
import { runCli, writeSpec } from "./helpers.ts";

const TOKEN = "health-test-token";

function specFile(paths: string): string {
  return writeSpec(
    "health-",
    `openapi: 3.1.0
info: { title: Health, version: 1.0.0 }
components:
  securitySchemes:
    bearer: { type: http, scheme: bearer }
  schemas:
    Item: { type: object, required: [id], properties: { id: { type: integer } } }
security: [{ bearer: [] }]
paths:
${paths}`,
  );
}

const ITEMS = `  /items:
    get:
      operationId: listItems
      responses:
        "200": { description: ok, content: { application/json: { schema: { type: array, items: { $ref: "#/components/schemas/Item" } } } } }
        "401": { description: no }
  /items/{id}:
    get:
      operationId: getItem
      parameters:
        - { name: id, in: path, required: true, schema: { type: integer, minimum: 1, maximum: 2147483647 }, example: 1 }
      responses:
        "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Item" } } } }
        "400": { description: bad id }
        "401": { description: no }
        "404": { description: none }
`;

type Handler = (req: IncomingMessage, res: ServerResponse, server: Server) => void;

/** A server on `port` (0: a free one); `handle` may destroy it, as a crash would. */
async function serve(handle: Handler, port = 0): Promise<{ server: Server; url: string; port: number }> {
  const server = createServer((req, res) => handle(req, res, server));
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actual = (server.address() as AddressInfo).port;
  return { server, url: `http://127.0.0.1:${actual}`, port: actual };
}

function stop(server: Server | undefined): void {
  server?.closeAllConnections();
  server?.close();
}

/** Gym's real crash: an id past a PostgreSQL integer takes the whole process down. */
const crashesOnBigIds: Handler = (req, res, server) => {
  if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end();
  if (req.method !== "GET") return void res.writeHead(405).end();
  const id = /^\/items\/(.+)$/.exec(req.url ?? "")?.[1];
  if (id === undefined) return void res.writeHead(200, { "Content-Type": "application/json" }).end('[{"id":1}]');
  if (!/^\d+$/.test(id)) return void res.writeHead(400).end();
  if (Number(id) > 2147483647) {
    server.close();
    server.closeAllConnections();
    req.socket.destroy();
    return;
  }
  res.writeHead(Number(id) === 1 ? 200 : 404, { "Content-Type": "application/json" }).end(Number(id) === 1 ? '{"id":1}' : "");
};

describe("a server that goes wrong mid-run", () => {
  const servers: Server[] = [];
  afterEach(() => {
    for (const server of servers.splice(0)) stop(server);
  });

  it("a crash is one violation, with the request that caused it; the run stops and says where", async () => {
    const { server, url } = await serve(crashesOnBigIds);
    servers.push(server);
    const report = await runConformance({ api: "health", spec: specFile(ITEMS), baseUrl: url, token: TOKEN, stateless: true, seed: 1, timeLimitMs: 20_000 });
    expect(report.violations.map((violation) => violation.check)).toEqual(["not_a_server_error"]);
    expect(report.violations[0]?.curl).toContain("/items/2147483648");
    // The evidence is what the request met, not what a resend met from the dead server.
    expect(report.violations[0]?.actual).toContain("connection reset");
    expect(report.stopReason).toMatch(/^the server stopped answering at getItem · .+, after getItem .+: connection reset .+--wait-for-server/);
    expect(report.complete).toBe(false);
    expect(report.notReached).toContain("getItem");
  });

  /** Ids from 200 up fail (500); ids from 100 to 199 take the server down. */
  const crashesOnHundreds: Handler = (req, res, self) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end();
    const id = Number(/^\/things\/(-?\d+)$/.exec(req.url ?? "")?.[1] ?? Number.NaN);
    if (req.url === "/things" && req.method === "GET") return void res.writeHead(200, { "Content-Type": "application/json" }).end("[]");
    if (req.method !== "GET" || Number.isNaN(id)) return void res.writeHead(404).end();
    if (id >= 100 && id < 200) {
      self.close();
      self.closeAllConnections();
      return void req.socket.destroy();
    }
    res.writeHead(id >= 200 ? 500 : 404).end();
  };
  const things = (idExample = "") => `  /things:
    get:
      operationId: listThings
      responses:
        "200": { description: ok, content: { application/json: { schema: { type: array, items: { $ref: "#/components/schemas/Item" } } } } }
        "401": { description: no }
  /things/{id}:
    get:
      operationId: getThing
      parameters:
        - { name: id, in: path, required: true, schema: { type: integer }${idExample} }
      responses:
        "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Item" } } } }
        "401": { description: no }
        "404": { description: none }
`;
  const noRefusals = (report: ConformanceReport) => report.violations.filter((violation) => /refused/.test(violation.actual ?? ""));

  it("a crash caused by a shrink candidate stops the run there, recorded with that candidate's curl line; no later case is blamed", async () => {
    // Only shrinking (bisecting a failing big id toward 0) reaches the ids that crash.
    const { server, url } = await serve(crashesOnHundreds);
    servers.push(server);
    const report = await runConformance({ api: "health", spec: specFile(things()), baseUrl: url, token: TOKEN, stateless: true, seed: 1, timeLimitMs: 20_000, checks: ["positive_data_acceptance", "not_a_server_error"] });
    expect(report.stopReason).toMatch(/^the server stopped answering at getThing · shrunk: id=1\d\d, after /);
    const killer = report.violations.find((violation) => violation.case.startsWith("shrunk: id=1"));
    expect(killer?.actual).toContain("connection reset");
    expect(killer?.curl).toMatch(/\/things\/1\d\d'/);
    expect(noRefusals(report)).toEqual([]);
  });

  it("a crash caused by a start-up probe (an operation's first valid input) stops the run there, recorded; no later case is blamed", async () => {
    const { server, url } = await serve(crashesOnHundreds);
    servers.push(server);
    const report = await runConformance({ api: "health", spec: specFile(things(", example: 150")), baseUrl: url, token: TOKEN, stateless: true, seed: 1, timeLimitMs: 20_000 });
    expect(report.stopReason).toMatch(/^the server stopped answering at getThing · the start-up probe \(GET \/things\/150\)/);
    expect(report.violations.map((violation) => [violation.check, violation.curl?.includes("/things/150")])).toEqual([["not_a_server_error", true]]);
    expect(noRefusals(report)).toEqual([]);
  });

  it("--wait-for-server: a supervised server comes back and the run goes on; the crash is judged once, the case it ended is inconclusive", async () => {
    let current = await serve(crashesOnBigIds);
    servers.push(current.server);
    const { port } = current;
    // The supervisor: restart on the same port whenever the server goes down.
    const restart = async () => {
      current = await serve(crashesOnBigIds, port);
      servers.push(current.server);
      current.server.once("close", () => void setTimeout(restart, 100));
    };
    current.server.once("close", () => void setTimeout(restart, 100));
    const report = await runConformance({ api: "health", spec: specFile(ITEMS), baseUrl: current.url, token: TOKEN, stateless: true, seed: 1, timeLimitMs: 30_000, waitForServerMs: 5_000 });
    expect(report.stopReason).toBeUndefined();
    expect(new Set(report.violations.map((violation) => violation.check))).toEqual(new Set(["not_a_server_error"]));
    expect(report.violations.every((violation) => violation.curl?.includes("/items/2147483648"))).toBe(true);
    expect(report.summary.unsupported_method?.passed).toBeGreaterThan(0);
    // The cases the crash ended are counted as what they were, not as rate limiting.
    expect(report.inconclusiveBecause).toEqual({ negative_data_rejection: { "server unreachable": 1 } });
    expect(summaryTable(report)).toMatch(/\d+ inconclusive cases? \(server unreachable ×\d+\)/);
  });

  it("a sign-out mid-run: the run stops, names the operation before, and lists it up front as one that may revoke the credential", async () => {
    let signedOut = false;
    const { server, url } = await serve((req, res) => {
      if (signedOut || req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end();
      if (req.url === "/session" && req.method === "DELETE") {
        signedOut = true;
        return void res.writeHead(204).end();
      }
      if (req.url === "/items" && req.method === "GET") return void res.writeHead(200, { "Content-Type": "application/json" }).end('[{"id":1}]');
      res.writeHead(req.url === "/items" || req.url === "/session" ? 405 : 404).end();
    });
    servers.push(server);
    const session = `  /session:
    delete:
      operationId: signOut
      summary: Sign out
      responses:
        "204": { description: signed out }
        "401": { description: no }
`;
    const started: string[][] = [];
    const report = await runConformance({
      api: "health",
      spec: specFile(`${session}${ITEMS.split("  /items/{id}:")[0]}`),
      baseUrl: url,
      token: TOKEN,
      stateless: true,
      seed: 1,
      listeners: [(event) => void (event.type === "run-started" && started.push(event.mayRevoke))],
    });
    expect(started).toEqual([["signOut (DELETE /session)"]]);
    expect(report.stopReason).toMatch(/^the run's credential stopped working: \w+ was refused \(401\).+it happened after signOut \(DELETE \/session\)/);
    expect(report.violations).toEqual([]);
    expect(report.complete).toBe(false);
  });

  it("rate-limit headers that only describe a limit (a mock echoing its examples) never make the run wait", async () => {
    const { server, url } = await serve((req, res) => {
      const headers = { "Content-Type": "application/json", RateLimit: "limit=10, remaining=0, reset=10" };
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401, headers).end();
      const id = /^\/items\/(\d+)$/.exec(req.url ?? "")?.[1];
      if (req.url === "/items") return void res.writeHead(200, headers).end('[{"id":1}]');
      res.writeHead(id === undefined ? 400 : id === "1" ? 200 : 404, headers).end(id === "1" ? '{"id":1}' : "");
    });
    servers.push(server);
    const waits: number[] = [];
    const report = await runConformance({ api: "health", spec: specFile(ITEMS), baseUrl: url, token: TOKEN, stateless: true, seed: 1, sleep: async (ms) => void waits.push(ms) });
    expect(waits).toEqual([]);
    expect(report.complete).toBe(true);
  });
});

describe("Pacer", () => {
  const spent = { ratelimit: "limit=3, remaining=0, reset=10" };

  it("a window seen counting down to 0 holds the next request until it resets", () => {
    const pacer = new Pacer();
    pacer.observe(200, { ratelimit: "limit=3, remaining=1, reset=10" }, 0);
    pacer.observe(200, spent, 1_000);
    expect(pacer.waitBeforeNext(1_000).ms).toBe(10_000);
  });

  it("a window that is spent from the first answer on is a description, not a limit; a 429 is still obeyed", () => {
    const pacer = new Pacer();
    pacer.observe(200, spent, 0);
    expect(pacer.waitBeforeNext(0).ms).toBe(0);
    pacer.observe(429, { ...spent, "retry-after": "2" }, 0);
    expect(pacer.waitBeforeNext(0).ms).toBe(2_000);
  });

  it("ignoring the headers: a 429 waits a second, whatever Retry-After says", () => {
    const pacer = new Pacer(undefined, true);
    pacer.observe(200, { ratelimit: "limit=3, remaining=1, reset=10" }, 0);
    pacer.observe(200, spent, 0);
    expect(pacer.waitBeforeNext(0).ms).toBe(0);
    pacer.observe(429, { "retry-after": "60" }, 0);
    expect(pacer.waitBeforeNext(0).ms).toBe(1_000);
  });
});

describe("the flags", () => {
  it("--wait-for-server <s> and --ignore-rate-limit-headers reach the run", async () => {
    const { parseCli } = await import("../../scripts/conformance/cli.ts");
    const parsed = parseCli(["--api", "gym", "--base-url", "http://127.0.0.1:1", "--wait-for-server", "30", "--ignore-rate-limit-headers"], {});
    expect(parsed).toMatchObject({ kind: "run", options: { waitForServerMs: 30_000, ignoreRateLimitHeaders: true } });
    expect(() => parseCli(["--api", "gym", "--base-url", "http://127.0.0.1:1", "--wait-for-server", "0"], {})).toThrow(/--wait-for-server must be an integer from 1 to 3600/);
  });
});

describe("a JUnit report whatever happens, so a CI step that uploads it always finds one", () => {
  it("exit 2 (nothing could be judged): one test case with the error", async () => {
    const junit = join(mkdtempSync(join(tmpdir(), "junit-")), "r.xml");
    const run = await runCli(["--api", "gym", "--base-url", "http://127.0.0.1:9", "--quiet", "--report", `junit=${junit}`]);
    expect(run.code).toBe(2);
    const { readFileSync } = await import("node:fs");
    expect(readFileSync(junit, "utf8")).toMatch(/<testsuites name="conformance gym" tests="1" failures="0" errors="1"[\s\S]*<error message="cannot reach http:\/\/127\.0\.0\.1:9/);
  });

  it("exit 1 for an incomplete run: an error element saying why, beside the failures", async () => {
    const { server, url } = await serve(crashesOnBigIds);
    try {
      const junit = join(mkdtempSync(join(tmpdir(), "junit-")), "r.xml");
      const run = await runCli(["--spec", specFile(ITEMS), "--base-url", url, "--stateless", "--seed", "1", "--quiet", "--report", `junit=${junit}`], { CONFORMANCE_TOKEN: TOKEN });
      expect(run.code).toBe(1);
      const { readFileSync } = await import("node:fs");
      expect(readFileSync(junit, "utf8")).toMatch(/errors="1"[\s\S]*<error message="run incomplete: the server stopped answering at getItem/);
    } finally {
      stop(server);
    }
  });
});
