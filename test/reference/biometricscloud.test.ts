import { describe, expect, it } from "vitest";
import { getByPointer, loadBundle } from "../../scripts/spec/openapi.ts";
import { findApi } from "../../scripts/lib/apis.ts";
import { FRANK_HERBERT } from "../fixtures/reference/apis/biometricscloud.ts";
import { type Answer, clientFor, expectDocumented, useServer, withServer } from "./helpers.ts";

const API = "biometricscloud";

interface Page {
  next_id: number;
  count: number;
  results: Array<{ id: number; last_name: string; name: string }>;
}

const page = (answer: Answer) => answer.json as Page;
const ids = (answer: Answer) => page(answer).results.map((client) => client.id);

describe("biometricscloud reference server", () => {
  const server = useServer({ api: API });
  const send = clientFor(server);

  it("keeps the vendor's Frank Herbert verbatim", () => {
    const example = getByPointer(loadBundle(findApi(API).bundle), "/components/examples/VendorClientList/value/results/0");
    expect(FRANK_HERBERT).toEqual(example);
  });

  it("refuses a missing or wrong token with 401 and the error map", async () => {
    for (const answer of [await send("GET", "/clients", { anonymous: true }), await send("GET", "/clients", { headers: { Authorization: "Bearer not-the-token" } })]) {
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ authorization: "invalid or expired access token" });
      expectDocumented(API, "listClients", answer);
    }
  });

  it("lists newest id first, counts the page and points next_id at its last record", async () => {
    const answer = await send("GET", "/clients");
    expectDocumented(API, "listClients", answer);
    const listed = ids(answer);
    expect(listed).toEqual([...listed].sort((a, b) => b - a));
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.length).toBeGreaterThanOrEqual(10);
    expect(page(answer).count).toBe(listed.length);
    expect(page(answer).next_id).toBe(listed[listed.length - 1]);
    expect(page(answer).results).toContainEqual(FRANK_HERBERT);
  });

  it("walks the list with limit and the next_id cursor, every record once, ending on an empty page with next_id 0", async () => {
    const all = ids(await send("GET", "/clients"));
    const seen: number[] = [];
    let query = "limit=5";
    for (let pages = 0; pages < 10; pages += 1) {
      const answer = await send("GET", `/clients?${query}`);
      expectDocumented(API, "listClients", answer);
      expect(page(answer).results.length).toBeLessThanOrEqual(5);
      if (page(answer).results.length === 0) {
        expect(page(answer)).toEqual({ next_id: 0, count: 0, results: [] });
        break;
      }
      seen.push(...ids(answer));
      query = `limit=5&offset=${page(answer).next_id}`;
    }
    expect(seen).toEqual(all);
  });

  it("sorts by any client field, and by id when the field is unknown", async () => {
    const byName = await send("GET", "/clients?sort_field=last_name&sort_order=asc");
    expectDocumented(API, "listClients", byName);
    const names = page(byName).results.map((client) => client.last_name);
    expect(names).toEqual([...names].sort());
    const unknown = await send("GET", "/clients?sort_field=shoe_size&sort_order=desc");
    expect(unknown.status).toBe(200);
    expect(ids(unknown)).toEqual([...ids(unknown)].sort((a, b) => b - a));
  });

  it("searches name, username and email case-insensitively", async () => {
    expect(ids(await send("GET", "/clients?search=HERBERT"))).toEqual([2]);
    expect(ids(await send("GET", "/clients?search=dune.com"))).toEqual([2]);
    expect(ids(await send("GET", "/clients?search=fherbert"))).toEqual([2]);
  });

  it("rejects invalid parameters with 400 naming the parameter", async () => {
    for (const query of ["limit=0", "limit=abc", "offset=abc", "sort_order=up"]) {
      const answer = await send("GET", `/clients?${query}`);
      expect(answer.status, query).toBe(400);
      expect(Object.keys(answer.json as object), query).toEqual([query.split("=")[0]]);
      expectDocumented(API, "listClients", answer);
    }
  });

  it("answers 404 for an unknown path and 405 with Allow for an undocumented method", async () => {
    const unknown = await send("GET", "/patients");
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toBe("application/json");
    const post = await send("POST", "/clients", { body: {} });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET");
  });

  it("deletes with 204 and no body; the client leaves the list; a second delete is 404", async () => {
    await withServer({ api: API }, async (own) => {
      const sendOwn = clientFor(() => own);
      const deleted = await sendOwn("DELETE", "/client/2");
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe("");
      expectDocumented(API, "deleteClient", deleted);
      expect(ids(await sendOwn("GET", "/clients"))).not.toContain(2);
      const again = await sendOwn("DELETE", "/client/2");
      expect(again.status).toBe(404);
      expect(again.json).toEqual({ id: "client not found" });
      expectDocumented(API, "deleteClient", again);
      const invalid = await sendOwn("DELETE", "/client/abc");
      expect(invalid.status).toBe(400);
      expectDocumented(API, "deleteClient", invalid);
    });
  });
});

describe("biometricscloud faults", () => {
  it("list-text-plain serves the same JSON as text/plain", async () => {
    const text = await withServer({ api: API }, async (own) => (await clientFor(() => own)("GET", "/clients")).text);
    await withServer({ api: API, faults: ["list-text-plain"] }, async (faulty) => {
      const answer = await clientFor(() => faulty)("GET", "/clients");
      expect(answer.headers.get("content-type")).toBe("text/plain");
      expect(answer.text).toBe(text);
    });
  });

  it("next-id-first points next_id at the first record of the page", async () => {
    await withServer({ api: API, faults: ["next-id-first"] }, async (faulty) => {
      const answer = await clientFor(() => faulty)("GET", "/clients?limit=3");
      expect(page(answer).next_id).toBe(ids(answer)[0]);
      expect(page(answer).next_id).not.toBe(ids(answer)[2]);
    });
  });

  it("delete-keeps-listed answers 204 but keeps the client in the list", async () => {
    await withServer({ api: API, faults: ["delete-keeps-listed"] }, async (faulty) => {
      const send = clientFor(() => faulty);
      expect((await send("DELETE", "/client/2")).status).toBe(204);
      expect(ids(await send("GET", "/clients"))).toContain(2);
    });
  });
});
