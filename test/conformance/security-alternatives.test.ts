// Security as OpenAPI states it: any one alternative suffices, an empty one means
// anonymous access, and a refusal of a request without valid credentials is a fair
// answer whether or not the operation documents it. None of these is a violation.
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runConformance } from "../../scripts/conformance/runner.ts";

const KEY = "alternatives-key-123";

function spec(security: unknown, responses: Record<string, unknown>): string {
  const file = join(mkdtempSync(join(tmpdir(), "security-")), "openapi.json");
  writeFileSync(
    file,
    JSON.stringify({
      openapi: "3.1.0",
      info: { title: "alternatives", version: "1" },
      components: { securitySchemes: { ApiKey: { type: "apiKey", in: "header", name: "X-Key" }, OAuth2: { type: "oauth2", flows: {} }, Bearer: { type: "http", scheme: "bearer" } } },
      security,
      paths: { "/things": { get: { operationId: "listThings", responses } } },
    }),
  );
  return file;
}

const OK = { "200": { description: "ok", content: { "application/json": { schema: { type: "array" } } } } };

/** Runs the suite stateless against `accepts`, which says whether a request's credentials are good. */
async function against(file: string, accepts: (req: IncomingMessage) => boolean) {
  const server = createServer((req, res) => {
    if (req.url !== "/things") return void res.writeHead(404).end();
    if (req.method !== "GET") return void res.writeHead(405).end();
    if (!accepts(req)) return void res.writeHead(401).end();
    res.writeHead(200, { "Content-Type": "application/json" }).end("[]");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    return await runConformance({ api: "alternatives", spec: file, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: KEY, stateless: true, seed: 1 });
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

describe("security alternatives", () => {
  it("[ApiKey, OAuth2]: a bearer token is one of the right ways, so ignored_auth does not offer it as the wrong one", async () => {
    const file = spec([{ ApiKey: [] }, { OAuth2: [] }], { ...OK, "401": { description: "no" } });
    const report = await against(file, (req) => req.headers["x-key"] === KEY || req.headers.authorization === `Bearer ${KEY}`);
    expect(report.violations).toEqual([]);
    expect(report.summary.ignored_auth?.passed).toBe(2);
  });

  it("an empty alternative means anonymous access: nothing to refuse, no credential needed", async () => {
    const report = await against(spec([{}, { Bearer: [] }], OK), () => true);
    expect(report.violations).toEqual([]);
    expect(report.summary.ignored_auth?.passed ?? 0).toBe(0);
  });

  it("a 401 to a request sent without credentials is fair even where the operation documents only 200", async () => {
    const report = await against(spec([{ Bearer: [] }], OK), (req) => req.headers.authorization === `Bearer ${KEY}`);
    expect(report.violations).toEqual([]);
    expect(report.summary.ignored_auth?.passed).toBe(2);
  });

  it("a server that ignores credentials still fails ignored_auth", async () => {
    const report = await against(spec([{ ApiKey: [] }, { OAuth2: [] }], OK), () => true);
    expect(report.violations.map((violation) => violation.check)).toEqual(["ignored_auth", "ignored_auth"]);
  });
});
