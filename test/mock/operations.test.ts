// Both mocks (Prism and stateful) answer like the real APIs: every operation through
// its generated client, every documented status and named example on request, 401
// for credentials sent the wrong way, a documented 4xx in the API's error shape that
// names what was wrong for invalid input, and never a 5xx, whatever comes in.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningMocks, startMocks } from "../../scripts/mock/mocks.ts";
import { sharedMocks } from "../fixtures/shared.ts";
import { RESET_PATH } from "../../scripts/mock/stateful.ts";
import {
  type Case,
  callThroughClient,
  credentialHeader,
  documented4xx,
  exampleArgs,
  jsonHeaders,
  loadAll,
  malformedCredentials,
  operationCases,
  operationUrl,
  rawUrl,
  responseProblems,
  send,
  successStatus,
} from "./helpers.ts";
import { invalidInputs } from "./invalid-inputs.ts";
import { paginationOf } from "../../scripts/spec/extensions.ts";

const apis = loadAll();
const cases = operationCases(apis);

describe.each(["prism", "stateful"] as const)("the %s mock", (mode) => {
  let running: Pick<RunningMocks, "urls" | "stop">;
  const baseUrl = (c: Case) => running.urls[c.loaded.api.name] ?? "";

  beforeAll(async () => {
    // The Prism mocks are the suite's shared ones (they keep no state); the stateful ones are this file's.
    running = mode === "prism" ? { urls: await sharedMocks(), stop: async () => undefined } : await startMocks({ portBase: 0, stateful: true });
  });
  afterAll(async () => {
    await running?.stop();
  });
  // The stateful mock remembers: each test starts from the seed (the examples' ids exist).
  if (mode === "stateful") {
    beforeEach(async () => {
      for (const url of Object.values(running.urls)) await send(`${url}${RESET_PATH}`, { method: "POST" });
    });
  }

  function call(c: Case, init: { headers?: Record<string, string>; url?: string; body?: string } = {}) {
    const args = exampleArgs(c.op);
    const body = init.body ?? (args.body === undefined ? undefined : JSON.stringify(args.body));
    return send(init.url ?? operationUrl(baseUrl(c), c.op, args), {
      method: c.op.method.toUpperCase(),
      headers: { ...jsonHeaders(args.body), ...(init.headers ?? Object.fromEntries([credentialHeader(c.loaded, c.op)])) },
      ...(body === undefined ? {} : { body }),
    });
  }

  describe.each(cases)("$name", (c) => {
    if (Object.keys(c.op.responses[successStatus(c.op)]?.headers ?? {}).some((name) => name.toLowerCase() === "link")) {
      it("sends Link URLs that point at the mock itself, not at production", async () => {
        // A page of one item, so that there is a next page to link to.
        const limit = paginationOf(c.op)?.limit;
        const answer = await call(c, { url: operationUrl(baseUrl(c), c.op, { ...exampleArgs(c.op), query: limit ? { [limit]: 1 } : {} }) });
        const targets = [...(answer.headers.get("link") ?? "").matchAll(/<([^>]+)>/g)].map((match) => match[1]);
        expect(targets.length).toBeGreaterThan(0);
        for (const target of targets) expect(target?.startsWith(`${baseUrl(c)}/`), target).toBe(true);
      });
    }

    it("answers the generated client with its documented success and a body its schema accepts", async () => {
      const answer = await callThroughClient(c.loaded, baseUrl(c), c.op, exampleArgs(c.op));
      const [header] = credentialHeader(c.loaded, c.op);
      expect(answer.sent.headers.get(header)).toBeTruthy();
      expect(String(answer.status)).toBe(successStatus(c.op));
      expect(responseProblems(c.loaded, c.op, answer.status, answer.text)).toEqual([]);
    });

    it("answers 401 with the API's error shape when the credential is missing", async () => {
      const answer = await callThroughClient(c.loaded, baseUrl(c), c.op, exampleArgs(c.op), null);
      expect(answer.status).toBe(401);
      expect(responseProblems(c.loaded, c.op, answer.status, answer.text)).toEqual([]);
    });

    it.each(malformedCredentials(c.loaded, c.op))("answers 401 to %s", async (_, headers) => {
      const answer = await call(c, { headers });
      expect(answer.status).toBe(401);
      expect(responseProblems(c.loaded, c.op, answer.status, answer.text)).toEqual([]);
    });

    const invalid = invalidInputs(c.loaded, c.op);
    if (invalid.length > 0) it.each(invalid)("rejects $what with a documented 4xx in the API's error shape", async (input) => {
      const args = exampleArgs(c.op);
      const answer = await call(c, {
        url: rawUrl(baseUrl(c), c.op, { ...args, path: { ...args.path, ...input.path }, query: { ...args.query, ...input.query } }),
        ...(input.body === undefined ? {} : { body: input.body }),
      });
      expect(documented4xx(c.op)).toContain(String(answer.status));
      expect(responseProblems(c.loaded, c.op, answer.status, answer.text)).toEqual([]);
      // The body keeps the API's shape and says what was actually wrong.
      expect(answer.text.toLowerCase()).toContain(input.blames.toLowerCase());
    });

    const pathParameter = Object.keys(exampleArgs(c.op).path)[0];
    if (pathParameter !== undefined) it("answers a path with broken percent-encoding with a documented 4xx, as real servers do", async () => {
      const args = exampleArgs(c.op);
      const answer = await call(c, { url: rawUrl(baseUrl(c), c.op, { ...args, path: { ...args.path, [pathParameter]: "%E0%A4%A" } }) });
      expect(documented4xx(c.op)).toContain(String(answer.status));
      expect(responseProblems(c.loaded, c.op, answer.status, answer.text)).toEqual([]);
    });

    if (c.op.requestBody) it("answers a body that is not JSON with a documented 4xx in the API's error shape", async () => {
      const answer = await call(c, { body: '{"name": "unfinished' });
      expect(documented4xx(c.op)).toContain(String(answer.status));
      expect(responseProblems(c.loaded, c.op, answer.status, answer.text)).toEqual([]);
    });

    it.each(Object.keys(c.op.responses))("answers `Prefer: code=%s` with that documented response", async (status) => {
      const answer = await call(c, { headers: { ...Object.fromEntries([credentialHeader(c.loaded, c.op)]), Prefer: `code=${status}` } });
      expect(String(answer.status)).toBe(status);
      expect(responseProblems(c.loaded, c.op, answer.status, answer.text)).toEqual([]);
    });

    const named = Object.entries(c.op.responses).flatMap(([status, response]) =>
      Object.entries(response.content?.["application/json"]?.examples ?? {}).map(([name, example]) => ({ status, name, value: example.value })),
    );
    it.each(named)("answers `Prefer: code=$status, example=$name` with that vendor example, verbatim", async ({ status, name, value }) => {
      const answer = await call(c, {
        headers: { ...Object.fromEntries([credentialHeader(c.loaded, c.op)]), Prefer: `code=${status}, example=${name}` },
      });
      expect(String(answer.status)).toBe(status);
      expect(JSON.parse(answer.text)).toEqual(value);
    });
  });

  describe("requests that a careless or hostile client sends", () => {
    // One list of oddities per operation; the assertion is the same for all: a 4xx or
    // a documented answer, never a 5xx, and the mock is still up afterwards.
    function oddities(c: Case): Array<[string, Parameters<typeof call>[1]]> {
      const auth = Object.fromEntries([credentialHeader(c.loaded, c.op)]);
      const args = exampleArgs(c.op);
      const firstPathParameter = Object.keys(args.path)[0];
      const brokenPath = firstPathParameter
        ? rawUrl(baseUrl(c), c.op, { ...args, path: { ...args.path, [firstPathParameter]: "%" } })
        : `${baseUrl(c)}${c.op.path}%`;
      const exampleUrl = operationUrl(baseUrl(c), c.op, args);
      return [
        ["a path with a lone %", { url: brokenPath }],
        ["a path with %ff (not UTF-8)", { url: brokenPath.replace("%", "%ff") }],
        ["a body that is not JSON", { headers: { ...auth, "Content-Type": "application/json" }, body: "{not json" }],
        ["a JSON body that is a string", { headers: { ...auth, "Content-Type": "application/json" }, body: '"text"' }],
        ["a form body", { headers: { ...auth, "Content-Type": "application/x-www-form-urlencoded" }, body: "a=b" }],
        ["a code and an example that does not exist", { headers: { ...auth, Prefer: `code=${successStatus(c.op)}, example=no-such-example` } }],
        ["an example that does not exist", { headers: { ...auth, Prefer: "example=no-such-example" } }],
        ["an undocumented code", { headers: { ...auth, Prefer: "code=599" } }],
        ["a code that is not a number", { headers: { ...auth, Prefer: "code=abc" } }],
        ["a dynamic preference", { headers: { ...auth, Prefer: "dynamic=true" } }],
        ["an Accept it cannot satisfy", { headers: { ...auth, Accept: "application/xml" } }],
        ["a query full of junk", { url: `${exampleUrl}${exampleUrl.includes("?") ? "&" : "?"}%=%&a[b]=%zz&&=` }],
      ];
    }

    it.each(cases)("$name: never answers 5xx", async (c) => {
      const statuses: Record<string, number> = {};
      for (const [what, init] of oddities(c)) statuses[what] = (await call(c, init)).status;
      const serverErrors = Object.entries(statuses).filter(([, status]) => status >= 500);
      expect(serverErrors).toEqual([]);
    });

    it("leaves every mock up", async () => {
      for (const c of cases.filter((each) => each.op.method === "get")) {
        expect((await call(c)).status, c.name).toBe(Number(successStatus(c.op)));
      }
    });

    it.each(apis.map((loaded) => loaded.api.name))("%s: unknown paths and methods get a 4xx", async (name) => {
      const url = running.urls[name];
      expect((await send(`${url}/no/such/path`)).status).toBe(404);
      expect((await send(`${url}/`, { method: "PATCH" })).status).toBeLessThan(500);
    });
  });

  describe("CORS", () => {
    const origin = "http://localhost:5173";
    it.each(cases)("$name: a preflight from another origin allows the method and the credential header", async (c) => {
      const [header] = credentialHeader(c.loaded, c.op);
      const requested = [header, ...(c.op.requestBody ? ["content-type"] : [])].join(",").toLowerCase();
      const answer = await send(operationUrl(baseUrl(c), c.op, exampleArgs(c.op)), {
        method: "OPTIONS",
        headers: { Origin: origin, "Access-Control-Request-Method": c.op.method.toUpperCase(), "Access-Control-Request-Headers": requested },
      });
      expect(answer.status).toBeLessThan(300);
      expect(answer.headers.get("access-control-allow-origin")).toBe(origin);
      expect(answer.headers.get("access-control-allow-methods")?.toUpperCase()).toContain(c.op.method.toUpperCase());
      for (const name of requested.split(",")) expect(answer.headers.get("access-control-allow-headers")?.toLowerCase()).toContain(name);
    });

    it.each(cases)("$name: the answer to another origin names it", async (c) => {
      const answer = await call(c, { headers: { ...Object.fromEntries([credentialHeader(c.loaded, c.op)]), Origin: origin } });
      expect(answer.headers.get("access-control-allow-origin")).toBe(origin);
    });
  });
});
