// `npm run mock` as a user runs it: the URL lines once every mock answers, every
// child gone after SIGTERM, and one-line errors with the documented exit codes.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findApi, loadApis, projectRoot } from "../../scripts/lib/apis.ts";
import { UsageError } from "../../scripts/lib/cli.ts";
import { DEFAULT_MOCK_TOKEN, MOCK_USAGE, parseMockArgs } from "../../scripts/mock/index.ts";
import { MockStartError, startMocks } from "../../scripts/mock/mocks.ts";
import { commandLine, descendants, eventually, isAlive, portAnswers } from "./processes.ts";

const apis = loadApis();
const started: ChildProcess[] = [];

interface Run {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exit: Promise<number | null>;
}

function runMock(args: string[]): Run {
  // Its own process group, so that cleaning up after a failed test can reach every process of the run.
  const child = spawn("npm", ["run", "--silent", "mock", "--", ...args], { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"], detached: true });
  started.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

/** stderr without npm's own chatter (its config warnings are not ours to judge). */
function ourErrors(run: Run): string[] {
  return run
    .stderr()
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("npm "));
}

function occupiedPort(host = "127.0.0.1"): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, host, () => resolve(server));
  });
}

afterEach(() => {
  // A failed assertion must not leave a mock running. Prism children go with the
  // runner: they exit when its IPC channel closes.
  for (const child of started.splice(0)) {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    } catch {
      // The group is already gone.
    }
  }
});

describe("npm run mock", () => {
  it("prints one `<api> <url>` line per API once all answer, and SIGTERM leaves no process and no open port", async () => {
    const run = runMock(["--port-base", "0"]);
    const printedAll = await eventually(() => run.stdout().split("\n").filter(Boolean).length >= apis.length, 60_000);
    expect(printedAll, run.stderr()).toBe(true);

    const lines = run.stdout().trim().split("\n");
    expect(lines.map((line) => line.split(" ")[0])).toEqual(apis.map((api) => api.name));
    for (const line of lines) expect(line).toMatch(/^[a-z0-9-]+ http:\/\/127\.0\.0\.1:\d+$/);
    const ports = lines.map((line) => Number(new URL(line.split(" ")[1] ?? "").port));
    for (const port of ports) expect(await portAnswers(port)).toBe(true);

    const processes = descendants(run.child.pid as number);
    expect(processes.filter((pid) => commandLine(pid).includes("prism-host"))).toHaveLength(1);
    run.child.kill("SIGTERM");
    await run.exit;

    expect(await eventually(() => processes.every((pid) => !isAlive(pid)))).toBe(true);
    const stillOpen = [];
    for (const port of ports) if (await portAnswers(port)) stillOpen.push(port);
    expect(stillOpen).toEqual([]);
  });

  it("answers a bad option with one usage line on stderr and exit code 2", async () => {
    const run = runMock(["--bogus"]);
    expect(await run.exit).toBe(2);
    expect(ourErrors(run)).toEqual([`mock: Unknown option '--bogus' (usage: ${MOCK_USAGE})`]);
    expect(run.stdout()).toBe("");
  });

  // Every other bad command line takes the same path to stderr and exit code 2 as
  // --bogus above; here only the reason each one gets, without a process per case.
  it.each([
    [["--api", "nope"], /unknown API "nope"; known: biometricscloud, gym/],
    [["--port-base", "many"], /--port-base must be an integer/],
    [["--seed", "-1"], /--seed/],
    [["positional"], /positional/],
    [["--stateful", "--dynamic"], /--dynamic and --seed are for the Prism mock/],
    [["--token", "t"], /--token is for the stateful mock/],
    [["--data-file", "data.json"], /--data-file is for the stateful mock/],
    [["--stateful", "--data-file", "/no/such/file.json"], /^--data-file: cannot read \/no\/such\/file\.json \(ENOENT\)$/],
    [["--stateful", "--data-file", "package.json"], /^--data-file: "name" is not an API \(APIs: /],
    [["--host", "a b"], /--host must be an address/],
  ])("refuses %j with its reason in one line", (args, message) => {
    const error = (() => {
      try {
        parseMockArgs(args, apis);
        return undefined;
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
  });

  it("names the token in a 401's advice only when it is the default one, never a token the user chose", () => {
    expect(parseMockArgs(["--stateful"], apis).tokenHint).toContain(DEFAULT_MOCK_TOKEN);
    expect(parseMockArgs(["--stateful", "--token", "s3cret-token"], apis).tokenHint).not.toContain("s3cret-token");
    expect(parseMockArgs([], apis).tokenHint).toBeUndefined();
  });

  it("prints its options on stdout for --help and exits 0", async () => {
    const run = runMock(["--help"]);
    expect(await run.exit).toBe(0);
    expect(run.stdout()).toMatch(/^Usage: npm run mock -- /);
    for (const flag of ["--stateful", "--token", "--api", "--port-base", "--host", "--dynamic", "--seed", "--log", "--help"]) expect(run.stdout()).toContain(flag);
  });

  // --api and --port-base are read the same way for both mocks (the Prism mock's offset is
  // also in the port-taken test below); here they cost no Prism start of their own.
  it("--stateful --data-file --log mocks only the API named by --api, on its default offset from --port-base, serves the file's data on --host, accepts only the token it prints, and logs one line per request, with what was wrong", async () => {
    const seeded = { id: "00000000-0000-4000-8000-000000000001", name: "Seeded", phone: null, status: "active", notes: null, createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-01T00:00:00Z" };
    const dataFile = join(mkdtempSync(join(tmpdir(), "mock-data-")), "data.json");
    writeFileSync(dataFile, JSON.stringify({ fullengage: { Clients: [seeded] } }));
    const held = await occupiedPort();
    const free = (held.address() as { port: number }).port;
    await new Promise((resolve) => held.close(resolve));
    const portBase = free - findApi("fullengage", apis).index;
    const run = runMock(["--stateful", "--data-file", dataFile, "--log", "--api", "fullengage", "--port-base", String(portBase), "--host", "127.0.0.1"]);
    expect(await eventually(() => /^token /m.test(run.stdout()), 30_000), run.stderr()).toBe(true);
    expect(run.stdout().split("\n").filter((line) => /^\S+ http:\/\//.test(line))).toEqual([`fullengage http://127.0.0.1:${free}`]);
    const url = /^fullengage (http:\/\/127\.0\.0\.1:\d+)$/m.exec(run.stdout())?.[1];
    expect(url).toBeDefined();
    const token = /^token (\S+):/m.exec(run.stdout())?.[1];
    expect(token).toBe(DEFAULT_MOCK_TOKEN);
    const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
    const names = async () => ((await (await fetch(`${url}/clients`, { headers, signal: AbortSignal.timeout(5_000) })).json()) as { data: Array<{ name: string }> }).data.map((client) => client.name);
    expect(await names()).toEqual(["Seeded"]);
    const created = await fetch(`${url}/clients`, { method: "POST", headers, body: JSON.stringify({ name: "Ada" }), signal: AbortSignal.timeout(5_000) });
    expect(created.status).toBe(201);
    const stranger = await fetch(`${url}/clients`, { headers: { Authorization: "Bearer another-token" }, signal: AbortSignal.timeout(5_000) });
    expect(stranger.status).toBe(401);
    expect(await stranger.text()).toContain(`the credential is not valid; this mock accepts ${DEFAULT_MOCK_TOKEN} (printed at its start; --token sets another)`);
    const misspelled = await fetch(`${url}/clients?limt=2`, { headers, signal: AbortSignal.timeout(5_000) });
    expect(misspelled.status).toBe(400);
    expect(await eventually(() => run.stdout().includes("limt"), 10_000)).toBe(true);
    const log = run.stdout().trim().split("\n").filter((line) => /^fullengage [A-Z]+ /.test(line));
    expect(log[1]).toBe("fullengage POST /clients 201");
    expect(log[3]).toMatch(/^fullengage GET \/clients\?limt=2 400 limt is not a query parameter of listClients \(documented: limit, /);
    const reset = await fetch(`${url}/__mock/reset`, { method: "POST", headers, signal: AbortSignal.timeout(5_000) });
    expect(reset.status).toBe(204);
    expect(await names()).toEqual(["Seeded"]);
    run.child.kill("SIGTERM");
    expect(await run.exit).toBe(0);
  });

  it("says which port is taken, exits 1 and leaves nothing running", async () => {
    // Another loopback address, which no other test or server listens on: on 127.0.0.1 a
    // server of a test running alongside could hold the port before gym's by chance,
    // and the run then failed on that API instead (seen under load).
    const host = "127.0.0.2";
    const held = await occupiedPort(host);
    const port = (held.address() as { port: number }).port;
    const gym = findApi("gym", apis);
    const before = apis.find((api) => api.index === gym.index - 1);
    if (!before) throw new Error("gym is the first API; this test needs one before it");
    const run = runMock(["--host", host, "--api", before.name, "--api", "gym", "--port-base", String(port - gym.index)]);
    try {
      expect(await run.exit).toBe(1);
      expect(ourErrors(run)).toEqual([`mock: gym: port ${port} is already in use (try --port-base)`]);
      // The API before gym had already bound its port: it is released again.
      expect(await portAnswers(port - 1, host)).toBe(false);
    } finally {
      held.close();
    }
  });
});

describe("startMocks with a broken spec", () => {
  function brokenApi(contents: string) {
    const dir = mkdtempSync(join(tmpdir(), "mock-broken-"));
    const bundle = join(dir, "openapi.json");
    writeFileSync(bundle, contents);
    return { ...findApi("gym", apis), bundle };
  }

  it("rejects a bundle that is not JSON in one line, before starting anything", async () => {
    const error = await startMocks({ apis: [brokenApi("{ not json")], portBase: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MockStartError);
    expect((error as Error).message).toMatch(/^gym: .*openapi\.json: not valid JSON/);
    expect((error as Error).message).not.toContain("\n");
  });

  it("rejects a bundle Prism cannot load with Prism's reason in one line, and stops its child", async () => {
    const spec = {
      openapi: "3.1.0",
      info: { title: "broken", version: "1" },
      paths: { "/a": { get: { responses: { "200": { $ref: "#/components/responses/Missing" } } } } },
    };
    const error = await startMocks({ apis: [brokenApi(JSON.stringify(spec))], portBase: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MockStartError);
    expect((error as Error).message).toMatch(/^gym: Prism cannot serve it: .*#\/components\/responses\/Missing/);
    expect((error as Error).message).not.toContain("\n");
    expect(descendants(process.pid).filter((pid) => isAlive(pid) && commandLine(pid).includes("prism-cli"))).toEqual([]);
  });
});

describe("startMocks when a Prism dies", () => {
  it("reports it once, in one line, and its URL answers 502 instead of hanging", async () => {
    const running = await startMocks({ apis: [findApi("gym", apis)], portBase: 0 });
    try {
      const [gym] = running.mocks;
      process.kill(gym?.pid as number, "SIGKILL");
      expect(await running.unexpectedExit).toBe("gym: mock stopped unexpectedly (killed by SIGKILL)");
      const answer = await fetch(`${gym?.url}/clients`, { signal: AbortSignal.timeout(10_000) });
      expect(answer.status).toBe(502);
      expect(await answer.json()).toMatchObject({ title: "The gym mock is not running" });
    } finally {
      await running.stop();
    }
  });
});

describe("startMocks with seed data that does not fit the spec", () => {
  it.each([
    [{ Nope: [] }, 'fullengage: seed data: "Nope" is not a collection of this API (collections: Clients)'],
    [{ Clients: {} }, "fullengage: seed data: Clients must be an array of items, not object"],
    [{ Clients: [{ name: "no id" }] }, "fullengage: seed data: Clients[0] must be an object with its id"],
  ])("refuses %j in one line before anything listens", async (data, message) => {
    const started = startMocks({ stateful: true, portBase: 0, apis: [findApi("fullengage", apis)], data: { fullengage: data as never } });
    await expect(started).rejects.toThrow(MockStartError);
    await expect(started).rejects.toThrow(message);
  });
});
