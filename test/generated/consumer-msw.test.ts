// `clients-contract/<api>/msw` as a frontend repo gets it: the package packed (dist/
// as it stands; `npm ci` built it), installed offline beside msw and openapi-msw into a
// temporary project, and there a TypeScript test file per API, strictly type-checked
// and compiled by tsc, run by Node.js: msw/node's setupServer with the package's
// handlers answers the package's generated client, with no server anywhere.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildModel } from "../../scripts/spec/model.ts";
import { type Api, loadApis, projectRoot } from "../../scripts/lib/apis.ts";
import { loadBundle, type Operation } from "../../scripts/spec/openapi.ts";
import { responseExamples } from "../../scripts/mock/explain.ts";
import { installPacked, manifest, packProject, run } from "../fixtures/packed.ts";

const apis = loadApis();

function pathParams(op: Operation): Record<string, unknown> {
  return Object.fromEntries(op.parameters.filter((p) => p.in === "path").map((p) => [p.name, p.example]));
}

/**
 * One consumer file per API, written from its spec: the first GET through the example
 * handlers gets its documented example; a typed override replaces one handler; and
 * where the API can create, what the client creates through the stateful handlers is
 * in the next list. `@ts-expect-error` lines prove the handlers are typed by the API.
 */
function consumerSource(api: Api): string {
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
import { createStatefulHandlers, handlers, handlersByOperation, http } from "${manifest.name}/${api.name}/msw";

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(\`failed: \${what}\`);
}

const server = setupServer(...handlers);
server.listen({ onUnhandledRequest: "error" });
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
${stateful}
  console.log("ok ${api.name}");
} finally {
  server.close();
}
`;
}

describe("the packed package's MSW handlers in a consumer project", () => {
  const consumer = mkdtempSync(join(tmpdir(), "consumer-msw-"));
  let install = { status: null as number | null, output: "" };
  afterAll(() => rmSync(consumer, { recursive: true, force: true }));

  beforeAll(() => {
    install = installPacked(consumer, packProject(consumer, { ignoreScripts: true }), ["msw", "openapi-msw"]);
    for (const api of apis) writeFileSync(join(consumer, `${api.name}.test.ts`), consumerSource(api));
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
    writeFileSync(join(consumer, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["*.test.ts"] }));
  });

  it("installs beside msw and openapi-msw with no network", () => {
    expect(install.status, install.output).toBe(0);
  });

  it("type-checks and compiles the consumer's tests (typos in operations and paths are compile errors)", () => {
    const tsc = run(process.execPath, [join(projectRoot, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], consumer);
    expect(tsc.output).toBe("");
    expect(tsc.status).toBe(0);
  });

  it.each(apis.map((api) => api.name))("%s: setupServer with the handlers answers the generated client, no server anywhere", (name) => {
    const node = run(process.execPath, [join("out", `${name}.test.js`)], consumer);
    expect(node.output).not.toMatch(/Error/);
    expect(node.stdout.trim()).toBe(`ok ${name}`);
    expect(node.status).toBe(0);
  });
});
