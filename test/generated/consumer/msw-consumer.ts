// The MSW part of a consumer project, written from the specs so that every API, a new
// one included, is covered: one TypeScript test file per API (msw-<api>.ts) and one
// (msw-all.ts) that runs them all in one Node.js process once tsc has compiled them.
// test/generated/consumer.test.ts compiles them against msw 2, consumer-msw.test.ts
// against msw 3.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Api } from "../../../scripts/lib/apis.ts";
import { responseExamples } from "../../../scripts/mock/explain.ts";
import { buildModel } from "../../../scripts/spec/model.ts";
import { type Operation, loadBundle } from "../../../scripts/spec/openapi.ts";
import { manifest } from "../../fixtures/packed.ts";

function pathParams(op: Operation): Record<string, unknown> {
  return Object.fromEntries(op.parameters.filter((p) => p.in === "path").map((p) => [p.name, p.example]));
}

/**
 * One consumer file per API: the first GET through the example handlers gets its
 * documented example; a typed override replaces one handler; and where the API can
 * create, what the client creates through the stateful handlers is in the next list.
 * `@ts-expect-error` lines prove the handlers are typed by the API.
 */
function mswConsumerSource(api: Api, mswMajor: number): string {
  const doc = loadBundle(api.bundle);
  const model = buildModel(doc, api.name);
  const get = model.operations.find((op) => op.method === "get") as Operation;
  const example = responseExamples(get.responses["200"])[0];
  const path = pathParams(get);
  const init = Object.keys(path).length > 0 ? `, ${JSON.stringify({ params: { path } })}` : "";
  const resource = model.resources.find((r) => r.create && r.lists.some((list) => !list.parameters.some((p) => p.in === "path")));
  const list = resource?.lists.find((op) => !op.parameters.some((p) => p.in === "path"));
  const createBody = resource?.create?.requestBody?.content?.["application/json"];
  const body = createBody?.example ?? Object.values(createBody?.examples ?? {})[0]?.value;
  const stateful =
    resource?.create && list
      ? `
  const stateful = createStatefulHandlers();
  server.resetHandlers(...stateful.handlers);
  const before = await client.GET(${JSON.stringify(list.path)});
  const created = await client.POST(${JSON.stringify(resource.create.path)}, { body: ${JSON.stringify(body)} });
  check(created.response.ok, "create answered " + created.response.status);
  const after = await client.GET(${JSON.stringify(list.path)});
  check(JSON.stringify(after.data).length > JSON.stringify(before.data).length, "the list grew");
  stateful.reset();
  check(same((await client.GET(${JSON.stringify(list.path)})).data, before.data), "reset brings the seed back");`
      : "";
  return `import { setupServer } from "msw/node";
import { createClient } from "${manifest.name}/${api.name}";
import { createHttp, createStatefulHandlers, handlers, handlersByOperation, http } from "${manifest.name}/${api.name}/msw";

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(\`failed: \${what}\`);
}

const server = setupServer(...handlers);
server.listen({ ${mswMajor === 2 ? "onUnhandledRequest" : "onUnhandledFrame"}: "error" });
try {
  const client = createClient({ token: "consumer-token" });
  const first = await client.GET(${JSON.stringify(get.path)}${init});
  check(first.response.status === 200, "the documented success");
  check(same(first.data, ${JSON.stringify(example)}), "the documented example");

  server.use(http.get(${JSON.stringify(get.path)}, ({ response }) => response(401).json(${JSON.stringify(responseExamples(get.responses["401"])[0])})));
  check((await client.GET(${JSON.stringify(get.path)}${init})).response.status === 401, "the override answers");
  server.resetHandlers();

  check(typeof handlersByOperation.${get.operationId} === "object", "a handler per operationId");
  // @ts-expect-error not an operation of this API
  check(handlersByOperation.noSuchOperation === undefined, "no handler for what the API does not have");
  // @ts-expect-error not a path of this API
  http.get("/no/such/path", () => undefined);
  // @ts-expect-error not a status this operation documents
  http.get(${JSON.stringify(get.path)}, ({ response }) => response(599).json({}));

  // The app's own base URL: the stateful set answers there, and an override made with createHttp for it replaces its handler.
  const baseUrl = "http://localhost:5173/api/v1";
  const elsewhere = createStatefulHandlers({ baseUrl });
  server.resetHandlers(...elsewhere.handlers);
  const local = createClient({ token: "consumer-token", baseUrl });
  check((await local.GET(${JSON.stringify(get.path)}${init})).response.status === 200, "the stateful handlers answer at the app's base URL");
  server.use(createHttp({ baseUrl }).get(${JSON.stringify(get.path)}, ({ response }) => response(401).json(${JSON.stringify(responseExamples(get.responses["401"])[0])})));
  check((await local.GET(${JSON.stringify(get.path)}${init})).response.status === 401, "createHttp's override answers at that base URL");
  server.resetHandlers(...elsewhere.handlers);
  server.use(elsewhere.http.get(${JSON.stringify(get.path)}, ({ response }) => response(401).json(${JSON.stringify(responseExamples(get.responses["401"])[0])})));
  check((await local.GET(${JSON.stringify(get.path)}${init})).response.status === 401, "the set's own http overrides it too");
  server.resetHandlers(...handlers);
${stateful}
  console.log("ok ${api.name}");
} finally {
  server.close();
}
`;
}

/** Writes msw-<api>.ts for every API and msw-all.ts into `dir`; returns their names, for a tsconfig's `files`. */
export function writeMswConsumer(dir: string, apis: Api[], mswMajor: 2 | 3): string[] {
  for (const api of apis) writeFileSync(join(dir, `msw-${api.name}.ts`), mswConsumerSource(api, mswMajor));
  // One Node.js process runs every API's file in turn.
  writeFileSync(join(dir, "msw-all.ts"), apis.map((api) => `await import("./msw-${api.name}.js");`).join("\n"));
  return [...apis.map((api) => `msw-${api.name}.ts`), "msw-all.ts"];
}

/**
 * The tsconfig.json that compiles them, strict but with skipLibCheck: msw's own
 * declarations are not ours to check, and checking them cost 10 CPU-seconds a run
 * (the package's declarations are checked with library types in consumer.test.ts).
 */
export function mswConsumerTsconfig(files: string[]): unknown {
  const compilerOptions = {
    target: "es2022",
    lib: ["es2023", "dom"],
    types: [],
    strict: true,
    noUncheckedIndexedAccess: true,
    verbatimModuleSyntax: true,
    module: "nodenext",
    moduleResolution: "nodenext",
    skipLibCheck: true,
    outDir: "out",
  };
  return { compilerOptions, files };
}

/** What msw-all.ts prints when every API's file passed. */
export const mswConsumerPassed = (apis: Api[]) => apis.map((api) => `ok ${api.name}`);
