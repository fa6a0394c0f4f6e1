// Diagnosis before blame: a misconfigured run (base URL without the spec's server path,
// a rejected or missing token, TLS or DNS failures) exits 2 with the cause, and no
// check is judged on the answers the misconfiguration explains.
import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import { describeTransportError } from "../../scripts/conformance/http.ts";
import { describeViolation } from "../../scripts/conformance/reporters/text.ts";
import { runConformance } from "../../scripts/conformance/runner.ts";
import { serverPath } from "../../scripts/conformance/diagnosis.ts";
import { startReferenceServer } from "../fixtures/reference/index.ts";
import { runCli, STACK_TRACE, writeSpec } from "./helpers.ts";

const FAST = ["--seed", "1", "--quiet", "--timeout-ms", "2000"];

describe("misconfiguration is named, exit 2", () => {
  it("a base URL without the spec's server path: every request 404 text/html, the path is named", async () => {
    const server = await startReferenceServer({ api: "gym", basePath: "/v0" });
    const root = server.url.replace(/\/v0$/, "");
    try {
      const run = await runCli(["--api", "gym", "--base-url", root, ...FAST], { CONFORMANCE_TOKEN: server.token });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`the base URL probably lacks the spec's server path "/v0" (try --base-url ${root}/v0)`);
      expect(run.stderr).toMatch(/GET \/clients → 404 text\/html/);
      expect(run.stdout).not.toMatch(/✗/);
      expect(run.stderr).not.toMatch(STACK_TRACE);
      // With the path, the same server is conformant.
      const report = await runConformance({ api: "gym", baseUrl: server.url, token: server.token, seed: 1 });
      expect(report.violations.map(describeViolation)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("a token without the rights: every authenticated request 403 says so, not that the token was rejected", async () => {
    const server = createServer((_, res) => void res.writeHead(403, { "Content-Type": "application/json" }).end("{}"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const spec = writeSpec(
        "rights-",
        `openapi: 3.1.0
info: { title: Admin, version: 1.0.0 }
components: { securitySchemes: { bearer: { type: http, scheme: bearer } } }
security: [{ bearer: [] }]
paths:
  /admins:
    get:
      operationId: listAdmins
      responses: { "200": { description: ok }, "401": { description: no }, "403": { description: not allowed } }
`,
      );
      const run = await runCli(["--spec", spec, "--base-url", `http://127.0.0.1:${(server.address() as { port: number }).port}`, ...FAST], { CONFORMANCE_TOKEN: "user-token-without-rights" });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/every authenticated request was refused \(GET \/admins → 403 application\/json\): the token lacks the rights these operations need \(403\): give one that has them \(--token-file, /);
    } finally {
      server.close();
    }
  });

  it("a rejected token: every authenticated request 401", async () => {
    const server = await startReferenceServer({ api: "fullengage" });
    try {
      const run = await runCli(["--api", "fullengage", "--base-url", server.url, ...FAST], { CONFORMANCE_TOKEN: "ba_ffffffffffffffffffffffffffffffffffffffff" });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/every authenticated request was refused \(GET \/clients → 401 application\/json.*\): the token was rejected/);
      expect(run.stdout).toBe("");
      expect(`${run.stdout}${run.stderr}`).not.toContain("ba_ffffffffffffffffffffffffffffffffffffffff");
    } finally {
      await server.close();
    }
  });

  it("no token at all says so", async () => {
    const server = await startReferenceServer({ api: "magloft" });
    try {
      const run = await runCli(["--api", "magloft", "--base-url", server.url, ...FAST]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/no token was given \(--token-file, CONFORMANCE_TOKEN or --token\)/);
    } finally {
      await server.close();
    }
  });

  it("TLS: https to a server that speaks plain HTTP", async () => {
    const plain = createServer((_, response) => response.end("{}"));
    await new Promise<void>((resolve) => plain.listen(0, "127.0.0.1", resolve));
    const { port } = plain.address() as { port: number };
    try {
      const run = await runCli(["--api", "gym", "--base-url", `https://127.0.0.1:${port}`, ...FAST]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`cannot reach https://127\\.0\\.0\\.1:${port}: TLS handshake failed \\(`));
    } finally {
      plain.closeAllConnections();
      await new Promise<void>((resolve) => plain.close(() => resolve()));
    }
  });

  it("DNS: a host that does not resolve is named", () => {
    const described = describeTransportError(Object.assign(new Error("getaddrinfo ENOTFOUND api.example.invalid"), { code: "ENOTFOUND", hostname: "api.example.invalid" }));
    expect(described).toEqual({ failure: "dns", message: "host not found (DNS lookup of api.example.invalid failed: ENOTFOUND)" });
  });

  it("the server path comes from the spec's servers, variables and all", () => {
    expect(serverPath([{ url: "http://63.141.232.244:25540/v0" }])).toBe("/v0");
    expect(serverPath([{ url: "https://{host}/api/v1" }, { url: "http://127.0.0.1:4012" }])).toBe("/api/v1");
    expect(serverPath([{ url: "http://127.0.0.1:4012" }])).toBeUndefined();
  });
});

describe("checks are not judged on answers a refused credential explains", () => {
  it("invalid inputs answered 401 despite valid credentials are inconclusive for negative_data_rejection, never passes", async () => {
    // The list accepts the token (so the diagnosis passes); getClient refuses it for every id.
    const server = createServer((request, response) => {
      const list = request.url?.startsWith("/clients");
      response.writeHead(list ? 200 : 401, { "Content-Type": "application/json" });
      response.end(JSON.stringify(list ? { success: true, client: [] } : { success: false, error: "Unauthorized" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      const report = await runConformance({ api: "gym", baseUrl: `http://127.0.0.1:${port}`, token: "a-token", seed: 1, checks: ["negative_data_rejection"] });
      expect(report.operations.getClient?.negative_data_rejection).toMatchObject({ passed: 0, failed: 0 });
      expect(report.operations.getClient?.negative_data_rejection?.inconclusive).toBeGreaterThan(0);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
