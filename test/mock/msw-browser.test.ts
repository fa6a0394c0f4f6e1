// The MSW handlers in a real headless Chromium with msw's service worker, as a frontend
// app runs them with no server: a page bundled (esbuild) from what the package ships
// (`clients-contract/<api>/msw`, `clients-contract/<api>`, msw/browser) starts the
// worker, calls every operation of every API through the generated clients at their
// default (production) base URLs, which never leave the browser, then creates a client
// and finds it in the next list.
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { build } from "esbuild";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildModel, itemOf, itemsOf } from "../../scripts/spec/model.ts";
import { projectRoot } from "../../scripts/lib/apis.ts";
import { sharedChromium } from "../fixtures/shared.ts";
import { exampleArgs, loadAll, operationCases, successStatus } from "./helpers.ts";

const apis = loadAll();
const cases = operationCases(apis);

interface Call {
  name: string;
  api: string;
  method: string;
  path: string;
  params: { path: Record<string, unknown>; query: Record<string, unknown> };
  body?: unknown;
}

const calls: Call[] = cases.map((c) => {
  const args = exampleArgs(c.op);
  return { name: c.name, api: c.loaded.api.name, method: c.op.method, path: c.op.path, params: { path: args.path, query: args.query }, ...(args.body === undefined ? {} : { body: args.body }) };
});

/** The API that can create and list without path parameters, for the remembering part. */
const creatable = apis
  .map((loaded) => ({ loaded, resource: buildModel(loaded.doc, loaded.api.name).resources.find((r) => r.create && r.lists.some((list) => list.parameters.every((p) => p.in !== "path"))) }))
  .find((entry) => entry.resource?.create);

function appSource(): string {
  const names = apis.map((loaded) => loaded.api.name);
  const create = creatable?.resource?.create;
  const list = creatable?.resource?.lists.find((op) => op.parameters.every((p) => p.in !== "path"));
  return `import { setupWorker } from "msw/browser";
${names.map((name, i) => `import { createStatefulHandlers as handlers${i} } from "clients-contract/${name}/msw";\nimport { createClient as client${i} } from "clients-contract/${name}";`).join("\n")}

const sets = { ${names.map((name, i) => `${JSON.stringify(name)}: handlers${i}()`).join(", ")} };
const clients = { ${names.map((name, i) => `${JSON.stringify(name)}: client${i}({ token: "browser-token" })`).join(", ")} };
const calls = ${JSON.stringify(calls)};
const results = [];
const worker = setupWorker(...Object.values(sets).flatMap((set) => set.handlers));
await worker.start({ serviceWorker: { url: "/mockServiceWorker.js" }, onUnhandledRequest: "error", quiet: true });
for (const call of calls) {
  sets[call.api].reset();
  try {
    const { response, data, error } = await clients[call.api].request(call.method, call.path, { params: call.params, ...(call.body === undefined ? {} : { body: call.body }) });
    results.push({ name: call.name, status: response.status, url: response.url, body: data ?? error ?? null });
  } catch (failure) {
    results.push({ name: call.name, status: 0, body: String(failure) });
  }
}
${
  create && list && creatable
    ? `const api = ${JSON.stringify(creatable.loaded.api.name)};
sets[api].reset();
const created = await clients[api].request("post", ${JSON.stringify(create.path)}, { body: ${JSON.stringify(exampleArgs(create).body)} });
const listed = await clients[api].request("get", ${JSON.stringify(list.path)}, {});
window.remembered = { created: created.data, listed: listed.data };`
    : "window.remembered = null;"
}
window.results = results;
document.body.dataset.done = "yes";
`;
}

let browser: Browser;
let pageServer: http.Server;
let results: Array<{ name: string; status: number; url?: string; body: unknown }>;
let remembered: { created: unknown; listed: unknown } | null;
let networkRequests: string[];

beforeAll(async () => {
  const bundled = await build({
    stdin: { contents: appSource(), resolveDir: projectRoot, loader: "js" },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "error",
  });
  const app = bundled.outputFiles[0]?.text ?? "";
  const worker = readFileSync(join(projectRoot, "node_modules", "msw", "lib", "mockServiceWorker.js"), "utf8");
  const html = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>MSW</title></head><body><script type="module" src="/app.js"></script></body></html>';
  pageServer = http.createServer((request, response) => {
    const files: Record<string, [string, string]> = {
      "/": ["text/html; charset=utf-8", html],
      "/app.js": ["text/javascript", app],
      "/mockServiceWorker.js": ["text/javascript", worker],
    };
    const file = files[request.url ?? "/"];
    if (!file) response.writeHead(404).end();
    else response.writeHead(200, { "content-type": file[0] }).end(file[1]);
  });
  await new Promise<void>((resolve) => pageServer.listen(0, "127.0.0.1", resolve));
  browser = await sharedChromium();
  const tab = await browser.newPage();
  networkRequests = [];
  // What reaches the network: only the page's own files may (the API calls stay in the worker).
  tab.on("response", (response) => {
    if (!response.fromServiceWorker() && !response.url().startsWith(`http://127.0.0.1:${(pageServer.address() as AddressInfo).port}/`)) networkRequests.push(response.url());
  });
  await tab.goto(`http://127.0.0.1:${(pageServer.address() as AddressInfo).port}/`, { timeout: 30_000 });
  await tab.waitForSelector("body[data-done=yes]", { timeout: 60_000, state: "attached" });
  results = await tab.evaluate(() => (window as unknown as { results: typeof results }).results);
  remembered = await tab.evaluate(() => (window as unknown as { remembered: typeof remembered }).remembered);
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => pageServer?.close(resolve));
});

describe("the MSW handlers in Chromium with a service worker", () => {
  it.each(cases)("$name: the documented success through the generated client, at the production base URL", (c) => {
    const result = results.find((entry) => entry.name === c.name);
    expect(result?.status, JSON.stringify(result?.body)).toBe(Number(successStatus(c.op)));
    expect(result?.url).toMatch(/^https?:\/\/(?!127\.0\.0\.1)/);
  });

  it("remembers: a client created in the page is in the next list", () => {
    const resource = creatable?.resource;
    const list = resource?.lists.find((op) => op.parameters.every((p) => p.in !== "path"));
    if (!resource?.create || !list) throw new Error("no API can create and list");
    const id = itemOf(resource.create, remembered?.created)?.[resource.idProperty ?? "id"];
    expect(id).toBeDefined();
    expect(itemsOf(list, remembered?.listed)?.map((item) => (item as Record<string, unknown>)[resource.idProperty ?? "id"])).toContain(id);
  });

  it("sends nothing to the network but the page's own files: the worker answered everything", () => {
    expect(networkRequests).toEqual([]);
  });
});
