// The package as another repo gets it: `npm pack`, installed offline into a temporary
// consumer project, type-checked there under moduleResolution nodenext and bundler,
// and run by plain Node.js against an in-process HTTP server.
// The install is `npm ci --offline` from a lock file built from ours, so it uses only
// the npm cache that this project's own `npm ci` filled.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, loadApis, projectRoot } from "../../scripts/lib/apis.ts";
import { type OpenApiDocument, listOperations, loadBundle } from "../../scripts/lib/openapi.ts";

const apis = loadApis();
const manifest = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
};

interface LockEntry {
  version: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
}

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", timeout: 120_000 });
  const output = `${result.stdout}${result.stderr}`.split("\n").filter((line) => !line.includes('Unknown user config "nodedir"')).join("\n");
  return { status: result.status, stdout: result.stdout, output };
}

/**
 * The consumer's lock file: our package from the tarball, and its runtime dependencies
 * exactly as our own lock file pins them, with their registry tarball URLs so that
 * `npm ci --offline` finds them in the cache without asking the registry anything.
 */
function consumerLock(tarball: string, integrity: string): unknown {
  const lock = JSON.parse(readFileSync(join(projectRoot, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };
  const registry = run("npm", ["config", "get", "registry"], projectRoot).stdout.trim().replace(/\/$/, "");
  const packages: Record<string, unknown> = {
    "": { name: "consumer", dependencies: { [manifest.name]: `file:${tarball}` } },
    [`node_modules/${manifest.name}`]: { version: manifest.version, resolved: `file:${tarball}`, integrity, dependencies: manifest.dependencies },
  };
  const pending = Object.keys(manifest.dependencies);
  for (let name = pending.shift(); name !== undefined; name = pending.shift()) {
    const key = `node_modules/${name}`;
    const entry = lock.packages[key];
    if (!entry) throw new Error(`package-lock.json has no ${key}`);
    if (packages[key]) continue;
    packages[key] = { ...entry, resolved: entry.resolved ?? `${registry}/${name}/-/${name.split("/").pop()}-${entry.version}.tgz` };
    pending.push(...Object.keys(entry.dependencies ?? {}));
  }
  return { name: "consumer", lockfileVersion: 3, requires: true, packages };
}

/**
 * A consumer file for one API, written from its spec so that every API, a new one
 * included, is covered: every named export, the JSON bundle, and the first GET, whose
 * `data` must be exactly the documented 200 body.
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
  ${schemas.map((schema) => `type ${schema},`).join("\n  ")}
} from "${manifest.name}/${api.name}";
import bundle from "${manifest.name}/${api.name}/openapi.json" with { type: "json" };

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const exact = <Check extends true>(): Check | undefined => undefined;

const options: ApiClientOptions = { baseUrl: servers[0].url, token: () => "token", timeoutMs: 5_000, fetch: (request) => fetch(request) };
export const client: TypedClient = createClient(options);
export const base: string = defaultBaseUrl;
export const title: string = bundle.info.title;
export type Paths = keyof paths;

${schemas.map((schema) => `exact<Equal<${schema}, components["schemas"][${JSON.stringify(schema)}]>>();`).join("\n")}

export async function firstGet(): Promise<${body} | undefined> {
  const { data, error } = await client.GET(${JSON.stringify(operation.path)}${init});
  exact<Equal<typeof data, ${body} | undefined>>();
  if (error !== undefined) return undefined;
  return data;
}
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
  noEmit: true,
};

const resolutions = {
  nodenext: { module: "nodenext", moduleResolution: "nodenext" },
  bundler: { module: "preserve", moduleResolution: "bundler" },
};

describe("the packed package in a consumer project", () => {
  const consumer = mkdtempSync(join(tmpdir(), "consumer-"));
  let packedFiles: string[] = [];
  let install = { status: null as number | null, output: "" };
  afterAll(() => rmSync(consumer, { recursive: true, force: true }));

  beforeAll(() => {
    const pack = run("npm", ["pack", "--json", "--pack-destination", consumer], projectRoot);
    expect(pack.status, pack.output).toBe(0);
    const [packed] = JSON.parse(pack.stdout) as Array<{ filename: string; integrity: string; files: Array<{ path: string }> }>;
    if (!packed) throw new Error("npm pack reported no tarball");
    packedFiles = packed.files.map((file) => file.path);

    writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module", dependencies: { [manifest.name]: `file:${packed.filename}` } }));
    writeFileSync(join(consumer, "package-lock.json"), JSON.stringify(consumerLock(packed.filename, packed.integrity)));
    install = run("npm", ["ci", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], consumer);

    for (const api of apis) writeFileSync(join(consumer, `${api.name}.ts`), consumerSource(api, loadBundle(api.bundle)));
    for (const [name, resolution] of Object.entries(resolutions)) {
      writeFileSync(join(consumer, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions: { ...strictest, ...resolution }, include: ["*.ts"] }));
    }
    copyFileSync(join(projectRoot, "test", "generated", "consumer", "run.mjs"), join(consumer, "run.mjs"));
  });

  it("ships only package.json, the README, LICENSE, CHANGELOG.md and generated/", () => {
    expect(packedFiles.filter((file) => !/^(package\.json|README\.md|LICENSE|CHANGELOG\.md|generated\/.+)$/.test(file))).toEqual([]);
    for (const file of ["LICENSE", "CHANGELOG.md"]) expect(packedFiles).toContain(file);
    for (const api of apis) {
      for (const file of ["index.js", "index.d.ts", "schema.d.ts", "openapi.json"]) expect(packedFiles).toContain(`generated/${api.name}/${file}`);
    }
  });

  it("installs from the tarball with no network", () => {
    expect(install.status, install.output).toBe(0);
  });

  it.each(Object.keys(resolutions))("type-checks a consumer of every API with moduleResolution %s, library types included", (name) => {
    const tsc = run(process.execPath, [join(projectRoot, "node_modules", "typescript", "bin", "tsc"), "-p", `tsconfig.${name}.json`], consumer);
    expect(tsc.output).toBe("");
    expect(tsc.status).toBe(0);
  });

  it("runs in plain Node.js ESM: every API's client gets its data from an in-process server", () => {
    const node = run(process.execPath, ["run.mjs", ...apis.map((api) => api.name)], consumer);
    expect(node.output).not.toMatch(/Error/);
    expect(node.status).toBe(0);
    expect(node.stdout.split("\n").filter((line) => line.startsWith("ok ")).map((line) => line.split(":")[0])).toEqual(apis.map((api) => `ok ${api.name}`));
  });
});
