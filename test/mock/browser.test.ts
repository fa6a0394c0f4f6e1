// A real headless Chromium loads a page from another origin (its own port on
// 127.0.0.1) whose script calls every operation of every mock with its credential
// header and renders each answer: CORS, preflights and auth headers as a frontend
// developer's app meets them.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedChromium, sharedMocks } from "../fixtures/shared.ts";
import { credentialHeader, exampleArgs, jsonHeaders, loadAll, operationCases, operationUrl, successStatus } from "./helpers.ts";


const cases = operationCases(loadAll());

interface PageCall {
  name: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

interface Rendered {
  name: string;
  status: string;
  headers: string[];
  text: string;
}

function page(calls: PageCall[]): string {
  // `<` escaped so no value can close the script element.
  const data = JSON.stringify(calls).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Calling the mocks</title></head>
<body>
<ul id="results"></ul>
<script>
const calls = ${data};
(async () => {
  for (const call of calls) {
    const item = document.createElement("li");
    item.dataset.name = call.name;
    try {
      const response = await fetch(call.url, { method: call.method, headers: call.headers, body: call.body });
      item.dataset.status = String(response.status);
      item.dataset.headers = JSON.stringify([...response.headers.keys()]);
      item.textContent = await response.text();
    } catch (error) {
      item.dataset.status = "failed: " + error;
    }
    document.getElementById("results").append(item);
  }
  document.body.dataset.done = "yes";
})();
</script>
</body></html>`;
}

let mockUrls: Record<string, string>;
let pageServer: http.Server;
let browser: Browser;
let pageOrigin: string;
let rendered: Rendered[];

beforeAll(async () => {
  mockUrls = await sharedMocks();
  const calls: PageCall[] = cases.map((c) => {
    const args = exampleArgs(c.op);
    return {
      name: c.name,
      url: operationUrl(mockUrls[c.loaded.api.name] ?? "", c.op, args),
      method: c.op.method.toUpperCase(),
      headers: { ...jsonHeaders(args.body), ...Object.fromEntries([credentialHeader(c.loaded, c.op)]) },
      ...(args.body === undefined ? {} : { body: JSON.stringify(args.body) }),
    };
  });
  const html = page(calls);
  pageServer = http.createServer((_, response) => response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html));
  await new Promise<void>((resolve) => pageServer.listen(0, "127.0.0.1", resolve));
  pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;

  browser = await sharedChromium();
  const tab = await browser.newPage();
  await tab.goto(`${pageOrigin}/`, { timeout: 30_000 });
  await tab.waitForSelector("body[data-done=yes]", { timeout: 60_000 });
  rendered = await tab.$$eval("#results li", (items) =>
    items.map((item) => ({
      name: item.getAttribute("data-name") ?? "",
      status: item.getAttribute("data-status") ?? "",
      headers: JSON.parse(item.getAttribute("data-headers") ?? "[]") as string[],
      text: item.textContent ?? "",
    })),
  );
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => pageServer?.close(resolve));
});

describe("a page on another origin", () => {
  it("is on another origin than every mock", () => {
    for (const url of Object.values(mockUrls)) expect(new URL(url).origin).not.toBe(pageOrigin);
  });

  describe.each(cases)("$name", (c) => {
    const result = () => rendered.find((item) => item.name === c.name);

    it("gets the documented success through CORS, credential header included", () => {
      expect(result()?.status).toBe(successStatus(c.op));
    });

    it("renders the vendor's example the mock answered with", () => {
      const media = c.op.responses[successStatus(c.op)]?.content?.["application/json"];
      const example = media?.example ?? Object.values(media?.examples ?? {})[0]?.value;
      if (media) expect(JSON.parse(result()?.text ?? "")).toEqual(example);
      else expect(result()?.text).toBe("");
    });

    it("can read every response header the spec documents", () => {
      const documented = Object.keys(c.op.responses[successStatus(c.op)]?.headers ?? {}).map((name) => name.toLowerCase());
      for (const name of documented) expect(result()?.headers).toContain(name);
    });
  });
});
