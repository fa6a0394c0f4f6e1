// dist/msw/<api>.js, the JavaScript of `clients-contract/<api>/msw` (types in
// generated/<api>/msw.d.ts): scripts/mock/msw.ts bound to the API's bundled spec and
// its validators compiled now (ajv standalone code), for browsers and Node alike. msw
// and the package's own client stay imports (the app has them); the engine and ajv's
// small run-time helpers are bundled, in one shared chunk. Nothing is compiled at run
// time, so a page whose Content-Security-Policy forbids `unsafe-eval` can use it.
import { join } from "node:path";
import { build, type Metafile, type Plugin } from "esbuild";
import { loadApis } from "../lib/apis.ts";
import { packageRoot } from "../lib/package.ts";
import { loadBundle } from "../spec/openapi.ts";
import { precompiledValidatorsSource } from "../spec/validators.ts";

const ENTRY = "msw-entry:";
const VALIDATORS = "msw-validators:";

function entrySource(api: string): string {
  return `import { defaultBaseUrl } from "clients-contract/${api}";
import spec from ${JSON.stringify(join(packageRoot, "generated", api, "openapi.json"))};
import { validators } from ${JSON.stringify(`${VALIDATORS}${api}`)};
import { createHttp as createHttpAt, createMockHandlers } from ${JSON.stringify(join(packageRoot, "scripts", "mock", "msw.ts"))};
export function createHttp(options = {}) {
  return createHttpAt({ baseUrl: defaultBaseUrl, ...options });
}
export const http = createHttp();
export function createHandlers(options = {}) {
  return createMockHandlers(spec, ${JSON.stringify(api)}, defaultBaseUrl, { ...options, stateful: false, precompiled: validators });
}
export function createStatefulHandlers(options = {}) {
  return createMockHandlers(spec, ${JSON.stringify(api)}, defaultBaseUrl, { ...options, stateful: true, precompiled: validators });
}
const examples = createHandlers();
export const handlers = examples.handlers;
export const handlersByOperation = examples.byOperation;
`;
}

/** A module whose every function throws: Node's own modules, which the handlers never call. */
function unavailable(what: string): string {
  return `module.exports = new Proxy({}, { get: (_, name) => () => { throw new Error(${JSON.stringify(what)} + "." + String(name) + " is not available to the MSW handlers"); } });`;
}

/**
 * One virtual entry per API and its precompiled validators. Node's own modules
 * (`node:fs` for loadBundle, `node:module` for the compiler lib/validators.ts requires
 * lazily) are never called by the handlers: they become stubs that throw if anything
 * ever does, so browsers can load the bundle and no compiler is in it.
 */
const entries: Plugin = {
  name: "msw-entries",
  setup(plugin) {
    plugin.onResolve({ filter: /^msw-entry:/ }, (args) => ({ path: args.path, namespace: "msw-entry" }));
    plugin.onLoad({ filter: /.*/, namespace: "msw-entry" }, (args) => ({ contents: entrySource(args.path.slice(ENTRY.length)), resolveDir: packageRoot, loader: "js" }));
    plugin.onResolve({ filter: /^msw-validators:/ }, (args) => ({ path: args.path.slice(VALIDATORS.length), namespace: "msw-validators" }));
    plugin.onLoad({ filter: /.*/, namespace: "msw-validators" }, (args) => {
      const api = loadApis().find((candidate) => candidate.name === args.path);
      if (!api) throw new Error(`no API ${args.path}`);
      const formatsModule = join(packageRoot, "scripts", "spec", "validation-formats.js");
      return { contents: precompiledValidatorsSource(loadBundle(api.bundle), formatsModule), loader: "js", resolveDir: packageRoot };
    });
    // lib/validators.ts makes its require at load time and calls it only to compile, which the precompiled validators spare.
    plugin.onResolve({ filter: /^node:module$/ }, () => ({ path: "node:module", namespace: "no-compiler" }));
    plugin.onLoad({ filter: /.*/, namespace: "no-compiler" }, () => ({
      contents: `export function createRequire() {
  return (name) => { throw new Error(name + " is not available to the MSW handlers: their validators are compiled at build time"); };
}`,
      loader: "js",
    }));
    plugin.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: "node-stub" }));
    plugin.onLoad({ filter: /.*/, namespace: "node-stub" }, (args) => ({ contents: unavailable(args.path), loader: "js" }));
  },
};

/** Builds the handlers into `outdir`; resolves with the source files bundled (whose licences travel with them). */
export async function buildMsw(outdir: string): Promise<Metafile["inputs"]> {
  const { metafile } = await build({
    entryPoints: Object.fromEntries(loadApis().map((api) => [`msw/${api.name}`, `${ENTRY}${api.name}`])),
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    external: ["msw", "msw/*", "clients-contract", "clients-contract/*"],
    target: "es2022",
    minify: true,
    chunkNames: "chunks/msw-[hash]",
    legalComments: "none",
    metafile: true,
    logLevel: "warning",
    plugins: [entries],
  });
  return metafile.inputs;
}
