// Plain client traffic (the generated clients making ordinary calls) through the proxy
// to the reference servers: on a correct server no exchange is a violation; on a server
// with a response fault the suite knows, the check that fault breaks shows up in the
// proxy's report. The table below must name traffic for every such fault in FAULTS.
import { afterEach, describe, expect, it } from "vitest";
import { RESPONSE_CHECKS } from "../../scripts/conformance/checks/index.ts";
import { type RunningProxy, startProxy } from "../../scripts/proxy/proxy.ts";
import { createClient as asaClient } from "../../generated/asa/index.js";
import { createClient as biometricsClient } from "../../generated/biometricscloud/index.js";
import { createClient as fullengageClient } from "../../generated/fullengage/index.js";
import { createClient as gymClient } from "../../generated/gym/index.js";
import { createClient as magloftClient } from "../../generated/magloft/index.js";
import { ASA_TEAM, FAULTS, type ReferenceServer, startReferenceServer } from "../fixtures/reference/index.ts";

type Traffic = (baseUrl: string, token: string) => Promise<unknown>;

const team_name = ASA_TEAM;

/** Ordinary calls each API's frontend makes: lists, an item, an update, an error the API documents. */
const ORDINARY: Record<string, Traffic> = {
  gym: async (baseUrl, token) => {
    const client = gymClient({ baseUrl, token });
    await client.GET("/clients");
    await client.GET("/client/{client_id}", { params: { path: { client_id: 1 } } });
    await client.GET("/client/{client_id}", { params: { path: { client_id: 999_999 } } });
  },
  fullengage: async (baseUrl, token) => {
    const client = fullengageClient({ baseUrl, token });
    const list = await client.GET("/clients", { params: { query: { limit: 5 } } });
    const id = list.data?.data[0]?.id;
    if (id !== undefined) await client.GET("/clients/{id}", { params: { path: { id } } });
  },
  asa: async (baseUrl, token) => {
    const client = asaClient({ baseUrl, token });
    const list = await client.GET("/teams/{team_name}/clients", { params: { path: { team_name } } });
    const id = list.data?.list[0]?.id;
    if (id !== undefined) await client.PUT("/teams/{team_name}/clients/{id}", { params: { path: { team_name, id } }, body: { state: "ACTIVE" } });
  },
  biometricscloud: async (baseUrl, token) => {
    await biometricsClient({ baseUrl, token }).GET("/clients", { params: { query: { limit: 5 } } });
  },
  magloft: async (baseUrl, token) => {
    const client = magloftClient({ baseUrl, token });
    const list = await client.GET("/clients");
    const id = list.data?.records[0]?.id;
    if (id !== undefined) await client.GET("/clients/{id}/become", { params: { path: { id } } });
  },
};

/** How many calls ORDINARY makes, so a call skipped for want of an id cannot pass unseen. */
const CALLS: Record<string, number> = { gym: 3, fullengage: 2, asa: 2, biometricscloud: 1, magloft: 2 };

/** Traffic that meets each response fault: the ordinary calls, or the one a frontend makes with odd input. */
const FAULT_TRAFFIC: Record<string, Traffic> = {
  "list-text-plain": ORDINARY.biometricscloud as Traffic,
  "bad-id-500": (baseUrl, token) => gymClient({ baseUrl, token }).GET("/client/{client_id}", { params: { path: { client_id: 0 } } }),
  "no-rate-limit-headers": ORDINARY.gym as Traffic,
  "created-at-no-t": ORDINARY.gym as Traffic,
  "express-validator-400": (baseUrl, token) => gymClient({ baseUrl, token }).GET("/client/{client_id}", { params: { path: { client_id: 0 } } }),
  "int32-id-crash": (baseUrl, token) => gymClient({ baseUrl, token }).GET("/client/{client_id}", { params: { path: { client_id: 2 ** 31 } } }),
  "long-string-500": (baseUrl, token) => fullengageClient({ baseUrl, token }).GET("/clients", { params: { query: { query: "x".repeat(300) } } }),
  "no-updated-at": ORDINARY.fullengage as Traffic,
  "update-200": ORDINARY.asa as Traffic,
  "become-drops-connection": ORDINARY.magloft as Traffic,
  "sign-in-count-string": ORDINARY.magloft as Traffic,
};

const RESPONSE_FAULTS = FAULTS.filter((fault) => (RESPONSE_CHECKS as readonly string[]).includes(fault.check));

let server: ReferenceServer | undefined;
let proxy: RunningProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  await server?.close();
  proxy = undefined;
  server = undefined;
});

async function through(api: string, faults: string[], traffic: Traffic): Promise<ReturnType<RunningProxy["report"]>> {
  server = await startReferenceServer({ api, faults });
  proxy = await startProxy({ api, upstream: server.url });
  // A call that fails at the transport (a dropped connection answered 502) is part of the traffic, not of the test.
  await traffic(proxy.url, server.token).catch(() => undefined);
  return proxy.report();
}

describe("the proxy on the reference servers", () => {
  it.each(Object.keys(ORDINARY))("finds no violation in ordinary %s traffic to a correct server", async (api) => {
    const report = await through(api, [], ORDINARY[api] as Traffic);
    expect(report.requests).toBe(CALLS[api]);
    expect(report.violations.map((violation) => `${violation.check}: ${violation.actual}`)).toEqual([]);
    const passed = Object.values(report.summary).reduce((sum, counts) => sum + counts.passed, 0);
    expect(passed).toBeGreaterThan(report.requests);
  });

  it("has traffic for every response fault the suite knows", () => {
    expect(RESPONSE_FAULTS.length).toBeGreaterThanOrEqual(10);
    expect(RESPONSE_FAULTS.map((fault) => fault.name).filter((name) => !FAULT_TRAFFIC[name])).toEqual([]);
  });

  it.each(RESPONSE_FAULTS.map((fault) => [fault.name, fault]))("reports the fault %s as a violation of its check", async (name, fault) => {
    const report = await through(fault.api, [name], FAULT_TRAFFIC[name] as Traffic);
    expect(report.violations.map((violation) => violation.check)).toContain(fault.check);
  });
});
