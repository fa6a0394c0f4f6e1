// The import graph of the repository's own modules, read from their text: every
// `import`/`export … from` and `import()` with a relative specifier, type-only ones
// included (a cycle of types is still two modules that cannot be understood apart).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");

const SOURCE = /\.(ts|js|cjs|mjs)$/;
const SPECIFIER = /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*["']([^"']+)["']|(?:^|[\s;(=])import\s*\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm;

/** Every source file under `folder` (relative to the root), as root-relative paths with `/`. */
export function sourceFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (SOURCE.test(name) && !name.endsWith(".d.ts")) out.push(relative(ROOT, path).split(sep).join("/"));
    }
  };
  walk(join(ROOT, folder));
  return out.sort();
}

/** The repository modules `file` imports (root-relative); packages are left out. */
export function importsOf(file: string, text = readFileSync(join(ROOT, file), "utf8")): string[] {
  const targets = new Set<string>();
  // Comments may quote imports (`// like import("./x.ts")`): they are not edges.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
  for (const match of code.matchAll(SPECIFIER)) {
    const specifier = match[1] ?? match[2] ?? match[3] ?? "";
    if (!specifier.startsWith(".")) continue;
    const target = join(dirname(join(ROOT, file)), specifier);
    if (existsSync(target)) targets.add(relative(ROOT, target).split(sep).join("/"));
  }
  return [...targets];
}

export type Graph = Map<string, string[]>;

export function importGraph(folders: string[]): Graph {
  return new Map(folders.flatMap(sourceFiles).map((file) => [file, importsOf(file)]));
}

/** Each import cycle once, as the modules along it (first module repeated at the end). */
export function cycles(graph: Graph): string[][] {
  const found: string[][] = [];
  const seen = new Set<string>();
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, "open");
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === "open") {
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        const key = [...cycle.slice(0, -1)].sort().join(" ");
        if (!seen.has(key)) found.push(cycle);
        seen.add(key);
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}
