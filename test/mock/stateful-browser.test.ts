// A frontend developer's screen against the stateful mock, in a real headless Chromium:
// a page on another origin lists the clients of every API that can create one, a
// button creates a client (the operation's own request example), the page reloads,
// and the new client is still in the list it renders: the mock remembered it.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildModel, itemsPointer } from "../../scripts/spec/model.ts";
import { itemPointer } from "../../scripts/spec/extensions.ts";
import { largestPage } from "../../scripts/conformance/listing.ts";
import { type RunningMocks, startMocks } from "../../scripts/mock/mocks.ts";
import { sharedChromium } from "../fixtures/shared.ts";
import { credentialHeader, exampleArgs, loadAll, operationUrl } from "./helpers.ts";

interface Screen {
  api: string;
  idProperty: string;
  listUrl: string;
  itemsPointer: string;
  createUrl: string;
  createBody: unknown;
  itemPointer: string;
  headers: Record<string, string>;
}

/** Every API with a create and a list operation, as the page's script needs it. */
function screens(urls: Record<string, string>): Screen[] {
  return loadAll().flatMap((loaded) => {
    const resource = buildModel(loaded.doc, loaded.api.name).resources.find((r) => r.create && r.lists.length > 0);
    const list = resource?.lists.find((op) => !op.parameters.some((p) => p.in === "path")) ?? resource?.lists[0];
    if (!resource?.create || !list) return [];
    const base = urls[loaded.api.name] as string;
    const page = largestPage(list);
    const listArgs = exampleArgs(list);
    return [
      {
        api: loaded.api.name,
        idProperty: resource.idProperty ?? "id",
        listUrl: operationUrl(base, list, { path: listArgs.path, query: page ? { [page.name]: page.size } : {} }),
        itemsPointer: itemsPointer(list) ?? "",
        createUrl: operationUrl(base, resource.create, { path: {}, query: {} }),
        createBody: exampleArgs(resource.create).body,
        itemPointer: itemPointer(resource.create),
        headers: Object.fromEntries([credentialHeader(loaded, list)]),
      },
    ];
  });
}

function html(apps: Screen[]): string {
  const data = JSON.stringify(apps).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Clients</title></head>
<body>
<main id="screens"></main>
<script>
const screens = ${data};
const at = (value, pointer) => pointer.split("/").filter(Boolean).reduce((node, key) => node?.[key], value);
async function render(screen, section) {
  const response = await fetch(screen.listUrl, { headers: screen.headers });
  const items = at(await response.json(), screen.itemsPointer) ?? [];
  section.querySelector("ul").replaceChildren(...items.map((item) => {
    const row = document.createElement("li");
    row.dataset.id = String(item[screen.idProperty]);
    row.textContent = JSON.stringify(item);
    return row;
  }));
  section.dataset.listed = String(items.length);
}
for (const screen of screens) {
  const section = document.createElement("section");
  section.id = screen.api;
  section.innerHTML = "<h2></h2><button>New client</button><output></output><ul></ul>";
  section.querySelector("h2").textContent = screen.api;
  section.querySelector("button").addEventListener("click", async () => {
    const response = await fetch(screen.createUrl, {
      method: "POST",
      headers: { ...screen.headers, "Content-Type": "application/json" },
      body: JSON.stringify(screen.createBody),
    });
    const created = at(await response.json(), screen.itemPointer);
    section.querySelector("output").textContent = String(created?.[screen.idProperty]);
    section.dataset.created = String(response.status);
    await render(screen, section);
  });
  document.getElementById("screens").append(section);
  render(screen, section);
}
</script>
</body></html>`;
}

let mocks: RunningMocks;
let pageServer: http.Server;
let browser: Browser;
let tab: Page;
let apps: Screen[];

beforeAll(async () => {
  mocks = await startMocks({ portBase: 0, stateful: true });
  apps = screens(mocks.urls);
  const page = html(apps);
  pageServer = http.createServer((_, response) => response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page));
  await new Promise<void>((resolve) => pageServer.listen(0, "127.0.0.1", resolve));
  browser = await sharedChromium();
  tab = await browser.newPage();
  await tab.goto(`http://127.0.0.1:${(pageServer.address() as AddressInfo).port}/`, { timeout: 30_000 });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => pageServer?.close(resolve));
  await mocks?.stop();
});

describe("a page that creates a client through the stateful mock", () => {
  it("has a create-and-list screen for every API that can create", () => {
    expect(apps.length).toBeGreaterThan(0);
  });

  it("still lists what it created after a reload", async () => {
    for (const app of apps) {
      const section = `section#${app.api}`;
      await tab.waitForSelector(`${section}[data-listed]`, { timeout: 30_000 });
      const before = await tab.$$eval(`${section} li`, (rows) => rows.map((row) => row.getAttribute("data-id")));
      await tab.click(`${section} button`);
      await tab.waitForSelector(`${section}[data-created]`, { timeout: 30_000 });
      expect(await tab.getAttribute(section, "data-created")).toMatch(/^2\d\d$/);
      const created = await tab.textContent(`${section} output`);
      expect(created).toBeTruthy();
      expect(before).not.toContain(created);

      await tab.reload({ timeout: 30_000 });
      await tab.waitForSelector(`${section}[data-listed]`, { timeout: 30_000 });
      const after = await tab.$$eval(`${section} li`, (rows) => rows.map((row) => row.getAttribute("data-id")));
      expect(after).toContain(created);
      expect(after).toHaveLength(before.length + 1);
      const row = JSON.parse((await tab.textContent(`${section} li[data-id="${created}"]`)) ?? "{}") as Record<string, unknown>;
      // The list shows what the form sent (write-only members such as passwords aside).
      for (const [name, value] of Object.entries(app.createBody as Record<string, unknown>)) if (name in row) expect(row[name]).toEqual(value);
    }
  });
});
