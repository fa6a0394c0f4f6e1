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
// the engine chunk loads only for a run. Each command is built on its own, its front in
// one file (see bundleCommand): in one build for all three commands, code they share was
// split by which of them import it, and a conformance run loaded 30 files, each a
// resolve, a compile and a link to Node's ESM loader (on Node 20, ~20 ms before the
// flags were even read, ~20 ms more before the first request); now it loads 11-12. Code
// two commands share is in both builds, except Redocly's resolver (SHARED_LIBRARIES).
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
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

/** The package folders under node_modules that the bundles took code from (`inputs`: their source files). */
function bundledPackages(inputs: Metafile["inputs"]): string[] {
  const folders = Object.keys(inputs).flatMap((input) => {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    return match ? [match[1] as string] : [];
  });
  return [...new Set(folders)].sort();
}

/** Their licenses travel with the code: MIT and ISC ask for the notice in every copy. */
function thirdPartyNotices(inputs: Metafile["inputs"]): string {
  const sections = bundledPackages(inputs).map((folder) => {
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
  const inputs = { ...(await bundle(staging)), ...(await buildMsw(staging)) };
  writeFileSync(join(staging, "THIRD_PARTY_NOTICES.md"), thirdPartyNotices(inputs));
  const old = `${outdir}.old-${process.pid}`;
  if (existsSync(outdir)) renameSync(outdir, old);
  renameSync(staging, outdir);
  rmSync(old, { recursive: true, force: true });
}

const COMMON = {
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20.19",
  minify: true,
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
  // The bundled CommonJS libraries call require() for node's own modules.
  banner: { js: 'import { createRequire as __cc_createRequire } from "node:module"; const require = __cc_createRequire(import.meta.url);' },
} as const;

/**
 * Leaves the relative dynamic imports of a front (bin.ts, or a command's own module) to
 * builds of their own, recording them in `targets` (source path → output name, its path
 * under scripts/ with dashes); `importPath` says where a target's output is, seen from the front.
 */
function frontPlugin(targets: Map<string, string>, importPath: (name: string) => string): Plugin {
  return {
    name: "front",
    setup(esbuild) {
      esbuild.onResolve({ filter: /^\./ }, (args) => {
        if (args.kind !== "dynamic-import") return undefined;
        const source = resolve(args.resolveDir, args.path);
        const name = relative(join(packageRoot, "scripts"), source).replace(/\.ts$/, "").replaceAll(/[\\/]/g, "-");
        targets.set(source, name);
        return { path: importPath(name), external: true };
      });
    },
  };
}

/**
 * Libraries more than one command loads only dynamically (Redocly's resolver and linter,
 * 1.1 MB with the graphql it lints with, for --spec), built once into dist/<folder>/ and
 * imported from there, not copied into each command's build.
 */
const SHARED_LIBRARIES = [{ specifier: "@redocly/openapi-core", folder: "redocly" }] as const;

function sharedLibrariesPlugin(): Plugin {
  return {
    name: "shared-libraries",
    setup(esbuild) {
      for (const library of SHARED_LIBRARIES) {
        const filter = new RegExp(`^${library.specifier.replace(/[/.@-]/g, (character) => `\\${character}`)}$`);
        esbuild.onResolve({ filter }, (args) => (args.kind === "dynamic-import" ? { path: `../${library.folder}/${library.folder}.js`, external: true } : undefined));
      }
    },
  };
}

async function bundleSharedLibraries(outdir: string): Promise<Metafile["inputs"][]> {
  return Promise.all(
    SHARED_LIBRARIES.map(async (library) => {
      const result = await build({
        ...COMMON,
        stdin: { contents: `export * from ${JSON.stringify(library.specifier)};`, resolveDir: packageRoot, sourcefile: `${library.folder}.js` },
        outdir: join(outdir, library.folder),
        entryNames: library.folder,
        splitting: true,
        chunkNames: "[name]-[hash]",
      });
      return result.metafile.inputs;
    }),
  );
}

/**
 * A command (what bin.ts imports for it) in two builds, into dist/<name>/: its front
 * (--help, the flags and the checks on them) as one file, and what the front imports
 * dynamically (the engine, the reporters, each API's validators) split into chunks.
 * Modules both use are in both, each copy with its own state: the front knows the
 * engine's errors by the classes the engine exports (see conformance/lazy.ts).
 */
async function bundleCommand(source: string, name: string, outdir: string, define: Record<string, string>): Promise<Metafile["inputs"]> {
  const targets = new Map<string, string>();
  const folder = join(outdir, name);
  const plugins = [precompiledValidatorsPlugin(), builtApiListPlugin(), sharedLibrariesPlugin()];
  const front = await build({ ...COMMON, entryPoints: { [name]: source }, outdir: folder, plugins: [frontPlugin(targets, (target) => `./${target}.js`), ...plugins], define });
  if (targets.size === 0) return front.metafile.inputs;
  const entryPoints = Object.fromEntries([...targets].map(([target, targetName]) => [targetName, target]));
  const rest = await build({ ...COMMON, entryPoints, outdir: folder, splitting: true, chunkNames: "[name]-[hash]", plugins, define });
  return { ...front.metafile.inputs, ...rest.metafile.inputs };
}

/** The command line into `outdir`; resolves with the source files bundled. */
async function bundle(outdir: string): Promise<Metafile["inputs"]> {
  const define = { __CLIENTS_CONTRACT_APIS__: builtApiEntries() };
  const commands = new Map<string, string>();
  const bin = await build({ ...COMMON, entryPoints: { bin: join(packageRoot, "scripts", "bin.ts") }, outdir, plugins: [frontPlugin(commands, (name) => `./${name}/${name}.js`)], define });
  const built = await Promise.all([...commands].map(([source, name]) => bundleCommand(source, name, outdir, define)));
  const libraries = await bundleSharedLibraries(outdir);
  return Object.assign({}, bin.metafile.inputs, ...built, ...libraries) as Metafile["inputs"];
}

if (isMain(import.meta.url)) {
  buildCli().catch((error: unknown) => fail("build", error));
}
