// Issue 20: a web page the developer visits must not read or wipe the mocks, nor reach
// them by DNS rebinding. Real requests carrying Origin and Host headers (node:http: fetch
// cannot set Host) against both mocks with the same policy (scripts/mock/origin-policy.ts):
// the stateful mock, and a guard in front of the shared Prism (test/fixtures/shared.ts).
// Every mock here listens on 127.0.0.1 and a free port.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findApi } from "../../scripts/lib/apis.ts";
import { loadBundle, serverUrl } from "../../scripts/spec/openapi.ts";
import { type Guard, startGuard } from "../../scripts/mock/guard.ts";
import { type RunningMocks, startMocks } from "../../scripts/mock/mocks.ts";
import { sharedPrisms } from "../fixtures/shared.ts";
import { type Answer, send } from "./helpers.ts";

const APP = "https://app.example.com:5173";
const TOKEN = "ba_0123456789abcdef0123456789abcdef01234567";
const LIST = "/teams/t/clients?count=1";
const RESET = "/__mock/reset";
const bearer = { Authorization: "Bearer anything" };
const LOOPBACK_ORIGINS = ["http://localhost:5173", "https://localhost", "http://127.0.0.1:8080", "http://127.4.5.6:3000", "http://[::1]:4200"];
const FOREIGN_ORIGINS = ["null", "https://evil.example", "http://localhost.evil.com", "http://127.0.0.1.evil.com:4013", "https://app.example.com:5174"];

const corsOf = (answer: Answer) => [...answer.headers].filter(([name]) => name.startsWith("access-control-"));

/** One mock under test: `open` has --cors-origin APP and --allowed-host mock.test; `any` has --cors-origin '*'. */
interface Target {
  name: string;
  open: string;
  any: string;
}

let stateful: RunningMocks;
let anyOrigin: RunningMocks;
let locked: RunningMocks;
const guards: Guard[] = [];
const targets: Target[] = [];

async function guardInFrontOfPrism(prism: string, options: { corsOrigins: string[]; allowedHosts?: string[] }): Promise<string> {
  const doc = loadBundle(findApi("asa").bundle);
  const guard = await startGuard({ api: "asa", host: "127.0.0.1", port: 0, serverUrls: (doc.servers ?? []).map(serverUrl), ...options });
  guard.setUpstream(Number(new URL(prism).port));
  guards.push(guard);
  return `http://127.0.0.1:${guard.port}`;
}

beforeAll(async () => {
  const [asa, fullengage, magloft] = [findApi("asa"), findApi("fullengage"), findApi("magloft")];
  const prisms = await sharedPrisms();
  stateful = await startMocks({ portBase: 0, stateful: true, apis: [asa, fullengage], corsOrigins: [APP], allowedHosts: ["mock.test"] });
  anyOrigin = await startMocks({ portBase: 0, stateful: true, apis: [asa], corsOrigins: ["*"] });
  locked = await startMocks({ portBase: 0, stateful: true, apis: [fullengage, magloft], token: TOKEN });
  targets.push({ name: "stateful", open: stateful.urls.asa as string, any: anyOrigin.urls.asa as string });
  targets.push({
    name: "prism",
    open: await guardInFrontOfPrism(prisms.asa as string, { corsOrigins: [APP], allowedHosts: ["mock.test"] }),
    any: await guardInFrontOfPrism(prisms.asa as string, { corsOrigins: ["*"] }),
  });
});

afterAll(async () => {
  await Promise.all([stateful?.stop(), anyOrigin?.stop(), locked?.stop(), ...guards.map((guard) => guard.close())]);
});

const target = (name: string) => {
  const found = targets.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no ${name} mock`);
  return found;
};

describe.each(["stateful", "prism"])("the %s mock", (name) => {
  it("lets pages on loopback origins and --cors-origin ones read with credentials, and gives null and foreign origins no CORS header at all", async () => {
    const { open } = target(name);
    for (const origin of FOREIGN_ORIGINS) {
      const answer = await send(`${open}${LIST}`, { headers: { ...bearer, Origin: origin } });
      expect(answer.status, origin).toBe(200); // answered; the browser hides it
      expect(corsOf(answer), origin).toEqual([]);
    }
    for (const origin of [...LOOPBACK_ORIGINS, APP]) {
      const answer = await send(`${open}${LIST}`, { headers: { ...bearer, Origin: origin } });
      expect(answer.status, origin).toBe(200);
      expect(answer.headers.get("access-control-allow-origin"), origin).toBe(origin);
      expect(answer.headers.get("access-control-allow-credentials"), origin).toBe("true");
      expect(answer.headers.get("vary") ?? "", origin).toMatch(/\borigin\b/i);
    }
  });

  it("with --cors-origin '*' lets any page read without credentials, and loopback pages still with them", async () => {
    const { any } = target(name);
    const foreign = await send(`${any}${LIST}`, { headers: { ...bearer, Origin: "https://evil.example" } });
    expect(foreign.headers.get("access-control-allow-origin")).toBe("*");
    expect(foreign.headers.get("access-control-allow-credentials")).toBeNull();
    const local = await send(`${any}${LIST}`, { headers: { ...bearer, Origin: "http://localhost:5173" } });
    expect(local.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(local.headers.get("access-control-allow-credentials")).toBe("true");
  });

  it("refuses a preflight from a foreign origin without allow headers, and allows one from a loopback page", async () => {
    const { open } = target(name);
    const preflight = (origin: string) =>
      send(`${open}/teams/t/clients`, { method: "OPTIONS", headers: { Origin: origin, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization" } });
    for (const origin of ["https://evil.example", "null"]) {
      const refused = await preflight(origin);
      expect(refused.status, origin).toBe(403);
      expect(corsOf(refused), origin).toEqual([]);
    }
    const allowed = await preflight("http://localhost:5173");
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(allowed.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
  });

  it("answers POST /__mock/reset from a page on a foreign or null origin with 403", async () => {
    const { open } = target(name);
    for (const origin of ["https://evil.example", "null"]) {
      const answer = await send(`${open}${RESET}`, { method: "POST", headers: { Origin: origin, "Content-Type": "text/plain" } });
      expect(answer.status, origin).toBe(403);
      expect(answer.text, origin).toContain(origin === "null" ? "origin null" : `--cors-origin ${origin}`);
      expect(corsOf(answer), origin).toEqual([]);
    }
  });

  it("answers a request addressed to a foreign Host with 403 naming --allowed-host, and one to a loopback name or --allowed-host normally", async () => {
    const { open } = target(name);
    const port = new URL(open).port;
    for (const host of [`evil.example:${port}`, `localhost.evil.com:${port}`, `127.0.0.1.evil.com:${port}`, "evil.example"]) {
      const answer = await send(`${open}${LIST}`, { headers: { ...bearer, Host: host } });
      expect(answer.status, host).toBe(403);
      expect(answer.text, host).toContain(`--allowed-host ${host.replace(/:\d+$/, "")}`);
      expect(answer.headers.get("link"), host).toBeNull();
    }
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `app.localhost:${port}`, `mock.test:${port}`, "MOCK.test"]) {
      expect((await send(`${open}${LIST}`, { headers: { ...bearer, Host: host } })).status, host).toBe(200);
    }
  });

  it("builds Link URLs only from an allowed Host", async () => {
    const { open } = target(name);
    const port = new URL(open).port;
    const links = async (host: string) => {
      const answer = await send(`${open}${LIST}`, { headers: { ...bearer, Host: host } });
      return { status: answer.status, targets: [...(answer.headers.get("link") ?? "").matchAll(/<([^>]+)>/g)].map((match) => match[1] ?? "") };
    };
    const allowed = await links(`mock.test:${port}`);
    expect(allowed.targets.length).toBeGreaterThan(0);
    for (const url of allowed.targets) expect(url.startsWith(`http://mock.test:${port}/`), url).toBe(true);
    const foreign = await links(`attacker.example:${port}`);
    expect(foreign).toEqual({ status: 403, targets: [] });
  });
});

describe("the stateful mock's control route", () => {
  const magloft = () => locked.urls.magloft as string;
  const fullengage = () => locked.urls.fullengage as string;

  it("keeps the data when a page on a foreign origin posts the reset, and restores it for curl and loopback pages", async () => {
    const url = stateful.urls.fullengage as string;
    const names = async () => (JSON.parse((await send(`${url}/clients?limit=100`, { headers: bearer })).text) as { data: Array<{ name: string }> }).data.map((client) => client.name);
    const created = await send(`${url}/clients`, { method: "POST", headers: { ...bearer, "Content-Type": "application/json" }, body: JSON.stringify({ name: "Ada Lovelace" }) });
    expect(created.status).toBe(201);
    expect(await names()).toContain("Ada Lovelace");
    for (const origin of ["https://evil.example", "null"]) {
      expect((await send(`${url}${RESET}`, { method: "POST", headers: { Origin: origin } })).status, origin).toBe(403);
      expect(await names(), origin).toContain("Ada Lovelace");
    }
    expect((await send(`${url}${RESET}`, { method: "POST", headers: { Origin: "http://localhost:5173" } })).status).toBe(204);
    expect(await names()).not.toContain("Ada Lovelace");
    expect((await send(`${url}${RESET}`, { method: "POST" })).status).toBe(204);
  });

  it("with --token answers 401 to every /__mock/ request without the token, and 204 to a reset with it", async () => {
    for (const path of [RESET, "/__mock/anything"]) {
      const answer = await send(`${fullengage()}${path}`, { method: "POST" });
      expect(answer.status, path).toBe(401);
      expect(answer.text, path).toContain("--token");
    }
    expect((await send(`${fullengage()}${RESET}`, { method: "POST", headers: { Authorization: "Bearer ba_not-the-token" } })).status).toBe(401);
    expect((await send(`${fullengage()}${RESET}`, { method: "POST", headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(204);
    // The API's own scheme works too, and so does the Bearer form for an API-key API.
    expect((await send(`${magloft()}${RESET}`, { method: "POST", headers: { "X-Magloft-Accesstoken": "wrong" } })).status).toBe(401);
    expect((await send(`${magloft()}${RESET}`, { method: "POST", headers: { "X-Magloft-Accesstoken": TOKEN } })).status).toBe(204);
    expect((await send(`${magloft()}${RESET}`, { method: "POST", headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(204);
    // The token does not open the control route to a page on a foreign origin.
    expect((await send(`${fullengage()}${RESET}`, { method: "POST", headers: { Authorization: `Bearer ${TOKEN}`, Origin: "https://evil.example" } })).status).toBe(403);
  });
});
