import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it, vi } from "vitest";
import { CHECK_NAMES, type CheckName } from "../../scripts/conformance/checks/index.ts";
import { loadApis, projectRoot } from "../../scripts/lib/apis.ts";
import { loadBundle, type ResolvedParameter } from "../../scripts/spec/openapi.ts";
import { findApi } from "../../scripts/lib/apis.ts";
import { UsageError } from "../../scripts/lib/cli.ts";
import { parseReferenceArgs } from "../fixtures/reference/cli.ts";
import { coerceParameter } from "../../scripts/server/inputs.ts";
import { DEFAULT_TOKENS, FAULTS, REFERENCE_APIS } from "../fixtures/reference/registry.ts";
import { ReferenceConfigError, startReferenceServer } from "../fixtures/reference/index.ts";
import { clientFor, specOf, withServer } from "./helpers.ts";

const CLI = join(projectRoot, "test/fixtures/reference/cli.ts");

describe("reference servers: coverage", () => {
  it("has a server for every API in redocly.yaml, with a handler for exactly its operations", () => {
    expect(REFERENCE_APIS.map((api) => api.name)).toEqual(loadApis().map((api) => api.name));
    for (const api of REFERENCE_APIS) {
      expect(Object.keys(api.handlers).sort(), api.name).toEqual(specOf(api.name).operations.map((op) => op.operationId).sort());
    }
  });

  it("lists at least 22 faults with unique names, one known check each, on one line", () => {
    expect(FAULTS.length).toBeGreaterThanOrEqual(22);
    expect(new Set(FAULTS.map((fault) => fault.name)).size).toBe(FAULTS.length);
    for (const fault of FAULTS) {
      expect(CHECK_NAMES).toContain(fault.check);
      expect(fault.description).not.toMatch(/\n/);
    }
  });

  it("breaks every check with at least one fault, and the asked-for ones as often as asked", () => {
    const count = (check: CheckName) => FAULTS.filter((fault) => fault.check === check).length;
    for (const check of CHECK_NAMES) expect(count(check), check).toBeGreaterThanOrEqual(1);
    expect(count("response_schema_conformance")).toBeGreaterThanOrEqual(3);
    expect(count("ignored_auth")).toBeGreaterThanOrEqual(2);
    expect(count("use_after_free")).toBeGreaterThanOrEqual(3);
    expect(count("pagination")).toBeGreaterThanOrEqual(4);
    expect(count("sorting")).toBeGreaterThanOrEqual(2);
    expect(count("filtering")).toBeGreaterThanOrEqual(3);
    expect(new Set(FAULTS.map((fault) => fault.api))).toEqual(new Set(REFERENCE_APIS.map((api) => api.name)));
  });
});

describe("reference servers: lifecycle and configuration", () => {
  it("starts every API on 127.0.0.1 on a free port, answers, and stops", async () => {
    for (const api of REFERENCE_APIS) {
      const server = await startReferenceServer({ api: api.name });
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(server.port).toBeGreaterThan(0);
      expect(server.token).toBe(DEFAULT_TOKENS[api.name]);
      const answer = await fetch(`${server.url}/no/such/path`, { signal: AbortSignal.timeout(5_000) });
      expect(answer.status).toBe(404);
      expect(answer.headers.get("content-type")).toBe("application/json");
      await server.close();
      await expect(fetch(server.url, { signal: AbortSignal.timeout(5_000) })).rejects.toThrow();
    }
  });

  it("refuses unknown APIs, unknown faults, an empty token and a bad rate limit", async () => {
    await expect(startReferenceServer({ api: "nope" })).rejects.toThrow(/known: biometricscloud/);
    await expect(startReferenceServer({ api: "gym", faults: ["limit-ignored"] })).rejects.toThrow(ReferenceConfigError);
    await expect(startReferenceServer({ api: "gym", token: " " })).rejects.toThrow(/empty/);
    await expect(startReferenceServer({ api: "gym", rateLimit: { limit: 0 } })).rejects.toThrow(/positive integer/);
  });

  it("accepts only the configured token and never writes it anywhere", async () => {
    const token = "a-token-that-must-stay-secret";
    const writes = vi.spyOn(process.stdout, "write");
    const errors = vi.spyOn(process.stderr, "write");
    try {
      await withServer({ api: "fullengage", token }, async (server) => {
        const send = clientFor(() => server);
        expect((await send("GET", "/clients")).status).toBe(200);
        expect((await send("GET", "/clients", { anonymous: true, headers: { Authorization: `Bearer ${DEFAULT_TOKENS.fullengage}` } })).status).toBe(401);
      });
      const written = [...writes.mock.calls, ...errors.mock.calls].map((call) => String(call[0])).join("");
      expect(written).not.toContain(token);
    } finally {
      writes.mockRestore();
      errors.mockRestore();
    }
  });

  it("routes the most specific path first and answers 405 with Allow for undocumented methods", async () => {
    await withServer({ api: "magloft" }, async (server) => {
      const send = clientFor(() => server, (token) => ({ "X-Magloft-Accesstoken": token }));
      expect((await send("GET", "/clients/page/2?per_page=1")).json).toMatchObject({ page: 2 });
      expect((await send("GET", "/clients/page")).status).toBe(400);
      const patch = await send("PATCH", "/clients/1234", { body: {} });
      expect(patch.status).toBe(405);
      expect(patch.headers.get("allow")).toBe("GET, PUT, DELETE");
      expect(patch.json).toEqual({ error: "Method Not Allowed" });
    });
  });
});

describe("reference servers: query coercion", () => {
  const doc = loadBundle(findApi("fullengage").bundle);
  const parameter = (name: string) => specOf("fullengage").operations.find((op) => op.operationId === "listClients")?.parameters.find((p) => p.name === name) as ResolvedParameter;

  it("splits form arrays without explode on commas and coerces scalars per schema", () => {
    expect(coerceParameter(doc, parameter("status"), ["active,inactive"])).toEqual(["active", "inactive"]);
    expect(coerceParameter(doc, parameter("limit"), ["10"])).toBe(10);
    expect(coerceParameter(doc, parameter("limit"), ["1.5"])).toBe("1.5");
    expect(coerceParameter(doc, parameter("query"), ["10"])).toBe("10");
    expect(coerceParameter(doc, parameter("limit"), [])).toBeUndefined();
  });

  it("coerces booleans only from true and false", () => {
    const asa = loadBundle(findApi("asa").bundle);
    const all = specOf("asa").operations.find((op) => op.operationId === "listClients")?.parameters.find((p) => p.name === "all") as ResolvedParameter;
    expect(coerceParameter(asa, all, ["true"])).toBe(true);
    expect(coerceParameter(asa, all, ["false"])).toBe(false);
    expect(coerceParameter(asa, all, ["yes"])).toBe("yes");
  });
});

describe("reference CLI", () => {
  it("parses flags into server options", () => {
    expect(parseReferenceArgs(["--api", "gym", "--port", "4100", "--fault", "post-lists,bad-id-500", "--rate-limit", "1000"])).toEqual({
      kind: "serve",
      defaultToken: true,
      options: { api: "gym", port: 4100, faults: ["post-lists", "bad-id-500"], rateLimit: { limit: 1000 } },
    });
    expect(parseReferenceArgs(["--list-faults", "--api", "asa"])).toEqual({ kind: "list-faults", api: "asa" });
    for (const argv of [[], ["--api", "nope"], ["--api", "gym", "--port", "x"], ["--api", "gym", "--fault", "nope"], ["--api", "asa", "--rate-limit", "5"], ["--api", "gym", "--what"]]) {
      expect(() => parseReferenceArgs(argv), argv.join(" ")).toThrow(UsageError);
    }
  });

  it("exits 2 with one line for bad flags", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", CLI, "--api", "nope"], { cwd: projectRoot, encoding: "utf8", timeout: 30_000 });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^reference: no reference server for API "nope"/);
  });

  it("lists the faults, one line each", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", CLI, "--list-faults"], { cwd: projectRoot, encoding: "utf8", timeout: 30_000 });
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(FAULTS.length);
    for (const fault of FAULTS) expect(lines.some((line) => line.startsWith(`${fault.api} ${fault.name} `) && line.includes(fault.check))).toBe(true);
  });

  it("starts a server, prints `<api> <url>` and the default token, and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", CLI, "--api", "asa", "--fault", "update-200"], { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"] });
    try {
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      const first = (await lines.next()).value as string;
      const second = (await lines.next()).value as string;
      const third = (await lines.next()).value as string;
      expect(first).toMatch(/^asa http:\/\/127\.0\.0\.1:\d+$/);
      expect(second).toBe(`token ${DEFAULT_TOKENS.asa} (the default; pass it to the suite with --token)`);
      expect(third).toBe("faults update-200");
      const url = first.split(" ")[1] as string;
      const answer = await fetch(`${url}/teams/william-faulkner/clients`, { headers: { Authorization: `Bearer ${DEFAULT_TOKENS.asa}` }, signal: AbortSignal.timeout(5_000) });
      expect(answer.status).toBe(200);
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      expect((await exited)[0]).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
