// `clients-contract/<api>/msw` as a frontend repo gets it: the package packed (dist/
// as it stands; `npm ci` built it), installed offline beside msw alone (no openapi-msw:
// the handlers import only msw), once with msw 2 and once with msw 3, into a temporary
// project; there a TypeScript test file per API, strictly type-checked and compiled by
// tsc against that msw's types, run by Node.js: msw/node's setupServer with the
// package's handlers answers the package's generated client, with no server anywhere,
// at the default base URL and at one of the app's own.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildModel } from "../../scripts/spec/model.ts";
import { type Api, loadApis, projectRoot } from "../../scripts/lib/apis.ts";
import { loadBundle, type Operation } from "../../scripts/spec/openapi.ts";
import { responseExamples } from "../../scripts/mock/explain.ts";
import { type Aliased, installPacked, manifest, packProject, type Packed, run } from "../fixtures/packed.ts";

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
function consumerSource(api: Api, mswMajor: number): string {
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

/** One consumer project per msw major: msw 2 from our lock, msw 3 from our alias msw3 (which needs Node.js 22.12 or later: CI's Node.js 24 run runs it). */
const nodeVersion = process.versions.node.split(".").map(Number) as [number, number];
const variants: Array<{ major: number; msw: string | Aliased; runs: boolean }> = [
  { major: 2, msw: "msw", runs: true },
  { major: 3, msw: { name: "msw", from: "msw3" }, runs: nodeVersion[0] > 22 || (nodeVersion[0] === 22 && nodeVersion[1] >= 12) },
];

describe("the packed package's MSW handlers in a consumer project", () => {
  const root = mkdtempSync(join(tmpdir(), "consumer-msw-"));
  let packed: Packed;
  beforeAll(() => {
    packed = packProject(root, { ignoreScripts: true });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  describe.each(variants)("with msw $major", ({ major, msw, runs }) => {
    const consumer = join(root, `msw${major}`);
    let install = { status: null as number | null, output: "" };

    beforeAll(() => {
      mkdirSync(consumer);
      install = installPacked(consumer, packed, [msw]);
      for (const api of apis) writeFileSync(join(consumer, `${api.name}.test.ts`), consumerSource(api, major));
      // One Node.js process runs every API's file in turn.
      writeFileSync(join(consumer, "all.test.ts"), apis.map((api) => `await import("./${api.name}.test.js");`).join("\n"));
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

    it(`installs beside msw ${major} alone (no openapi-msw) with no network`, () => {
      expect(install.status, install.output).toBe(0);
      const installed = JSON.parse(readFileSync(join(consumer, "node_modules", "msw", "package.json"), "utf8")) as { version: string };
      expect(installed.version.split(".")[0]).toBe(String(major));
      expect(existsSync(join(consumer, "node_modules", "openapi-msw"))).toBe(false);
    });

    it("type-checks and compiles the consumer's tests against that msw (typos in operations, paths and statuses are compile errors)", () => {
      const tsc = run(process.execPath, [join(projectRoot, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], consumer);
      expect(tsc.output).toBe("");
      expect(tsc.status).toBe(0);
    });

    it.skipIf(!runs)("setupServer with the handlers answers the generated client of every API, no server anywhere (msw 3: on Node.js 22.12+ only)", () => {
      const node = run(process.execPath, [join("out", "all.test.js")], consumer);
      expect(node.output).not.toMatch(/Error/);
      expect(node.stdout.trim().split("\n")).toEqual(apis.map((api) => `ok ${api.name}`));
      expect(node.status).toBe(0);
    });
  });
});
