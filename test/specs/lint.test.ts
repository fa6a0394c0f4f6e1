import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../scripts/lib/apis.ts";

describe("redocly lint", () => {
  it("passes on every spec with no errors and no warnings", () => {
    const output = execFileSync("npx", ["redocly", "lint", "--format=stylish"], { cwd: projectRoot, encoding: "utf8", stdio: "pipe" });
    expect(output).not.toMatch(/warning|error/i);
  });
});
