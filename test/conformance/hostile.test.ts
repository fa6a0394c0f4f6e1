// Servers that break HTTP itself: each run ends, within its time cap, as reported
// violations (exit 1) or a clear "cannot reach" (exit 2), never a hang or a stack trace.
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type HostileBehaviour, startHostileServer } from "../fixtures/hostile-server.ts";
import { runCli, STACK_TRACE } from "./helpers.ts";

const FAST = ["--timeout-ms", "500", "--time-limit-ms", "20000", "--max-examples", "1", "--seed", "1"];

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("hostile servers", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  async function against(behaviour: HostileBehaviour, extra: string[] = []) {
    const server = await startHostileServer(behaviour);
    close = server.close;
    return runCli(["--api", "gym", "--base-url", server.url, "--stateless", ...FAST, ...extra]);
  }

  it("connection refused: exit 2, says it cannot reach the server", async () => {
    const run = await runCli(["--api", "gym", "--base-url", `http://127.0.0.1:${await closedPort()}`, ...FAST]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+: connection refused/);
    expect(run.stderr).not.toMatch(STACK_TRACE);
  });

  const transport: Array<[HostileBehaviour, RegExp]> = [
    ["reset-mid-body", /connection reset before the response was complete/],
    ["never-answer", /no complete response within 500 ms/],
    ["trickle", /no complete response within 500 ms/],
    ["huge-body", /response body larger than 10485760 bytes/],
  ];
  it.each(transport)("%s: reported as not_a_server_error, and the run stops", async (behaviour, message) => {
    const run = await against(behaviour);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ not_a_server_error · (listClients|getClient)/);
    expect(run.stdout).toMatch(message);
    expect(run.stdout).toMatch(/run incomplete: the server stopped answering/);
    expect(`${run.stdout}\n${run.stderr}`).not.toMatch(STACK_TRACE);
  });

  it("a body that is not JSON: response_schema_conformance violation", async () => {
    const run = await against("not-json");
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ response_schema_conformance · listClients[\s\S]*actual: +a body that is not JSON/);
  });

  it("a wrong content type: content_type_conformance violation", async () => {
    const run = await against("wrong-content-type");
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ content_type_conformance · listClients[\s\S]*expected: application\/json\n\s+actual: +text\/html/);
  });

  it("never prints or reports the token, even when the server echoes it back", async () => {
    const token = "ba_0123456789abcdef0123456789abcdef01234567";
    const server = await startHostileServer("echo-request");
    close = server.close;
    const report = join(mkdtempSync(join(tmpdir(), "conformance-")), "report.json");
    const junit = report.replace(".json", ".xml");
    const run = await runCli(["--api", "fullengage", "--base-url", server.url, ...FAST, "--report", `json=${report}`, "--report", `junit=${junit}`], {
      CONFORMANCE_TOKEN: token,
    });
    const everything = [run.stdout, run.stderr, readFileSync(report, "utf8"), readFileSync(junit, "utf8")].join("\n");
    expect(run.code).toBe(1);
    expect(everything).toContain("[REDACTED]");
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(token.slice(3, 20));
  });
});
