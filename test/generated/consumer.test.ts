// The package as another repo gets it: the suite's one `npm pack` (its `prepare` builds
// dist/), installed offline into the shared frontend consumer project (beside msw 2,
// React, TanStack Query and openapi-react-query; test/fixtures/shared.ts), type-checked
// there under moduleResolution nodenext and bundler, and run by plain Node.js against
// an in-process HTTP server and under msw/node: a client created before listen(), and
// the package's MSW handlers answering its clients at the default base URL and at one
// of the app's own. The install is `npm ci --offline` from a lock file built from ours,
// so it uses only the npm cache that this project's own `npm ci` filled. This file
// writes only in a folder of its own inside the shared install.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, loadApis, projectRoot } from "../../scripts/lib/apis.ts";
import { type OpenApiDocument, listOperations, loadBundle } from "../../scripts/spec/openapi.ts";
import { manifest, type Run, run } from "../fixtures/packed.ts";
import { PACKED_TIMEOUT_MS, sharedConsumer, sharedPacked } from "../fixtures/shared.ts";
import { mswConsumerPassed, mswConsumerTsconfig, writeMswConsumer } from "./consumer/msw-consumer.ts";

const apis = loadApis();

/**
 * A consumer file for one API, written from its spec so that every API, a new one
 * included, is covered: every named export, the JSON bundle, the first GET, whose
 * `data` must be exactly the documented 200 body (narrowed by `status` too), and the
 * validating client of the /validate subpath.
 */
function consumerSource(api: Api, spec: OpenApiDocument): string {
  const operation = listOperations(spec).find((candidate) => candidate.method === "get");
  if (!operation) throw new Error(`${api.name}: no GET operation`);
  const pathParams = Object.fromEntries(operation.parameters.filter((p) => p.in === "path").map((p) => [p.name, p.example]));
  const init = Object.keys(pathParams).length > 0 ? `, { params: { path: ${JSON.stringify(pathParams)} } }` : "";
  const schemas = Object.keys(spec.components?.schemas ?? {});
  const body = `operations[${JSON.stringify(operation.operationId)}]["responses"][200]["content"]["application/json"]`;
  return `import {
  type ApiClientOptions,
  type TypedClient,
  type components,
  type operations,
  type paths,
  createClient,
  defaultBaseUrl,
  servers,
  ResponseValidationError,
  type ResponseProblem,
  ${schemas.map((schema) => `type ${schema},`).join("\n  ")}
} from "${manifest.name}/${api.name}";
import { createClient as createValidatingClient, type ValidatingClientOptions } from "${manifest.name}/${api.name}/validate";
import bundle from "${manifest.name}/${api.name}/openapi.json" with { type: "json" };

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const exact = <Check extends true>(): Check | undefined => undefined;

const options: ApiClientOptions = { baseUrl: servers[0].url, token: () => "token", timeoutMs: 5_000, fetch: (request) => fetch(request) };
export const client: TypedClient = createClient(options);
export const problems: ResponseProblem[] = [];
const validatingOptions: ValidatingClientOptions = {
  ...options,
  validate: "warn",
  onInvalidResponse: (error) => {
    exact<Equal<typeof error, ResponseValidationError>>();
    problems.push(...error.problems);
  },
};
export const validating: TypedClient = createValidatingClient(validatingOptions);
export const base: string = defaultBaseUrl;
export const title: string = bundle.info.title;
export type Paths = keyof paths;

${schemas.map((schema) => `exact<Equal<${schema}, components["schemas"][${JSON.stringify(schema)}]>>();`).join("\n")}

export async function firstGet(): Promise<${body} | undefined> {
  const result = await client.GET(${JSON.stringify(operation.path)}${init});
  const { data, error } = result;
  exact<Equal<typeof data, ${body} | undefined>>();
  if (result.status === 200) exact<Equal<typeof result.data, ${body}>>();
  if (error !== undefined) return undefined;
  return data;
}
`;
}

/**
 * The query hooks of every API (`clients-contract/<api>/query`) over a client of the
 * main entry, their data typed as the documented 200 body. One file, type-checked under
 * bundler resolution only (what React apps build with): React's and TanStack Query's
 * library types are most of a consumer's type-check.
 */
function querySource(specs: Array<{ api: Api; spec: OpenApiDocument }>): string {
  const lines = specs.flatMap(({ api, spec }, index) => {
    const operation = listOperations(spec).find((candidate) => candidate.method === "get");
    if (!operation) throw new Error(`${api.name}: no GET operation`);
    const pathParams = Object.fromEntries(operation.parameters.filter((p) => p.in === "path").map((p) => [p.name, p.example]));
    const init = Object.keys(pathParams).length > 0 ? `, { params: { path: ${JSON.stringify(pathParams)} } }` : "";
    return [
      `import { createClient as createClient${index}, type operations as Operations${index} } from "${manifest.name}/${api.name}";`,
      `import { createQueryHooks as createQueryHooks${index}, type QueryHooks as QueryHooks${index} } from "${manifest.name}/${api.name}/query";`,
      `export const hooks${index}: QueryHooks${index} = createQueryHooks${index}(createClient${index}({ baseUrl: "https://api.example.test" }));`,
      `const query${index} = hooks${index}.queryOptions("get", ${JSON.stringify(operation.path)}${init});`,
      `exact<Equal<Awaited<ReturnType<NonNullable<typeof query${index}.queryFn>>>, Operations${index}[${JSON.stringify(operation.operationId)}]["responses"][200]["content"]["application/json"]>>();`,
    ];
  });
  return `type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const exact = <Check extends true>(): Check | undefined => undefined;
${lines.join("\n")}
`;
}

const strictest = {
  target: "es2022",
  lib: ["es2023", "dom"],
  types: [],
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  verbatimModuleSyntax: true,
  resolveJsonModule: true,
  skipLibCheck: false,
  // TypeScript's own lib.*.d.ts are not ours to prove, and checking lib.dom.d.ts again in
  // each program cost a third of its time; this package's declarations and every
  // library's in node_modules are still checked.
  skipDefaultLibCheck: true,
  noEmit: true,
};

const resolutions = {
  nodenext: { module: "nodenext", moduleResolution: "nodenext" },
  bundler: { module: "preserve", moduleResolution: "bundler" },
};

describe("the packed package in a consumer project (msw 2, React, TanStack Query)", () => {
  let consumer = "";
  let installDir = "";
  let packedFiles: string[] = [];
  let install: Run = { status: null, stdout: "", output: "" };
  afterAll(() => {
    if (consumer) rmSync(consumer, { recursive: true, force: true });
  });

  beforeAll(async () => {
    const [packed, shared] = await Promise.all([sharedPacked(), sharedConsumer("msw2")]);
    packedFiles = packed.files;
    install = shared.install;
    installDir = shared.dir;
    consumer = mkdtempSync(join(shared.dir, "consumer-"));

    for (const api of apis) writeFileSync(join(consumer, `${api.name}.ts`), consumerSource(api, loadBundle(api.bundle)));
    writeFileSync(join(consumer, "query.ts"), querySource(apis.map((api) => ({ api, spec: loadBundle(api.bundle) }))));
    const mswFiles = writeMswConsumer(consumer, apis, 2);
    writeFileSync(join(consumer, "tsconfig.msw.json"), JSON.stringify(mswConsumerTsconfig(mswFiles)));
    // The MSW tests have a program of their own: in one with library types checked,
    // msw's declarations would cost more than a second tsc run.
    for (const [name, resolution] of Object.entries(resolutions)) {
      const exclude = name === "bundler" ? mswFiles : ["query.ts", ...mswFiles];
      writeFileSync(join(consumer, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions: { ...strictest, ...resolution }, include: ["*.ts"], exclude }));
    }
    for (const script of ["run.mjs", "msw-before-listen.mjs"]) copyFileSync(join(projectRoot, "test", "generated", "consumer", script), join(consumer, script));
  }, PACKED_TIMEOUT_MS);

  it("ships only package.json, the README, LICENSE, CHANGELOG.md, redocly.yaml (the API list), generated/, the built CLI in dist/ and the config file's JSON Schema", () => {
    expect(packedFiles.filter((file) => !/^(package\.json|README\.md|LICENSE|CHANGELOG\.md|redocly\.yaml|generated\/.+|dist\/.+|schemas\/.+\.schema\.json)$/.test(file))).toEqual([]);
    for (const file of ["LICENSE", "CHANGELOG.md", "schemas/clients-contract.config.schema.json"]) expect(packedFiles).toContain(file);
    for (const api of apis) {
      for (const file of ["index.js", "index.d.ts", "schema.d.ts", "openapi.json"]) expect(packedFiles).toContain(`generated/${api.name}/${file}`);
    }
  });

  it("installs from the tarball with no network, beside msw 2 and no openapi-msw (the handlers import only msw)", () => {
    expect(install.status, install.output).toBe(0);
    const installed = JSON.parse(readFileSync(join(installDir, "node_modules", "msw", "package.json"), "utf8")) as { version: string };
    expect(installed.version.split(".")[0]).toBe("2");
    expect(existsSync(join(installDir, "node_modules", "openapi-msw"))).toBe(false);
  });

  // A whole project's type-check, library types included, takes its time on a busy machine.
  it.each(Object.keys(resolutions))("type-checks a consumer of every API with moduleResolution %s, library types included (bundler: the query hooks too)", (name) => {
    const tsc = run(process.execPath, [join(projectRoot, "node_modules", "typescript", "bin", "tsc"), "-p", `tsconfig.${name}.json`], consumer);
    expect(tsc.output).toBe("");
    expect(tsc.status).toBe(0);
  }, 120_000);

  it("type-checks and compiles the consumer's MSW tests against msw 2 (typos in operations, paths and statuses are compile errors)", () => {
    const tsc = run(process.execPath, [join(projectRoot, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.msw.json"], consumer);
    expect(tsc.output).toBe("");
    expect(tsc.status).toBe(0);
  }, 120_000);

  it('under msw/node: a client created before server.listen() is answered by msw, with onUnhandledRequest: "error"', () => {
    const node = run(process.execPath, ["msw-before-listen.mjs", ...apis.map((api) => api.name)], consumer);
    expect(node.output).not.toMatch(/Error/);
    expect(node.status).toBe(0);
    expect(node.stdout.split("\n").filter((line) => line.startsWith("ok ")).map((line) => line.split(":")[0])).toEqual(apis.map((api) => `ok ${api.name}`));
  });

  it("runs in plain Node.js ESM: every API's client gets its data from an in-process server", () => {
    const node = run(process.execPath, ["run.mjs", ...apis.map((api) => api.name)], consumer);
    expect(node.output).not.toMatch(/Error/);
    expect(node.status).toBe(0);
    expect(node.stdout.split("\n").filter((line) => line.startsWith("ok ")).map((line) => line.split(":")[0])).toEqual(apis.map((api) => `ok ${api.name}`));
  });

  it("msw 2: setupServer with the handlers answers the generated client of every API, no server anywhere, at the default base URL and the app's own", () => {
    const node = run(process.execPath, [join("out", "msw-all.js")], consumer);
    expect(node.output).not.toMatch(/Error/);
    expect(node.stdout.trim().split("\n")).toEqual(mswConsumerPassed(apis));
    expect(node.status).toBe(0);
  });
});
