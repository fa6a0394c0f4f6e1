// conformance replay: a report's failing requests sent again and judged again by the
// check that failed them. Against the reference server with its fault it "still fails";
// restarted without the fault, "fixed"; with another fault on the same request, "fails
// differently". Credentials come from this replay, never from the report.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unknownToken } from "../../scripts/conformance/auth.ts";
import { rebuildRequest } from "../../scripts/conformance/replay.ts";
import type { ConformanceReport } from "../../scripts/conformance/results.ts";
import { findApi } from "../../scripts/lib/apis.ts";
import { REDACTED } from "../../scripts/lib/redact.ts";
import { buildModel } from "../../scripts/spec/model.ts";
import { loadBundle } from "../../scripts/spec/openapi.ts";
import { startReferenceServer } from "../fixtures/reference/index.ts";
import { runCli, STACK_TRACE } from "./helpers.ts";

const dir = mkdtempSync(join(tmpdir(), "conformance-replay-"));
const reportFile = join(dir, "report.json");
let report: ConformanceReport;
let token: string;
/** The replay against the faulty server itself, before it stops. */
let stillFaulty: Awaited<ReturnType<typeof runCli>>;

beforeAll(async () => {
  const faulty = await startReferenceServer({ api: "gym", faults: ["bad-id-500"] });
  token = faulty.token;
  try {
    const run = await runCli(
      ["--api", "gym", "--base-url", faulty.url, "--stateless", "--operations", "getClient", "--seed", "1", "--max-examples", "0", "--quiet", "--report", `json=${reportFile}`],
      { CONFORMANCE_TOKEN: token },
    );
    expect(run.code, run.stdout).toBe(1);
    report = JSON.parse(readFileSync(reportFile, "utf8")) as ConformanceReport;
    stillFaulty = await runCli(["replay", reportFile], { CONFORMANCE_TOKEN: token });
  } finally {
    await faulty.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("conformance replay", () => {
  it("against the server with its fault: every group still fails, exit 1", () => {
    const groups = new Set(report.violations.map((violation) => violation.group));
    // A response check and a check that sends its own requests, each judged again by its own rule.
    expect(new Set(report.violations.map((violation) => violation.check))).toEqual(new Set(["not_a_server_error", "status_code_conformance", "negative_data_rejection"]));
    expect(stillFaulty.code, stillFaulty.stdout + stillFaulty.stderr).toBe(1);
    expect(stillFaulty.stdout).toMatch(new RegExp(`replay: ${groups.size} failure groups? of ${reportFile} against ${report.baseUrl}`));
    for (const group of groups) expect(stillFaulty.stdout).toMatch(new RegExp(`\\[${group}\\] \\w+ · getClient · `));
    expect(stillFaulty.stdout.match(/now: still fails$/gm)).toHaveLength(groups.size);
    expect(stillFaulty.stdout).toMatch(new RegExp(`^replay: ${groups.size} still fails$`, "m"));
  });

  it("after a restart without the fault (--base-url): fixed, exit 0; the token is never printed", async () => {
    const fixed = await startReferenceServer({ api: "gym", token });
    try {
      const run = await runCli(["replay", reportFile, "--base-url", fixed.url], { CONFORMANCE_TOKEN: token });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain(`against ${fixed.url}`);
      expect(run.stdout).not.toMatch(/still fails|fails differently/);
      expect(run.stdout).toMatch(/^replay: 3 fixed$/m);
      expect(run.stdout + run.stderr).not.toContain(token);
    } finally {
      await fixed.close();
    }
  });

  it("a server that answers the same request wrongly in another way: fails differently, naming how", async () => {
    const other = await startReferenceServer({ api: "gym", token, faults: ["express-validator-400"] });
    try {
      const run = await runCli(["replay", reportFile, "--base-url", other.url], { CONFORMANCE_TOKEN: token });
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/now: fails differently: response_schema_conformance: expected /);
    } finally {
      await other.close();
    }
  });

  it("--group replays one group; an unknown group, a missing report or an unreachable server is one line, exit 2", async () => {
    const [first] = report.violations;
    const fixed = await startReferenceServer({ api: "gym", token });
    try {
      const one = await runCli(["replay", reportFile, "--group", first?.group ?? "", "--base-url", fixed.url], { CONFORMANCE_TOKEN: token });
      expect(one.code).toBe(0);
      expect(one.stdout).toMatch(/^replay: 1 failure group of /);
    } finally {
      await fixed.close();
    }
    const cases: Array<[string[], RegExp]> = [
      [["replay", reportFile, "--group", "deadbeef"], /^conformance replay: no group deadbeef in .*; its groups: [0-9a-f]{8}/],
      [["replay", join(dir, "nope.json")], /^conformance replay: .*nope\.json: cannot read it as a JSON report \(ENOENT\)$/],
      [["replay"], /^conformance replay: replay takes one JSON report/],
      [["replay", reportFile, "--bogus"], /^conformance replay: unknown flag --bogus \(--help lists the flags\)$/],
      [["replay", reportFile, "--base-url", "http://127.0.0.1:1"], /^conformance replay: cannot reach http:\/\/127\.0\.0\.1:1: connection refused$/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args, { CONFORMANCE_TOKEN: token });
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.split("\n")).toHaveLength(1);
      expect(run.stderr).not.toMatch(STACK_TRACE);
    }
  });

  it("--help prints its usage on stdout, exit 0", async () => {
    const help = await runCli(["replay", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: clients-contract conformance replay <report\.json> \[--group <id>\]/);
  });

  it("takes the credential from the usual sources, not the report: without one it says so", async () => {
    const fixed = await startReferenceServer({ api: "gym", token });
    try {
      const none = await runCli(["replay", reportFile, "--base-url", fixed.url], {});
      expect(none.code).toBe(2);
      expect(none.stderr).toMatch(/carried a credential, which the report keeps redacted: give it with --token-file, CONFORMANCE_TOKEN or the config file/);
      writeFileSync(join(dir, "token"), token);
      const fromFile = await runCli(["replay", reportFile, "--base-url", fixed.url, "--token-file", "token"], {}, dir);
      expect(fromFile.code, fromFile.stderr).toBe(0);
      // A wrong credential is refused before the input is looked at: that is no fix.
      const wrong = await runCli(["replay", reportFile, "--base-url", fixed.url], { CONFORMANCE_TOKEN: "not-the-token" });
      expect(wrong.code).toBe(1);
      expect(wrong.stdout).toMatch(/now: inconclusive: 401: the credential was refused/);
      expect(wrong.stdout).not.toMatch(/fixed/);
    } finally {
      await fixed.close();
    }
  });
});

describe("what replay sends", () => {
  const model = buildModel(loadBundle(findApi("gym").bundle), "gym");
  const op = model.allOperations.find((candidate) => candidate.operationId === "getClient");
  if (!op) throw new Error("gym has no getClient");
  const sending = { model, from: "http://old:1", to: "http://new:2/v1", token: "t0k3n-1234567890", headers: {} };
  const recorded = { method: "GET", url: "http://old:1/client/abc?x=1", headers: { Accept: "application/json", Authorization: `Bearer ${REDACTED}` } };

  it("the case's own credentials: the run's, a made-up one of the same shape, none", () => {
    expect(rebuildRequest(recorded, op, sending)).toEqual({ method: "GET", url: "http://new:2/v1/client/abc?x=1", headers: { Accept: "application/json", Authorization: "Bearer t0k3n-1234567890" } });
    const madeUp = rebuildRequest({ ...recorded, auth: "unknown-token" }, op, sending);
    expect(madeUp.headers.Authorization).toBe(`Bearer ${unknownToken(sending.token)}`);
    expect(madeUp.headers.Authorization).not.toContain(sending.token);
    const none = rebuildRequest({ ...recorded, headers: { Accept: "application/json" }, auth: "none" }, op, { ...sending, token: undefined });
    expect(none.headers).toEqual({ Accept: "application/json" });
  });

  it("a --header secret comes from this replay's --header; without it the request is not guessed", () => {
    const withTenant = { ...recorded, headers: { "X-Tenant": REDACTED }, auth: "none" as const };
    expect(rebuildRequest(withTenant, op, { ...sending, token: undefined, headers: { "x-tenant": "acme" } }).headers).toEqual({ "X-Tenant": "acme" });
    expect(() => rebuildRequest(withTenant, op, sending)).toThrow(/the report's X-Tenant header held a secret replay has no value for \(pass it with --header\)/);
  });

  it("a check that judges a sequence is not replayed, and says what to run instead (exit 1, not fixed)", async () => {
    const [violation] = report.violations;
    const stateful = { ...report, violations: [{ ...violation, check: "use_after_free", group: "0000cafe" }] };
    const file = join(dir, "stateful.json");
    writeFileSync(file, JSON.stringify(stateful));
    const run = await runCli(["replay", file], { CONFORMANCE_TOKEN: token });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/now: not replayed: use_after_free judges a sequence of requests, not one; run again with --operations getClient --checks use_after_free$/m);
  });
});
