// `npm run build` (also `prepare`, so a packed tarball and a git dependency both have
// it): the command line as plain JavaScript in dist/, for Node.js 20, 22 and 24.
//
// Why a bundle: the engine's libraries (fast-check, yaml, Redocly's resolver) would add
// ~19 MB of node_modules to every install, including the installs that only import the
// typed clients. Bundled, they cost the package about 1 MB. Even the small pieces of
// runtime dependencies the CLI uses (ajv's runtime helpers, ajv-formats' formats) are
// bundled: loading them from node_modules as CommonJS from ESM cost more start-up
// (Node lexes each for its exports) than their few KB. Only ajv's compiler is required
// from node_modules, and only when a spec's validators were not compiled here (--spec).
// Why not Node's type stripping: Node 20 has none, and no Node strips types under
// node_modules.
// Code splitting keeps `--help` to the few kilobytes of the bin and the flag table;
// the engine chunk loads only for a run.
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build, type Metafile, type Plugin } from "esbuild";
import { parse } from "yaml";
import { loadApis } from "./lib/apis.ts";
import { fail, isMain } from "./lib/cli.ts";
import { loadBundle } from "./spec/openapi.ts";
import { packageRoot } from "./lib/package.ts";
import { buildMsw } from "./mock/build-msw.ts";
import { precompiledValidatorsSource } from "./spec/validators.ts";

export const distDir = join(packageRoot, "dist");



const PRECOMPILED_REGISTRY = join(packageRoot, "scripts", "lib", "precompiled.ts");
const VALIDATORS_NAMESPACE = "precompiled-validators";

/**
 * Each API's validators compiled now (ajv standalone code), one chunk per API that a
 * run loads only for its own API, in place of the empty registry the sources have:
 * a run compiles nothing for the shipped bundles.
 */
function precompiledValidatorsPlugin(): Plugin {
  const apis = loadApis();
  return {
    name: VALIDATORS_NAMESPACE,
    setup(esbuild) {
      esbuild.onLoad({ filter: /[\\/]lib[\\/]precompiled\.ts$/ }, (args) => {
        if (args.path !== PRECOMPILED_REGISTRY) return undefined;
        const entries = apis.map((api) => `  ${JSON.stringify(api.name)}: () => import(${JSON.stringify(`${VALIDATORS_NAMESPACE}:${api.name}`)}),`);
        return { contents: `export const precompiledValidators = {\n${entries.join("\n")}\n};\n`, loader: "js" };
      });
      esbuild.onResolve({ filter: new RegExp(`^${VALIDATORS_NAMESPACE}:`) }, (args) => ({ path: args.path.slice(VALIDATORS_NAMESPACE.length + 1), namespace: VALIDATORS_NAMESPACE }));
      esbuild.onLoad({ filter: /.*/, namespace: VALIDATORS_NAMESPACE }, (args) => {
        const api = apis.find((candidate) => candidate.name === args.path);
        if (!api) throw new Error(`no API ${args.path}`);
        const formatsModule = join(packageRoot, "scripts", "spec", "validation-formats.js");
        return { contents: precompiledValidatorsSource(loadBundle(api.bundle), formatsModule), loader: "js", resolveDir: packageRoot };
      });
    },
  };
}

/**
 * redocly.yaml's API list read now and built in (lib/apis.ts reads it from there), so
 * the installed CLI starts without loading a YAML parser (~12 ms, a tenth of a short
 * run): lib/apis.ts's `yaml` import becomes a stub that says so if it is ever called.
 */
function builtApiListPlugin(): Plugin {
  return {
    name: "built-api-list",
    setup(esbuild) {
      esbuild.onResolve({ filter: /^yaml$/ }, (args) => (args.importer.endsWith(join("lib", "apis.ts")) ? { path: "yaml", namespace: "built-api-list" } : undefined));
      esbuild.onLoad({ filter: /.*/, namespace: "built-api-list" }, () => ({
        contents: `export function parse() { throw new Error("the built CLI reads redocly.yaml's API list from the build, not the file"); }`,
        loader: "js",
      }));
    },
  };
}

function builtApiEntries(): string {
  return JSON.stringify((parse(readFileSync(join(packageRoot, "redocly.yaml"), "utf8")) as { apis?: unknown }).apis ?? {});
}

/** The package folders under node_modules that the bundle took code from. */
function bundledPackages(metafile: Metafile): string[] {
  const folders = Object.keys(metafile.inputs).flatMap((input) => {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    return match ? [match[1] as string] : [];
  });
  return [...new Set(folders)].sort();
}

/** Their licenses travel with the code: MIT and ISC ask for the notice in every copy. */
function thirdPartyNotices(metafile: Metafile): string {
  const sections = bundledPackages(metafile).map((folder) => {
    const dir = join(packageRoot, folder);
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string; version: string; license?: string };
    const licenseFile = readdirSync(dir).find((file) => /^(licen[cs]e|copying)/i.test(file));
    const text = licenseFile && existsSync(join(dir, licenseFile)) ? readFileSync(join(dir, licenseFile), "utf8").trim() : `License: ${manifest.license ?? "see package"}`;
    return `## ${manifest.name}@${manifest.version} (${manifest.license ?? "unknown"})\n\n${text}\n`;
  });
  return `# Third-party code bundled in dist/\n\n${sections.join("\n")}`;
}

/** Builds into a fresh folder and swaps it in, so a concurrent `npm pack` never sees half a build. */
export async function buildCli(outdir = distDir): Promise<void> {
  const staging = `${outdir}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  await bundle(staging);
  await buildMsw(staging);
  const old = `${outdir}.old-${process.pid}`;
  if (existsSync(outdir)) renameSync(outdir, old);
  renameSync(staging, outdir);
  rmSync(old, { recursive: true, force: true });
}

async function bundle(outdir: string): Promise<void> {
  const { metafile } = await build({
    entryPoints: { bin: join(packageRoot, "scripts", "bin.ts") },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    plugins: [precompiledValidatorsPlugin(), builtApiListPlugin()],
    define: { __CLIENTS_CONTRACT_APIS__: builtApiEntries() },
    target: "node20.19",
    minify: true,
    chunkNames: "chunks/[name]-[hash]",
    legalComments: "none",
    metafile: true,
    logLevel: "warning",
    // The bundled CommonJS libraries call require() for node's own modules.
    banner: { js: 'import { createRequire as __cc_createRequire } from "node:module"; const require = __cc_createRequire(import.meta.url);' },
  });
  writeFileSync(join(outdir, "THIRD_PARTY_NOTICES.md"), thirdPartyNotices(metafile));
}

if (isMain(import.meta.url)) {
  buildCli().catch((error: unknown) => fail("build", error));
}
