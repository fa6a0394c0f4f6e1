// The version rules of the gate, on their own.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { acknowledgedKinds, checkVersions, isMajorBump, nextMajor } from "../../scripts/review/gate.ts";

describe("semver as the gate reads it", () => {
  it.each([
    ["1.0.0", "2.0.0", true],
    ["1.4.2", "2.0.0-beta.1", true],
    ["1.0.0", "1.1.0", false],
    ["0.1.0", "0.2.0", true],
    ["0.1.0", "1.0.0", true],
    ["0.1.0", "0.1.1", false],
    ["1.0.0", "1.0.0", false],
    ["1.0", "2.0", false],
  ])("%s -> %s is a major bump: %s", (before, after, major) => {
    expect(isMajorBump(before, after)).toBe(major);
  });

  it("names the next major, with 0.x's minor as the major", () => {
    expect([nextMajor("0.1.0"), nextMajor("1.2.3"), nextMajor("v2.0.0"), nextMajor("draft")]).toEqual(["0.2.0", "2.0.0", "3.0.0", undefined]);
  });
});

describe("BREAKING.md", () => {
  const dir = mkdtempSync(join(tmpdir(), "breaking-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    join(dir, "BREAKING.md"),
    "# Breaking changes\n\n## 3.0.0\n\n- `operation-removed`: gone.\n\n## 2.0.0 - 2026-12-01\n\n- `response-body-property-removed` and `typings-consumer-broken`: `notes` is gone.\n",
  );

  it("reads the kinds named under the new version only", () => {
    expect(acknowledgedKinds(join(dir, "BREAKING.md"), "2.0.0")).toEqual(["response-body-property-removed", "typings-consumer-broken"]);
    expect(acknowledgedKinds(join(dir, "BREAKING.md"), "4.0.0")).toBeUndefined();
    expect(acknowledgedKinds(join(dir, "missing.md"), "2.0.0")).toBeUndefined();
  });

  it("passes a break only with both bumps and every kind acknowledged", () => {
    const input = { projectRoot: dir, apiFolder: dir, infoBefore: "1.0.0", infoAfter: "2.0.0", packageBefore: "0.1.0", packageAfter: "0.2.0" };
    expect(checkVersions({ ...input, breakingKinds: ["response-body-property-removed"] }).passed).toBe(true);
    expect(checkVersions({ ...input, breakingKinds: ["operation-removed"] }).problems).toEqual(["BREAKING.md does not acknowledge `operation-removed` under `## 2.0.0`"]);
    expect(checkVersions({ ...input, packageAfter: "0.1.1", breakingKinds: ["response-body-property-removed"] }).problems).toEqual([
      "package.json version 0.1.0 -> 0.1.1: a breaking change needs 0.2.0",
    ]);
    expect(checkVersions({ ...input, infoAfter: "1.0.0", packageAfter: "0.1.0", breakingKinds: [] }).passed).toBe(true);
  });

  it("advises a minor release for additions under an unchanged version, without failing", () => {
    const input = { projectRoot: dir, apiFolder: dir, infoBefore: "1.2.0", infoAfter: "1.2.0", packageBefore: "0.1.0", packageAfter: "0.1.0", breakingKinds: [] };
    const check = checkVersions({ ...input, additiveKinds: ["operation-added", "operation-added"] });
    expect(check).toMatchObject({ passed: true, problems: [] });
    expect(check.notes).toEqual(["info.version is still 1.2.0: additions (`operation-added`) call for a minor release (1.3.0); not required by the gate"]);
    expect(checkVersions({ ...input, infoAfter: "1.3.0", additiveKinds: ["operation-added"] }).notes).toEqual([]);
  });
});
