// `npm run docs` renders one standalone page per API: nothing is fetched from a CDN.
import { describe, expect, it } from "vitest";
import { loadApis } from "../../scripts/lib/apis.ts";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildDocs } from "../../scripts/docs.ts";
import { listOperations, loadBundle } from "../../scripts/lib/openapi.ts";

describe("rendered reference docs", () => {
  const apis = loadApis();
  const pages = buildDocs(apis, mkdtempSync(join(tmpdir(), "docs-")));

  it("writes one page per API", () => {
    expect(pages.map((page) => page.split("/").pop())).toEqual(apis.map((api) => `${api.name}.html`));
  });

  it.each(pages)("%s loads no script or style from the network", (page) => {
    const html = readFileSync(page, "utf8");
    const remote = [
      ...html.matchAll(/<script[^>]+src="(https?:[^"]+)"/g),
      ...html.matchAll(/<link[^>]+href="(https?:[^"]+)"/g),
      ...html.matchAll(/\bimport\b[^;]*?from\s*["'](https?:[^"']+)["']/g),
    ].map((match) => match[1]);
    expect(remote).toEqual([]);
    expect(html).toContain("<script");
  });

  it.each(apis.map((api, i) => [api.name, api, pages[i]] as const))("%s page shows every operation summary", (_, api, page) => {
    const html = readFileSync(page ?? "", "utf8");
    const summaries = listOperations(loadBundle(api.bundle)).map((op) => op.summary ?? op.operationId);
    expect(summaries.filter((summary) => !html.includes(summary))).toEqual([]);
  });
});
