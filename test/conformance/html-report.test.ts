// The HTML report, opened in Chromium as a person would open it: it asks the network for
// nothing (not even for what a hostile response body holds), the verdict reads without
// JavaScript, a violation group opens on click with its request, response, curl and
// replay lines, printing shows every group, and no secret reaches the page. The run is
// real: the CLI against a server that answers 500 with everything it received echoed
// back, markup included. Pure parts (the warnings, the verdict, the 2 KB cut) are
// checked on report objects without a browser.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CoverageReport } from "../../scripts/conformance/coverage.ts";
import { BODY_PREVIEW_BYTES, htmlReport, warningsOf } from "../../scripts/conformance/reporters/html.ts";
import type { CheckResult, ConformanceReport } from "../../scripts/conformance/results.ts";
import { REDACTED } from "../../scripts/lib/redact.ts";
import { sharedChromium } from "../fixtures/shared.ts";
import { runCli } from "./helpers.ts";

const TOKEN = "html-report-secret-token-0123456789";
/** What a hostile body holds: markup that would load things from elsewhere if the page did not escape it. */
const HOSTILE = `<img src="http://198.51.100.7/pixel.png"><script src="http://198.51.100.7/x.js"></script><link rel="stylesheet" href="http://198.51.100.7/s.css">`;
const SCREENSHOT = "/tmp/html-report.png";

function spec(dir: string): string {
  const file = join(dir, "openapi.yaml");
  writeFileSync(
    file,
    [
      "openapi: 3.0.3",
      "info: { title: Echo, version: 1.0.0 }",
      "components:",
      "  securitySchemes:",
      "    bearer: { type: http, scheme: bearer }",
      "security: [{ bearer: [] }]",
      "paths:",
      "  /items:",
      "    get:",
      "      operationId: listItems",
      "      parameters: [{ name: kind, in: query, schema: { type: string, enum: [a, b] } }]",
      "      responses:",
      "        '200': { description: the items, content: { application/json: { schema: { type: object } } } }",
      "        '401': { description: no valid token }",
    ].join("\n"),
  );
  return file;
}

describe("the HTML report of a real run, in Chromium", () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext;
  let file: string;
  let html: string;
  let exitCode: number;

  beforeAll(async () => {
    // Answers 500 (a violation) with the request echoed: the token in its headers, the hostile markup in its body.
    server = createServer((req, res) => {
      res.writeHead(500, { "Content-Type": "application/json", "X-Echo-Authorization": req.headers.authorization ?? "" });
      res.end(JSON.stringify({ error: HOSTILE, url: req.url, headers: req.headers, padding: "p".repeat(3000) }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const dir = mkdtempSync(join(tmpdir(), "html-report-"));
    file = join(dir, "report.html");
    const run = await runCli(
      ["--spec", spec(dir), "--base-url", `http://127.0.0.1:${(server.address() as AddressInfo).port}`, "--stateless", "--quiet", "--seed", "1", "--max-examples", "0", "--report", `html=${file}`],
      { CONFORMANCE_TOKEN: TOKEN },
    );
    exitCode = run.code;
    html = readFileSync(file, "utf8");
    browser = await sharedChromium();
    context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("asks the network for nothing, clicked and printed: only the file itself is loaded; printed, every group is open and nothing sticks", async () => {
    const page = await context.newPage();
    const requested: string[] = [];
    await page.route("**/*", (route) => {
      requested.push(route.request().url());
      return route.request().url().startsWith("file:") ? route.continue() : route.abort();
    });
    await page.goto(pathToFileURL(file).href);
    await page.locator("details.group summary").first().click();
    await page.emulateMedia({ media: "print" });
    await page.waitForLoadState("networkidle");
    expect(requested).toEqual([pathToFileURL(file).href]);
    const bodies = await page.locator("details.group .group-body").all();
    expect(bodies.length).toBeGreaterThan(1);
    for (const body of bodies) expect(await body.isVisible()).toBe(true);
    expect(await page.locator("thead th").first().evaluate((th) => getComputedStyle(th).position)).toBe("static");
    // The hostile markup is on the page as text, not as elements.
    expect(await page.locator("img, script, link").count()).toBe(0);
    expect(await page.locator("details.group").first().textContent()).toContain('<img src=\\"http://198.51.100.7/pixel.png\\">');
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    await page.close();
  });

  it("shows the verdict and why the exit code is 1 with JavaScript off", async () => {
    expect(exitCode).toBe(1);
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const page = await noScript.newPage();
    await page.goto(pathToFileURL(file).href);
    await expect.poll(() => page.locator("#verdict h1").isVisible()).toBe(true);
    expect(await page.locator("#verdict h1").textContent()).toMatch(/^Failed: \d+ violations in \d+ groups$/);
    expect(await page.locator("#verdict .why").textContent()).toBe("Exit code 1: the server broke the contract.");
    await noScript.close();
  });

  it("opens a violation group on click: request, response status, headers, the body's first 2 KB, curl and replay", async () => {
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href);
    const group = page.locator("details.group.violation").first();
    const body = group.locator(".group-body");
    expect(await body.isVisible()).toBe(false);
    await group.locator("summary").click();
    expect(await body.isVisible()).toBe(true);
    const text = (await body.textContent()) ?? "";
    expect(text).toContain("GET http://127.0.0.1:");
    expect(text).toMatch(/Response500/);
    expect(text).toContain("x-echo-authorization: Bearer [REDACTED]");
    // The run records a body's first 2,000 characters and its size: the page says how much it shows.
    expect(text).toMatch(/first 2000 bytes of 3\d{3} shown/);
    expect(text).toContain(`-H 'Authorization: Bearer '"$CONFORMANCE_TOKEN"`);
    const id = (await group.getAttribute("id"))?.replace(/^group-/, "");
    expect(id).toMatch(/^[0-9a-f]{8}$/);
    expect(text).toContain(`clients-contract conformance replay <report.json> --group ${id}`);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.close();
  });

  it("carries no secret: the token in no form, [REDACTED] where the server echoed it", () => {
    expect(html).toContain(REDACTED);
    for (const form of [TOKEN, encodeURIComponent(TOKEN), Buffer.from(TOKEN).toString("base64")]) expect(html).not.toContain(form);
  });
});

const failure = (overrides: Partial<CheckResult>): CheckResult => ({
  check: "not_a_server_error",
  operationId: "listItems",
  outcome: "failed",
  case: "case",
  expected: "a status below 500",
  actual: "500",
  ...overrides,
});

function coverageOf(received: Record<string, number[]>): CoverageReport {
  const ratio = { covered: 0, total: 0, percent: 100 };
  return {
    totals: { operations: ratio, statuses: ratio, parametersValid: ratio, parametersInvalid: ratio, bodyMembersValid: ratio, bodyMembersInvalid: ratio, enumValues: ratio },
    operations: Object.fromEntries(
      Object.entries(received).map(([id, statuses]) => [id, { method: "GET", path: `/${id}`, requests: statuses.length, timeMs: 1, statuses: { seen: [], notSeen: [], received: statuses, undocumented: [] }, parameters: {}, body: {} }]),
    ),
    hints: [],
  };
}

function report(overrides: Partial<ConformanceReport>): ConformanceReport {
  return {
    api: "demo",
    baseUrl: "http://127.0.0.1:1",
    mode: "stateless",
    seed: 1,
    startedAt: "2026-12-04T00:00:00.000Z",
    durationMs: 10,
    requests: 2,
    complete: true,
    checks: ["not_a_server_error"],
    notApplicable: {},
    summary: { not_a_server_error: { passed: 2, failed: 0, inconclusive: 0, advisory: 0 } },
    operations: { a: { not_a_server_error: { passed: 1, failed: 0, inconclusive: 0, advisory: 0 } }, b: { not_a_server_error: { passed: 1, failed: 0, inconclusive: 0, advisory: 0 } } },
    violations: [],
    strict: false,
    advisories: [],
    coverage: coverageOf({ a: [200], b: [200] }),
    ...overrides,
  };
}

describe("what the page says, without a browser", () => {
  it("a clean run passes with exit code 0 and nothing to warn of", () => {
    const page = htmlReport(report({}));
    expect(page).toContain("<h1>Passed: no violation</h1>");
    expect(page).toContain("Exit code 0: every selected check ran to the end and none failed.");
    expect(warningsOf(report({}))).toEqual([]);
  });

  it("every response 401 comes first among the warnings: a pass that tested nothing", () => {
    const refused = report({ coverage: coverageOf({ a: [401], b: [401, 403] }), inputsLeftOut: { b: "no example for the body" } });
    expect(warningsOf(refused).map((warning) => warning.title)).toEqual(["Every response was 401 or 403", "1 operation with inputs the suite could not make"]);
    expect(htmlReport(refused)).toContain("<strong>Every response was 401 or 403</strong>");
  });

  it("an incomplete run, inconclusive cases and operations never judged or called are each a warning; the verdict says why exit 1", () => {
    const weak = report({
      complete: false,
      stopReason: "the run's time limit was reached",
      notReached: ["b"],
      summary: { not_a_server_error: { passed: 0, failed: 0, inconclusive: 3, advisory: 0 } },
      operations: { a: { not_a_server_error: { passed: 0, failed: 0, inconclusive: 3, advisory: 0 } } },
      coverage: coverageOf({ a: [429, 200], b: [] }),
    });
    expect(warningsOf(weak).map((warning) => warning.title)).toEqual(["The run is incomplete", "Most operations were not judged", "3 inconclusive cases", "1 operation never called"]);
    expect(htmlReport(weak)).toContain("Exit code 1: the run stopped early (the run&apos;s time limit was reached); not reached: b.");
  });

  it("says whose fault a failure is: the server's (the suite's checks) or the client's requests (the proxy's request checks)", () => {
    const server = failure({});
    const client = { ...failure({}), check: "request_conformance" } as unknown as CheckResult;
    expect(htmlReport(report({ violations: [server] }))).toContain("Exit code 1: the server broke the contract.");
    expect(htmlReport(report({ violations: [client] }))).toContain("Exit code 1: the client&apos;s requests broke the contract.");
    expect(htmlReport(report({ violations: [server, client] }))).toContain("Exit code 1: the server and the client&apos;s requests broke the contract.");
  });

  it("with a baseline, only new violations fail; known ones are marked", () => {
    const known = failure({ known: true });
    const page = htmlReport(report({ violations: [known], baseline: { file: "/b.json", new: 0, known: 1, fixed: [] } }));
    expect(page).toContain("<h1>Passed: no violation</h1>");
    expect(page).toContain('<span class="tag">known</span>');
  });

  it("shows coverage: the totals, each operation's statuses and members, and the hints", () => {
    const covered = coverageOf({ a: [200, 418] });
    covered.totals.statuses = { covered: 1, total: 2, percent: 50 };
    covered.operations.a = { ...(covered.operations.a as CoverageReport["operations"][string]), statuses: { seen: ["200"], notSeen: ["404"], received: [200, 418], undocumented: [418] }, parameters: { "query kind": { valid: true, invalid: false, enum: { sent: ["x"], notSent: ["y"] } } } };
    covered.hints = ["404 of a never observed: no input reached it"];
    const page = htmlReport(report({ coverage: covered }));
    expect(page).toContain('<tr><th scope="row">documented statuses seen</th><td class="num">50%</td><td class="num muted">1 / 2</td>');
    expect(page).toContain('<span class="status unseen" title="documented, never seen">404</span>');
    expect(page).toContain('<span class="status undocumented" title="received, not documented">418</span>');
    expect(page).toContain('1 / 2 <span class="muted">(not sent: &quot;y&quot;)</span>');
    expect(page).toContain("<li>404 of a never observed: no input reached it</li>");
  });

  it("a body is cut at 2 KB on a character boundary and escaped", () => {
    const body = `<b>${"é".repeat(BODY_PREVIEW_BYTES)}`;
    const page = htmlReport(report({ violations: [failure({ response: { status: 500, headers: {}, body } })], summary: { not_a_server_error: { passed: 0, failed: 1, inconclusive: 0, advisory: 0 } } }));
    const shown = (/<pre class="body">([^<]*)<\/pre>/.exec(page)?.[1] ?? "").replace("&lt;b&gt;", "<b>");
    expect(shown.startsWith("<b>é")).toBe(true);
    expect(shown).not.toContain("\uFFFD");
    // 3 bytes of <b>, then 2-byte characters: the last whole one ends at byte 2047.
    expect(Buffer.byteLength(shown)).toBe(BODY_PREVIEW_BYTES - 1);
    expect(page).toContain(`first ${BODY_PREVIEW_BYTES - 1} bytes of ${Buffer.byteLength(body)} shown`);
  });
});
