// The MSW handlers in a real headless Chromium with msw's service worker, as a frontend
// app runs them with no server: a page bundled (esbuild) in a consumer project from the
// packed package installed there (`clients-contract/<api>/msw`, `clients-contract/<api>`,
// msw/browser; test/fixtures/consumer-page.ts) starts the worker, calls every operation of every API through the generated clients at their
// default (production) base URLs, which never leave the browser, then creates a client
// and finds it in the next list. The page is served with a Content-Security-Policy
// without 'unsafe-eval' (the handlers' validators are compiled at build time), and a
// second page keeps its data in localStorage (`persist`) across a reload, at a base URL
// relative to the page (/api/v1). The same page bundled in the consumer project with
// msw 3 (its own worker) answers every operation too.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { sep } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildModel, itemOf, itemsOf } from "../../scripts/spec/model.ts";
import { type ConsumerPage, bundleConsumerPage, inputsOutsideInstall, installedPackageInputs, installedServiceWorker } from "../fixtures/consumer-page.ts";
import { PACKED_TIMEOUT_MS, sharedChromium, sharedConsumer } from "../fixtures/shared.ts";
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

function appSource(mswMajor: 2 | 3): string {
  const names = apis.map((loaded) => loaded.api.name);
  const create = creatable?.resource?.create;
  const list = creatable?.resource?.lists.find((op) => op.parameters.every((p) => p.in !== "path"));
  const persistFlow =
    create && list && creatable
      ? `if (location.search === "?persist") {
  // Same-origin, as behind a dev server's proxy: a relative base URL for the handlers and the client.
  const set = persistHandlers${names.indexOf(creatable.loaded.api.name)}({ persist: "localStorage", baseUrl: "/api/v1" });
  const client = client${names.indexOf(creatable.loaded.api.name)}({ token: "browser-token", baseUrl: "/api/v1" });
  await setupWorker(...set.handlers).start({ serviceWorker: { url: "/mockServiceWorker.js" }, onUnhandledRequest: "error", quiet: true });
  const list = async () => (await client.request("get", ${JSON.stringify(list.path)}, {})).data;
  if (sessionStorage.getItem("created") === null) {
    const created = await client.request("post", ${JSON.stringify(create.path)}, { body: ${JSON.stringify(exampleArgs(create).body)} });
    sessionStorage.setItem("created", JSON.stringify(created.data));
    window.persisted = { step: "created" };
  } else {
    const listed = await list();
    set.reset();
    window.persisted = { step: "reloaded", created: JSON.parse(sessionStorage.getItem("created")), listed, afterReset: await list() };
  }
}
`
      : "";
  return `import { setupWorker } from "msw/browser";
${names.map((name, i) => `import { createStatefulHandlers as handlers${i}, createStatefulHandlers as persistHandlers${i} } from "clients-contract/${name}/msw";\nimport { createClient as client${i} } from "clients-contract/${name}";`).join("\n")}

// The page's policy forbids eval: this must fail, or the policy is not in force.
window.evalRuns = (() => { try { return new Function("return true")(); } catch { return false; } })();
${persistFlow}
if (location.search !== "?persist") {
const sets = { ${names.map((name, i) => `${JSON.stringify(name)}: handlers${i}()`).join(", ")} };
const clients = { ${names.map((name, i) => `${JSON.stringify(name)}: client${i}({ token: "browser-token" })`).join(", ")} };
const calls = ${JSON.stringify(calls)};
const results = [];
const worker = setupWorker(...Object.values(sets).flatMap((set) => set.handlers));
await worker.start({ serviceWorker: { url: "/mockServiceWorker.js" }, ${mswMajor === 2 ? "onUnhandledRequest" : "onUnhandledFrame"}: "error", quiet: true });
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
}
document.body.dataset.done = "yes";
`;
}

/** No 'unsafe-eval': a bundle that compiles code at run time (ajv's compiler) cannot run here. */
const CSP = "script-src 'self'; worker-src 'self'";

let browser: Browser;
let evalRuns: boolean;
let violations: string[];
let persisted: { step: string; created?: unknown; listed?: unknown; afterReset?: unknown };
let pageServer: http.Server;
type Results = Array<{ name: string; status: number; url?: string; body: unknown }>;
let results: Results;
/** The same page bundled in the msw 3 consumer project. */
let resultsMsw3: Results;
let msw3Server: http.Server;
let remembered: { created: unknown; listed: unknown } | null;
let networkRequests: string[];

/** The page bundled in a consumer project (msw 2's or msw 3's), with that project's folder. */
interface BundledPage {
  major: 2 | 3;
  dir: string;
  page: ConsumerPage;
}
let bundles: BundledPage[];

function servePage(files: Record<string, [string, string]>): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    const file = files[request.url ?? "/"];
    if (!file) response.writeHead(404).end();
    else response.writeHead(200, { "content-type": file[0], "content-security-policy": CSP }).end(file[1]);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const urlOf = (server: http.Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

beforeAll(async () => {
  bundles = await Promise.all(
    ([2, 3] as const).map(async (major) => {
      const { dir } = await sharedConsumer(`msw${major}`);
      return { major, dir, page: await bundleConsumerPage(dir, appSource(major)) };
    }),
  );
  const [msw2, msw3] = bundles as [BundledPage, BundledPage];
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>MSW</title><script src="/violations.js"></script></head><body><script type="module" src="/app.js"></script></body></html>';
  // Recorded before the app runs: whatever the policy blocks.
  const violationRecorder = 'window.violations = []; document.addEventListener("securitypolicyviolation", (event) => window.violations.push(event.violatedDirective + " " + event.blockedURI));';
  const page = (bundle: string, worker: string): Record<string, [string, string]> => ({
    "/": ["text/html; charset=utf-8", html],
    "/?persist": ["text/html; charset=utf-8", html],
    "/violations.js": ["text/javascript", violationRecorder],
    "/app.js": ["text/javascript", bundle],
    "/mockServiceWorker.js": ["text/javascript", worker],
  });
  // Two origins, so that each page has its own service worker.
  const serve = (bundle: BundledPage) => servePage(page(bundle.page.code, installedServiceWorker(bundle.dir)));
  [pageServer, msw3Server] = await Promise.all([serve(msw2), serve(msw3)]);
  browser = await sharedChromium();
  const tab = await browser.newPage();
  networkRequests = [];
  // What reaches the network: only the page's own files may (the API calls stay in the worker).
  tab.on("response", (response) => {
    const ownFile = [pageServer, msw3Server].some((server) => response.url().startsWith(urlOf(server)));
    if (!response.fromServiceWorker() && !ownFile) networkRequests.push(response.url());
  });
  await tab.goto(`http://127.0.0.1:${(pageServer.address() as AddressInfo).port}/`, { timeout: 30_000 });
  await tab.waitForSelector("body[data-done=yes]", { timeout: 60_000, state: "attached" });
  results = await tab.evaluate(() => (window as unknown as { results: typeof results }).results);
  remembered = await tab.evaluate(() => (window as unknown as { remembered: typeof remembered }).remembered);
  evalRuns = await tab.evaluate(() => (window as unknown as { evalRuns: boolean }).evalRuns);
  violations = await tab.evaluate(() => (window as unknown as { violations: string[] }).violations);
  // The persisting page: create, reload, list (then reset and list again).
  await tab.goto(`http://127.0.0.1:${(pageServer.address() as AddressInfo).port}/?persist`, { timeout: 30_000 });
  await tab.waitForSelector("body[data-done=yes]", { timeout: 60_000, state: "attached" });
  await tab.reload({ timeout: 30_000 });
  await tab.waitForSelector("body[data-done=yes]", { timeout: 60_000, state: "attached" });
  persisted = await tab.evaluate(() => (window as unknown as { persisted: typeof persisted }).persisted);
  await tab.goto(urlOf(msw3Server), { timeout: 30_000 });
  await tab.waitForSelector("body[data-done=yes]", { timeout: 60_000, state: "attached" });
  resultsMsw3 = await tab.evaluate(() => (window as unknown as { results: Results }).results);
}, PACKED_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await Promise.all([pageServer, msw3Server].map((server) => new Promise((resolve) => server?.close(resolve))));
});

describe("the MSW handlers in Chromium with a service worker", () => {
  it.each([2, 3])("the msw %i page is bundled from the packed package installed in a consumer project: every file esbuild read is in that project's node_modules", (major) => {
    const bundle = bundles.find((candidate) => candidate.major === major);
    if (!bundle) throw new Error(`no msw ${major} page`);
    expect(inputsOutsideInstall(bundle.dir, bundle.page)).toEqual([]);
    const fromPackage = installedPackageInputs(bundle.dir, bundle.page);
    for (const loaded of apis) expect(fromPackage).toEqual(expect.arrayContaining([`dist/msw/${loaded.api.name}.js`, `generated/${loaded.api.name}/index.js`]));
    expect(bundle.page.inputs.some((input) => input.includes(`${sep}node_modules${sep}msw${sep}`))).toBe(true);
  });

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

  it.each(cases)("msw 3: $name: the documented success through the generated client", (c) => {
    const result = resultsMsw3.find((entry) => entry.name === c.name);
    expect(result?.status, JSON.stringify(result?.body)).toBe(Number(successStatus(c.op)));
    expect(result?.url).toMatch(/^https?:\/\/(?!127\.0\.0\.1)/);
  });

  it("runs under a Content-Security-Policy without 'unsafe-eval': the policy is in force, and nothing but the page's own probe broke it", () => {
    expect(evalRuns).toBe(false);
    expect(violations.filter((violation) => !/^script-src eval$/.test(violation))).toEqual([]);
    expect(violations.length).toBeGreaterThan(0);
  });

  it("persist: localStorage keeps what a page created (at a relative base URL, /api/v1) across a reload; reset() forgets it", () => {
    const resource = creatable?.resource;
    const list = resource?.lists.find((op) => op.parameters.every((p) => p.in !== "path"));
    if (!resource?.create || !list) throw new Error("no API can create and list");
    const idProperty = resource.idProperty ?? "id";
    expect(persisted.step).toBe("reloaded");
    const id = itemOf(resource.create, persisted.created)?.[idProperty];
    expect(id).toBeDefined();
    const ids = (body: unknown) => itemsOf(list, body)?.map((item) => (item as Record<string, unknown>)[idProperty]);
    expect(ids(persisted.listed)).toContain(id);
    expect(ids(persisted.afterReset)).not.toContain(id);
  });

  it("sends nothing to the network but the page's own files: the worker answered everything", () => {
    expect(networkRequests).toEqual([]);
  });
});
