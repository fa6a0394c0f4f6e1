// `npm run docs` renders one standalone page per API and a landing page: nothing is
// fetched from a CDN, and the labels of the specs are shown where they stand.
import { describe, expect, it } from "vitest";
import { loadApis } from "../../scripts/lib/apis.ts";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { showLabels, summarize } from "../../scripts/docs.ts";
import { listOperations, loadBundle } from "../../scripts/spec/openapi.ts";
import { sharedDocs } from "../fixtures/shared.ts";

const apis = loadApis();
const pages = await sharedDocs();
const outDir = dirname(pages[0] ?? "");

describe("rendered reference docs", () => {

  it("writes one page per API", () => {
    expect(pages.map((page) => page.split("/").pop())).toEqual(apis.map((api) => `${api.name}.html`));
  });

  it.each(apis.map((api, i) => [api.name, pages[i]] as const))("%s page loads no script or style from the network", (_, page) => {
    const html = readFileSync(page ?? "", "utf8");
    const remote = [
      ...html.matchAll(/<script[^>]+src="(https?:[^"]+)"/g),
      ...html.matchAll(/<link[^>]+href="(https?:[^"]+)"/g),
      ...html.matchAll(/\bimport\b[^;]*?from\s*["'](https?:[^"']+)["']/g),
    ].map((match) => match[1]);
    expect(remote).toEqual([]);
    expect(html).toContain("<script");
    // Redoc's attribution logo and its telemetry collector are the two other ways out.
    expect(html).not.toContain("cdn.redoc.ly/redoc/logo");
    expect(html).toMatch(/__redoc_options = \{[^}]*"disableTelemetry":true/);
  });

  it.each(apis.map((api, i) => [api.name, api, pages[i]] as const))("%s page shows its decisions and sources", (_, api, page) => {
    const html = readFileSync(page ?? "", "utf8");
    const shown = (label: string) => html.split(label).length - 1;
    // Every label appears once in the embedded spec; the server-rendered HTML may repeat it.
    expect(shown("Decision (ours, not the vendor's)")).toBeGreaterThanOrEqual(summarize(api).decisions);
    expect(shown("**Source")).toBeGreaterThan(0);
  });

  it("the landing page lists every API with its title, base URLs and operation count", () => {
    const index = readFileSync(join(outDir, "index.html"), "utf8");
    expect(index).toContain("<style>");
    expect(index).not.toMatch(/<(script|link|img)\b/);
    for (const api of apis) {
      const summary = summarize(api);
      const card = index.slice(index.indexOf(`href="${api.name}.html"`));
      expect(card).toContain(summary.title);
      expect(card).toContain(`<dt>Operations</dt><dd>${listOperations(loadBundle(api.bundle)).length}</dd>`);
      for (const server of summary.servers) expect(card).toContain(server.url);
    }
    expect(summarize(apis.find((api) => api.name === "fullengage") ?? apis[0]!).servers[0]?.url).toBe("https://your-app.com/api/v1");
  });

  it.each(apis.map((api, i) => [api.name, api, pages[i]] as const))("%s page shows every operation summary", (_, api, page) => {
    const html = readFileSync(page ?? "", "utf8");
    const summaries = listOperations(loadBundle(api.bundle)).map((op) => op.summary ?? op.operationId);
    expect(summaries.filter((summary) => !html.includes(summary))).toEqual([]);
  });
});

describe("labels in the docs", () => {
  it("writes x-evidence and x-decision into the description beside them, a parameter's schema labels into the parameter", () => {
    const doc = {
      parameter: { name: "limit", in: "query", description: "Page size.", schema: { type: "integer", minimum: 1, "x-decision": { minimum: "Ours." } } },
      response: { description: "Not found.", "x-evidence": "The vendor says so." },
      plain: { description: "Untouched." },
    };
    const shown = showLabels(doc) as typeof doc;
    expect(shown.parameter.description).toBe("Page size.\n\n**Decision (ours, not the vendor's)** (`minimum`): Ours.");
    expect(shown.response.description).toBe("Not found.\n\n**Source:** The vendor says so.");
    expect(shown.plain).toEqual({ description: "Untouched." });
    expect(doc.parameter.description).toBe("Page size.");
  });
});
