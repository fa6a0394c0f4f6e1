// `createClient({ validate })` of `clients-contract/<api>/validate` as shipped: every documented response example of every
// operation passes the precompiled validators, and a response that breaks the spec in
// each way it can (status, content type, body, documented headers) is rejected with a
// ResponseValidationError naming the operation, the status and a JSON pointer per
// problem, or reported with `validate: "warn"`. Responses come from an injected fetch.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { type Api, loadApis, projectRoot } from "../../scripts/lib/apis.ts";
import { type OpenApiDocument, type Operation, type Response as ResponseObject, deref, listOperations, loadBundle } from "../../scripts/spec/openapi.ts";
import { type ResponseProblem, ResponseValidationError, type ValidatingClientOptions } from "../../generated/response-validation.js";
import { createClient as createGymClient } from "../../generated/gym/validate.js";

const apis = loadApis();

interface Answer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

/** A fetch that answers every request with `answer`. */
function answering({ status, body, headers = {} }: Answer) {
  return async () => new Response(body ?? null, { status, headers });
}

interface GeneratedModule {
  createClient(options?: ValidatingClientOptions): {
    request(method: string, url: string, init?: Record<string, unknown>): Promise<{ data?: unknown; error?: unknown; response: Response }>;
  };
}

async function generatedModule(api: Api): Promise<GeneratedModule> {
  return (await import(pathToFileURL(join(api.generatedDir, "validate.js")).href)) as GeneratedModule;
}

function pathParams(operation: Operation): Record<string, unknown> {
  return Object.fromEntries(operation.parameters.filter((p) => p.in === "path").map((p) => [p.name, p.example]));
}

/** Every documented response of the operation that has a JSON example, as a server would send it. */
interface DocumentedAnswer {
  status: string;
  answer: Answer;
  example: unknown;
}

function documentedAnswers(spec: OpenApiDocument, operation: Operation): DocumentedAnswer[] {
  return Object.entries(operation.responses).flatMap(([status, response]): DocumentedAnswer[] => {
    if (!/^\d{3}$/.test(status)) return [];
    const headers = documentedHeaders(response);
    const media = response.content?.["application/json"];
    if (!media) return response.content ? [] : [{ status, answer: { status: Number(status), headers }, example: undefined }];
    const example = media.example !== undefined ? media.example : deref(spec, Object.values(media.examples ?? {})[0])?.value;
    if (example === undefined) return [];
    const answer = { status: Number(status), body: JSON.stringify(example), headers: { ...headers, "content-type": "application/json" } };
    return [{ status, answer, example }];
  });
}

function documentedHeaders(response: ResponseObject): Record<string, string> {
  return Object.fromEntries(Object.entries(response.headers ?? {}).map(([name, header]) => [name, String(header.example)]));
}

/** The first GET's 200 example, and the name of a required property of its body. */
function firstGet(spec: OpenApiDocument) {
  const operation = listOperations(spec).find((candidate) => candidate.method === "get");
  if (!operation) throw new Error("no GET operation");
  const ok = documentedAnswers(spec, operation).find((candidate) => candidate.status === "200");
  if (!ok) throw new Error(`${operation.operationId}: no 200 example`);
  const schema = deref(spec, operation.responses["200"]?.content?.["application/json"]?.schema) as { required?: string[] } | undefined;
  const required = schema?.required?.[0];
  if (required === undefined) throw new Error(`${operation.operationId}: the 200 body has no required property`);
  return { operation, ok, required };
}

async function rejection(promise: Promise<unknown>): Promise<ResponseValidationError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ResponseValidationError)) throw new Error(`expected a ResponseValidationError, got ${String(error)}`);
  return error;
}

describe.each(apis.map((api) => [api.name, api] as const))("%s with validate: true", (_, api) => {
  const spec = loadBundle(api.bundle);

  it("accepts every documented example of every operation, as it is", async () => {
    const { createClient } = await generatedModule(api);
    let checked = 0;
    for (const operation of listOperations(spec)) {
      for (const { status, answer, example } of documentedAnswers(spec, operation)) {
        const client = createClient({ baseUrl: "http://127.0.0.1:9", fetch: answering(answer), validate: true });
        const result = await client.request(operation.method, operation.path, { params: { path: pathParams(operation) } });
        expect(result.response.status, `${operation.operationId} ${status}`).toBe(Number(status));
        if (example !== undefined) expect(result.response.ok ? result.data : result.error, `${operation.operationId} ${status}`).toEqual(example);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(listOperations(spec).length);
  });

  it("rejects a body that breaks the schema, naming the operation, the status and the pointer", async () => {
    const { createClient } = await generatedModule(api);
    const { operation, ok, required } = firstGet(spec);
    const broken = { ...(JSON.parse(ok.answer.body ?? "{}") as Record<string, unknown>) };
    delete broken[required];
    const client = createClient({ baseUrl: "http://127.0.0.1:9", fetch: answering({ ...ok.answer, body: JSON.stringify(broken) }), validate: true });
    const error = await rejection(client.request("get", operation.path, { params: { path: pathParams(operation) } }));
    expect(error).toMatchObject({ operationId: operation.operationId, method: "GET", path: operation.path, status: 200 });
    expect(error.problems).toEqual([{ pointer: `/body/${required}`, message: "is required" }]);
    expect(error.message).toBe(`${operation.operationId} (GET ${operation.path}) answered 200, which breaks the spec: /body/${required} is required`);
  });

  it("rejects an undocumented status, a wrong content type and a body that is not JSON", async () => {
    const { createClient } = await generatedModule(api);
    const { operation, ok } = firstGet(spec);
    const call = (answer: Answer) =>
      rejection(createClient({ baseUrl: "http://127.0.0.1:9", fetch: answering(answer), validate: true }).request("get", operation.path, { params: { path: pathParams(operation) } }));
    expect((await call({ status: 418, body: "{}", headers: { "content-type": "application/json" } })).problems).toEqual([
      { pointer: "/status", message: expect.stringMatching(/^418 is not documented \(documented: 200, .*\)$/) as unknown },
    ]);
    const textPlain = await call({ ...ok.answer, headers: { ...ok.answer.headers, "content-type": "text/plain" } });
    expect(textPlain.problems).toEqual([{ pointer: "/headers/content-type", message: 'is "text/plain"; the spec documents application/json' }]);
    const notJson = await call({ ...ok.answer, body: "{not json" });
    expect(notJson.problems).toEqual([{ pointer: "/body", message: expect.stringMatching(/^is not valid JSON \(/) as unknown }]);
    const errorNotJson = await call({ status: 401, body: "<html>denied</html>", headers: { ...ok.answer.headers, "content-type": "application/json" } });
    expect(errorNotJson).toMatchObject({ status: 401, problems: [{ pointer: "/body", message: "is not valid JSON" }] });
  });

  it("checks status and headers but not the body when the caller asks for text", async () => {
    const { createClient } = await generatedModule(api);
    const { operation, ok } = firstGet(spec);
    const client = createClient({ baseUrl: "http://127.0.0.1:9", fetch: answering({ ...ok.answer, body: "[]" }), validate: true });
    const init = { params: { path: pathParams(operation) }, parseAs: "text" };
    await expect(client.request("get", operation.path, init)).resolves.toMatchObject({ data: "[]" });
    const teapot = createClient({ baseUrl: "http://127.0.0.1:9", fetch: answering({ status: 418, body: "[]" }), validate: true });
    await expect(teapot.request("get", operation.path, init)).rejects.toBeInstanceOf(ResponseValidationError);
  });
});

describe("validate, documented headers and no-content responses", () => {
  const gym = loadBundle(apis.find((api) => api.name === "gym")?.bundle ?? "");
  const list = listOperations(gym).find((operation) => operation.operationId === "listClients");
  const ok = list && documentedAnswers(gym, list).find((candidate) => candidate.status === "200");
  if (!ok) throw new Error("gym listClients has no 200 example");

  it("rejects a missing required header and a header of the wrong type, each by its pointer", async () => {
    const headers: Record<string, string> = { ...ok.answer.headers, "X-RateLimit-Limit": "many" };
    delete headers.RateLimit;
    const client = createGymClient({ baseUrl: "http://127.0.0.1:9", fetch: answering({ ...ok.answer, headers }), validate: true });
    const error = await rejection(client.GET("/clients"));
    expect(error.problems).toEqual([
      { pointer: "/headers/ratelimit", message: "is required" },
      { pointer: "/headers/x-ratelimit-limit", message: "must be integer" },
    ]);
  });

  it("rejects a body where the spec documents none (biometricscloud deleteClient 204)", async () => {
    const bio = loadApis().find((api) => api.name === "biometricscloud");
    if (!bio) throw new Error("no biometricscloud");
    const { createClient } = await generatedModule(bio);
    const client = createClient({ baseUrl: "http://127.0.0.1:9", fetch: answering({ status: 200, body: "{}", headers: { "content-type": "application/json" } }), validate: true });
    const deleted = createClient({ baseUrl: "http://127.0.0.1:9", fetch: answering({ status: 204 }), validate: true });
    await expect(deleted.request("delete", "/client/{id}", { params: { path: { id: 1 } } })).resolves.toMatchObject({ data: undefined });
    const error = await rejection(client.request("delete", "/client/{id}", { params: { path: { id: 1 } } }));
    expect(error.problems.map((problem: ResponseProblem) => problem.pointer)).toEqual(["/status"]);
  });

  it('with validate: "warn" reports to onInvalidResponse and still returns the response', async () => {
    const reports: ResponseValidationError[] = [];
    const client = createGymClient({
      baseUrl: "http://127.0.0.1:9",
      fetch: answering({ ...ok.answer, body: JSON.stringify({ success: true, client: [{}] }) }),
      validate: "warn",
      onInvalidResponse: (error) => reports.push(error),
    });
    const { data } = await client.GET("/clients");
    expect(data).toEqual({ success: true, client: [{}] });
    expect(reports).toHaveLength(1);
    expect(reports[0]?.problems[0]).toEqual({ pointer: "/body/client/0/client_id", message: "is required" });
  });

  it('with validate: "warn" and no callback, warns on the console', async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const client = createGymClient({ baseUrl: "http://127.0.0.1:9", fetch: answering({ status: 418 }), validate: "warn" });
      await client.GET("/clients");
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^listClients \(GET \/clients\) answered 418, which breaks the spec: \/status 418 is not documented/));
    } finally {
      warn.mockRestore();
    }
  });
});

describe("off, and no compilation when on", () => {
  it("checks nothing with validate: false", async () => {
    const client = createGymClient({ baseUrl: "http://127.0.0.1:9", fetch: answering({ status: 418 }), validate: false });
    await expect(client.GET("/clients")).resolves.toMatchObject({ status: 418 });
  });

  it("rejects a validate value it does not know", () => {
    expect(() => createGymClient({ validate: "strict" as unknown as boolean })).toThrow(/validate must be true, false or "warn", got "strict"/);
  });

  it.each(apis.map((api) => [api.name, api] as const))("%s: the validators are precompiled code that imports only ajv's runtime helpers and the shared formats", (_, api) => {
    const code = readFileSync(join(api.generatedDir, "validators.js"), "utf8");
    const imports = [...code.matchAll(/^import .* from "([^"]+)";$/gm)].map((match) => match[1]);
    expect(imports.filter((module) => !/^ajv\/dist\/runtime\/\w+\.js$/.test(module ?? "") && module !== "../validation-formats.js")).toEqual([]);
    expect(code).not.toMatch(/\brequire\(|new Ajv|\.compile\(/);
    const formats = readFileSync(join(projectRoot, "generated", "validation-formats.js"), "utf8");
    expect([...formats.matchAll(/^import .* from "([^"]+)";$/gm)].map((match) => match[1])).toEqual(["ajv-formats/dist/formats.js"]);
  });
});
