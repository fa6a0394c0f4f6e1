// The engine's stages on a small spec of their own, without a transport: the
// authenticate stage reads every scheme the table in scripts/spec/security.ts knows
// (bearer, basic, API keys in a header, the query or a cookie) as OR-of-ANDs, and
// hooks change a stage only where one is given.
import { describe, expect, it } from "vitest";
import { type Answer, createEngine, EngineConfigError, type EngineHook, type EngineRequest } from "../../scripts/server/engine.ts";
import type { OpenApiDocument } from "../../scripts/spec/openapi.ts";
import type { ServedApi } from "../../scripts/server/types.ts";

const ok = { description: "ok", content: { "application/json": { schema: { type: "object" } } } };
const denied = { description: "unauthorized", content: { "application/json": { schema: { type: "object" } } } };

const DOC = {
  openapi: "3.1.0",
  info: { title: "engine test", version: "1" },
  components: {
    securitySchemes: {
      bearer: { type: "http", scheme: "bearer" },
      basic: { type: "http", scheme: "basic" },
      headerKey: { type: "apiKey", in: "header", name: "X-Key" },
      queryKey: { type: "apiKey", in: "query", name: "api_key" },
      cookieKey: { type: "apiKey", in: "cookie", name: "session" },
    },
  },
  paths: {
    "/bearer": { get: { operationId: "bearerOnly", security: [{ bearer: [] }], responses: { 200: ok, 401: denied } } },
    "/basic": { get: { operationId: "basicOnly", security: [{ basic: [] }], responses: { 200: ok, 401: denied } } },
    "/header": { get: { operationId: "headerOnly", security: [{ headerKey: [] }], responses: { 200: ok, 401: denied } } },
    // Either the query key, or the cookie and the bearer token together.
    "/either": { get: { operationId: "either", security: [{ queryKey: [] }, { cookieKey: [], bearer: [] }], responses: { 200: ok, 401: denied } } },
    "/open": { get: { operationId: "open", responses: { 200: ok } } },
  },
} as unknown as OpenApiDocument;

const api: ServedApi = {
  name: "engine-test",
  defaultToken: "",
  createStore: () => ({}),
  handlers: Object.fromEntries(
    ["bearerOnly", "basicOnly", "headerOnly", "either", "open"].map((operationId) => [operationId, (input) => ({ status: 200, body: { switched: input.switchedOn("on") } })]),
  ),
  errorBody: (error) => ({ message: error.message }),
};

function request(path: string, headers: Record<string, string> = {}, method = "GET"): EngineRequest {
  const url = new URL(`http://127.0.0.1${path}`);
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return { method, url, client: "test", header: (name) => lower[name.toLowerCase()], query: (name) => url.searchParams.get(name) ?? undefined, text: async () => "" };
}

const message = (answer: Answer) => (answer.reply.body as { message?: string }).message;

describe("engine: authenticate", () => {
  const engine = createEngine(api, DOC, { token: "s3cret" });

  it("keeps the bearer and header-key messages", async () => {
    expect(message(await engine.answer(request("/bearer")))).toBe("missing Authorization: Bearer <token>");
    expect(message(await engine.answer(request("/bearer", { Authorization: "Basic eDp5" })))).toBe("missing Authorization: Bearer <token> (the credential is empty or sent another way)");
    expect(message(await engine.answer(request("/bearer", { Authorization: "Bearer nope" })))).toBe("the credential is not valid");
    expect((await engine.answer(request("/bearer", { Authorization: "Bearer s3cret" }))).reply.status).toBe(200);
    expect(message(await engine.answer(request("/header")))).toBe("missing API key in the X-Key header");
    expect((await engine.answer(request("/header", { "X-Key": "s3cret" }))).reply.status).toBe(200);
  });

  it("reads basic credentials, query keys and cookies, any alternative of all its schemes", async () => {
    expect(message(await engine.answer(request("/basic")))).toBe("missing Authorization: Basic <user:password>");
    expect((await engine.answer(request("/basic", { Authorization: `Basic ${btoa("s3cret")}` }))).reply.status).toBe(200);
    expect((await engine.answer(request("/basic", { Authorization: `Basic ${btoa("other")}` }))).reply.status).toBe(401);
    expect((await engine.answer(request("/either?api_key=s3cret"))).reply.status).toBe(200);
    expect((await engine.answer(request("/either", { Cookie: "a=b; session=s3cret", Authorization: "Bearer s3cret" }))).reply.status).toBe(200);
    // The first alternative's problem is the one said.
    expect(message(await engine.answer(request("/either", { Cookie: "session=s3cret" })))).toBe("missing API key in the api_key query parameter");
    expect((await engine.answer(request("/either", { Cookie: "session=s3cret" }))).reply.status).toBe(401);
    expect((await engine.answer(request("/open"))).reply.status).toBe(200);
  });

  it("takes the token the way any scheme carries it on the control routes", () => {
    expect(engine.carriesToken(request("/", { Authorization: "Bearer s3cret" }))).toBe(true);
    expect(engine.carriesToken(request("/?api_key=s3cret"))).toBe(true);
    expect(engine.carriesToken(request("/", { Cookie: "session=s3cret" }))).toBe(true);
    expect(engine.carriesToken(request("/", { "X-Key": "nope" }))).toBe(false);
  });
});

describe("engine: hooks", () => {
  it("change only the stage they name", async () => {
    const hooks: EngineHook[] = [
      { switches: ["on"], routes: [{ method: "post", path: "/open", operationId: "open" }] },
      { judgeCredential: (verdict) => (verdict === "missing" ? "accepted" : verdict) },
      { editReply: (reply, operation) => ({ ...reply, headers: { ...reply.headers, "X-Operation": operation?.operationId ?? "none" } }) },
      { intercept: (operation, raw) => (raw.query.crash !== undefined ? { status: 500, headers: {}, body: { crashed: operation.operationId } } : undefined) },
    ];
    const engine = createEngine(api, DOC, { token: "s3cret", hooks });
    const served = await engine.answer(request("/bearer"));
    expect(served.reply.status).toBe(200);
    expect(served.reply.body).toEqual({ switched: true });
    expect(served.reply.headers["X-Operation"]).toBe("bearerOnly");
    expect((await engine.answer(request("/bearer", { Authorization: "Bearer nope" }))).reply.status).toBe(401);
    expect((await engine.answer(request("/open", {}, "POST"))).reply.status).toBe(200);
    expect((await engine.answer(request("/nowhere"))).reply.headers["X-Operation"]).toBe("none");
    expect((await engine.answer(request("/open?crash=1"))).reply).toMatchObject({ status: 500, body: { crashed: "open" } });
  });

  it("without hooks: no switch is on, no extra route; a hook routing to no operation is refused", async () => {
    const engine = createEngine(api, DOC);
    expect((await engine.answer(request("/open"))).reply.body).toEqual({ switched: false });
    expect((await engine.answer(request("/open", {}, "POST"))).reply.status).toBe(405);
    expect(() => createEngine(api, DOC, { hooks: [{ routes: [{ method: "post", path: "/x", operationId: "nope" }] }] })).toThrow(EngineConfigError);
  });
});
