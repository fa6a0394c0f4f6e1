// unsupported_method on a server that authenticates before it routes (Gym's real
// server): a 401 to an undocumented method sent without credentials says nothing of
// the method, so the probe carries the run's credential, even on a path whose only
// operation is open; a server that answers an undocumented method still fails.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { RequestRecord } from "../../scripts/conformance/http.ts";
import { rebuildRequest } from "../../scripts/conformance/replay.ts";
import { runConformance } from "../../scripts/conformance/runner.ts";
import { loadSpec } from "../../scripts/spec/load.ts";
import { buildModel } from "../../scripts/spec/model.ts";
import type { Operation } from "../../scripts/spec/openapi.ts";
import { writeSpec } from "./helpers.ts";

const TOKEN = "probe-test-token";

/** `POST /login` open (as Gym's `/client/login`), `GET /items` secured. */
function specFile(): string {
  return writeSpec(
    "unsupported-method-",
    `openapi: 3.1.0
info: { title: Probe, version: 1.0.0 }
components:
  securitySchemes:
    bearer: { type: http, scheme: bearer }
paths:
  /login:
    post:
      operationId: login
      security: []
      responses:
        "200": { description: ok, content: { application/json: { schema: { type: object } } } }
        "401": { description: no }
  /items:
    get:
      operationId: listItems
      security: [{ bearer: [] }]
      responses:
        "200": { description: ok, content: { application/json: { schema: { type: array, items: { type: integer } } } } }
        "401": { description: no }
`,
  );
}

const DOCUMENTED = new Set(["POST /login", "GET /items"]);

/**
 * As Gym's Express app: the open route first, then authentication for everything else,
 * then the routes; `undocumented` is its answer to an undocumented method with the token.
 */
function authFirst(undocumented: number) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const route = `${req.method} ${req.url}`;
    if (route !== "POST /login" && req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end();
    if (!DOCUMENTED.has(route)) return void res.writeHead(undocumented, { "Content-Type": "application/json" }).end("{}");
    res.writeHead(200, { "Content-Type": "application/json" }).end(req.url === "/items" ? "[1]" : "{}");
  };
}

describe("unsupported_method on a server that authenticates before it routes", () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.close();
    server = undefined;
  });

  async function run(handler: ReturnType<typeof authFirst>, token?: string, operations?: string[]) {
    server = createServer(handler);
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return runConformance({ api: "probe", spec: specFile(), baseUrl: url, ...(token ? { token } : {}), ...(operations ? { operations } : {}), stateless: true, seed: 1, checks: ["unsupported_method"] });
  }

  it("sends the run's credential with every probe, an open path's too: 405 with it passes", async () => {
    const report = await run(authFirst(405), TOKEN);
    expect(report.violations).toEqual([]);
    // GET, PUT, PATCH, DELETE on /login; PUT, POST, PATCH, DELETE on /items.
    expect(report.summary.unsupported_method).toMatchObject({ passed: 8, failed: 0, inconclusive: 0 });
  });

  it("still fails a server that answers an undocumented method 200, credential and all; replay sends the credential again", async () => {
    const report = await run(authFirst(200), TOKEN);
    expect(report.summary.unsupported_method).toMatchObject({ passed: 0, failed: 8 });
    const probe = report.violations.find((violation) => violation.case === "PUT /login");
    expect(probe?.request?.headers.Authorization).toBe("Bearer [REDACTED]");
    const model = buildModel(await loadSpec(specFile()), "probe");
    const login = model.operations.find((op) => op.operationId === "login");
    const again = rebuildRequest(probe?.request as RequestRecord, login as Operation, { model, from: report.baseUrl, to: report.baseUrl, token: TOKEN, headers: {} });
    expect(again.headers.Authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("a run without a credential: a 401 to a probe is inconclusive, not a violation, and says why", async () => {
    const report = await run(authFirst(405), undefined, ["login"]);
    expect(report.violations).toEqual([]);
    // GET, PUT, PATCH, DELETE on /login.
    expect(report.summary.unsupported_method).toMatchObject({ passed: 0, failed: 0, inconclusive: 4 });
    expect(report.inconclusiveBecause?.unsupported_method).toEqual({ "refused without credentials": 4 });
  });
});
