// The rendered reference pages work in a real browser with no network: Chromium
// opens each page from disk with every non-file request refused, and the page
// renders its title and every operation of its spec, without trying to load anything
// from the network (no script, style, font, image or telemetry request).
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { dirname, join } from "node:path";
import { loadApis } from "../../scripts/lib/apis.ts";
import { listOperations, loadBundle } from "../../scripts/spec/openapi.ts";
import { sharedChromium, sharedDocs } from "../fixtures/shared.ts";

const apis = loadApis();

describe("rendered docs in Chromium, offline", () => {
  let browser: Browser;
  let pages: string[];
  // One tab opens every API's page in turn: its renderer compiles Redoc's inlined script
  // (the same in every page) once, where a tab per page cost Chromium ~10 CPU-s more.
  let tab: Page;
  // Every request the tab made that is not to the page's own file, since the test's goto.
  let refused: string[] = [];
  beforeAll(async () => {
    pages = await sharedDocs();
    browser = await sharedChromium();
    tab = await browser.newPage();
    await tab.route(/^(?!file:|data:|blob:|about:)/, async (route) => {
      refused.push(`${route.request().resourceType()} ${route.request().url()}`);
      await route.abort();
    });
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(() => {
    refused = [];
  });

  it("the landing page links every API and loads nothing", async () => {
    await tab.goto(pathToFileURL(join(dirname(pages[0] ?? ""), "index.html")).href);
    const links = await tab.locator("article h2 a").evaluateAll((anchors) => anchors.map((a) => [a.textContent, a.getAttribute("href")]));
    expect(links).toEqual(apis.map((api) => [loadBundle(api.bundle).info.title, `${api.name}.html`]));
    expect(await tab.evaluate(() => getComputedStyle(document.querySelector("article")!).borderRadius)).not.toBe("0px");
    expect(refused).toEqual([]);
  });

  it.each(apis.map((api, index) => [api.name, api, index] as const))("%s renders every operation", async (_, api, index) => {
    await tab.goto(pathToFileURL(pages[index] ?? "").href, { timeout: 30_000 });
    const doc = loadBundle(api.bundle);
    // The overview lists every operation as its method and path. Redoc renders sections
    // as they scroll into view, so the page is scrolled to the end while waiting.
    const expected = [doc.info.title, ...listOperations(doc).map((op) => `${op.method.toUpperCase()}\n${op.path}`)];
    const rendered = (texts: string[]) => {
      window.scrollTo(0, document.documentElement.scrollHeight);
      return texts.every((text) => document.body.innerText.includes(text));
    };
    await tab.waitForFunction(rendered, expected, { timeout: 30_000, polling: 250 });
    expect(refused).toEqual([]);
  });
});
