// No fault ships: the reference servers' faults are test fixtures, so the build
// (`npm run build`: the CLI's bundle and the MSW handlers, here into a temporary folder)
// holds none of their names, nor the machinery that switched them on. The engine in
// scripts/server/ offers generic hooks; test/fixtures/reference/faults.ts turns a fault
// into hooks. Beside that, what else the build must (licence notices) and must not
// (the parts of fast-check the engine does not use) carry.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCli } from "../../scripts/build.ts";
import { FAULTS } from "../fixtures/reference/index.ts";

/** Words only fault machinery uses: the error for an unknown fault, the relaxed auth modes, the reply rewrite. */
const MACHINERY = ["unknown fault", "accept-missing", "accept-any", "rewriteReply"];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("the build ships no fault", () => {
  const dir = mkdtempSync(join(tmpdir(), "no-faults-"));
  const out = join(dir, "dist");
  let files: Array<{ name: string; text: string }> = [];

  beforeAll(async () => {
    await buildCli(out);
    files = filesUnder(out).map((path) => ({ name: relative(out, path), text: readFileSync(path, "utf8") }));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("builds the CLI and the MSW handlers, the engine in both", () => {
    const names = files.map((file) => file.name);
    expect(names).toContain("bin.js");
    expect(names).toContain(join("msw", "gym.js"));
    // The engine's own 401 message: the search below looks where the engine is.
    const engine = files.filter((file) => file.text.includes("the credential is not valid")).map((file) => file.name);
    expect(engine.some((name) => name.includes("msw"))).toBe(true);
    expect(engine.some((name) => !name.includes("msw"))).toBe(true);
  });

  // The licences travel with the code (MIT and ISC ask for the notice in every copy): the CLI's libraries and the MSW handlers' alike.
  it("carries the licence notice of each library it bundles", () => {
    const notices = files.find((file) => file.name === "THIRD_PARTY_NOTICES.md")?.text ?? "";
    for (const library of ["fast-check", "pure-rand", "@redocly/openapi-core", "graphql", "ajv", "ajv-formats", "fast-deep-equal"]) expect(notices).toContain(`## ${library}@`);
  });

  // fast-check's default export is one object holding all of it, so `import fc from` kept
  // every arbitrary in the engine (59 KB more that each run compiles before its first
  // request); a namespace import lets esbuild keep what the engine uses.
  it("carries only the parts of fast-check the engine uses: fc.asyncProperty, not fc.property", () => {
    const holding = (text: string) => files.filter((file) => file.text.includes(text)).map((file) => file.name);
    expect(holding('"asyncProperty expects at least two parameters"').length).toBeGreaterThan(0);
    expect(holding('"property expects at least two parameters"')).toEqual([]);
  });

  it("names no fault of the reference servers", () => {
    expect(FAULTS.length).toBeGreaterThan(0);
    const found = files.flatMap((file) => FAULTS.filter((fault) => file.text.includes(fault.name)).map((fault) => `${file.name}: ${fault.name}`));
    expect(found).toEqual([]);
  });

  it("carries no fault machinery", () => {
    const found = files.flatMap((file) => MACHINERY.filter((word) => file.text.includes(word)).map((word) => `${file.name}: ${word}`));
    expect(found).toEqual([]);
  });
});
