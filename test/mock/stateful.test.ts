// What the stateful mock remembers and how it explains itself, request by request:
// writes persist and show in lists, deletes and revokes too, the control route brings
// the seed back, lists follow the x- extensions, links point at the mock itself, and
// errors keep the vendor's shape while naming what was wrong.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningMocks, startMocks } from "../../scripts/mock/mocks.ts";
import { RESET_PATH } from "../../scripts/mock/stateful.ts";
import { send } from "./helpers.ts";

let mocks: RunningMocks;
const bearer = { Authorization: "Bearer anything" };
const json = { ...bearer, "Content-Type": "application/json" };
const magloftKey = { "X-Magloft-Accesstoken": "anything", "Content-Type": "application/json" };

async function call(api: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  const answer = await send(`${mocks.urls[api]}${path}`, {
    method: init.method ?? "GET",
    headers: init.headers ?? bearer,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { ...answer, json: answer.text === "" ? undefined : (JSON.parse(answer.text) as unknown) };
}

type Record_ = Record<string, unknown>;
const ids = (items: unknown, id = "id") => (items as Record_[]).map((item) => item[id]);

beforeAll(async () => {
  mocks = await startMocks({ portBase: 0, stateful: true });
});
afterAll(async () => {
  await mocks?.stop();
});
beforeEach(async () => {
  for (const url of Object.values(mocks.urls)) expect((await send(`${url}${RESET_PATH}`, { method: "POST" })).status).toBe(204);
});

describe("writes persist", () => {
  it("fullengage: a created client reads back, lists, updates and deletes", async () => {
    const created = await call("fullengage", "/clients", { method: "POST", headers: json, body: { name: "Ada Lovelace", phone: "+44 20 7946 0000" } });
    expect(created.status).toBe(201);
    const client = (created.json as { data: Record_ }).data;
    expect(client).toMatchObject({ name: "Ada Lovelace", phone: "+44 20 7946 0000", status: "active", notes: null });
    expect(await call("fullengage", `/clients/${String(client.id)}`)).toMatchObject({ status: 200, json: { data: client } });
    expect(ids(((await call("fullengage", "/clients?limit=100")).json as { data: unknown }).data)).toContain(client.id);

    const updated = await call("fullengage", `/clients/${String(client.id)}`, { method: "PATCH", headers: json, body: { status: "inactive" } });
    expect((updated.json as { data: Record_ }).data).toMatchObject({ name: "Ada Lovelace", status: "inactive" });
    expect(((await call("fullengage", `/clients/${String(client.id)}`)).json as { data: Record_ }).data.status).toBe("inactive");

    expect((await call("fullengage", `/clients/${String(client.id)}`, { method: "DELETE" })).status).toBe(200);
    const gone = await call("fullengage", `/clients/${String(client.id)}`);
    expect(gone.status).toBe(404);
    expect(gone.json).toEqual({ error: `no client with id ${String(client.id)}` });
  });

  it("magloft: ids count up, the password stays write-only, and the update's null answer is the vendor's", async () => {
    const created = await call("magloft", "/clients", { method: "POST", headers: magloftKey, body: { email: "amy@example.org", firstname: "Amy", password: "s3cret" } });
    expect(created.status).toBe(200);
    const client = created.json as Record_;
    expect(typeof client.id).toBe("number");
    expect(client).not.toHaveProperty("password");
    expect(client).toMatchObject({ email: "amy@example.org", firstname: "Amy", lastname: null });
    const put = await call("magloft", `/clients/${String(client.id)}`, { method: "PUT", headers: magloftKey, body: { lastname: "Johnson" } });
    expect(put).toMatchObject({ status: 200, json: null });
    expect((await call("magloft", `/clients/${String(client.id)}`, { headers: magloftKey })).json).toMatchObject({ lastname: "Johnson" });
  });

  it("asa: a revoke is the soft delete x-revoke says: the client reads back DELETED", async () => {
    const list = (await call("asa", "/teams/any-team/clients")).json as { list: Record_[] };
    const id = String(list.list[0]?.id);
    expect((await call("asa", `/teams/any-team/clients/${id}`, { method: "DELETE" })).status).toBe(204);
    expect((await call("asa", `/teams/any-team/clients/${id}`)).json).toMatchObject({ id, state: "DELETED" });
  });

  it("POST /__mock/reset brings the seed back", async () => {
    const before = (await call("biometricscloud", "/clients")).json as { results: Record_[] };
    const first = before.results[0]?.id;
    expect((await call("biometricscloud", `/client/${String(first)}`, { method: "DELETE" })).status).toBe(204);
    expect(ids(((await call("biometricscloud", "/clients")).json as { results: unknown }).results)).not.toContain(first);
    expect((await send(`${mocks.urls.biometricscloud}${RESET_PATH}`, { method: "POST" })).status).toBe(204);
    expect((await call("biometricscloud", "/clients")).json).toEqual(before);
  });
});

describe("lists follow the spec", () => {
  it("fullengage: filter, search, sort and offset paging with the total", async () => {
    const seededInactive = ((await call("fullengage", "/clients?status=inactive&limit=100")).json as { total: number }).total;
    for (const name of ["Zed", "Amy", "Bob"]) await call("fullengage", "/clients", { method: "POST", headers: json, body: { name, status: "inactive" } });
    const inactive = (await call("fullengage", "/clients?status=inactive&sortBy=name&sortOrder=desc&limit=2")).json as { data: Record_[]; total: number };
    expect(inactive.total).toBe(seededInactive + 3);
    expect(inactive.data.every((client) => client.status === "inactive")).toBe(true);
    expect(inactive.data).toHaveLength(2);
    expect(inactive.data[0]?.name).toBe("Zed");
    const names = [];
    for (let offset = 0; offset < inactive.total; offset += 2) {
      const page = (await call("fullengage", `/clients?status=inactive&sortBy=name&sortOrder=desc&limit=2&offset=${offset}`)).json as { data: Record_[] };
      names.push(...page.data.map((client) => client.name));
    }
    expect(names).toEqual([...names].sort().reverse());
    expect(names).toEqual(expect.arrayContaining(["Zed", "Amy", "Bob"]));
    const search = (await call("fullengage", "/clients?query=zE")).json as { data: Record_[] };
    expect(search.data.map((client) => client.name)).toEqual(["Zed"]);
  });

  it("asa: the Link to the next page points at the mock itself, and following it completes the list", async () => {
    const first = await call("asa", "/teams/t/clients?count=1");
    const link = first.headers.get("link") ?? "";
    const next = /<([^>]+)>;\s*rel="next"/.exec(link)?.[1] ?? "";
    expect(next.startsWith(`${mocks.urls.asa}/teams/t/clients?`)).toBe(true);
    const all = ids(((await call("asa", "/teams/t/clients")).json as { list: unknown }).list);
    const walked: unknown[] = ids((first.json as { list: unknown }).list);
    for (let url = next; url; ) {
      const page = await send(url, { headers: bearer });
      walked.push(...ids((JSON.parse(page.text) as { list: unknown }).list));
      url = /<([^>]+)>;\s*rel="next"/.exec(page.headers.get("link") ?? "")?.[1] ?? "";
    }
    expect(walked).toEqual(all);
  });

  it("biometricscloud: the cursor is the last id of the page, and empty (null or 0, as the schema allows) once the list is done", async () => {
    const page = (await call("biometricscloud", "/clients?limit=1")).json as { next_id: number; count: number; results: Record_[] };
    expect(page.count).toBe(1);
    expect(page.next_id).toBe(page.results[0]?.id);
    const rest = (await call("biometricscloud", `/clients?offset=${page.next_id}`)).json as { next_id: number; results: Record_[] };
    const end = (await call("biometricscloud", `/clients?offset=${rest.next_id}`)).json as { next_id: number; results: Record_[] };
    expect(end).toMatchObject({ count: 0, results: [] });
    expect([null, 0]).toContain(end.next_id);
  });

  it("magloft: pages by path with the page number echoed", async () => {
    const page = (await call("magloft", "/clients/page/1?per_page=1", { headers: magloftKey })).json as { total: number; page: number; records: Record_[] };
    expect(page.page).toBe(1);
    expect(page.records).toHaveLength(1);
    expect(page.total).toBeGreaterThanOrEqual(1);
  });
});

describe("unknown ids, tokens and inputs", () => {
  it("an unknown id gets the documented 404 in the vendor's shape, naming the id", async () => {
    expect(await call("gym", "/client/999")).toMatchObject({ status: 404, json: { success: false, error: "no client with client_id 999" } });
    expect(await call("biometricscloud", "/client/999", { method: "DELETE" })).toMatchObject({ status: 404, json: { id: "does not exist" } });
  });

  it("gym takes the bare token, as the real server does; an empty Bearer is still refused", async () => {
    expect((await call("gym", "/clients", { headers: { Authorization: "anything" } })).status).toBe(200);
    expect((await call("gym", "/clients", { headers: { Authorization: "Bearer" } })).status).toBe(401);
    expect((await call("fullengage", "/clients", { headers: { Authorization: "anything" } })).status).toBe(401);
  });

  it("a misspelled query parameter is a 400 naming the documented ones", async () => {
    const answer = await call("fullengage", "/clients?limt=5");
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: "limt is not a query parameter of listClients (documented: limit, offset, query, sortBy, sortOrder, status)" });
  });

  it("an invalid body names the field and the rule, in each vendor's shape", async () => {
    expect(await call("fullengage", "/clients", { method: "POST", headers: json, body: { name: "" } })).toMatchObject({ status: 400, json: { error: "name must NOT have fewer than 1 characters" } });
    const magloft = await call("magloft", "/clients/1234", { method: "PUT", headers: magloftKey, body: { password: "a", password_confirmation: "b" } });
    expect(magloft).toMatchObject({ status: 422, json: { errors: { password_confirmation: ["must equal password"] } } });
  });

  it("with a token, only that token gets in", async () => {
    const only = await startMocks({ portBase: 0, stateful: true, token: "the-one" });
    try {
      expect((await send(`${only.urls.asa}/teams/t/clients`, { headers: { Authorization: "Bearer the-one" } })).status).toBe(200);
      const refused = await send(`${only.urls.asa}/teams/t/clients`, { headers: { Authorization: "Bearer another" } });
      expect(refused.status).toBe(401);
      expect(JSON.parse(refused.text)).toEqual({ code: "authentication_error", message: "the credential is not valid" });
    } finally {
      await only.stop();
    }
  });
});
