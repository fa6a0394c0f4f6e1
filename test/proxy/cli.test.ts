// `clients-contract proxy` as a process: Ctrl-C (SIGINT, or SIGTERM) ends it with the JSON, JUnit and HTML reports of everything it
// saw (coverage included) and the exit code; bad flags are one line and exit 2. The
// flag errors run in-process (main), only the signal needs a real child.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../scripts/lib/apis.ts";
import { main } from "../../scripts/proxy/cli.ts";
import { type ReferenceServer, startReferenceServer } from "../fixtures/reference/index.ts";

const dir = mkdtempSync(join(tmpdir(), "proxy-cli-"));
let server: ReferenceServer | undefined;
let child: ChildProcess | undefined;
const stopLater: ReferenceServer[] = [];

afterAll(async () => {
  if (child?.exitCode === null) child.kill("SIGKILL");
  await server?.close();
  for (const other of stopLater) await other.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Resolves with what the child printed once `pattern` shows up on stderr. */
function waitFor(process: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within 30 s; stderr: ${text}`)), 30_000);
    process.stderr?.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const found = pattern.exec(text);
      if (found) {
        clearTimeout(timer);
        resolve(found[1] ?? text);
      }
    });
  });
}

describe("clients-contract proxy", () => {
  // A Ctrl-C under npx reaches the proxy twice within milliseconds (the process group's SIGINT and npx's).
  it("writes the JSON, JUnit and HTML reports of what it saw, with coverage, on a Ctrl-C that arrives twice, and exits 1 when it saw violations", async () => {
    server = await startReferenceServer({ api: "gym", faults: ["created-at-no-t"] });
    const json = join(dir, "proxy.json");
    const junit = join(dir, "proxy.xml");
    const html = join(dir, "proxy.html");
    child = spawn(process.execPath, ["--import", "tsx", "scripts/proxy/cli.ts", "--api", "gym", "--upstream", server.url, "--port", "0", "--log", "--report", `json=${json}`, "--report", `junit=${junit}`, "--report", `html=${html}`], {
      cwd: projectRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const url = await waitFor(child, /proxy: (http:\/\/\S+) →/);
    const headers = { authorization: `Bearer ${server.token}` };
    for (let i = 0; i < 2; i += 1) expect((await fetch(`${url}/clients`, { headers, signal: AbortSignal.timeout(10_000) })).status).toBe(200);
    expect((await fetch(`${url}/client/1`, { headers, signal: AbortSignal.timeout(10_000) })).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child?.once("exit", resolve));
    child.kill("SIGINT");
    setTimeout(() => child?.kill("SIGINT"), 20);
    expect(await exited).toBe(1);

    const report = JSON.parse(readFileSync(json, "utf8"));
    expect(report).toMatchObject({ source: "proxy", api: "gym", requests: 3 });
    expect(report.violations.map((violation: { check: string; operationId: string }) => `${violation.check} ${violation.operationId}`)).toEqual([
      "response_schema_conformance listClients",
      "response_schema_conformance listClients",
      "response_schema_conformance getClient",
    ]);
    expect(report.coverage.operations.listClients.statuses).toMatchObject({ seen: ["200"], received: [200] });
    expect(report.coverage.totals.operations).toMatchObject({ covered: 2, total: 2 });
    expect(readFileSync(junit, "utf8")).toMatch(/<testsuite name="response_schema_conformance" tests="2" failures="2"/);
    expect(readFileSync(junit, "utf8")).toMatch(/<testsuite name="documented_operation" tests="2" failures="0"/);
    expect(readFileSync(html, "utf8")).toMatch(/<h1>Failed: 3 violations in 2 groups<\/h1>/);
    expect(stdout).toMatch(/^GET \/clients → 200 \d+ ms listClients ✗ 1$/m);
    expect(stdout).toMatch(/^✗ 2× response_schema_conformance · listClients · /m);
    expect(stdout).toMatch(/^✗ 1× response_schema_conformance · getClient · /m);
    expect(stdout).toMatch(/^coverage: operations 100% \(2\/2\)/m);
    expect(stdout).not.toContain(server.token);
  });

  it("takes any spec with --spec (a split one, $refs across files) and exits 0 when it saw no violation", async () => {
    const clean = await startReferenceServer({ api: "gym" });
    stopLater.push(clean);
    const lines: string[] = [];
    const errors: string[] = [];
    let url = "";
    const noted = (line: string) => {
      errors.push(line);
      url = /proxy: (http:\/\/\S+) →/.exec(line)?.[1] ?? url;
    };
    // Stops the proxy once it listens and one request went through it.
    const stopped = (async () => {
      while (url === "" && errors.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      if (url === "") return;
      const response = await fetch(`${url}/clients`, { headers: { authorization: `Bearer ${clean.token}` }, signal: AbortSignal.timeout(10_000) });
      expect(response.headers.get("x-contract-violations")).toBe("0");
    })();
    const code = await main(["--spec", "openapi/gym/openapi.yaml", "--upstream", clean.url, "--port", "0"], (line) => lines.push(line), noted, projectRoot, stopped);
    expect(errors.filter((line) => !line.startsWith("proxy: http"))).toEqual([]);
    expect(code).toBe(0);
    expect(lines.at(-1)).toBe("1 exchange, 0 violations");
  });

  it.each([
    [["--upstream", "http://127.0.0.1:1"], /give one of --api <name> or --spec/],
    [["--api", "gym"], /--upstream <url> is required/],
    [["--api", "gym", "--upstream", "ftp://x"], /--upstream must be http or https/],
    [["--api", "nope", "--upstream", "http://127.0.0.1:1", "--port", "0"], /unknown API "nope"/],
    [["--api", "gym", "--upstream", "http://127.0.0.1:1", "--report", "pdf=x.pdf"], /--report must be/],
    [["--api", "gym", "--upstream", "http://127.0.0.1:1", "--port", "70000"], /--port must be an integer/],
  ])("refuses %j in one line with exit 2", async (argv, message) => {
    const errors: string[] = [];
    const code = await main(argv, () => undefined, (line) => errors.push(line), dir, Promise.resolve());
    expect(code).toBe(2);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
    expect(existsSync(join(dir, "x.pdf"))).toBe(false);
  });
});
