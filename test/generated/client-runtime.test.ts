// The generated clients as shipped (generated/<api>/index.js and the shared runtime):
// credential placement, default server, fetch injection, query style and timeout.
// Expectations are read from each spec again here, not from the generator's code.
// Requests go to an injected fetch or to a node:http server on 127.0.0.1:0.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type Api, loadApis, projectRoot } from "../../scripts/lib/apis.ts";
import { type OpenApiDocument, listOperations, loadBundle } from "../../scripts/spec/openapi.ts";
import { type ApiClientOptions, DEFAULT_TIMEOUT_MS, createApiClient } from "../../generated/client-runtime.js";
import { createClient as createFullEngageClient } from "../../generated/fullengage/index.js";
// Any API's paths do for the runtime's own tests; gym's are the smallest.
import type { paths } from "../../generated/gym/schema.js";

/** What every generated/<api>/index.js exports, seen without its API's paths. */
interface GeneratedModule {
  createClient(options?: ApiClientOptions): {
    request(method: string, url: string, init?: Record<string, unknown>): Promise<{ data?: unknown; error?: unknown; response: Response }>;
  };
  defaultBaseUrl: string;
}

async function generatedModule(api: Api): Promise<GeneratedModule> {
  return (await import(pathToFileURL(join(api.generatedDir, "index.js")).href)) as GeneratedModule;
}

/** A fetch that records each request and answers `body` as JSON. */
function recordingFetch(body: unknown = {}) {
  const requests: Request[] = [];
  const fetch = async (request: Request) => {
    requests.push(request);
    return Response.json(body);
  };
  return { requests, fetch };
}

/** The first GET of the spec, with its path parameters filled from their examples. */
function firstGet(spec: OpenApiDocument) {
  const operation = listOperations(spec).find((candidate) => candidate.method === "get");
  if (!operation) throw new Error("the spec has no GET operation");
  const path = Object.fromEntries(operation.parameters.filter((p) => p.in === "path").map((p) => [p.name, p.example]));
  return { url: operation.path, init: { params: { path } } };
}

/** Header and value the spec's security scheme asks for. */
function expectedCredential(spec: OpenApiDocument, token: string): [string, string] {
  const [schemeName] = Object.keys(spec.security?.[0] ?? {});
  const scheme = spec.components?.securitySchemes?.[schemeName ?? ""];
  if (scheme?.type === "http" && scheme.scheme === "bearer") return ["authorization", `Bearer ${token}`];
  if (scheme?.type === "apiKey" && scheme.in === "header" && scheme.name) return [scheme.name.toLowerCase(), token];
  throw new Error(`unexpected security scheme ${JSON.stringify(scheme)}`);
}

function firstServer(spec: OpenApiDocument): string {
  const server = spec.servers?.[0];
  if (!server) throw new Error("the spec has no server");
  return server.url.replace(/\{(\w+)\}/g, (_, name: string) => server.variables?.[name]?.default ?? "");
}

describe.each(loadApis().map((api) => [api.name, api] as const))("%s client", (_, api) => {
  const spec = loadBundle(api.bundle);

  it("sends the token the way the spec's security scheme says", async () => {
    const { requests, fetch } = recordingFetch();
    const client = (await generatedModule(api)).createClient({ token: "t0k3n", fetch, baseUrl: "http://127.0.0.1:9" });
    const { url, init } = firstGet(spec);
    await client.request("get", url, init);
    const [header, value] = expectedCredential(spec, "t0k3n");
    expect(requests[0]?.headers.get(header)).toBe(value);
  });

  it("sends no credential without a token", async () => {
    const { requests, fetch } = recordingFetch();
    const client = (await generatedModule(api)).createClient({ fetch, baseUrl: "http://127.0.0.1:9" });
    const { url, init } = firstGet(spec);
    await client.request("get", url, init);
    const [header] = expectedCredential(spec, "unused");
    expect(requests[0]?.headers.has(header)).toBe(false);
  });

  it("goes to the spec's first server by default", async () => {
    const { requests, fetch } = recordingFetch();
    const module = await generatedModule(api);
    const { url, init } = firstGet(spec);
    await module.createClient({ fetch }).request("get", url, init);
    expect(module.defaultBaseUrl).toBe(firstServer(spec));
    expect(requests[0]?.url.startsWith(`${firstServer(spec)}/`)).toBe(true);
  });
});

describe("client runtime", () => {
  const descriptor = { defaultBaseUrl: "https://api.example.test/v1", auth: { in: "header" as const, name: "X-Key", prefix: "" } };

  it("asks a token function before every request, so a token can be refreshed", async () => {
    const { requests, fetch } = recordingFetch();
    let issued = 0;
    const client = createApiClient<paths>(descriptor, { fetch, token: async () => `key-${++issued}` });
    await client.GET("/clients");
    await client.GET("/clients");
    expect(requests.map((request) => request.headers.get("X-Key"))).toEqual(["key-1", "key-2"]);
  });

  it("sends requests to baseUrl when given", async () => {
    const { requests, fetch } = recordingFetch();
    await createApiClient<paths>(descriptor, { fetch, baseUrl: "http://127.0.0.1:4012/" }).GET("/clients");
    expect(requests[0]?.url).toBe("http://127.0.0.1:4012/clients");
  });

  it("writes fullengage's `status` filter as one comma-separated value (style form, explode false)", async () => {
    const { requests, fetch } = recordingFetch({ data: [], total: 0 });
    const client = createFullEngageClient({ fetch, baseUrl: "http://127.0.0.1:9" });
    await client.GET("/clients", { params: { query: { status: ["active", "inactive"], limit: 5 } } });
    expect(new URL(requests[0]?.url ?? "").search).toBe("?status=active,inactive&limit=5");
  });

  it("rejects a bad timeout or base URL at once, with the value in the message", () => {
    expect(() => createApiClient(descriptor, { timeoutMs: 0 })).toThrow(/timeoutMs .* got 0/);
    expect(() => createApiClient(descriptor, { baseUrl: "/relative" })).toThrow(/^baseUrl "\/relative" is relative, and outside a browser there is no `location`/);
    expect(() => createApiClient(descriptor, { validate: true } as ApiClientOptions)).toThrow(/response validation comes from the API's \/validate subpath/);
    expect(() => createApiClient({ ...descriptor, auth: null }, { token: "x" })).toThrow(/takes no credential/);
  });

  it("looks up globalThis.fetch when each request is sent, so a fetch installed after the client was created (msw's listen()) answers it", async () => {
    const client = createApiClient<paths>(descriptor);
    const { requests, fetch } = recordingFetch({ success: true, client: [] });
    vi.stubGlobal("fetch", fetch);
    try {
      await expect(client.GET("/clients")).resolves.toMatchObject({ data: { success: true, client: [] } });
    } finally {
      vi.unstubAllGlobals();
    }
    expect(requests.map((request) => request.url)).toEqual(["https://api.example.test/v1/clients"]);
  });

  it("resolves a relative baseUrl against location, as a page does", async () => {
    vi.stubGlobal("location", new URL("http://127.0.0.1:5173/app/page?tab=1"));
    try {
      const { requests, fetch } = recordingFetch();
      await createApiClient<paths>(descriptor, { fetch, baseUrl: "/api/v1" }).GET("/clients");
      expect(requests[0]?.url).toBe("http://127.0.0.1:5173/api/v1/clients");
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("adds the status beside data and error", async () => {
    const result = await createApiClient<paths>(descriptor, { fetch: async () => Response.json({ error: "gone" }, { status: 404 }) }).GET("/clients");
    expect(result).toMatchObject({ status: 404, error: { error: "gone" } });
    expect(result.response.status).toBe(404);
  });

  it("gives a fetch of its own the deadline as init.signal, and rejects at the deadline even if that fetch ignores it", async () => {
    const signals: Array<AbortSignal | null | undefined> = [];
    const listening = createApiClient<paths>({ defaultBaseUrl: "http://127.0.0.1:9", auth: null }, {
      timeoutMs: 100,
      fetch: (_request, init) => {
        signals.push(init?.signal);
        return new Promise((_, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)));
      },
    });
    await expect(listening.GET("/clients")).rejects.toMatchObject({ name: "TimeoutError" });
    expect(signals[0]?.aborted).toBe(true);
    const deaf = createApiClient<paths>({ defaultBaseUrl: "http://127.0.0.1:9", auth: null }, { timeoutMs: 100, fetch: () => new Promise<Response>(() => undefined) });
    await expect(deaf.GET("/clients")).rejects.toMatchObject({ name: "TimeoutError" });
  });

  it("passes the deadline on to a fetch that copies init into its own (the signal is an own, enumerable property)", async () => {
    const copied: Array<AbortSignal | null | undefined> = [];
    const copying = createApiClient<paths>({ defaultBaseUrl: "http://127.0.0.1:9", auth: null }, {
      timeoutMs: 100,
      fetch: (_request, init) => {
        const own: RequestInit = { ...init };
        copied.push(own.signal);
        return new Promise<Response>(() => undefined);
      },
    });
    await expect(copying.GET("/clients")).rejects.toMatchObject({ name: "TimeoutError" });
    expect(copied[0]?.aborted).toBe(true);
  });

  it("defaults the timeout to ten seconds", () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(10_000);
  });
});

describe("request timeout", () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  /** A server that answers nothing, or only the status line and headers. */
  async function hangingServer(sendHeaders: boolean): Promise<string> {
    server = createServer((_, response) => {
      if (sendHeaders) response.writeHead(200, { "content-type": "application/json" }).flushHeaders();
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const descriptor = { defaultBaseUrl: "http://127.0.0.1:9", auth: null };

  it("aborts a request the server never answers", async () => {
    const client = createApiClient<paths>(descriptor, { baseUrl: await hangingServer(false), timeoutMs: 200 });
    await expect(client.GET("/clients")).rejects.toMatchObject({ name: "TimeoutError" });
  });

  it("aborts a response whose body never ends", async () => {
    const client = createApiClient<paths>(descriptor, { baseUrl: await hangingServer(true), timeoutMs: 200 });
    await expect(client.GET("/clients")).rejects.toMatchObject({ name: "TimeoutError" });
  });

  it("still honours the caller's own abort signal", async () => {
    const client = createApiClient<paths>(descriptor, { baseUrl: await hangingServer(false) });
    const controller = new AbortController();
    const pending = client.GET("/clients", { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("bundles", () => {
  /** One file, as a bundler without code splitting writes an app that imports `entry`. */
  async function bundle(entry: string): Promise<string> {
    const built = await build({
      stdin: { contents: `import { createClient } from "${entry}";\ncreateClient({ baseUrl: "/api" }).GET("/clients").then(console.log);`, resolveDir: projectRoot, loader: "js" },
      bundle: true,
      format: "esm",
      platform: "browser",
      write: false,
      logLevel: "error",
    });
    return built.outputFiles.map((file) => file.text).join("");
  }
  // Marks of the precompiled validators and of what they import.
  const validatorCode = /ucs2length|must match format|is required but missing/;

  it("hold no validator of a client that does not validate, even without code splitting; the /validate subpath's do", async () => {
    const [plain, validating] = await Promise.all([bundle("clients-contract/gym"), bundle("clients-contract/gym/validate")]);
    expect(validating).toMatch(validatorCode);
    expect(plain).not.toMatch(validatorCode);
  });
});
