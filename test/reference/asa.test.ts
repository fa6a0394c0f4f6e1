import { describe, expect, it } from "vitest";
import { findApi } from "../../scripts/lib/apis.ts";
import { getByPointer, loadBundle } from "../../scripts/spec/openapi.ts";
import { ASA_TEAM, ASA_TOKEN_USER, pageBounds } from "../fixtures/reference/apis/asa.ts";
import { type Answer, clientFor, expectDocumented, useServer, withServer } from "./helpers.ts";

const API = "asa";
const BASE = `/teams/${ASA_TEAM}/clients`;
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

interface Client {
  id: string;
  state: string;
  user_name: string;
  deleted_at: string | null;
}

const list = (answer: Answer) => (answer.json as { list: Client[] }).list;
const ids = (answer: Answer) => list(answer).map((client) => client.id);

/** `{next: url, prev: url}` from a Link header. */
function links(answer: Answer): Record<string, string> {
  const header = answer.headers.get("link");
  if (header === null) return {};
  return Object.fromEntries(header.split(/,\s*(?=<)/).map((part) => {
    const match = /^<([^>]+)>; rel="(next|prev)"$/.exec(part.trim());
    if (!match) throw new Error(`bad Link part: ${part}`);
    return [match[2], match[1]];
  }));
}

describe("asa reference server", () => {
  const server = useServer({ api: API });
  const send = clientFor(server);

  it("lists the token user's clients by id, the vendor's two verbatim among them", async () => {
    const answer = await send("GET", BASE);
    expectDocumented(API, "listClients", answer);
    const clients = list(answer);
    expect(clients.length).toBe(5);
    expect(clients.every((client) => client.user_name === ASA_TOKEN_USER)).toBe(true);
    expect(ids(answer)).toEqual([...ids(answer)].sort());
    const vendor = getByPointer(loadBundle(findApi(API).bundle), "/components/examples/VendorClientList/value/list") as Client[];
    for (const client of vendor) expect(clients).toContainEqual(client);
    expect(answer.headers.get("link")).toBeNull();
  });

  it("widens with all=true, narrows by username (empty = unassigned) and state, reverses with descending", async () => {
    expect(list(await send("GET", `${BASE}?all=true`))).toHaveLength(10);
    const unassigned = list(await send("GET", `${BASE}?username=`));
    expect(unassigned.length).toBeGreaterThan(0);
    expect(unassigned.every((client) => client.user_name === "")).toBe(true);
    expect(list(await send("GET", `${BASE}?username=Quentin.Compson`)).map((client) => client.user_name)).toEqual(["Quentin.Compson"]);
    const pending = list(await send("GET", `${BASE}?state=PENDING&all=true`));
    expect(pending.length).toBeGreaterThan(1);
    expect(pending.every((client) => client.state === "PENDING")).toBe(true);
    const ascending = ids(await send("GET", BASE));
    expect(ids(await send("GET", `${BASE}?descending=true`))).toEqual([...ascending].reverse());
  });

  it("pages with count and Link headers built from the request's host: next, both, prev", async () => {
    const all = ids(await send("GET", BASE));
    const seen: string[] = [];
    const rels: string[][] = [];
    let url: string | undefined = `${server().url}${BASE}?count=2`;
    while (url) {
      const answer = await send("GET", url.replace(server().url, ""));
      expectDocumented(API, "listClients", answer);
      seen.push(...ids(answer));
      const found = links(answer);
      rels.push(Object.keys(found).sort());
      for (const link of Object.values(found)) expect(link.startsWith(`${server().url}${BASE}?`)).toBe(true);
      url = found.next;
    }
    expect(seen).toEqual(all);
    expect(rels).toEqual([["next"], ["next", "prev"], ["prev"]]);
  });

  it("pages backwards with prev=true and keeps the other query parameters in its links", async () => {
    const all = ids(await send("GET", BASE));
    const answer = await send("GET", `${BASE}?count=2&offset=${all[4]}&prev=true&descending=false`);
    expect(ids(answer)).toEqual([all[2], all[3]]);
    const found = links(answer);
    expect(new URL(found.next ?? "").searchParams.get("offset")).toBe(all[3]);
    expect(new URL(found.next ?? "").searchParams.get("prev")).toBeNull();
    expect(new URL(found.prev ?? "").searchParams.get("offset")).toBe(all[2]);
    expect(new URL(found.prev ?? "").searchParams.get("prev")).toBe("true");
    expect(new URL(found.prev ?? "").searchParams.get("count")).toBe("2");
  });

  it("places any UUID offset in the id order", () => {
    const sorted = ["1", "3", "5", "7"];
    expect(pageBounds(sorted, "4", false, false, 2)).toEqual({ start: 2, end: 4 });
    expect(pageBounds(sorted, "4", true, false, 5)).toEqual({ start: 0, end: 2 });
    expect(pageBounds([...sorted].reverse(), "4", false, true, 1)).toEqual({ start: 2, end: 3 });
    expect(pageBounds(sorted, "9", false, false, 2)).toEqual({ start: 4, end: 4 });
  });

  it("answers 404 TeamNotFound for another team, 404 for an unknown client, 400 for a bad id or body", async () => {
    const otherTeam = await send("GET", "/teams/absalom/clients");
    expect(otherTeam.status).toBe(404);
    expect(otherTeam.json).toEqual({ code: "not_found", message: "team not found" });
    expectDocumented(API, "listClients", otherTeam);
    const unknown = await send("GET", `${BASE}/${UNKNOWN_ID}`);
    expect(unknown.json).toEqual({ code: "not_found", message: "client not found" });
    expectDocumented(API, "getClient", unknown);
    for (const [method, path, body, operationId] of [
      ["GET", `${BASE}/not-a-uuid`, undefined, "getClient"],
      ["PUT", `${BASE}/${UNKNOWN_ID}`, {}, "updateClient"],
      ["PUT", `${BASE}/${UNKNOWN_ID}`, { state: "GONE" }, "updateClient"],
      ["GET", `${BASE}?count=0`, undefined, "listClients"],
      ["GET", `${BASE}?all=yes`, undefined, "listClients"],
    ] as const) {
      const answer = await send(method, path, body === undefined ? {} : { body });
      expect(answer.status, `${method} ${path}`).toBe(400);
      expect((answer.json as { code: string }).code).toBe("invalid_request");
      expectDocumented(API, operationId, answer);
    }
  });

  it("updates with 204 and revokes softly: the client reads back DELETED with deleted_at", async () => {
    await withServer({ api: API, now: () => new Date("2026-06-01T12:00:00.000Z") }, async (own) => {
      const sendOwn = clientFor(() => own);
      const id = "1c8dd4d4-a9ab-499c-86b7-cac3fa6ac7a2";
      const updated = await sendOwn("PUT", `${BASE}/${id}`, { body: { state: "ACTIVE", user_name: "Quentin.Compson" } });
      expect(updated.status).toBe(204);
      expect(updated.text).toBe("");
      expectDocumented(API, "updateClient", updated);
      expect((await sendOwn("GET", `${BASE}/${id}`)).json).toMatchObject({ state: "ACTIVE", user_name: "Quentin.Compson", deleted_at: null });
      const revoked = await sendOwn("DELETE", `${BASE}/${id}`);
      expect(revoked.status).toBe(204);
      expectDocumented(API, "revokeClient", revoked);
      const read = await sendOwn("GET", `${BASE}/${id}`);
      expect(read.status).toBe(200);
      expect(read.json).toMatchObject({ state: "DELETED", deleted_at: "2026-06-01T12:00:00.000Z" });
      expectDocumented(API, "getClient", read);
    });
  });
});

describe("asa faults", () => {
  const withFault = <T>(fault: string, run: (send: ReturnType<typeof clientFor>) => Promise<T>) =>
    withServer({ api: API, faults: [fault] }, (faulty) => run(clientFor(() => faulty)));

  it("update-200 answers 200 with no body", async () => {
    await withFault("update-200", async (send) => {
      const answer = await send("PUT", `${BASE}/1c8dd4d4-a9ab-499c-86b7-cac3fa6ac7a2`, { body: { state: "ACTIVE" } });
      expect(answer.status).toBe(200);
      expect(answer.text).toBe("");
    });
  });

  it("revoke-keeps-state answers 204 but the state stays", async () => {
    await withFault("revoke-keeps-state", async (send) => {
      const path = `${BASE}/185ed10c-9881-434d-ad0f-2f3fccb752f6`;
      expect((await send("DELETE", path)).status).toBe(204);
      expect((await send("GET", path)).json).toMatchObject({ state: "ACTIVE", deleted_at: null });
    });
  });

  it("no-link-next leaves rel=next out of a first page that has more after it", async () => {
    await withFault("no-link-next", async (send) => {
      const answer = await send("GET", `${BASE}?count=2`);
      expect(list(answer)).toHaveLength(2);
      expect(answer.headers.get("link")).toBeNull();
    });
  });

  it("state-filter-ignored returns clients in other states", async () => {
    await withFault("state-filter-ignored", async (send) => {
      expect(list(await send("GET", `${BASE}?state=PENDING`)).some((client) => client.state !== "PENDING")).toBe(true);
    });
  });
});
