// --baseline: a server that is not yet conformant adopts the suite; only violations the
// baseline report lacks fail the run, and the ones it no longer sees are listed as fixed.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startReferenceServer } from "../fixtures/reference/index.ts";
import { runCli } from "./helpers.ts";

const dir = mkdtempSync(join(tmpdir(), "conformance-baseline-"));

async function run(faults: string[], extra: string[]) {
  const server = await startReferenceServer({ api: "fullengage", faults });
  try {
    return await runCli(["--api", "fullengage", "--base-url", server.url, "--seed", "1", "--quiet", ...extra], { CONFORMANCE_TOKEN: server.token });
  } finally {
    await server.close();
  }
}

describe("--baseline", () => {
  const baseline = join(dir, "baseline.json");

  it("fails only on new violations, lists the known ones in one line each and the fixed ones", async () => {
    expect((await run(["no-updated-at"], ["--report", `json=${baseline}`])).code).toBe(1);

    const same = await run(["no-updated-at"], ["--baseline", baseline]);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/^• known \(in the baseline\): response_schema_conformance · listClients · /m);
    expect(same.stdout).not.toMatch(/^✗ /m);
    expect(same.stdout).toMatch(/against the baseline .*baseline\.json: 0 new violations, [1-9]\d* known, 0 fixed/);

    // A new fault that costs few requests to find (long-string-500's shrinking took ~4 CPU-s).
    const worse = await run(["no-updated-at", "status-filter-ignored"], ["--baseline", baseline]);
    expect(worse.code).toBe(1);
    expect(worse.stdout).toMatch(/^✗ filtering · listClients/m);
    expect(worse.stdout).not.toMatch(/^✗ response_schema_conformance/m);

    const fixed = await run([], ["--baseline", baseline]);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toMatch(/^✓ fixed since the baseline: response_schema_conformance · listClients · /m);
  });

  it("a baseline that is not a report is a usage problem: exit 2 before any request", async () => {
    const bogus = join(dir, "bogus.json");
    writeFileSync(bogus, '{"hello": 1}');
    const run2 = await runCli(["--api", "fullengage", "--base-url", "http://127.0.0.1:1", "--baseline", bogus]);
    expect(run2.code).toBe(2);
    expect(run2.stderr).toMatch(/--baseline: .*bogus\.json is not a conformance JSON report/);
    const missing = await runCli(["--api", "fullengage", "--base-url", "http://127.0.0.1:1", "--baseline", join(dir, "nope.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--baseline: cannot read .*nope\.json as a JSON report \(ENOENT\)/);
  });
});
