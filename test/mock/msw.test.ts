// The MSW handlers with msw/node's setupServer and no server at all: every operation of
// every API through its generated client at the client's default base URL, answered
// by the example handlers with the documented example, and by the stateful set from
// one store that remembers what the client wrote.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildModel, itemOf, itemsOf } from "../../scripts/spec/model.ts";
import { createMockHandlers } from "../../scripts/mock/msw.ts";
import { callThroughClient, exampleArgs, loadAll, operationCases, responseProblems, successStatus } from "./helpers.ts";

const apis = loadAll();
const cases = operationCases(apis);
const defaults = Object.fromEntries(
  await Promise.all(
    apis.map(async (loaded) => {
      const module = (await import(pathToFileURL(join(loaded.api.generatedDir, "index.js")).href)) as { defaultBaseUrl: string };
      return [loaded.api.name, module.defaultBaseUrl] as const;
    }),
  ),
);
const example = (c: (typeof cases)[number]) => {
  const media = c.op.responses[successStatus(c.op)]?.content?.["application/json"];
  return media?.example ?? Object.values(media?.examples ?? {})[0]?.value;
};

describe("the example handlers", () => {
  const server = setupServer(...apis.flatMap((loaded) => createMockHandlers(loaded.doc, loaded.api.name, defaults[loaded.api.name] as string, { stateful: false }).handlers));
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterAll(() => server.close());

  it.each(cases)("$name: the documented success with its example, through the generated client", async (c) => {
    const answer = await callThroughClient(c.loaded, defaults[c.loaded.api.name] as string, c.op, exampleArgs(c.op));
    expect(String(answer.status)).toBe(successStatus(c.op));
    expect(responseProblems(c.loaded, c.op, answer.status, answer.text)).toEqual([]);
    if (example(c) === undefined) expect(answer.text).toBe("");
    else expect(JSON.parse(answer.text)).toEqual(example(c));
  });

  it.each(cases)("$name: 401 in the API's error shape without a credential", async (c) => {
    const answer = await callThroughClient(c.loaded, defaults[c.loaded.api.name] as string, c.op, exampleArgs(c.op), null);
    expect(answer.status).toBe(401);
    expect(responseProblems(c.loaded, c.op, answer.status, answer.text)).toEqual([]);
  });
});

describe("the stateful handlers", () => {
  const sets = apis.map((loaded) => ({ loaded, set: createMockHandlers(loaded.doc, loaded.api.name, defaults[loaded.api.name] as string, { stateful: true }) }));
  const server = setupServer(...sets.flatMap(({ set }) => set.handlers));
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => {
    for (const { set } of sets) set.reset();
  });
  afterAll(() => server.close());

  it.each(cases)("$name: the documented success, through the generated client", async (c) => {
    const answer = await callThroughClient(c.loaded, defaults[c.loaded.api.name] as string, c.op, exampleArgs(c.op));
    expect(String(answer.status)).toBe(successStatus(c.op));
    expect(responseProblems(c.loaded, c.op, answer.status, answer.text)).toEqual([]);
  });

  it.each(apis.filter((loaded) => buildModel(loaded.doc, loaded.api.name).resources.some((r) => r.create && r.read && r.lists.length > 0)))(
    "$api.name: what the client creates reads back and lists, until reset",
    async (loaded) => {
      const resource = buildModel(loaded.doc, loaded.api.name).resources.find((r) => r.create && r.read && r.lists.length > 0);
      if (!resource?.create || !resource.read) throw new Error("no resource to create");
      const { create, read } = resource;
      const list = resource.lists.find((op) => !op.parameters.some((p) => p.in === "path")) ?? (resource.lists[0] as (typeof resource.lists)[number]);
      const base = defaults[loaded.api.name] as string;
      const idProperty = resource.idProperty ?? "id";
      const created = await callThroughClient(loaded, base, create, exampleArgs(create));
      const id = itemOf(create, JSON.parse(created.text))?.[idProperty];
      expect(id).toBeDefined();
      const readBack = await callThroughClient(loaded, base, read, { ...exampleArgs(read), path: { ...exampleArgs(read).path, [idProperty]: id } });
      expect(readBack.status).toBe(200);
      const listed = async () => itemsOf(list, JSON.parse((await callThroughClient(loaded, base, list, { ...exampleArgs(list), query: {} })).text))?.map((item) => (item as Record<string, unknown>)[idProperty]);
      expect(await listed()).toContain(id);
      sets.find((entry) => entry.loaded === loaded)?.set.reset();
      expect(await listed()).not.toContain(id);
    },
  );
});

describe("seed data", () => {
  const loaded = apis.find((entry) => entry.api.name === "fullengage");
  if (!loaded) throw new Error("no fullengage");
  const base = "https://seeded.example/api";
  const seeded = { id: "00000000-0000-4000-8000-000000000001", name: "Seeded", phone: null, status: "active", notes: null, createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-01T00:00:00Z" };
  const set = createMockHandlers(loaded.doc, loaded.api.name, base, { stateful: true, seed: { Clients: [seeded] } });
  const server = setupServer(...set.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterAll(() => server.close());
  const headers = { Authorization: "Bearer t", "Content-Type": "application/json" };
  const names = async () => ((await (await fetch(`${base}/clients`, { headers })).json()) as { data: Array<{ name: string }> }).data.map((client) => client.name);

  it("replaces the documented examples, and reset() brings the seed back, not the examples", async () => {
    expect(await names()).toEqual(["Seeded"]);
    expect((await fetch(`${base}/clients`, { method: "POST", headers, body: JSON.stringify({ name: "Ada" }) })).status).toBe(201);
    expect(await names()).toEqual(["Seeded", "Ada"]);
    set.reset();
    expect(await names()).toEqual(["Seeded"]);
  });

  it.each([
    [{ stateful: true, seed: { Nope: [] } }, 'seed data: "Nope" is not a collection of this API (collections: Clients)'],
    [{ stateful: true, seed: { Clients: [{ name: "no id" }] } }, "seed data: Clients[0] must be an object with its id"],
    [{ stateful: false, seed: { Clients: [] } }, "seed and persist are options of createStatefulHandlers"],
    [{ stateful: true, persist: "localStorage" }, 'persist: "localStorage" is not available here (it exists in browsers; in Node.js leave persist out)'],
  ])("refuses %j with what is wrong", (options, message) => {
    expect(() => createMockHandlers(loaded.doc, loaded.api.name, base, options as Parameters<typeof createMockHandlers>[3])).toThrow(message);
  });
});
