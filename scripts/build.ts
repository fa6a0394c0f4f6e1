// `npm run build` (also `prepare`, so a packed tarball and a git dependency both have
// it): the command line as plain JavaScript in dist/, for Node.js 20, 22 and 24.
//
// Why a bundle: the engine's libraries (fast-check, yaml, Redocly's resolver, and
// ajv unless it is a runtime dependency anyway) would add ~19 MB of node_modules to
// every install, including the installs that only import the typed clients. Bundled,
// they cost the package about 1 MB. Runtime `dependencies` stay external: npm installs
// them anyway. Why not Node's type stripping: Node 20 has none, and no Node strips
// types under node_modules.
// Code splitting keeps `--help` to the few kilobytes of the bin and the flag table;
// the engine chunk loads only for a run.
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build, type Metafile } from "esbuild";
import { fail, isMain } from "./lib/cli.ts";
import { packageRoot } from "./lib/package.ts";
import { buildMsw } from "./mock/build-msw.ts";

export const distDir = join(packageRoot, "dist");

/** What npm installs beside the package is imported from node_modules, not bundled twice. */
function runtimeDependencies(): string[] {
  const manifest = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
  return Object.keys(manifest.dependencies ?? {}).flatMap((name) => [name, `${name}/*`]);
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
  await buildMsw(staging, runtimeDependencies());
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
    external: runtimeDependencies(),
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
