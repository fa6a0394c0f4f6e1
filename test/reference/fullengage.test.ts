import { describe, expect, it } from "vitest";
import { DEFAULT_TOKENS } from "../fixtures/reference/registry.ts";
import { type Answer, clientFor, expectDocumented, useServer, withServer } from "./helpers.ts";

const API = "fullengage";
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

interface Client {
  id: string;
  name: string;
  phone: string | null;
  status: string;
  notes: string | null;
  createdAt: string;
  updatedAt?: string;
}

const data = (answer: Answer) => (answer.json as { data: Client[] }).data;
const one = (answer: Answer) => (answer.json as { data: Client }).data;
const total = (answer: Answer) => (answer.json as { total: number }).total;

describe("fullengage reference server", () => {
  const server = useServer({ api: API });
  const send = clientFor(server);

  it("uses a default key in the vendor's format", () => {
    expect(DEFAULT_TOKENS[API]).toMatch(/^ba_[0-9a-f]{40}$/);
  });

  it("refuses a missing or unknown key with 401 {error}", async () => {
    for (const answer of [await send("GET", "/clients", { anonymous: true }), await send("GET", "/clients", { headers: { Authorization: `Bearer ba_${"0".repeat(40)}` } })]) {
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ error: "Invalid API key" });
      expectDocumented(API, "listClients", answer);
    }
  });

  it("lists by createdAt ascending by default with total = all matches", async () => {
    const answer = await send("GET", "/clients");
    expectDocumented(API, "listClients", answer);
    const created = data(answer).map((client) => client.createdAt);
    expect(created).toEqual([...created].sort());
    expect(total(answer)).toBe(data(answer).length);
    expect(total(answer)).toBe(6);
  });

  it("pages with limit and offset; total counts matches before paging", async () => {
    const all = data(await send("GET", "/clients")).map((client) => client.id);
    const pages = [];
    for (let offset = 0; offset < all.length; offset += 4) {
      const answer = await send("GET", `/clients?limit=4&offset=${offset}`);
      expectDocumented(API, "listClients", answer);
      expect(total(answer)).toBe(all.length);
      pages.push(...data(answer).map((client) => client.id));
    }
    expect(pages).toEqual(all);
  });

  it("rejects a limit outside 1..100 and other bad parameters with 400", async () => {
    for (const query of ["limit=0", "limit=101", "offset=-1", "sortBy=email", "sortOrder=up", "status=archived"]) {
      const answer = await send("GET", `/clients?${query}`);
      expect(answer.status, query).toBe(400);
      expect((answer.json as { error: string }).error, query).toContain(query.split("=")[0]);
      expectDocumented(API, "listClients", answer);
    }
  });

  it("searches name and phone case-insensitively and filters by a comma list of statuses", async () => {
    expect(data(await send("GET", "/clients?query=JOHN")).map((client) => client.name).sort()).toEqual(["John Doe", "Liam Johnson"]);
    expect(data(await send("GET", "/clients?query=5555-01")).map((client) => client.name).sort()).toEqual(["Akira Tanaka", "Beatriz Souza"]);
    const inactive = await send("GET", "/clients?status=inactive");
    expect(data(inactive).every((client) => client.status === "inactive")).toBe(true);
    expect(total(inactive)).toBe(2);
    expect(total(await send("GET", "/clients?status=active,inactive"))).toBe(6);
  });

  it("sorts by a field in both directions, nulls last, ties by id", async () => {
    for (const order of ["asc", "desc"]) {
      const phones = data(await send("GET", `/clients?sortBy=phone&sortOrder=${order}`)).map((client) => client.phone);
      const present = phones.filter((phone): phone is string => phone !== null);
      expect(phones.slice(present.length)).toEqual([null, null]);
      expect(present).toEqual(order === "asc" ? [...present].sort() : [...present].sort().reverse());
    }
    const byStatus = data(await send("GET", "/clients?sortBy=status"));
    const activeIds = byStatus.filter((client) => client.status === "active").map((client) => client.id);
    expect(activeIds).toEqual([...activeIds].sort());
  });

  it("creates, reads, updates and deletes a client", async () => {
    let now = Date.parse("2026-05-01T10:00:00.000Z");
    await withServer({ api: API, now: () => new Date(now) }, async (own) => {
      const sendOwn = clientFor(() => own);
      const created = await sendOwn("POST", "/clients", { body: { name: "Nina Petrova" } });
      expect(created.status).toBe(201);
      expectDocumented(API, "createClient", created);
      const client = one(created);
      expect(client).toMatchObject({ name: "Nina Petrova", phone: null, status: "active", notes: null, createdAt: "2026-05-01T10:00:00.000Z", updatedAt: "2026-05-01T10:00:00.000Z" });
      expect(one(await sendOwn("GET", `/clients/${client.id}`))).toEqual(client);
      expect(total(await sendOwn("GET", "/clients"))).toBe(7);

      now += 60_000;
      const updated = await sendOwn("PATCH", `/clients/${client.id}`, { body: { status: "inactive", notes: "No longer active" } });
      expectDocumented(API, "updateClient", updated);
      expect(one(updated)).toEqual({ ...client, status: "inactive", notes: "No longer active", updatedAt: "2026-05-01T10:01:00.000Z" });
      expect(one(await sendOwn("GET", `/clients/${client.id}`))).toEqual(one(updated));

      const deleted = await sendOwn("DELETE", `/clients/${client.id}`);
      expect(deleted.json).toEqual({ success: true });
      expectDocumented(API, "deleteClient", deleted);
      const gone = await sendOwn("GET", `/clients/${client.id}`);
      expect(gone.status).toBe(404);
      expect(gone.json).toEqual({ error: "Client not found" });
      expectDocumented(API, "getClient", gone);
      expect(data(await sendOwn("GET", "/clients")).map((item) => item.id)).not.toContain(client.id);
    });
  });

  it("answers 400 for bad bodies and ids, 404 for unknown ids", async () => {
    const cases: Array<[string, string, { body?: unknown; rawBody?: string }, number, string]> = [
      ["POST", "/clients", { body: { phone: "+1 555" } }, 400, "createClient"],
      ["POST", "/clients", { body: { name: "" } }, 400, "createClient"],
      ["POST", "/clients", { body: { name: "A", status: "archived" } }, 400, "createClient"],
      ["POST", "/clients", { rawBody: '{"name": ' }, 400, "createClient"],
      ["PATCH", `/clients/${UNKNOWN_ID}`, { body: { notes: 7 } }, 400, "updateClient"],
      ["PATCH", `/clients/${UNKNOWN_ID}`, { body: {} }, 404, "updateClient"],
      ["PATCH", `/clients/${UNKNOWN_ID}`, { body: { name: "A" } }, 404, "updateClient"],
      ["GET", "/clients/not-a-uuid", {}, 400, "getClient"],
      ["DELETE", `/clients/${UNKNOWN_ID}`, {}, 404, "deleteClient"],
    ];
    for (const [method, path, options, status, operationId] of cases) {
      const answer = await send(method, path, options);
      expect(answer.status, `${method} ${path} ${JSON.stringify(options)}`).toBe(status);
      expectDocumented(API, operationId, answer);
    }
  });
});

describe("fullengage faults", () => {
  const withFault = <T>(fault: string, run: (send: ReturnType<typeof clientFor>) => Promise<T>) =>
    withServer({ api: API, faults: [fault] }, (faulty) => run(clientFor(() => faulty)));

  it("auth-missing-accepted serves a request without a key (a wrong key still gets 401)", async () => {
    await withFault("auth-missing-accepted", async (send) => {
      expect((await send("GET", "/clients", { anonymous: true })).status).toBe(200);
      expect((await send("GET", "/clients", { anonymous: true, headers: { Authorization: "Bearer nope" } })).status).toBe(401);
    });
  });

  it("limit-clamped accepts limit=500 and limit=0", async () => {
    await withFault("limit-clamped", async (send) => {
      expect((await send("GET", "/clients?limit=500")).status).toBe(200);
      expect(data(await send("GET", "/clients?limit=0"))).toHaveLength(1);
      expect((await send("GET", "/clients?limit=abc")).status).toBe(400);
    });
  });

  it("no-updated-at leaves updatedAt out of every client", async () => {
    await withFault("no-updated-at", async (send) => {
      expect(data(await send("GET", "/clients")).some((client) => "updatedAt" in client)).toBe(false);
      expect(one(await send("POST", "/clients", { body: { name: "X" } }))).not.toHaveProperty("updatedAt");
    });
  });

  it("create-not-stored answers 201 but the client cannot be read", async () => {
    await withFault("create-not-stored", async (send) => {
      const created = await send("POST", "/clients", { body: { name: "Ghost" } });
      expect(created.status).toBe(201);
      expect((await send("GET", `/clients/${one(created).id}`)).status).toBe(404);
    });
  });

  it("create-drops-phone stores the client without its phone", async () => {
    await withFault("create-drops-phone", async (send) => {
      const created = await send("POST", "/clients", { body: { name: "Caller", phone: "+1 555-0000" } });
      expect(one(created).phone).toBe("+1 555-0000");
      expect(one(await send("GET", `/clients/${one(created).id}`)).phone).toBeNull();
    });
  });

  it("delete-keeps-client answers success but the client is still there", async () => {
    await withFault("delete-keeps-client", async (send) => {
      const id = "5b0f7c1e-8d2a-4c3b-9e61-2f4a7d9c0b13";
      expect((await send("DELETE", `/clients/${id}`)).json).toEqual({ success: true });
      expect((await send("GET", `/clients/${id}`)).status).toBe(200);
    });
  });

  it("limit-ignored returns more than limit", async () => {
    await withFault("limit-ignored", async (send) => expect(data(await send("GET", "/clients?limit=2")).length).toBe(6));
  });

  it("total-page-only sets total to the page size", async () => {
    await withFault("total-page-only", async (send) => expect(total(await send("GET", "/clients?limit=2"))).toBe(2));
  });

  it("sort-desc-ignored sorts ascending when asked for descending", async () => {
    await withFault("sort-desc-ignored", async (send) => {
      const names = data(await send("GET", "/clients?sortBy=name&sortOrder=desc")).map((client) => client.name);
      expect(names).toEqual([...names].sort());
    });
  });

  it("status-filter-ignored returns clients of another status", async () => {
    await withFault("status-filter-ignored", async (send) => {
      expect(data(await send("GET", "/clients?status=inactive")).some((client) => client.status === "active")).toBe(true);
    });
  });

  it("query-ignored returns clients that do not contain the query", async () => {
    await withFault("query-ignored", async (send) => expect(data(await send("GET", "/clients?query=John"))).toHaveLength(6));
  });
});
