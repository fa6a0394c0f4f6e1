// ARCHITECTURE.md, held: the layers import only what they may, nothing shipped imports
// test/ or the benchmarks, and no import closes a cycle. The rules are checked on a
// deliberately bad graph too, so a broken checker cannot pass silently.
import { describe, expect, it } from "vitest";
import { cycles, type Graph, importGraph, importsOf } from "./import-graph.ts";
import { layerViolations } from "./layers.ts";

describe("the layers of scripts/", () => {
  const graph = importGraph(["scripts", "test"]);

  it("every import goes where its layer may go", () => {
    expect(layerViolations(graph)).toEqual([]);
  });

  it("no import cycle, type-only imports included", () => {
    expect(cycles(importGraph(["scripts"]))).toEqual([]);
  });

  it("catches a deliberately bad import: mock/ or server/ reaching into conformance/, the product into test/ or bench/", () => {
    const bad: Graph = new Map([
      ["scripts/mock/lists.ts", ["scripts/conformance/runner.ts"]],
      ["scripts/server/engine.ts", ["scripts/conformance/checks/names.ts"]],
      ["scripts/conformance/cli.ts", ["test/fixtures/reference/index.ts"]],
      ["scripts/spec/model.ts", ["scripts/bench/index.ts"]],
      ["scripts/lib/cli.ts", ["scripts/spec/openapi.ts"]],
      ["scripts/bench/conformance.ts", ["test/fixtures/reference/index.ts"]],
    ]);
    expect(layerViolations(bad)).toEqual([
      "scripts/mock/lists.ts -> scripts/conformance/runner.ts (scripts/mock may import scripts/lib, scripts/spec, scripts/server, scripts/mock)",
      "scripts/server/engine.ts -> scripts/conformance/checks/names.ts (scripts/server may import scripts/lib, scripts/spec, scripts/server)",
      "scripts/conformance/cli.ts -> test/fixtures/reference/index.ts (the product never imports test/)",
      "scripts/spec/model.ts -> scripts/bench/index.ts (only the benchmarks import scripts/bench/)",
      "scripts/lib/cli.ts -> scripts/spec/openapi.ts (scripts/lib may import scripts/lib)",
    ]);
  });

  it("catches a cycle, and reads type-only and dynamic imports as edges", () => {
    expect(cycles(new Map([["a.ts", ["b.ts"]], ["b.ts", ["c.ts"]], ["c.ts", ["a.ts"]]]))).toEqual([["a.ts", "b.ts", "c.ts", "a.ts"]]);
    const text = 'import type { X } from "./results.ts";\nconst m = await import("../spec/load.ts");\n// import("./not-an-edge.ts")\n';
    expect(importsOf("scripts/conformance/runner.ts", text).sort()).toEqual(["scripts/conformance/results.ts", "scripts/spec/load.ts"]);
  });
});
