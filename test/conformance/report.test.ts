// What a person sees for a violation: grouped by check, operation and cause with a
// count and one full example, a curl line that reproduces it (token as
// $CONFORMANCE_TOKEN, never its value), the status and the first bytes of the body.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { curlCommand } from "../../scripts/conformance/http.ts";
import { writeReport } from "../../scripts/conformance/reporters/index.ts";
import { jsonReport, jsonReportPieces } from "../../scripts/conformance/reporters/json.ts";
import { describeViolations, groupViolations } from "../../scripts/conformance/reporters/text.ts";
import type { CheckResult, ConformanceReport } from "../../scripts/conformance/results.ts";
import { startReferenceServer } from "../fixtures/reference/index.ts";
import { runCli } from "./helpers.ts";

const TOKEN = "ba_0123456789abcdef0123456789abcdef01234567";

describe("curl reproduction", () => {
  it("leaves the token to the shell and quotes everything else", () => {
    const curl = curlCommand(
      { method: "POST", url: "http://h/clients?q=it's", headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" }, body: `{"name":"O'Brien $HOME"}` },
      [TOKEN],
    );
    expect(curl).toBe(
      `curl -X POST 'http://h/clients?q=it'\\''s' -H 'Authorization: Bearer '"$CONFORMANCE_TOKEN" -H 'Content-Type: application/json' --data-raw '{"name":"O'\\''Brien $HOME"}'`,
    );
    expect(curl).not.toContain(TOKEN);
  });

  it("basic auth becomes -u \"$CONFORMANCE_TOKEN\"; other secret headers are blanked", () => {
    const basic = Buffer.from("user:pass").toString("base64");
    const curl = curlCommand({ method: "GET", url: "http://h/a", headers: { Authorization: `Basic ${basic}`, "X-Tenant": "acme-secret" } }, ["user:pass"], new Set(["x-tenant"]));
    expect(curl).toBe(`curl 'http://h/a' -u "$CONFORMANCE_TOKEN" -H 'X-Tenant: [REDACTED]'`);
    const unknown = curlCommand({ method: "GET", url: "http://h/a", headers: { Authorization: "Bearer made-up-token" } }, [TOKEN]);
    expect(unknown).toBe(`curl 'http://h/a' -H 'Authorization: Bearer [REDACTED]'`);
  });

  it("a shell reads it back as the same arguments, the token from the environment", () => {
    const curl = curlCommand({ method: "GET", url: "http://h/a?x=1&y=$z", headers: { "X-Magloft-Accesstoken": TOKEN } }, [TOKEN]);
    const argv = execFileSync("sh", ["-c", `set -- ${curl.replace(/^curl /, "")}; for a; do printf '%s\\n' "$a"; done`], { env: { CONFORMANCE_TOKEN: "from-env" } }).toString();
    expect(argv.trim().split("\n")).toEqual(["http://h/a?x=1&y=$z", "-H", "X-Magloft-Accesstoken: from-env"]);
  });
});

const violation = (overrides: Partial<CheckResult>): CheckResult => ({
  check: "response_schema_conformance",
  operationId: "listClients",
  outcome: "failed",
  case: "case",
  expected: "a body valid against the response schema",
  actual: "/data/0/updatedAt: must have required property 'updatedAt'",
  curl: "curl 'http://h/clients'",
  response: { status: 200, headers: { "content-type": "application/json" }, body: '{"data":[]}' },
  ...overrides,
});

describe("grouping", () => {
  const violations = [
    violation({ case: "limit=1", actual: "/data/0: must have required property 'updatedAt'" }),
    violation({ case: "limit=2", actual: "/data/1: must have required property 'updatedAt'" }),
    violation({ case: "limit=3", actual: "/data/7: must have required property 'updatedAt'" }),
    violation({ case: "other cause", actual: "/data/0/name: must be string" }),
    violation({ case: "other operation", operationId: "getClient", actual: "/data/0: must have required property 'updatedAt'" }),
  ];

  it("the same schema error at the same place (item index aside) is one group", () => {
    expect(groupViolations(violations).map((group) => [group.operationId, group.cases.length])).toEqual([
      ["listClients", 3],
      ["listClients", 1],
      ["getClient", 1],
    ]);
  });

  it("prints one full example with a count, or every case with --verbose", () => {
    const short = describeViolations(violations);
    expect(short.match(/^✗ /gm)).toHaveLength(3);
    expect(short).toContain("… and 2 more cases with the same cause (--verbose lists them)");
    expect(short).toContain("    response: 200 application/json  {\"data\":[]}");
    expect(short).toContain("    curl:     curl 'http://h/clients'");
    expect(describeViolations(violations, true).match(/✗ /g)).toHaveLength(5);
  });

  it("shows a shrunk case as the example of its group", () => {
    const groups = groupViolations([violation({ case: "first" }), violation({ case: "shrunk: limit=1", shrunkFrom: "random input #3" })]);
    expect(groups[0]?.cases[0]?.case).toBe("shrunk: limit=1");
  });
});

describe("the CLI against a faulty server", () => {
  it("prints grouped violations with curl, status and body start; the JSON report carries the same curl; the token appears nowhere", async () => {
    const server = await startReferenceServer({ api: "fullengage", faults: ["no-updated-at"], token: TOKEN });
    const report = join(mkdtempSync(join(tmpdir(), "conformance-")), "report.json");
    try {
      const run = await runCli(["--api", "fullengage", "--base-url", server.url, "--seed", "1", "--quiet", "--checks", "response_schema_conformance", "--report", `json=${report}`], {
        CONFORMANCE_TOKEN: TOKEN,
      });
      expect(run.code).toBe(1);
      const json = JSON.parse(readFileSync(report, "utf8"));
      const blocks = run.stdout.split(/\n(?=✗ )/).filter((block) => block.startsWith("✗"));
      expect(blocks.length).toBeLessThan(json.violations.length);
      expect(blocks.length).toBe(groupViolations(json.violations).length);
      expect(run.stdout).toMatch(/response: 20\d application\/json {2}\{"data"/);
      const curl = /curl: {5}(curl .*)/.exec(run.stdout)?.[1];
      expect(curl).toContain(`'Authorization: Bearer '"$CONFORMANCE_TOKEN"`);
      expect(json.violations.map((v: CheckResult) => v.curl)).toContain(curl);
      expect(`${run.stdout}${run.stderr}${readFileSync(report, "utf8")}`).not.toContain(TOKEN);
      const again = report.replace(".json", "-verbose.json");
      const verbose = await runCli(["--api", "fullengage", "--base-url", server.url, "--seed", "1", "--quiet", "--checks", "response_schema_conformance", "--verbose", "--report", `json=${again}`], {
        CONFORMANCE_TOKEN: TOKEN,
      });
      expect(verbose.stdout.match(/✗ /g)).toHaveLength(JSON.parse(readFileSync(again, "utf8")).violations.length);
    } finally {
      await server.close();
    }
  });
});

describe("the JSON report, written in pieces", () => {
  const report: ConformanceReport = {
    api: "fullengage",
    baseUrl: "http://h",
    mode: "full",
    seed: 1,
    startedAt: "2026-01-01T00:00:00.000Z",
    durationMs: 12,
    requests: 3,
    complete: false,
    stopReason: undefined,
    notReached: ["getClient"],
    checks: ["response_schema_conformance"],
    notApplicable: {},
    summary: { response_schema_conformance: { passed: 1, failed: 2, inconclusive: 0, advisory: 0 } },
    operations: { listClients: { response_schema_conformance: { passed: 1, failed: 2, inconclusive: 0, advisory: 0 } } },
    violations: [violation({ case: "limit=1", curl: `curl 'http://h/clients' -H 'X-Key: ${TOKEN}'` }), violation({ case: "limit=2\nline", casesNotKept: 4 })],
    strict: false,
    advisories: [],
  };

  it("is the text JSON.stringify gives the whole report, one piece per violation", () => {
    expect(jsonReport(report)).toBe(`${JSON.stringify({ formatVersion: 1, ...report }, null, 2)}\n`);
    const pieces = [...jsonReportPieces(report)];
    expect(pieces.filter((piece) => piece.includes('"case": "limit='))).toHaveLength(2);
  });

  it("each piece goes through the transform on its way to the file (redaction)", () => {
    const file = join(mkdtempSync(join(tmpdir(), "conformance-")), "deep", "report.json");
    writeReport(file, jsonReportPieces(report), (text) => text.replaceAll(TOKEN, "[REDACTED]"));
    const written = readFileSync(file, "utf8");
    expect(written).toBe(jsonReport(report).replaceAll(TOKEN, "[REDACTED]"));
    expect(written).not.toContain(TOKEN);
  });
});
