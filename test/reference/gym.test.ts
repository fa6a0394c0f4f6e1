import { describe, expect, it } from "vitest";
import { findApi } from "../../scripts/lib/apis.ts";
import { getByPointer, loadBundle } from "../../scripts/spec/openapi.ts";
import { IVANOV } from "../fixtures/reference/apis/gym.ts";
import { type Answer, clientFor, expectDocumented, useServer, withServer } from "./helpers.ts";

const API = "gym";

interface GymClient {
  client_id: number;
  patronymic: string | null;
  created_at: string;
}

const listed = (answer: Answer) => (answer.json as { client: GymClient[] }).client;
const rateHeaders = (answer: Answer) =>
  ["RateLimit-Policy", "RateLimit", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"].map((name) => answer.headers.get(name));

describe("gym reference server", () => {
  const server = useServer({ api: API });
  const send = clientFor(server);

  it("keeps the vendor's Ivanov, with created_at in milliseconds as the real server writes it", () => {
    const example = getByPointer(loadBundle(findApi(API).bundle), "/components/examples/VendorClientList/value/client/0") as GymClient;
    expect({ ...IVANOV, created_at: undefined }).toEqual({ ...example, created_at: undefined });
    expect(Date.parse(IVANOV.created_at)).toBe(Date.parse(example.created_at));
    expect(IVANOV.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it("lists every client in insertion order, some without a patronymic", async () => {
    const answer = await send("GET", "/clients?limit=2&sort=name");
    expectDocumented(API, "listClients", answer);
    const clients = listed(answer);
    expect(clients.map((client) => client.client_id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(clients[0]).toEqual(IVANOV);
    expect(clients.some((client) => client.patronymic === null)).toBe(true);
    expect(clients.every((client) => /\.\d{3}Z$/.test(client.created_at))).toBe(true);
  });

  it("accepts the token with or without the Bearer prefix and refuses anything else with the vendor's 401", async () => {
    expect((await send("GET", "/clients", { anonymous: true, headers: { Authorization: server().token } })).status).toBe(200);
    const offered: Array<Record<string, string>> = [{}, { Authorization: "Basic Z3ltOnRva2Vu" }, { Authorization: "Bearer " }, { Authorization: "Bearer wrong" }];
    for (const headers of offered) {
      const answer = await send("GET", "/clients", { anonymous: true, headers });
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ success: false, error: "Unauthorized" });
      expectDocumented(API, "listClients", answer);
    }
  });

  it("lists a client whose picture URL only WHATWG accepts and whose email only zod accepts, as the real server stores them", async () => {
    const answer = await send("GET", "/clients");
    expectDocumented(API, "listClients", answer);
    const irina = (answer.json as { client: Array<Record<string, unknown>> }).client.find((client) => client.client_id === 9);
    expect(irina).toMatchObject({ email_address: "x@b-.com", profile_picture_url: "https://пример.рф/моё фото.jpg" });
  });

  it("reads one client, 400 with the real server's zod issue for a non-numeric id, 404 for an unknown one", async () => {
    const found = await send("GET", "/client/1");
    expect(found.json).toEqual({ success: true, client: IVANOV });
    expectDocumented(API, "getClient", found);
    const invalid = await send("GET", "/client/not-a-number");
    expect(invalid.status).toBe(400);
    const realAnswer = getByPointer(loadBundle(findApi(API).bundle), "/components/examples/InvalidClientId/value");
    expect(invalid.json).toEqual(realAnswer);
    expectDocumented(API, "getClient", invalid);
    const missing = await send("GET", "/client/999");
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ success: false, error: "Not found" });
    expectDocumented(API, "getClient", missing);
  });

  it("rejects ids outside PostgreSQL's serial range (1 to 2147483647) with zod-shaped issues", async () => {
    const tooBig = await send("GET", "/client/2147483648");
    expect(tooBig.status).toBe(400);
    expect(tooBig.json).toEqual({
      success: false,
      error: [{ code: "too_big", maximum: 2147483647, type: "number", inclusive: true, exact: false, message: "Number must be less than or equal to 2147483647", path: ["client_id"] }],
    });
    expectDocumented(API, "getClient", tooBig);
    const zero = await send("GET", "/client/0");
    expect(zero.status).toBe(400);
    expect(zero.json).toMatchObject({ error: [{ code: "too_small", minimum: 1, path: ["client_id"] }] });
    expectDocumented(API, "getClient", zero);
    expect((await send("GET", "/client/2147483647")).status).toBe(404);
  });

  it("puts the rate-limit headers on every response, errors and unknown routes included", async () => {
    const answers = [
      await send("GET", "/clients"),
      await send("GET", "/clients", { anonymous: true }),
      await send("GET", "/client/999"),
      await send("GET", "/trainers"),
      await send("DELETE", "/clients"),
    ];
    for (const answer of answers) {
      const [policy, combined, limit, remaining, reset] = rateHeaders(answer);
      expect(policy).toBe("100;w=300");
      expect(combined).toMatch(/^limit=100, remaining=\d+, reset=\d+$/);
      expect(limit).toBe("100");
      expect(Number(remaining)).toBeLessThan(100);
      expect(Number(reset)).toBeGreaterThan(1_600_000_000);
    }
    const remaining = answers.map((answer) => Number(answer.headers.get("X-RateLimit-Remaining")));
    expect(remaining).toEqual([...remaining].sort((a, b) => b - a));
    expect(answers[4]?.status).toBe(405);
    expect(answers[4]?.headers.get("allow")).toBe("GET");
  });

  it("limits per fixed window, before auth: the request over the limit gets 429 with Retry-After, the next window is open again", async () => {
    let now = Date.parse("2026-11-23T18:00:00.000Z");
    await withServer({ api: API, rateLimit: { limit: 3, windowSeconds: 60 }, now: () => new Date(now) }, async (limited) => {
      const sendLimited = clientFor(() => limited);
      for (let i = 0; i < 3; i += 1) expect((await sendLimited("GET", "/clients")).status).toBe(200);
      const over = await sendLimited("GET", "/clients", { anonymous: true });
      expect(over.status).toBe(429);
      expect(over.json).toEqual({ success: false, error: "Too many requests, please try again later" });
      expect(over.headers.get("Retry-After")).toBe("60");
      expect(over.headers.get("RateLimit")).toBe("limit=3, remaining=0, reset=60");
      expect(over.headers.get("X-RateLimit-Reset")).toBe(String(Date.parse("2026-11-23T18:01:00.000Z") / 1000));
      expectDocumented(API, "listClients", over);
      now += 60_000;
      const fresh = await sendLimited("GET", "/clients");
      expect(fresh.status).toBe(200);
      expect(fresh.headers.get("RateLimit")).toBe("limit=3, remaining=2, reset=60");
    });
  });
});

describe("gym faults", () => {
  it("bad-id-500 answers 500 where a non-numeric id deserves 400", async () => {
    await withServer({ api: API, faults: ["bad-id-500"] }, async (faulty) => {
      const send = clientFor(() => faulty);
      expect((await send("GET", "/client/abc")).status).toBe(500);
      expect((await send("GET", "/client/1")).status).toBe(200);
    });
  });

  it("no-rate-limit-headers drops the required rate-limit headers", async () => {
    await withServer({ api: API, faults: ["no-rate-limit-headers"] }, async (faulty) => {
      const answer = await clientFor(() => faulty)("GET", "/clients");
      expect(answer.status).toBe(200);
      expect(rateHeaders(answer)).toEqual([null, null, null, null, null]);
    });
  });

  it("created-at-no-t writes created_at without T and zone", async () => {
    await withServer({ api: API, faults: ["created-at-no-t"] }, async (faulty) => {
      const send = clientFor(() => faulty);
      expect(listed(await send("GET", "/clients"))[0]?.created_at).toBe("2024-10-10 18:36:47");
      expect((await send("GET", "/client/1")).json).toMatchObject({ client: { created_at: "2024-10-10 18:36:47" } });
    });
  });

  it("post-lists answers POST /clients with the list instead of 405", async () => {
    const conformant = await withServer({ api: API }, async (own) => (await clientFor(() => own)("POST", "/clients", { body: {} })).status);
    expect(conformant).toBe(405);
    await withServer({ api: API, faults: ["post-lists"] }, async (faulty) => {
      const answer = await clientFor(() => faulty)("POST", "/clients", { body: {} });
      expect(answer.status).toBe(200);
      expect(listed(answer)).toHaveLength(9);
    });
  });

  it("express-validator-400 answers 400s in express-validator's shape, which the real server never sends", async () => {
    await withServer({ api: API, faults: ["express-validator-400"] }, async (faulty) => {
      const answer = await clientFor(() => faulty)("GET", "/client/abc");
      expect(answer.status).toBe(400);
      expect(answer.json).toMatchObject({ success: false, error: [{ msg: "Invalid value", path: "client_id" }] });
    });
  });
});
