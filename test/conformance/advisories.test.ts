// The suite respects the spec's labels: a negative test that rests only on a rule the
// spec labels `x-decision` (ours, not the vendor's) is an advisory when it fails:
// listed, counted, in the reports, and the exit code stays 0; `--strict` makes it a
// violation. Shown on the fullengage reference server, which does not know a rule that
// a copy of its spec adds as a decision (offset at most 1000).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findApi } from "../../scripts/lib/apis.ts";
import { loadBundle } from "../../scripts/spec/openapi.ts";
import { invalidCandidates } from "../../scripts/conformance/values.ts";
import { type ReferenceServer, startReferenceServer } from "../fixtures/reference/index.ts";
import { runCli } from "./helpers.ts";

const DECISION = "An offset above 1000 is refused: a decision of this test, not the vendor's.";

describe("invalid values know the decision they rest on", () => {
  const doc = loadBundle(findApi("fullengage").bundle);
  const schema = { type: "integer", minimum: 0, maximum: 100, "x-decision": { minimum: "ours", type: "whole numbers" }, "x-evidence": { maximum: "the vendor" } };

  it("a value that breaks only a decided rule carries its reason; one that breaks a sourced rule does not", () => {
    const byLabel = Object.fromEntries(invalidCandidates(doc, schema).map((candidate) => [candidate.label, candidate.decision]));
    expect(byLabel["below the minimum 0"]).toBe("ours");
    expect(byLabel["a fraction where an integer is required"]).toBe("whole numbers");
    expect(byLabel["above the maximum 100"]).toBeUndefined();
    expect(byLabel["a string where the schema wants no string"]).toBeUndefined();
  });
});

describe("advisories on a server that does not enforce a decision", () => {
  let server: ReferenceServer;
  let spec: string;
  const dir = mkdtempSync(join(tmpdir(), "advisories-"));
  beforeAll(async () => {
    server = await startReferenceServer({ api: "fullengage" });
    const doc = JSON.parse(readFileSync(findApi("fullengage").bundle, "utf8"));
    const offset = doc.components.parameters.Offset.schema;
    Object.assign(offset, { maximum: 1000, "x-decision": { ...offset["x-decision"], maximum: DECISION } });
    spec = join(dir, "fullengage-with-a-decision.json");
    writeFileSync(spec, JSON.stringify(doc));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (...extra: string[]) =>
    runCli(["--spec", spec, "--base-url", server.url, "--stateless", "--operations", "listClients", "--checks", "negative_data_rejection", "--seed", "7", "--quiet", ...extra], { CONFORMANCE_TOKEN: server.token });

  it("lists and counts the advisory, writes it in the reports, and exits 0", async () => {
    const result = await run("--report", `json=${join(dir, "report.json")}`, "--report", `junit=${join(dir, "report.xml")}`);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/! advisory: negative_data_rejection · listClients · query parameter offset: above the maximum 1000/);
    expect(result.stdout).toContain(`rests only on our decision: ${DECISION}`);
    expect(result.stdout).toMatch(/: 0 violations, 1 advisory,/);
    const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
    expect(report.violations).toEqual([]);
    expect(report.advisories).toHaveLength(1);
    expect(report.advisories[0]).toMatchObject({ check: "negative_data_rejection", outcome: "advisory", decision: DECISION, expected: "4xx" });
    expect(report.summary.negative_data_rejection.advisory).toBe(1);
    expect(readFileSync(join(dir, "report.xml"), "utf8")).toMatch(/name="listClients \(advisory\)">\s*<skipped message="1 advisory/);
  });

  it("--strict makes it a violation and the run fails", async () => {
    const result = await run("--strict");
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✗ negative_data_rejection · listClients · query parameter offset: above the maximum 1000/);
    expect(result.stdout).toMatch(/: 1 violation,/);
    expect(result.stdout).not.toContain("advisory");
  });
});
