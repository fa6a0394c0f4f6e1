// The layers of scripts/ and who may import whom (ARCHITECTURE.md says why). Each
// folder lists the folders its modules may import; a folder not listed may import any
// folder of scripts/. Nothing shipped imports test/ or scripts/bench/: the benchmarks
// alone, a tool of this repository like the tests, may use the test fixtures.
import type { Graph } from "./import-graph.ts";

export const LAYERS: Record<string, readonly string[]> = {
  "scripts/lib": ["scripts/lib"],
  "scripts/spec": ["scripts/lib", "scripts/spec"],
  "scripts/server": ["scripts/lib", "scripts/spec", "scripts/server"],
  "scripts/mock": ["scripts/lib", "scripts/spec", "scripts/server", "scripts/mock"],
  "scripts/conformance": ["scripts/lib", "scripts/spec", "scripts/conformance"],
  "scripts/proxy": ["scripts/lib", "scripts/spec", "scripts/server", "scripts/mock", "scripts/conformance", "scripts/proxy"],
  "scripts/generate": ["scripts/lib", "scripts/spec", "scripts/generate"],
  "scripts/review": ["scripts/lib", "scripts/spec", "scripts/generate", "scripts/review"],
  "scripts/lint": ["scripts/lint"],
};

/** The layer of a file: the longest LAYERS key it sits under, or its own folder. */
function layerOf(file: string): string {
  const folder = file.slice(0, file.lastIndexOf("/"));
  return Object.keys(LAYERS)
    .filter((layer) => folder === layer || folder.startsWith(`${layer}/`))
    .sort((a, b) => b.length - a.length)[0] ?? folder;
}

const inside = (file: string, folder: string) => file.startsWith(`${folder}/`);

/** Every import that breaks the layering, as `from -> to (rule)`. */
export function layerViolations(graph: Graph): string[] {
  const found: string[] = [];
  for (const [file, targets] of graph) {
    if (!inside(file, "scripts")) continue;
    const layer = layerOf(file);
    const allowed = LAYERS[layer];
    for (const target of targets) {
      if (inside(target, "test") && !inside(file, "scripts/bench")) found.push(`${file} -> ${target} (the product never imports test/)`);
      else if (inside(target, "scripts/bench") && !inside(file, "scripts/bench")) found.push(`${file} -> ${target} (only the benchmarks import scripts/bench/)`);
      else if (allowed && inside(target, "scripts") && !allowed.includes(layerOf(target))) found.push(`${file} -> ${target} (${layer} may import ${allowed.join(", ")})`);
    }
  }
  return found;
}
