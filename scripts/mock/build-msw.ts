// dist/msw/<api>.js, the JavaScript of `clients-contract/<api>/msw` (types in
// generated/<api>/msw.d.ts): scripts/mock/msw.ts bound to the API's bundled spec, for
// browsers and Node alike. msw, openapi-msw and the package's own client stay
// imports (the app has them), and so do the package's runtime dependencies (ajv);
// the engine is bundled, in one shared chunk.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { build, type Plugin } from "esbuild";
import { loadApis } from "../lib/apis.ts";
import { packageRoot } from "../lib/package.ts";

const ENTRY = "msw-entry:";

function entrySource(api: string): string {
  return `import { createOpenApiHttp } from "openapi-msw";
import { defaultBaseUrl } from "clients-contract/${api}";
import spec from ${JSON.stringify(join(packageRoot, "generated", api, "openapi.json"))};
import { createMockHandlers } from ${JSON.stringify(join(packageRoot, "scripts", "mock", "msw.ts"))};
export const http = createOpenApiHttp({ baseUrl: defaultBaseUrl });
export function createHandlers(options = {}) {
  return createMockHandlers(spec, ${JSON.stringify(api)}, defaultBaseUrl, { ...options, stateful: false });
}
export function createStatefulHandlers(options = {}) {
  return createMockHandlers(spec, ${JSON.stringify(api)}, defaultBaseUrl, { ...options, stateful: true });
}
const examples = createHandlers();
export const handlers = examples.handlers;
export const handlersByOperation = examples.byOperation;
`;
}

/**
 * One virtual entry per API. Node's own modules (`node:fs` for loadBundle, `node:url` for
 * the CLI helpers next to what the engine imports) are never called by the handlers:
 * they become a stub that throws if anything ever does, so browsers can load the bundle.
 */
const entries: Plugin = {
  name: "msw-entries",
  setup(plugin) {
    plugin.onResolve({ filter: /^msw-entry:/ }, (args) => ({ path: args.path, namespace: "msw-entry" }));
    plugin.onLoad({ filter: /.*/, namespace: "msw-entry" }, (args) => ({ contents: entrySource(args.path.slice(ENTRY.length)), resolveDir: packageRoot, loader: "js" }));
    // lib/validators.ts requires ajv's compiler lazily (createRequire): here it is an import.
    plugin.onResolve({ filter: /^node:module$/ }, () => ({ path: "node:module", namespace: "lazy-require" }));
    plugin.onLoad({ filter: /.*/, namespace: "lazy-require" }, () => ({
      contents: `import * as ajv2020 from "ajv/dist/2020.js";
export function createRequire() {
  return (name) => {
    if (name !== "ajv/dist/2020.js") throw new Error(name + " is not available to the MSW handlers");
    return ajv2020.default ?? ajv2020;
  };
}`,
      loader: "js",
      resolveDir: packageRoot,
    }));
    plugin.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: "node-stub" }));
    plugin.onLoad({ filter: /.*/, namespace: "node-stub" }, (args) => ({
      contents: `module.exports = new Proxy({}, { get: (_, name) => () => { throw new Error(${JSON.stringify(args.path)} + "." + String(name) + " is not available to the MSW handlers"); } });`,
      loader: "js",
    }));
  },
};

/** The package's runtime dependencies (ajv among them): npm installs them beside it. */
function runtimeDependencies(): string[] {
  const manifest = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
  return Object.keys(manifest.dependencies ?? {}).flatMap((name) => [name, `${name}/*`]);
}

export async function buildMsw(outdir: string): Promise<void> {
  await build({
    entryPoints: Object.fromEntries(loadApis().map((api) => [`msw/${api.name}`, `${ENTRY}${api.name}`])),
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    external: ["msw", "msw/*", "openapi-msw", "clients-contract", "clients-contract/*", ...runtimeDependencies()],
    target: "es2022",
    minify: true,
    chunkNames: "chunks/msw-[hash]",
    legalComments: "none",
    logLevel: "warning",
    plugins: [entries],
  });
}
