// What a browser app ships: the minified single-file esbuild bundle of a module source
// (no code splitting), for the bundle-size rows of the client and MSW benchmarks.
import { build } from "esbuild";
import { projectRoot } from "../lib/apis.ts";

/** The minified single-file bundle of a page whose module source is `source`. */
export async function pageBundle(source: string): Promise<string> {
  const bundled = await build({
    stdin: { contents: source, resolveDir: projectRoot, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "error",
  });
  return bundled.outputFiles.map((file) => file.text).join("");
}
