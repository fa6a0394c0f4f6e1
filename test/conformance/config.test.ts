// clients-contract.config.json: found upward to the repository root or named with
// --config, every flag by its camelCase key, ${ENV_VAR} substitution, flags on the
// command line winning, a bad key named by its JSON pointer, per-operation settings
// taking effect in a run, and the shipped schema equal to the flag table's.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FLAGS, parseCli } from "../../scripts/conformance/cli.ts";
import { CONFIG_FILE_NAME, configSchema, SCHEMA_FILE } from "../../scripts/conformance/config.ts";
import type { ConformanceReport } from "../../scripts/conformance/results.ts";
import { type ReferenceServer, startReferenceServer } from "../fixtures/reference/index.ts";
import { runCli, STACK_TRACE } from "./helpers.ts";

const root = mkdtempSync(join(tmpdir(), "conformance-config-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A folder under the temporary root with `config` as its config file (and a .git when it is a repository root). */
function folder(name: string, config?: unknown, options: { git?: boolean; file?: string } = {}): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  if (options.git) mkdirSync(join(dir, ".git"), { recursive: true });
  if (config !== undefined) writeFileSync(join(dir, options.file ?? CONFIG_FILE_NAME), typeof config === "string" ? config : JSON.stringify(config));
  return dir;
}

function options(argv: string[], env: NodeJS.ProcessEnv, cwd: string) {
  const parsed = parseCli(argv, env, cwd);
  if (parsed.kind !== "run") throw new Error(`expected a run, got ${parsed.kind}`);
  return parsed.options;
}

describe("the shipped JSON Schema", () => {
  it("is the one the flag table makes (npm run config-schema writes it)", () => {
    const shipped = JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as unknown;
    expect(shipped, "schemas/clients-contract.config.schema.json is stale: run npm run config-schema").toEqual(configSchema());
  });

  it("has a key for every flag and the per-operation settings", () => {
    const properties = Object.keys((configSchema() as { properties: object }).properties);
    expect(properties.sort()).toEqual(["$schema", "operations", ...FLAGS.map((flag) => flag.configKey)].sort());
    // The config key for --operations cannot be "operations", which holds the per-operation settings.
    expect(FLAGS.find((flag) => flag.name === "operations")?.configKey).toBe("onlyOperations");
  });
});

describe("finding the config file", () => {
  it("is read from a parent folder, up to the repository root", () => {
    const repo = folder("found", { api: "gym", baseUrl: "http://127.0.0.1:1", maxExamples: 7, checks: ["not_a_server_error"], headers: { "X-Team": "a" } }, { git: true });
    const deep = folder("found/packages/server");
    const read = options([], {}, deep);
    expect(read).toMatchObject({ api: "gym", baseUrl: "http://127.0.0.1:1", maxExamples: 7, checks: ["not_a_server_error"], headers: { "X-Team": "a" } });
    expect(repo).toBeTruthy();
  });

  it("is not looked for above the repository root (a folder with .git)", () => {
    folder("above", { api: "gym", baseUrl: "http://127.0.0.1:1" });
    const inner = folder("above/repo", undefined, { git: true });
    expect(() => parseCli([], {}, inner)).toThrow(/^--api <name> or --spec <file\|url> is required$/);
  });

  it("--config names another file, relative to the working directory; its relative paths are relative to it", () => {
    const dir = folder("explicit", { api: "gym", baseUrl: "http://127.0.0.1:2", tokenFile: "secret.txt", reports: { json: "out/r.json" } }, { file: "ci.json" });
    writeFileSync(join(dir, "secret.txt"), "from-the-file\n");
    const cwd = folder("explicit-caller", { api: "fullengage", baseUrl: "http://127.0.0.1:3" }, { git: true });
    const read = options(["--config", "../explicit/ci.json"], {}, cwd);
    expect(read).toMatchObject({ api: "gym", baseUrl: "http://127.0.0.1:2", token: "from-the-file", reports: [{ format: "json", file: join(dir, "out/r.json") }] });
  });

  it("a --config that cannot be read, or is not JSON, is one line and exit 2", async () => {
    const dir = folder("unreadable", "{ not json", { git: true });
    const broken = await runCli([], {}, dir);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(new RegExp(`^conformance: ${join(dir, CONFIG_FILE_NAME)}: not valid JSON \\(.+\\) \\(--help lists the flags\\)$`));
    const missing = await runCli(["--config", "nope.json"], {}, dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read the config file .*nope\.json \(ENOENT\)/);
  });
});

describe("what the command line and the environment do to the file", () => {
  const dir = folder("precedence", { api: "gym", baseUrl: "http://127.0.0.1:1", maxExamples: 7, quiet: true, token: "${GYM_TOKEN}", checks: ["not_a_server_error", "ignored_auth"] }, { git: true });

  it("a flag on the command line overrides the file's value; --no-<switch> turns off the file's switch", () => {
    const read = options(["--max-examples", "2", "--no-quiet", "--checks", "ignored_auth"], { GYM_TOKEN: "t0k3n-from-env" }, dir);
    expect(read).toMatchObject({ maxExamples: 2, quiet: false, checks: ["ignored_auth"], api: "gym", token: "t0k3n-from-env" });
    expect(options([], { GYM_TOKEN: "t" }, dir)).toMatchObject({ maxExamples: 7, quiet: true });
  });

  it("--spec on the command line sets the file's api aside, --token-file its token (whose variable then need not be set)", () => {
    writeFileSync(join(dir, "token"), "from-token-file");
    const read = options(["--spec", "spec.yaml", "--token-file", "token"], {}, dir);
    expect(read.api).toBeUndefined();
    expect(read.spec).toBe(join(dir, "spec.yaml"));
    expect(read.token).toBe("from-token-file");
  });

  it("${ENV_VAR} is substituted in any string; an unset one is an error naming it and its key", async () => {
    expect(options([], { GYM_TOKEN: "abc" }, dir).token).toBe("abc");
    const unset = await runCli([], {}, dir);
    expect(unset.code).toBe(2);
    expect(unset.stderr).toBe(`conformance: ${join(dir, CONFIG_FILE_NAME)}: /token: \${GYM_TOKEN} is not set in the environment (--help lists the flags)`);
    const nested = folder("nested-env", { api: "gym", baseUrl: "http://${HOST}:1", headers: { "X-Key": "${API_KEY}" } }, { git: true });
    expect(options([], { HOST: "127.0.0.9", API_KEY: "k" }, nested)).toMatchObject({ baseUrl: "http://127.0.0.9:1", headers: { "X-Key": "k" } });
    expect(() => parseCli([], { HOST: "h" }, nested)).toThrow(/\/headers\/X-Key: \$\{API_KEY\} is not set/);
  });

  it("a credential written in the file is used with a warning that never shows it", () => {
    const literal = folder("literal-token", { api: "gym", baseUrl: "http://127.0.0.1:1", token: "s3cr3t-literal" }, { git: true });
    const read = options([], {}, literal);
    expect(read.token).toBe("s3cr3t-literal");
    expect(read.warnings.join("\n")).toMatch(/holds the credential itself \(token\); write "\$\{CONFORMANCE_TOKEN\}" or use tokenFile/);
    expect(read.warnings.join("\n")).not.toContain("s3cr3t-literal");
    // Not the command-line warning: the file is not argv.
    expect(read.warnings.join("\n")).not.toMatch(/command line/);
  });

  it("--help says that flags override the file", async () => {
    const help = await runCli(["--help"], {}, dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--config <file>/);
    expect(help.stdout).toMatch(/A flag given on the command line overrides the file's value/);
  });
});

describe("a bad file is one line naming the key's JSON pointer, exit 2", () => {
  const cases: Array<[string, unknown, string]> = [
    ["an unknown top-level key", { api: "gym", baseUrl: "http://127.0.0.1:1", maxExample: 3 }, "/maxExample: unknown key"],
    ["an unknown per-operation key", { api: "gym", baseUrl: "http://127.0.0.1:1", operations: { listClients: { maxExample: 3 } } }, "/operations/listClients/maxExample: unknown key"],
    ["a value of the wrong type", { api: "gym", baseUrl: "http://127.0.0.1:1", timeoutMs: "soon" }, "/timeoutMs: must be integer"],
    ["an unknown check", { api: "gym", baseUrl: "http://127.0.0.1:1", operations: { listClients: { checks: ["made_up"] } } }, "/operations/listClients/checks/0: must be one of not_a_server_error,"],
    ["a value a flag refuses", { api: "gym", baseUrl: "localhost:3000" }, "/baseUrl: --base-url"],
  ];

  it.each(cases)("%s", async (name, config, message) => {
    const dir = folder(`bad-${name.replace(/\W+/g, "-")}`, config, { git: true });
    const run = await runCli([], {}, dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`conformance: ${join(dir, CONFIG_FILE_NAME)}: ${message}`);
    expect(run.stderr.split("\n")).toHaveLength(1);
    expect(run.stderr).not.toMatch(STACK_TRACE);
  });
});

describe("per-operation settings take effect in a run", () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer({ api: "fullengage" });
  });
  afterAll(() => server.close());

  async function reportOf(name: string, config: Record<string, unknown>): Promise<{ code: number; report: ConformanceReport; stderr: string }> {
    const dir = folder(`run-${name}`, { api: "fullengage", baseUrl: server.url, token: "${FE_TOKEN}", seed: 1, quiet: true, stateless: true, reports: { json: "report.json" }, ...config }, { git: true });
    const run = await runCli([], { FE_TOKEN: server.token }, dir);
    const text = readFileSync(join(dir, "report.json"), "utf8");
    // The credential the file's ${FE_TOKEN} stood for is redacted like any other.
    expect(text + run.stdout + run.stderr).not.toContain(server.token);
    return { code: run.code, stderr: run.stderr, report: JSON.parse(text) as ConformanceReport };
  }

  it("exclude leaves the operation out, checks narrows what judges it, maxExamples sets its random inputs", async () => {
    const plain = await reportOf("plain", { onlyOperations: ["listClients", "getClient"], maxExamples: 0 });
    const tuned = await reportOf("tuned", {
      onlyOperations: ["listClients", "getClient", "deleteClient"],
      maxExamples: 0,
      operations: { deleteClient: { exclude: true }, getClient: { checks: ["not_a_server_error"] }, listClients: { maxExamples: 3 } },
    });
    expect(plain.code, plain.stderr).toBe(0);
    expect(tuned.code, tuned.stderr).toBe(0);
    expect(Object.keys(tuned.report.operations).sort()).toEqual(["getClient", "listClients"]);
    expect(Object.keys(tuned.report.operations.getClient ?? {})).toEqual(["not_a_server_error"]);
    expect(Object.keys(plain.report.operations.getClient ?? {}).length).toBeGreaterThan(1);
    const accepted = (report: ConformanceReport) => report.operations.listClients?.positive_data_acceptance?.passed ?? 0;
    expect(accepted(tuned.report) - accepted(plain.report)).toBe(3);
  });

  it("an operationId the spec does not have is one line, exit 2", async () => {
    const dir = folder("run-unknown-op", { api: "fullengage", baseUrl: server.url, operations: { listClientz: { maxExamples: 1 } } }, { git: true });
    const run = await runCli([], { CONFORMANCE_TOKEN: server.token }, dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^conformance: operations: unknown operationId listClientz; the spec has /);
  });
});
