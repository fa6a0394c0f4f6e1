// The CLI's contract with its users: --help and --version on stdout, bad usage is exit 2
// with one readable line, credentials stay off the command line, paths are the caller's.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FLAGS } from "../../scripts/conformance/cli.ts";
import { startReferenceServer } from "../fixtures/reference/index.ts";
import { runCli, STACK_TRACE } from "./helpers.ts";

const manifest = JSON.parse(readFileSync(join(import.meta.dirname, "../../package.json"), "utf8")) as { version: string };

describe("conformance CLI usage errors exit 2 with one readable line", () => {
  const target = ["--api", "gym", "--base-url", "http://127.0.0.1:1"];
  const cases: Array<[string, string[], RegExp]> = [
    ["no arguments", [], /--api <name> or --spec <file\|url> is required/],
    ["unknown flag", [...target, "--bogus"], /unknown flag --bogus \(--help lists the flags\)$/],
    ["a near miss of a flag", [...target, "--tokn-file", "t"], /unknown flag --tokn-file \(did you mean --token-file\?\)/],
    ["a positional argument", [...target, "extra"], /unexpected argument extra/],
    ["a flag without its value", ["--api"], /--api needs a value/],
    ["both --api and --spec", [...target, "--spec", "x.yaml"], /--api and --spec are mutually exclusive/],
    ["unknown API", ["--api", "nope", "--base-url", "http://127.0.0.1:1"], /unknown API "nope"; known: biometricscloud, gym/],
    ["missing base URL", ["--api", "gym"], /--base-url is required/],
    ["base URL that is not a URL", ["--api", "gym", "--base-url", "localhost:3000"], /--base-url must be http or https|not a URL/],
    ["unknown check", [...target, "--checks", "response_schema_conformance,made_up"], /unknown check made_up/],
    ["bad timeout", [...target, "--timeout-ms", "soon"], /--timeout-ms must be an integer from 1/],
    ["bad report", [...target, "--report", "xml=out.xml"], /--report must be json=<file> or junit=<file> or html=<file>/],
    ["bad header", [...target, "--header", "no colon"], /--header must be 'Name: value'/],
    ["bad rate limit", [...target, "--rate-limit", "100/5m"], /--rate-limit must be <n>\/<s\|m\|h> \(e\.g\. 100\/m\), got "100\/5m"/],
    ["missing token file", [...target, "--token-file", "/nonexistent/token"], /--token-file: cannot read \/nonexistent\/token \(ENOENT\)/],
    ["both token flags", [...target, "--token-file", "package.json", "--token", "t"], /--token and --token-file are mutually exclusive/],
  ];

  it.each(cases)("%s", async (_, args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.split("\n")).toHaveLength(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).not.toMatch(STACK_TRACE);
  });
});

describe("conformance CLI habits", () => {
  it("--help prints every flag on stdout and exits 0", async () => {
    expect(await runCli(["-h"])).toEqual(await runCli(["--help"]));
    const run = await runCli(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^usage: clients-contract conformance/);
    for (const flag of FLAGS) expect(run.stdout).toContain(`--${flag.name}`);
  });

  it("--version prints the package version and exits 0", async () => {
    const run = await runCli(["--version"]);
    expect(run).toEqual({ code: 0, stdout: manifest.version, stderr: "" });
  });
});

describe("credentials, headers, selection and report paths", () => {
  const dir = mkdtempSync(join(tmpdir(), "conformance-cli-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("a token from --token-file is used and redacted; --token warns; CONFORMANCE_TOKEN is silent", async () => {
    const server = await startReferenceServer({ api: "fullengage" });
    try {
      writeFileSync(join(dir, "token"), `${server.token}\n`);
      const base = ["--api", "fullengage", "--base-url", server.url, "--seed", "1", "--quiet", "--operations", "listClients", "--stateless"];
      const fromFile = await runCli([...base, "--token-file", "token", "--report", "json=out/run.json"], {}, dir);
      expect(fromFile.stderr).not.toMatch(/warning/);
      expect(fromFile.code, fromFile.stdout).toBe(0);
      const fromArgv = await runCli([...base, "--token", server.token]);
      expect(fromArgv.code).toBe(0);
      expect(fromArgv.stderr).toMatch(/^conformance: warning: --token puts the credential on the command line.*--token-file or CONFORMANCE_TOKEN$/m);
      const fromEnv = await runCli(base, { CONFORMANCE_TOKEN: server.token });
      expect(fromEnv.code).toBe(0);
      expect(fromEnv.stderr).toBe("");

      // The report lands in the caller's folder, and the message names its absolute path.
      const reportPath = join(dir, "out", "run.json");
      expect(fromFile.stderr).toContain(`conformance: json report written to ${reportPath}`);
      const report = readFileSync(reportPath, "utf8");
      expect(report).not.toContain(server.token);
    } finally {
      await server.close();
    }
  });

  it("--operations, --exclude-operations and --tags choose what runs; unknown names exit 2", async () => {
    const server = await startReferenceServer({ api: "fullengage" });
    try {
      const base = ["--api", "fullengage", "--base-url", server.url, "--seed", "1", "--quiet", "--report", `json=${join(dir, "sel.json")}`];
      const operationsRun = (args: string[]) => runCli([...base, ...args], { CONFORMANCE_TOKEN: server.token }).then((run) => {
        expect(run.code, run.stdout + run.stderr).toBe(0);
        return Object.keys((JSON.parse(readFileSync(join(dir, "sel.json"), "utf8")) as { operations: object }).operations).sort();
      });
      expect(await operationsRun(["--operations", "listClients,getClient", "--stateless"])).toEqual(["getClient", "listClients"]);
      expect(await operationsRun(["--exclude-operations", "deleteClient,updateClient,createClient", "--stateless"])).toEqual(["getClient", "listClients"]);
      // Only the list is tested, so POST /clients (createClient, left out) must still count as documented.
      const listOnly = await runCli([...base, "--operations", "listClients", "--checks", "unsupported_method"], { CONFORMANCE_TOKEN: server.token });
      expect(listOnly.code, listOnly.stdout).toBe(0);
      const tagged = await runCli([...base, "--tags", "nope"], { CONFORMANCE_TOKEN: server.token });
      expect(tagged.code).toBe(2);
      expect(tagged.stderr).toMatch(/unknown tag nope; the spec has /);
      const unknown = await runCli([...base, "--operations", "listClient"], { CONFORMANCE_TOKEN: server.token });
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/unknown operationId listClient; the spec has listClients, /);
    } finally {
      await server.close();
    }
  });
});
