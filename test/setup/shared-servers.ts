// vitest globalSetup: servers that many test files need and none changes, started at
// most once per `npm test` and only when a file first asks (test/fixtures/shared.ts):
// the Prism mocks of every API (stateless, so no file sees another's traffic), one
// Chromium that each browser test connects to with its own pages, the rendered docs, and the package packed
// once and installed into the consumer projects (each read-only to the files). Starting them costs
// more CPU than most test files; sharing them is most of what keeps `npm test` within
// its time on two cores. They listen on 127.0.0.1 and are stopped here at teardown.
import { mkdtempSync, rmSync } from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserServer } from "playwright-core";
import type { TestProject } from "vitest/node";
import { buildDocs } from "../../scripts/docs.ts";
import { loadApis } from "../../scripts/lib/apis.ts";
import { type RunningMocks, startMocks } from "../../scripts/mock/mocks.ts";
import { launchChromiumServer } from "../fixtures/chromium.ts";
import { type Packed, SHARED_CONSUMERS, type SharedConsumerName, installPacked, packProject } from "../fixtures/packed.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the broker below: GET /mocks (guard and Prism URLs), GET /chromium, GET /docs, GET /packed, GET /consumer/<name>. */
    sharedServers: string;
  }
}

/** Each server starts on its first request; later ones wait for the same start. */
function once<T>(start: () => Promise<T>): { get: () => Promise<T>; started: () => Promise<T> | undefined } {
  let promise: Promise<T> | undefined;
  return { get: () => (promise ??= start()), started: () => promise };
}

const mocks = once<RunningMocks>(() => startMocks({ portBase: 0 }));
const chromium = once<BrowserServer>(() => launchChromiumServer());
// The rendered docs, read by the docs tests and opened by the browser one: five `redocly build-docs` runs.
const docs = once<{ dir: string; pages: string[] }>(async () => {
  const dir = mkdtempSync(join(tmpdir(), "shared-docs-"));
  return { dir, pages: await buildDocs(loadApis(), dir) };
});

// The package packed once (its `prepare` builds dist/), and the consumer projects it is
// installed into (packed.ts's SHARED_CONSUMERS): packs, installs and builds cost most of
// what the consumer and browser tests spent, each file doing its own.
const temporary: string[] = [];
const temporaryDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
};
const packed = once<Packed>(() => packProject(temporaryDir("shared-packed-")));
const consumers = Object.fromEntries(
  (Object.keys(SHARED_CONSUMERS) as SharedConsumerName[]).map((name) => [
    `/consumer/${name}`,
    once(async () => {
      const dir = temporaryDir(`shared-consumer-${name}-`);
      return { dir, install: await installPacked(dir, await packed.get(), SHARED_CONSUMERS[name]) };
    }),
  ]),
);

const routes: Record<string, () => Promise<unknown>> = {
  "/mocks": async () => {
    const running = await mocks.get();
    return { urls: running.urls, upstreams: Object.fromEntries(running.mocks.map((mock) => [mock.api, mock.upstream])) };
  },
  "/chromium": async () => ({ wsEndpoint: (await chromium.get()).wsEndpoint() }),
  "/docs": async () => (await docs.get()).pages,
  "/packed": () => packed.get(),
  ...Object.fromEntries(Object.entries(consumers).map(([route, consumer]) => [route, () => consumer.get()])),
};

let broker: Server | undefined;
let runTemporaryDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  // Every temporary folder of the run (the tests', their children's, the shared servers')
  // goes under one, removed at teardown: a test that fails before its own clean-up, or a
  // child killed mid-write, leaves nothing behind in the OS temporary directory. The
  // workers start after this and inherit it.
  runTemporaryDir = mkdtempSync(join(tmpdir(), "clients-contract-tests-"));
  process.env.TMPDIR = runTemporaryDir;
  broker = createServer((request, response) => {
    const route = routes[request.url ?? ""];
    if (!route) {
      response.writeHead(404).end();
      return;
    }
    // Connection: close: a worker's fetch would otherwise reuse a kept-alive socket that
    // this server is closing after its idle timeout, and fail with "other side closed".
    route().then(
      (body) => response.writeHead(200, { "content-type": "application/json", connection: "close" }).end(JSON.stringify(body)),
      (error: unknown) => response.writeHead(500, { "content-type": "text/plain", connection: "close" }).end(error instanceof Error ? error.message : String(error)),
    );
  });
  await new Promise<void>((resolve) => broker?.listen(0, "127.0.0.1", resolve));
  project.provide("sharedServers", `http://127.0.0.1:${(broker.address() as AddressInfo).port}`);
}

export async function teardown(): Promise<void> {
  await new Promise((resolve) => broker?.close(resolve));
  await Promise.allSettled([
    mocks.started()?.then((running) => running.stop()),
    chromium.started()?.then((server) => server.close()),
    docs.started()?.then(({ dir }) => rmSync(dir, { recursive: true, force: true })),
  ]);
  // After the installs settle, so none is still writing into a folder being removed.
  await Promise.allSettled([packed.started(), ...Object.values(consumers).map((consumer) => consumer.started())]);
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  if (runTemporaryDir) rmSync(runTemporaryDir, { recursive: true, force: true });
}
