// Proof from outside: the project packed (its `prepare` builds dist/; the suite's one
// pack, test/fixtures/shared.ts), the tarball installed offline into a temporary
// project of this file's that has no dev toolchain, and there
// `npx clients-contract conformance` run (a) with --api against a reference server and
// (b) with --spec on a third-party-style spec (OpenAPI 3.0, basic auth, schemas in a
// second file, no x- extensions) against its own tiny server. Clean servers pass
// (exit 0); a fault makes the run exit 1 naming the check it breaks.
import { execFile, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../scripts/lib/apis.ts";
import { startPetstore } from "../fixtures/petstore/server.ts";
import { installPacked, manifest, type Run } from "../fixtures/packed.ts";
import { PACKED_TIMEOUT_MS, sharedPacked } from "../fixtures/shared.ts";
import { startReferenceServer } from "../fixtures/reference/index.ts";

/** Asynchronous, so the servers in this process can answer while the CLI runs. */
function npx(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    // Only what a CI job would have: no CONFORMANCE_TOKEN or npm settings of ours leak in.
    const clean = { PATH: process.env.PATH, HOME: process.env.HOME, npm_config_offline: "true", npm_config_update_notifier: "false", ...env };
    execFile("npx", args, { cwd, env: clean, encoding: "utf8", timeout: 120_000 }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === "number" ? error.code : null) : 0;
      resolve({ status, stdout, output: `${stdout}${stderr}` });
    });
  });
}

describe("npx clients-contract conformance, from a packed install", () => {
  const consumer = mkdtempSync(join(tmpdir(), "backend-"));
  let install: Run = { status: null, stdout: "", output: "" };
  afterAll(() => rmSync(consumer, { recursive: true, force: true }));

  beforeAll(async () => {
    install = await installPacked(consumer, await sharedPacked());
    // The backend's own spec lives in its repo, split over two files.
    mkdirSync(join(consumer, "api"));
    for (const file of ["openapi.yaml", "schemas.yaml"]) copyFileSync(join(projectRoot, "test", "fixtures", "petstore", file), join(consumer, "api", file));
  }, PACKED_TIMEOUT_MS);

  it("installs offline with no dev toolchain: the package and its runtime dependencies, none of the devDependencies", () => {
    expect(install.status, install.output).toBe(0);
    const installed = readdirSync(join(consumer, "node_modules")).flatMap((name) =>
      name.startsWith("@") ? readdirSync(join(consumer, "node_modules", name)).map((scoped) => `${name}/${scoped}`) : [name],
    );
    expect(installed).toEqual(expect.arrayContaining([manifest.name, ...Object.keys(manifest.dependencies)]));
    expect(installed.filter((name) => name in manifest.devDependencies)).toEqual([]);
    expect(existsSync(join(consumer, "node_modules", manifest.name, "dist", "bin.js"))).toBe(true);
  });

  it("--help prints the usage on stdout and exits 0; --version prints the version", async () => {
    const help = await npx(["clients-contract", "conformance", "--help"], consumer);
    expect(help.status, help.output).toBe(0);
    expect(help.stdout).toMatch(/^usage: clients-contract conformance/);
    const version = await npx(["clients-contract", "--version"], consumer);
    expect(version.stdout.trim()).toBe(manifest.version);
    const unknown = await npx(["clients-contract", "conform"], consumer);
    expect(unknown.status).toBe(2);
    expect(unknown.output.trim()).toBe("clients-contract: unknown command conform; commands: conformance, mock, proxy (--help)");
  });

  // The engine is a build apart from the flag parsing (scripts/build.ts): its usage errors are still known as such.
  it("an unknown operation, found by the engine once the spec is read, is a usage error (exit 2), not an internal error", async () => {
    const run = await npx(["clients-contract", "conformance", "--api", "fullengage", "--base-url", "http://127.0.0.1:9", "--operations", "nope"], consumer);
    expect(run.status, run.output).toBe(2);
    expect(run.output).toContain("conformance: unknown operationId nope; the spec has listClients");
    expect(run.output).not.toContain("internal error");
  });

  it("(a) --api against a reference server: exit 0; the JUnit report lands in the caller's folder", async () => {
    const server = await startReferenceServer({ api: "fullengage" });
    try {
      writeFileSync(join(consumer, "token"), server.token);
      const run = await npx(
        ["clients-contract", "conformance", "--api", "fullengage", "--base-url", server.url, "--token-file", "token", "--seed", "1", "--quiet", "--report", "junit=reports/conformance.xml"],
        consumer,
      );
      expect(run.status, run.output).toBe(0);
      const report = join(consumer, "reports", "conformance.xml");
      expect(run.output).toContain(`junit report written to ${report}`);
      expect(readFileSync(report, "utf8")).toMatch(/<testsuites name="conformance fullengage" tests="\d+" failures="0"/);
      expect(run.output).not.toContain(server.token);
    } finally {
      await server.close();
    }
  });

  // The built CLI validates with validators compiled at build time: a schema fault and a
  // parameter fault show that they catch what the run-time ones catch.
  it("(a) --api against a faulty reference server: exit 1 naming each broken check", async () => {
    const server = await startReferenceServer({ api: "fullengage", faults: ["status-filter-ignored", "no-updated-at", "limit-clamped"] });
    try {
      const run = await npx(["clients-contract", "conformance", "--api", "fullengage", "--base-url", server.url, "--seed", "1", "--quiet"], consumer, {
        CONFORMANCE_TOKEN: server.token,
      });
      expect(run.status, run.output).toBe(1);
      expect(run.stdout).toMatch(/✗ filtering · listClients/);
      expect(run.stdout).toMatch(/✗ response_schema_conformance · getClient/);
      expect(run.stdout).toMatch(/✗ negative_data_rejection · listClients · query parameter limit/);
    } finally {
      await server.close();
    }
  });

  it("(b) --spec on a third-party spec with basic auth: exit 0, x- checks shown n/a with the reason", async () => {
    const server = await startPetstore();
    try {
      const run = await npx(["clients-contract", "conformance", "--spec", "api/openapi.yaml", "--base-url", server.url, "--seed", "1", "--quiet"], consumer, {
        CONFORMANCE_TOKEN: server.token,
      });
      expect(run.status, run.output).toBe(0);
      expect(run.stdout).toMatch(/^ignored_auth\s+[1-9]\d*\s+0\b/m);
      expect(run.stdout).toMatch(/^use_after_free\s+[1-9]\d*\s+0\b/m);
      expect(run.stdout).toMatch(/^pagination(\s+n\/a)+\s+\(no list operation declares x-pagination\)$/m);
      expect(run.stdout).toContain("Petstore (full)");
      expect(run.output).not.toContain(server.token.split(":")[1]);
    } finally {
      await server.close();
    }
  });

  it("clients-contract mock serves the stateful mock: a created client reads back; SIGTERM stops it", async () => {
    // The installed bin itself (npx would stand between the signal and the mock).
    const child = spawn(join(consumer, "node_modules", ".bin", "clients-contract"), ["mock", "--api", "fullengage", "--port-base", "0"], {
      cwd: consumer,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, npm_config_offline: "true", npm_config_update_notifier: "false" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      let stdout = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL line within 60 s: ${stdout}`)), 60_000);
        child.stdout.on("data", () => {
          const found = /^fullengage (http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout)?.[1];
          if (found) resolve(found), clearTimeout(timer);
        });
      });
      const headers = { Authorization: "Bearer mock-token", "Content-Type": "application/json" };
      const created = await fetch(`${url}/clients`, { method: "POST", headers, body: JSON.stringify({ name: "Ada" }), signal: AbortSignal.timeout(5_000) });
      const { data } = (await created.json()) as { data: { id: string } };
      const read = await fetch(`${url}/clients/${data.id}`, { headers, signal: AbortSignal.timeout(5_000) });
      expect(read.status).toBe(200);
      expect(await read.json()).toMatchObject({ data: { id: data.id, name: "Ada" } });
      // The one token the mock accepts unless given another, printed after the URLs.
      expect(stdout).toMatch(/mock-token/);
    } finally {
      child.kill("SIGTERM");
    }
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect(code).toBe(0);
  });

  it("(b) --spec against the third-party server with a fault: exit 1 naming the check", async () => {
    const server = await startPetstore({ faults: ["ignore-auth"] });
    try {
      const run = await npx(["clients-contract", "conformance", "--spec", "api/openapi.yaml", "--base-url", server.url, "--seed", "1", "--quiet"], consumer, {
        CONFORMANCE_TOKEN: server.token,
      });
      expect(run.status, run.output).toBe(1);
      expect(run.stdout).toMatch(/✗ ignored_auth · listPets · no credentials/);
    } finally {
      await server.close();
    }
  });
});
