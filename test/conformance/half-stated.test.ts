// The parameters the vendors only half state, now read through our x- extensions
// (issue 23, item 6): ASA's `descending` (x-sort.descending) and `prev`
// (x-pagination.backward), `all` (x-widens), BiometricsCloud's `search` and MagLoft's
// `filter` (x-search). A reference server that ignores one fails its check: as an
// advisory where the reading is an x-decision (--strict makes it a violation), as a
// violation where the vendor states it (`all`); the correct reference servers and
// the stateful mock pass; the MSW handlers (the same list code as the stateful mock)
// reverse, page backward and search.
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckName } from "../../scripts/conformance/checks/names.ts";
import type { RunListener } from "../../scripts/conformance/events.ts";
import { runConformance } from "../../scripts/conformance/runner.ts";
import { findApi } from "../../scripts/lib/apis.ts";
import { createMockHandlers } from "../../scripts/mock/msw.ts";
import { type RunningMocks, startMocks } from "../../scripts/mock/mocks.ts";
import { loadBundle } from "../../scripts/spec/openapi.ts";
import { startReferenceServer } from "../fixtures/reference/index.ts";

interface Reading {
  api: string;
  fault: string;
  check: CheckName;
  operationId: string;
  /** What the failed verdict is about. */
  label: RegExp;
  /** The start of the decision it rests on; none where the vendor states the reading. */
  decision?: string;
  /** What else the fault breaks that the vendor states, a violation even without --strict. */
  alsoViolates?: RegExp;
}

const READINGS: Reading[] = [
  { api: "asa", fault: "descending-ignored", check: "sorting", operationId: "listClients", label: /^descending=true$/, decision: 'The vendor calls `descending` only "The object order"' },
  { api: "asa", fault: "prev-ignored", check: "pagination", operationId: "listClients", label: /^prev=true from offset=/, decision: 'The vendor calls `prev` only "The direction of paging"', alsoViolates: /^Link rel="prev" of page 3 / },
  { api: "asa", fault: "all-drops-own", check: "filtering", operationId: "listClients", label: /^all=true$/ },
  { api: "biometricscloud", fault: "search-ignored", check: "filtering", operationId: "listClients", label: /^search="Herbert"$/, decision: 'The vendor says only "The keywords to search through"' },
  { api: "magloft", fault: "text-filter-ignored", check: "filtering", operationId: "listClientsByPage", label: /^filter="Earhart"$/, decision: 'The vendor says only "Text filter to search results by"' },
];

async function runAgainstReference(reading: Reading, faults: string[], strict = false) {
  const server = await startReferenceServer({ api: reading.api, faults });
  try {
    return await runConformance({ api: reading.api, baseUrl: server.url, token: server.token, seed: 1, checks: [reading.check], strict });
  } finally {
    await server.close();
  }
}

function correctServerPasses(reading: Reading) {
  it("the correct reference server passes the reading's verdicts", async () => {
    const report = await runAgainstReference(reading, []);
    expect([...report.violations, ...report.advisories]).toEqual([]);
    expect(report.summary[reading.check]?.passed ?? 0).toBeGreaterThan(0);
  });
}

describe.each(READINGS.filter((reading) => reading.decision === undefined))("$api: $fault", (reading) => {
  correctServerPasses(reading);

  it("a server that breaks the vendor's reading fails with a violation", async () => {
    const report = await runAgainstReference(reading, [reading.fault]);
    expect(report.violations.find((found) => found.check === reading.check && reading.label.test(found.case))).toMatchObject({ operationId: reading.operationId, outcome: "failed" });
  });
});

describe.each(READINGS.filter((reading) => reading.decision !== undefined))("$api: $fault", (reading) => {
  correctServerPasses(reading);

  it("a server that ignores the parameter fails, as an advisory resting on the decision; --strict makes it a violation", async () => {
    const report = await runAgainstReference(reading, [reading.fault]);
    const stated = reading.alsoViolates;
    expect(report.violations.filter((found) => !stated?.test(found.case))).toEqual([]);
    if (stated) expect(report.violations.some((found) => stated.test(found.case))).toBe(true);
    const advisory = report.advisories.find((found) => found.check === reading.check && reading.label.test(found.case));
    expect(advisory, JSON.stringify(report.advisories)).toMatchObject({ operationId: reading.operationId, outcome: "advisory" });
    expect(advisory?.decision).toContain(reading.decision as string);
    const strict = await runAgainstReference(reading, [reading.fault], true);
    expect(strict.violations.some((found) => found.check === reading.check && reading.label.test(found.case))).toBe(true);
  });
});

/** Five ASA clients in the order the mocks keep them: enough for three pages of two. */
const ASA_IDS = ["0a", "1b", "2c", "3d", "4e"].map((tail) => `00000000-0000-4000-8000-0000000000${tail}`);
const ASA_CLIENTS = ASA_IDS.map((id, index) => ({ id, hostname: `host-${index}`, description: "Laptop", os: "macOS 14.4", encrypted: true, state: "ACTIVE", user_name: "someone", deleted_at: null }));

describe("the stateful mock acts on the readings", () => {
  const TOKEN = "half-stated-mock-token";
  let mocks: RunningMocks;
  beforeAll(async () => {
    mocks = await startMocks({
      portBase: 0,
      stateful: true,
      token: TOKEN,
      apis: ["asa", "biometricscloud", "magloft"].map((name) => findApi(name)),
      data: { asa: { Clients: ASA_CLIENTS } },
    });
  });
  afterAll(async () => {
    await mocks?.stop();
  });

  it.each([
    ["asa", "sorting"],
    ["biometricscloud", "filtering"],
    ["magloft", "filtering"],
  ] as const)("%s: %s passes with nothing to advise", async (api, check) => {
    const report = await runConformance({ api, baseUrl: mocks.urls[api] as string, token: TOKEN, seed: 1, checks: [check] });
    expect([...report.violations, ...report.advisories]).toEqual([]);
    expect(report.summary[check]?.passed ?? 0).toBeGreaterThan(0);
  });

  it("asa: pagination pages backward both ways, by prev=true and by the Link rel=\"prev\"", async () => {
    const passed: string[] = [];
    const listeners: RunListener[] = [(event) => event.type === "case-recorded" && event.result.outcome === "passed" && passed.push(event.result.case)];
    const report = await runConformance({ api: "asa", baseUrl: mocks.urls.asa as string, token: TOKEN, seed: 1, checks: ["pagination"], listeners });
    expect([...report.violations, ...report.advisories]).toEqual([]);
    expect(passed).toContain(`prev=true from offset=${ASA_IDS[4]}`);
    expect(passed).toContain('Link rel="prev" of page 3 with count=2');
  });
});

describe("the MSW handlers act on the readings", () => {
  const BASE = { asa: "https://asa.test/v1", biometricscloud: "https://bc.test/api/v1", magloft: "https://magloft.test/v1" };
  const ids = ASA_IDS;
  const handlers = (api: keyof typeof BASE, items: Array<Record<string, unknown>>) =>
    createMockHandlers(loadBundle(findApi(api).bundle), api, BASE[api], { stateful: true, seed: { Clients: items } }).handlers;
  const server = setupServer(
    ...handlers("asa", ASA_CLIENTS),
    ...handlers("biometricscloud", [
      { id: 1, name: "Frank Herbert", username: "fherbert2", email: "fherbert2@dune.com" },
      { id: 2, name: "Octavia Butler", username: "obutler", email: "obutler@kindred.com" },
      { id: 3, name: "Herb Alpert", username: "halpert", email: "halpert@tijuana.com" },
    ]),
    ...handlers("magloft", [
      { id: 1, firstname: "Amelia", lastname: "Earhart", email: "amelia@lockheed.com", roles: [] },
      { id: 2, firstname: "Bessie", lastname: "Coleman", email: "bessie@air.com", roles: [] },
      { id: 3, firstname: "Beryl", lastname: "Markham", email: "earhart.fan@air.com", roles: [] },
    ]),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterAll(() => server.close());

  const list = async (url: string) => {
    const response = await fetch(url, { headers: { Authorization: "Bearer t", "X-Magloft-Accesstoken": "MgLftRef0AccessTok3n9" } });
    const body = (await response.json()) as Record<string, Array<{ id: unknown }>>;
    const items = body.list ?? body.results ?? body.records ?? [];
    return { ids: items.map((item) => item.id), link: response.headers.get("link") ?? "" };
  };

  it("ASA: descending=true reverses the order", async () => {
    expect((await list(`${BASE.asa}/teams/t/clients`)).ids).toEqual(ids);
    expect((await list(`${BASE.asa}/teams/t/clients?descending=true`)).ids).toEqual([...ids].reverse());
  });

  it("ASA: prev=true returns the page before offset, and pages announce it as rel=prev", async () => {
    const backward = await list(`${BASE.asa}/teams/t/clients?count=2&offset=${ids[3]}&prev=true`);
    expect(backward.ids).toEqual([ids[1], ids[2]]);
    const forward = await list(`${BASE.asa}/teams/t/clients?count=2&offset=${ids[0]}`);
    expect(forward.ids).toEqual([ids[1], ids[2]]);
    expect(forward.link).toContain(`offset=${ids[2]}>; rel="next"`);
    expect(forward.link).toMatch(new RegExp(`offset=${ids[1]}&prev=true>; rel="prev"`));
  });

  it("BiometricsCloud: search keeps the clients whose name, username or email contains the text", async () => {
    expect((await list(`${BASE.biometricscloud}/clients?search=HERB`)).ids).toEqual([1, 3]);
  });

  it("MagLoft: filter keeps the clients whose firstname, lastname or email contains the text", async () => {
    expect((await list(`${BASE.magloft}/clients/page/1?filter=earhart`)).ids).toEqual([1, 3]);
  });
});
