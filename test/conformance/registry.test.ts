// The check registry is the one place a check is described: the docs' table, the
// CLI's list and the n/a reasons are read from it, and each check module is whole.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FLAGS, usage } from "../../scripts/conformance/cli.ts";
import { CHECK_NAMES, CHECKS, notApplicable } from "../../scripts/conformance/checks/index.ts";
import { buildModel } from "../../scripts/spec/model.ts";
import { loadBundle } from "../../scripts/spec/openapi.ts";
import { loadSpec } from "../../scripts/spec/load.ts";
import { findApi } from "../../scripts/lib/apis.ts";

const DOC = join(import.meta.dirname, "../../docs/conformance.md");

/** The rows of the docs' check table: `| \`name\` | mode | what fails it |`. */
function documentedChecks(): Array<{ name: string; mode: string; description: string }> {
  const text = readFileSync(DOC, "utf8");
  const table = text.slice(text.indexOf("| check | mode | what fails it |"));
  return [...table.matchAll(/^\| `([a-z_]+)` \| (both|full) \| (.+) \|$/gm)].map(([, name = "", mode = "", description = ""]) => ({ name, mode, description }));
}

describe("check registry", () => {
  it("the docs' check table is the registry, row for row, in order", () => {
    expect(documentedChecks()).toEqual(CHECKS.map((check) => ({ name: check.name, mode: check.mode === "stateless" ? "both" : "full", description: check.description })));
  });

  it("holds every name once, each under its own name", () => {
    expect(CHECKS.map((check) => check.name)).toEqual([...CHECK_NAMES]);
    expect(new Set(CHECK_NAMES).size).toBe(CHECK_NAMES.length);
  });

  it("--help lists every check and --checks takes exactly those names", () => {
    for (const name of CHECK_NAMES) expect(usage()).toContain(name);
    expect(FLAGS.some((flag) => flag.name === "checks")).toBe(true);
  });

  it("n/a reasons come from the checks: the petstore (no x- list extensions, no update) has four", async () => {
    const petstore = await loadSpec(join(import.meta.dirname, "../fixtures/petstore/openapi.yaml"));
    expect(notApplicable(buildModel(petstore, "petstore"))).toEqual({
      pagination: "no list operation declares x-pagination",
      sorting: "no list operation declares x-sort",
      filtering: "no list parameter declares x-filter, x-search or x-widens",
      update_visibility: "no resource has both an update and a read operation",
    });
    expect(notApplicable(buildModel(loadBundle(findApi("fullengage").bundle), "fullengage"))).toEqual({});
  });
});
