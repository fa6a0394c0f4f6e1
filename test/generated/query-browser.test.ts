// `clients-contract/<api>/query` as a React app uses it, in the shared headless Chromium:
// a page bundled by esbuild in the shared frontend consumer project from the packed
// package installed there (the query hooks, the client, the stateful MSW handlers) and
// that project's msw/browser, React and TanStack Query lists the clients of an
// API that can create, creates one through a mutation that invalidates the list, and
// shows the list again. The client is created at module load, before the worker
// starts, with the relative base URL `/api/v1`, which the page resolves against its
// own location and the handlers answer at; nothing but the page's files reaches the network.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildModel, itemOf, itemsOf } from "../../scripts/spec/model.ts";
import { type ConsumerPage, bundleConsumerPage, inputsOutsideInstall, installedPackageInputs, installedServiceWorker } from "../fixtures/consumer-page.ts";
import { PACKED_TIMEOUT_MS, sharedChromium, sharedConsumer } from "../fixtures/shared.ts";
import { exampleArgs, loadAll } from "../mock/helpers.ts";

const BASE_PATH = "/api/v1";

/** The first API that can create and list without path parameters, and those two operations. */
const subject = (() => {
  for (const loaded of loadAll()) {
    const model = buildModel(loaded.doc, loaded.api.name);
    for (const resource of model.resources) {
      const list = resource.lists.find((op) => op.parameters.every((parameter) => parameter.in !== "path"));
      if (resource.create && list) return { api: loaded.api.name, resource, list, create: resource.create };
    }
  }
  throw new Error("no API can create and list without path parameters");
})();

function appSource(): string {
  const { api, list, create } = subject;
  return `import React from "react";
import { createRoot } from "react-dom/client";
import { QueryClient, QueryClientProvider, useQueryClient } from "@tanstack/react-query";
import { setupWorker } from "msw/browser";
import { createClient } from "clients-contract/${api}";
import { createQueryHooks } from "clients-contract/${api}/query";
import { createStatefulHandlers } from "clients-contract/${api}/msw";

const $api = createQueryHooks(createClient({ baseUrl: ${JSON.stringify(BASE_PATH)}, token: "browser-token" }));
const h = React.createElement;

function App() {
  const queryClient = useQueryClient();
  const list = $api.useQuery("get", ${JSON.stringify(list.path)});
  const create = $api.useMutation("post", ${JSON.stringify(create.path)}, {
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["get", ${JSON.stringify(list.path)}] }),
  });
  return h("main", null,
    h("pre", { id: "list", "data-status": list.status, "data-fetching": String(list.isFetching) }, JSON.stringify(list.data ?? String(list.error ?? ""))),
    h("button", { id: "create", onClick: () => create.mutate({ body: ${JSON.stringify(exampleArgs(create).body)} }) }, "create"),
    h("pre", { id: "created", "data-status": create.status }, JSON.stringify(create.data ?? String(create.error ?? ""))),
  );
}

const worker = setupWorker(...createStatefulHandlers({ baseUrl: ${JSON.stringify(BASE_PATH)} }).handlers);
await worker.start({ serviceWorker: { url: "/mockServiceWorker.js" }, onUnhandledRequest: "error", quiet: true });
createRoot(document.getElementById("root")).render(h(QueryClientProvider, { client: new QueryClient() }, h(App)));
`;
}

let consumer: string;
let bundled: ConsumerPage;
let browser: Browser;
let page: Page;
let pageServer: http.Server;
let origin: string;
const apiRequests: string[] = [];
const networkRequests: string[] = [];

beforeAll(async () => {
  consumer = (await sharedConsumer("msw2")).dir;
  bundled = await bundleConsumerPage(consumer, appSource(), { "process.env.NODE_ENV": '"production"' });
  const files: Record<string, [string, string]> = {
    "/": ["text/html; charset=utf-8", '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Query</title></head><body><div id="root"></div><script type="module" src="/app.js"></script></body></html>'],
    "/app.js": ["text/javascript", bundled.code],
    "/mockServiceWorker.js": ["text/javascript", installedServiceWorker(consumer)],
  };
  pageServer = http.createServer((request, response) => {
    const file = files[request.url ?? "/"];
    if (!file) response.writeHead(404).end();
    else response.writeHead(200, { "content-type": file[0] }).end(file[1]);
  });
  await new Promise<void>((resolve) => pageServer.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
  browser = await sharedChromium();
  page = await browser.newPage();
  page.on("request", (request) => {
    if (request.url().startsWith(`${origin}${BASE_PATH}/`)) apiRequests.push(`${request.method()} ${request.url()}`);
  });
  // Reaching the network: anything off the page's origin, or an API call the worker let through.
  page.on("response", (response) => {
    const url = response.url();
    if (!response.fromServiceWorker() && (!url.startsWith(`${origin}/`) || url.startsWith(`${origin}${BASE_PATH}/`))) networkRequests.push(url);
  });
  await page.goto(`${origin}/`, { timeout: 30_000 });
}, PACKED_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => pageServer?.close(resolve));
});

/** The list as the page shows it once no fetch is running. */
async function shownList(): Promise<unknown> {
  await page.waitForSelector('#list[data-status="success"][data-fetching="false"]', { timeout: 30_000, state: "attached" });
  return JSON.parse((await page.textContent("#list")) ?? "null");
}

const idsOf = (listed: unknown) => (itemsOf(subject.list, listed) ?? []).map((item) => (item as Record<string, unknown>)[subject.resource.idProperty ?? "id"]);

describe(`clients-contract/${subject.api}/query in Chromium, against the stateful MSW handlers`, () => {
  it("the page is bundled from the packed package installed in a consumer project: every file esbuild read is in that project's node_modules", () => {
    expect(inputsOutsideInstall(consumer, bundled)).toEqual([]);
    expect(installedPackageInputs(consumer, bundled)).toEqual(
      expect.arrayContaining([`generated/${subject.api}/query.js`, `generated/${subject.api}/index.js`, `dist/msw/${subject.api}.js`]),
    );
  });

  let before: unknown[] = [];
  let created: unknown;

  it("useQuery lists the clients through the relative base URL, resolved against the page's location", async () => {
    before = idsOf(await shownList());
    expect(before.length).toBeGreaterThan(0);
    expect(apiRequests).toContain(`GET ${origin}${BASE_PATH}${subject.list.path}`);
  });

  it("useMutation creates one, and the invalidated list shows it", async () => {
    await page.click("#create");
    await page.waitForSelector('#created[data-status="success"]', { timeout: 30_000, state: "attached" });
    created = itemOf(subject.create, JSON.parse((await page.textContent("#created")) ?? "null"))?.[subject.resource.idProperty ?? "id"];
    expect(created).toBeDefined();
    await page.waitForFunction((id) => (document.querySelector("#list")?.textContent ?? "").includes(JSON.stringify(id)), created, { timeout: 30_000 });
    expect(before).not.toContain(created);
    expect(idsOf(await shownList())).toContain(created);
    expect(apiRequests).toContain(`POST ${origin}${BASE_PATH}${subject.create.path}`);
  });

  it("sends nothing to the network but the page's own files: the worker answered every call", () => {
    expect(networkRequests).toEqual([]);
  });
});
