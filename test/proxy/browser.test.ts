// A page in the shared Chromium, served from its own loopback origin, calls a faulty
// server through the proxy with a credential header (so the browser sends a preflight,
// which the proxy answers) and reads X-Contract-Violations from the answer, as a
// frontend developer sees it in the network panel.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, expect, it } from "vitest";
import { type RunningProxy, startProxy } from "../../scripts/proxy/proxy.ts";
import { type ReferenceServer, startReferenceServer } from "../fixtures/reference/index.ts";
import { sharedChromium } from "../fixtures/shared.ts";

let server: ReferenceServer | undefined;
let proxy: RunningProxy | undefined;
let pageServer: Server | undefined;
let browser: Browser | undefined;

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => pageServer?.close(resolve));
  await proxy?.close();
  await server?.close();
});

function page(apiUrl: string, token: string): string {
  const call = JSON.stringify({ url: `${apiUrl}/clients`, token }).replace(/</g, "\\u003c");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>behind the proxy</title></head><body><script>
const call = ${call};
fetch(call.url, { headers: { Authorization: "Bearer " + call.token } })
  .then((response) => { document.body.dataset.status = String(response.status); document.body.dataset.violations = response.headers.get("X-Contract-Violations") ?? "unreadable"; })
  .catch((error) => { document.body.dataset.status = "failed: " + error; });
</script></body></html>`;
}

it("lets a page on another origin read X-Contract-Violations from an answer it got through the proxy", async () => {
  server = await startReferenceServer({ api: "gym", faults: ["created-at-no-t"] });
  proxy = await startProxy({ api: "gym", upstream: server.url });
  const html = page(proxy.url, server.token);
  pageServer = createServer((_request, response) => response.writeHead(200, { "content-type": "text/html" }).end(html));
  await new Promise<void>((resolve) => pageServer?.listen(0, "127.0.0.1", resolve));
  browser = await sharedChromium();
  const tab = await browser.newPage();
  await tab.goto(`http://127.0.0.1:${(pageServer.address() as AddressInfo).port}/`);
  await tab.waitForSelector("body[data-status]", { state: "attached", timeout: 30_000 });
  const seen = await tab.evaluate(() => ({ status: document.body.dataset.status, violations: document.body.dataset.violations }));
  expect(seen.status).toBe("200");
  expect(seen.violations).toMatch(/^1; response_schema_conformance: \/client\/0\/created_at must match format "date-time"/);
  // The page's preflight was the proxy's to answer: the one exchange recorded is the call itself.
  expect(proxy.report().requests).toBe(1);
});
