import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { findApi } from "../../scripts/lib/apis.ts";
import { getByPointer, loadBundle } from "../../scripts/spec/openapi.ts";
import { AMELIA_EARHART } from "../fixtures/reference/apis/magloft.ts";
import { DEFAULT_TOKENS } from "../fixtures/reference/registry.ts";
import { type Answer, clientFor, type Credentials, expectDocumented, useServer, withServer } from "./helpers.ts";

const API = "magloft";
const accessToken: Credentials = (token) => ({ "X-Magloft-Accesstoken": token });

interface Client {
  id: number;
  firstname: string;
  lastname: string | null;
  email: string;
  created_at: string;
  sign_in_count: number | string;
  roles: Array<{ publication_id: number }>;
}

const records = (answer: Answer) => (answer.json as { records: Client[] }).records;
const ids = (answer: Answer) => records(answer).map((client) => client.id);
const NEW_CLIENT = { email: "harriet@example.org", firstname: "Harriet", lastname: "Quimby", password: "correct-horse-battery" };

describe("magloft reference server", () => {
  const server = useServer({ api: API });
  const send = clientFor(server, accessToken);

  it("keeps the vendor's Amelia Earhart verbatim and uses a 21-character default key", () => {
    expect(AMELIA_EARHART).toEqual(getByPointer(loadBundle(findApi(API).bundle), "/components/examples/VendorClient/value"));
    expect(DEFAULT_TOKENS[API]).toHaveLength(21);
  });

  it("wants the key in X-Magloft-Accesstoken: missing, misplaced or wrong keys get 401", async () => {
    const offered: Array<Record<string, string>> = [{}, { Authorization: `Bearer ${server().token}` }, { "X-Magloft-Accesstoken": "x".repeat(21) }];
    for (const headers of offered) {
      const answer = await send("GET", "/clients", { anonymous: true, headers });
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ error: "Unauthorized" });
      expectDocumented(API, "listClients", answer);
    }
  });

  it("serves /clients as page 1 by id, and numbered pages past the end as empty", async () => {
    const first = await send("GET", "/clients");
    expectDocumented(API, "listClients", first);
    expect(first.json).toMatchObject({ total: 6, page: 1 });
    expect(ids(first)).toEqual([...ids(first)].sort((a, b) => a - b));
    const pages = [];
    for (let page = 1; page <= 4; page += 1) {
      const answer = await send("GET", `/clients/page/${page}?per_page=2`);
      expectDocumented(API, "listClientsByPage", answer);
      expect(answer.json).toMatchObject({ total: 6, page });
      pages.push(ids(answer));
    }
    expect(pages.slice(0, 3).flat()).toEqual(ids(first));
    expect(pages[3]).toEqual([]);
  });

  it("orders by any field (unknown fields by id), filters by text and by publication", async () => {
    const byTime = records(await send("GET", "/clients/page/1?order_by=created_at&order_dir=desc")).map((client) => client.created_at);
    expect(byTime).toEqual([...byTime].sort().reverse());
    expect(ids(await send("GET", "/clients/page/1?order_by=shoe_size&order_dir=desc"))).toEqual([...ids(await send("GET", "/clients"))].reverse());
    const lastnames = records(await send("GET", "/clients/page/1?order_by=lastname")).map((client) => client.lastname);
    expect(lastnames[lastnames.length - 1]).toBeNull();
    expect(records(await send("GET", "/clients/page/1?filter=EARHART")).map((client) => client.id)).toEqual([1234]);
    const publication = records(await send("GET", "/clients/page/1?publication_id=123"));
    expect(publication.length).toBeGreaterThan(1);
    expect(publication.every((client) => client.roles.some((role) => role.publication_id === 123))).toBe(true);
  });

  it("creates a client the Rails way and reads it back", async () => {
    await withServer({ api: API, now: () => new Date("2026-04-05T06:07:08.900Z") }, async (own) => {
      const sendOwn = clientFor(() => own, accessToken);
      const created = await sendOwn("POST", "/clients", { body: { email: "bessie@example.org", firstname: "Bessie", password: "pw" } });
      expect(created.status).toBe(200);
      expectDocumented(API, "createClient", created);
      expect(created.json).toEqual({
        id: 1251,
        firstname: "Bessie",
        lastname: null,
        email: "bessie@example.org",
        created_at: "2026-04-05 06:07:08",
        updated_at: "2026-04-05 06:07:08",
        last_seen_at: null,
        sign_in_count: 0,
        gravatar_url: `//secure.gravatar.com/avatar/${createHash("md5").update("bessie@example.org").digest("hex")}`,
        roles: [],
      });
      expect((await sendOwn("GET", "/clients/1251")).json).toEqual(created.json);
      const duplicate = await sendOwn("POST", "/clients", { body: { email: "BESSIE@example.org", firstname: "B", password: "pw" } });
      expect(duplicate.status).toBe(422);
      expect(duplicate.json).toEqual({ error: "Validation failed", errors: { email: ["has already been taken"] } });
      expectDocumented(API, "createClient", duplicate);
    });
  });

  it("answers 422 with per-field errors for invalid bodies and 400 for malformed JSON or bad ids", async () => {
    const missing = await send("POST", "/clients", { body: { email: "a@example.org", firstname: "A" } });
    expect(missing.status).toBe(422);
    expect((missing.json as { errors: Record<string, string[]> }).errors).toHaveProperty("password");
    expectDocumented(API, "createClient", missing);
    const badEmail = await send("POST", "/clients", { body: { ...NEW_CLIENT, email: "not-an-email" } });
    expect(badEmail.status).toBe(422);
    expect((badEmail.json as { errors: Record<string, string[]> }).errors).toHaveProperty("email");
    const malformed = await send("POST", "/clients", { rawBody: '{"email": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.json).toEqual({ error: "Bad Request" });
    expectDocumented(API, "createClient", malformed);
    for (const [path, operationId] of [["/clients/abc", "getClient"], ["/clients/page/0", "listClientsByPage"], ["/clients/abc/become", "becomeClient"]] as const) {
      const answer = await send("GET", path);
      expect(answer.status, path).toBe(400);
      expectDocumented(API, operationId, answer);
    }
  });

  it("updates (200 null), checks the password confirmation, deletes (204), becomes (200 null)", async () => {
    await withServer({ api: API }, async (own) => {
      const sendOwn = clientFor(() => own, accessToken);
      const updated = await sendOwn("PUT", "/clients/1234", { body: { lastname: "Putnam" } });
      expect(updated.status).toBe(200);
      expect(updated.text).toBe("null");
      expectDocumented(API, "updateClient", updated);
      expect((await sendOwn("GET", "/clients/1234")).json).toMatchObject({ lastname: "Putnam" });
      const mismatch = await sendOwn("PUT", "/clients/1234", { body: { password: "a", password_confirmation: "b" } });
      expect(mismatch.status).toBe(422);
      expect(mismatch.json).toEqual({ error: "Validation failed", errors: { password_confirmation: ["doesn't match Password"] } });
      expectDocumented(API, "updateClient", mismatch);
      const become = await sendOwn("GET", "/clients/1234/become");
      expect(become.text).toBe("null");
      expectDocumented(API, "becomeClient", become);
      const deleted = await sendOwn("DELETE", "/clients/1234");
      expect(deleted.status).toBe(204);
      expectDocumented(API, "deleteClient", deleted);
      for (const [method, path, operationId] of [["GET", "/clients/1234", "getClient"], ["DELETE", "/clients/1234", "deleteClient"], ["GET", "/clients/1234/become", "becomeClient"]] as const) {
        const gone = await sendOwn(method, path);
        expect(gone.status).toBe(404);
        expectDocumented(API, operationId, gone);
      }
    });
  });
});

describe("magloft faults", () => {
  const withFault = <T>(fault: string, run: (send: ReturnType<typeof clientFor>) => Promise<T>) =>
    withServer({ api: API, faults: [fault] }, (faulty) => run(clientFor(() => faulty, accessToken)));

  it("become-drops-connection fails the request at the transport level", async () => {
    await withFault("become-drops-connection", async (send) => {
      await expect(send("GET", "/clients/1234/become")).rejects.toThrow();
      expect((await send("GET", "/clients/abc/become")).status).toBe(400);
    });
  });

  it("sign-in-count-string sends sign_in_count as a string", async () => {
    await withFault("sign-in-count-string", async (send) => {
      expect(((await send("GET", "/clients/1234")).json as Client).sign_in_count).toBe("6");
    });
  });

  it("auth-any-key accepts a made-up key but not a missing one", async () => {
    await withFault("auth-any-key", async (send) => {
      expect((await send("GET", "/clients", { anonymous: true, headers: { "X-Magloft-Accesstoken": "made-up" } })).status).toBe(200);
      expect((await send("GET", "/clients", { anonymous: true })).status).toBe(401);
    });
  });

  it("lastname-required rejects a valid body without lastname", async () => {
    await withFault("lastname-required", async (send) => {
      const { lastname: _lastname, ...withoutLastname } = NEW_CLIENT;
      expect((await send("POST", "/clients", { body: withoutLastname })).status).toBe(422);
      expect((await send("POST", "/clients", { body: NEW_CLIENT })).status).toBe(200);
    });
  });

  it("update-ignored answers 200 null and changes nothing", async () => {
    await withFault("update-ignored", async (send) => {
      expect((await send("PUT", "/clients/1234", { body: { lastname: "Putnam" } })).text).toBe("null");
      expect((await send("GET", "/clients/1234")).json).toMatchObject({ lastname: "Earhart" });
    });
  });

  it("pages-overlap repeats the last record of a page on the next", async () => {
    await withFault("pages-overlap", async (send) => {
      const first = ids(await send("GET", "/clients/page/1?per_page=2"));
      const second = ids(await send("GET", "/clients/page/2?per_page=2"));
      expect(second[0]).toBe(first[1]);
    });
  });

  it("order-by-ignored sorts by id whatever order_by says", async () => {
    await withFault("order-by-ignored", async (send) => {
      const byTime = ids(await send("GET", "/clients/page/1?order_by=created_at"));
      expect(byTime).toEqual([...byTime].sort((a, b) => a - b));
    });
  });

  it("publication-filter-ignored returns clients outside the publication", async () => {
    await withFault("publication-filter-ignored", async (send) => {
      const clients = records(await send("GET", "/clients/page/1?publication_id=123"));
      expect(clients.some((client) => !client.roles.some((role) => role.publication_id === 123))).toBe(true);
    });
  });
});
