// Input that costs or misleads before a single request: a spec built to exhaust memory
// (a YAML alias bomb, a gzip bomb, a device that never ends), flags that would fail
// only after the whole run (an unwritable report, a baseline of another format), and
// values that used to produce a puzzling line. Each ends in one clear line, exit 2, no
// stack trace, within seconds.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SpecError } from "../../scripts/spec/openapi.ts";
import { aliasGrowth, loadSpec } from "../../scripts/spec/load.ts";
import { SpecValidators } from "../../scripts/spec/validators.ts";
import { projectRoot } from "../../scripts/lib/apis.ts";
import { type CliRun, runCli, STACK_TRACE } from "./helpers.ts";

const dir = mkdtempSync(join(tmpdir(), "hostile-input-"));
const petstore = join(projectRoot, "test", "fixtures", "petstore", "openapi.yaml");
// Nothing listens on the discard port: a run that gets as far as a request exits 2 with "cannot reach".
const NOWHERE = "http://127.0.0.1:9";

/** Exit 2, exactly one line on stderr that matches, nothing on stdout, no stack trace. */
function refused(run: CliRun, message: RegExp): void {
  expect(run.stderr).toMatch(message);
  expect(run.code).toBe(2);
  expect(run.stderr.split("\n")).toHaveLength(1);
  expect(run.stdout).toBe("");
  expect(run.stderr).not.toMatch(STACK_TRACE);
  expect(run.stderr).not.toMatch(/internal error/);
}

/**
 * The "billion laughs" in a schema: each level an allOf of 9 aliases to the level below,
 * 9 levels, 387 420 489 schemas once expanded (before the cap: 92 s and 2.7 GB, then
 * "Set maximum size exceeded" from the resolver). 3.0, so the bounds walk meets it too.
 */
function aliasBombYaml(levels = 9, width = 9): string {
  const schemas = ["    s0: &s0 {type: string}"];
  for (let i = 1; i <= levels; i += 1) schemas.push(`    s${i}: &s${i} {allOf: [${Array(width).fill(`*s${i - 1}`).join(", ")}]}`);
  return [
    "openapi: 3.0.3",
    "info: {title: bomb, version: '1'}",
    "components:",
    "  schemas:",
    ...schemas,
    "paths:",
    "  /a:",
    "    get:",
    "      operationId: getA",
    "      responses:",
    "        '200':",
    "          description: ok",
    "          content:",
    "            application/json:",
    `              schema: *s${levels}`,
    "",
  ].join("\n");
}

function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

// A 1 GB gzip bomb in about 1 MB: one gzip member of 64 MB of zeros, sent 16 times
// (a gzip stream may hold several members; clients inflate them all).
const member = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
const BOMB_MEMBERS = 16;

let files: { server: Server; url: string };
let requestsToTarget = 0;
let target: { server: Server; url: string };

beforeAll(async () => {
  writeFileSync(join(dir, "bomb.yaml"), aliasBombYaml());
  files = await listen((req, res) => {
    res.on("error", () => undefined);
    if (req.url === "/gzip-bomb.json") {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Encoding": "gzip" });
      let sent = 0;
      const more = () => {
        while (sent < BOMB_MEMBERS && !res.destroyed) {
          sent += 1;
          if (!res.write(member)) return void res.once("drain", more);
        }
        res.end();
      };
      more();
    } else if (req.url === "/declared-huge.json") {
      // Says 60 MB and sends a few bytes, then nothing: a client that trusts the length waits for the rest.
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": String(60 * 1024 * 1024) });
      res.write('{"openapi":');
    } else if (req.url === "/bomb.yaml") {
      res.writeHead(200, { "Content-Type": "application/yaml" }).end(aliasBombYaml());
    } else {
      res.writeHead(404).end();
    }
  });
  // A server under test that counts what reaches it: a flag refused up front sends nothing.
  target = await listen((_req, res) => {
    requestsToTarget += 1;
    res.writeHead(404, { "Content-Type": "text/plain" }).end("no");
  });
});

afterAll(() => {
  for (const { server } of [files, target]) {
    server.closeAllConnections();
    server.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

describe("bounds on specs", () => {
  it("a YAML alias bomb is refused at parse time, naming the cap", async () => {
    const started = Date.now();
    const run = await runCli(["--spec", join(dir, "bomb.yaml"), "--base-url", NOWHERE]);
    refused(run, /bomb\.yaml: YAML aliases expand past 1,000,000 nodes \(cap: 1,000,000 nodes added by aliases\): an alias bomb\?$/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("the cap is a parameter; aliases under it load, and a 3.0 spec's bounds walk visits a shared node once", async () => {
    writeFileSync(join(dir, "small-bomb.yaml"), aliasBombYaml(6, 9)); // 9^6 = 531 441 schemas expanded
    const error = await loadSpec(join(dir, "small-bomb.yaml"), { maxAliasNodes: 100_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecError);
    expect((error as Error).message).toMatch(/YAML aliases expand past 100,000 nodes \(cap: 100,000 nodes added by aliases\)/);
    writeFileSync(join(dir, "few-aliases.yaml"), aliasBombYaml(3, 3));
    const started = Date.now();
    const doc = await loadSpec(join(dir, "few-aliases.yaml"), { maxAliasNodes: 1_000 }); // adds 152 nodes
    expect(Object.keys(doc.paths)).toEqual(["/a"]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("counts the nodes aliases add without expanding them, and finds a cycle", () => {
    const leaf = { type: "string" };
    const twice = { allOf: [leaf, leaf] };
    // Expanded: root, then `twice` (object, list, two leaves of two nodes: 6) twice = 13; unique nodes: 5.
    expect(aliasGrowth({ a: twice, b: twice }, 100)).toBe(8);
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(aliasGrowth({ a: cyclic }, 100)).toBe(Number.POSITIVE_INFINITY);
    expect(aliasGrowth(JSON.parse('{"a":[1,2,{"b":3}]}'), 0)).toBe(0);
  });

  it("an alias that sits inside its own anchor is refused, not walked", async () => {
    writeFileSync(join(dir, "cycle.yaml"), "openapi: 3.1.0\ninfo: {title: c, version: '1'}\npaths: {}\nx-loop: &loop [*loop]\n");
    const run = await runCli(["--spec", join(dir, "cycle.yaml"), "--base-url", NOWHERE]);
    refused(run, /cycle\.yaml: a YAML alias sits inside its own anchor: the document never ends$/);
  });

  it("an alias bomb over http, or in a file the spec refers to, is refused the same way", async () => {
    const remote = await runCli(["--spec", `${files.url}/bomb.yaml`, "--base-url", NOWHERE]);
    refused(remote, /\/bomb\.yaml: YAML aliases expand past 1,000,000 nodes/);
    writeFileSync(join(dir, "refers.yaml"), "openapi: 3.1.0\ninfo: {title: r, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: './bomb.yaml#/components/schemas/s9'}\n");
    const referred = await runCli(["--spec", join(dir, "refers.yaml"), "--base-url", NOWHERE]);
    refused(referred, /refers\.yaml: .*bomb\.yaml: YAML aliases expand past 1,000,000 nodes/);
  });

  it("a gzip bomb (1 GB inflated from 1 MB) is cut off once 50 MB have inflated", async () => {
    const before = process.memoryUsage().rss;
    const started = Date.now();
    const run = await runCli(["--spec", `${files.url}/gzip-bomb.json`, "--base-url", NOWHERE]);
    refused(run, /gzip-bomb\.json: the spec is larger than 50 MB once decompressed \(cap: 50 MB\)$/);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(600 * 1024 * 1024);
  });

  it("a Content-Length past the cap is refused before the body is read", async () => {
    const started = Date.now();
    const run = await runCli(["--spec", `${files.url}/declared-huge.json`, "--base-url", NOWHERE]);
    refused(run, /declared-huge\.json: the spec is larger than 50 MB \(cap: 50 MB; Content-Length: 62914560 bytes\)$/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("a file past the cap is refused by its size; a device that never ends is read no further than the cap", async () => {
    writeFileSync(join(dir, "big.json"), JSON.stringify({ openapi: "3.1.0", info: { title: "b", version: "1" }, paths: {}, "x-pad": "x".repeat(4000) }));
    const error = await loadSpec(join(dir, "big.json"), { maxBytes: 1024 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecError);
    expect((error as Error).message).toMatch(/big\.json: the spec is larger than 1024 bytes \(cap: 1024 bytes\)$/);
    const started = Date.now();
    const run = await runCli(["--spec", "/dev/zero", "--base-url", NOWHERE]);
    refused(run, /\/dev\/zero: the spec is larger than 50 MB \(cap: 50 MB\)$/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe("bad flags fail before the first request", () => {
  const onTarget = () => ["--spec", petstore, "--base-url", target.url, "--stateless", "--max-examples", "1", "--seed", "1", "--quiet"];

  it("a --report path under a regular file: exit 2 before any request", async () => {
    writeFileSync(join(dir, "a-file"), "x");
    requestsToTarget = 0;
    const run = await runCli([...onTarget(), "--report", `json=${join(dir, "a-file", "report.json")}`]);
    refused(run, /--report json=.*a-file\/report\.json: cannot write the report there: .*a-file is a file, not a folder \(--help lists the flags\)$/);
    expect(requestsToTarget).toBe(0);
  });

  it("a --report path that is a folder is refused", async () => {
    const run = await runCli([...onTarget(), "--report", `junit=${dir}`]);
    refused(run, /--report junit=.*: cannot write the report there: it is a folder/);
  });

  it("two reports to one file are refused", async () => {
    const run = await runCli(["--spec", petstore, "--base-url", NOWHERE, "--report", "json=out/r.json", "--report", "junit=out/r.json"], {}, dir);
    refused(run, /--report: json and junit are written to .*out\/r\.json twice; give each report its own file/);
  });

  const baselines: Array<[string, string, RegExp]> = [
    ["a null violation", '{"formatVersion":1,"violations":[null]}', /is not a conformance JSON report: violations\[0\] is null, not an object$/],
    ["another format version", '{"formatVersion":99,"violations":[]}', /has formatVersion 99; this version of the suite reads formatVersion 1/],
    ["no format version", '{"violations":[]}', /has formatVersion \(none\); this version of the suite reads formatVersion 1/],
    ["a violation without its check", '{"formatVersion":1,"violations":[{"operationId":"a","expected":"x","actual":"y"}]}', /violations\[0\]\.check is missing, not a string/],
    ["a numeric expected", '{"formatVersion":1,"violations":[{"check":"c","operationId":"a","expected":5}]}', /violations\[0\]\.expected is the number 5, not a string/],
    ["a list", "[]", /is not a conformance JSON report \(it is a list, not an object\)/],
  ];
  it.each(baselines)("--baseline with %s: one line naming the problem, exit 2", async (name, text, message) => {
    const file = join(dir, `baseline-${name.replace(/\W+/g, "-")}.json`);
    writeFileSync(file, text);
    requestsToTarget = 0;
    const run = await runCli([...onTarget(), "--baseline", file]);
    refused(run, message);
    expect(run.stderr).toMatch(/^conformance: --baseline: /);
    expect(requestsToTarget).toBe(0);
  });
});

describe("lines that used to puzzle", () => {
  it("a spec without operations says so, and blames no selection flag", async () => {
    writeFileSync(join(dir, "empty.yaml"), "openapi: 3.1.0\ninfo: {title: e, version: '1'}\npaths: {}\n");
    const run = await runCli(["--spec", join(dir, "empty.yaml"), "--base-url", NOWHERE]);
    refused(run, /the spec has no operations/);
    expect(run.stderr).not.toMatch(/--operations|--tags/);
  });

  it("selection flags that leave nothing are named, only those given", async () => {
    const run = await runCli(["--spec", petstore, "--base-url", NOWHERE, "--operations", "listPets", "--exclude-operations", "listPets"]);
    refused(run, /no operation is left to test after --operations and --exclude-operations$/);
    expect(run.stderr).not.toMatch(/--tags/);
  });

  it("--base-url with a query or a fragment is refused", async () => {
    refused(await runCli(["--api", "gym", "--base-url", "http://h/v0?x=1#frag"]), /--base-url must not have a query or a fragment \("\?x=1#frag"\): the suite appends each operation's path to it/);
    refused(await runCli(["--api", "gym", "--base-url", "http://h/v0#frag"]), /--base-url must not have a query or a fragment \("#frag"\)/);
  });

  it("--spec with a scheme other than http(s) or file is refused; a file: URL is a path", async () => {
    refused(await runCli(["--spec", "ftp://example.com/openapi.yaml", "--base-url", NOWHERE]), /--spec takes a file or an http\(s\) URL, not a ftp: URL \("ftp:\/\/example\.com\/openapi\.yaml"\)/);
    // Loaded: the run goes as far as the server, which is not there.
    const file = await runCli(["--spec", pathToFileURL(petstore).href, "--base-url", NOWHERE, "--stateless"]);
    refused(file, /cannot reach http:\/\/127\.0\.0\.1:9/);
  });

  it("a credential with a line break is refused up front, wherever it comes from", async () => {
    writeFileSync(join(dir, "token-lines"), "abc\ndef\n");
    const args = ["--api", "gym", "--base-url", NOWHERE];
    refused(await runCli([...args, "--token-file", join(dir, "token-lines")]), /--token-file: the credential in .*token-lines contains a line break \(CR or LF\), which no HTTP header can carry/);
    refused(await runCli([...args, "--token", "abc\r\ndef"]), /--token: the credential contains a line break/);
    refused(await runCli(args, { CONFORMANCE_TOKEN: "abc\rdef" }), /CONFORMANCE_TOKEN: the credential contains a line break/);
    refused(await runCli(args, { CONFORMANCE_TOKEN: "abc\u0000def" }), /CONFORMANCE_TOKEN: the credential contains a control character \(U\+0000\)/);
  });

  it("a negative number is a flag's value, refused with the flag's range", async () => {
    const args = ["--api", "gym", "--base-url", NOWHERE];
    refused(await runCli([...args, "--timeout-ms", "-1"]), /--timeout-ms must be an integer from 1 to 3600000, not "-1"/);
    refused(await runCli([...args, "--seed", "-5"]), /--seed must be an integer from 0 to 2147483647, not "-5"/);
    refused(await runCli([...args, "--max-examples", "-0.5"]), /--max-examples must be an integer from 0 to 1000, not "-0\.5"/);
  });

  it("a spec problem's place is printed with one '#'", async () => {
    writeFileSync(join(dir, "dangling.yaml"), "openapi: 3.1.0\ninfo: {title: d, version: '1'}\npaths:\n  /a:\n    $ref: ./nowhere.yaml\n");
    const run = await runCli(["--spec", join(dir, "dangling.yaml"), "--base-url", NOWHERE]);
    refused(run, /dangling\.yaml#\/paths\/~1a\)$/);
    expect(run.stderr).not.toContain("##");
  });

  it("an unknown format is said once per run, not at every place (and twice) it is used", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const decimal = { type: "string", format: "decimal" };
      const doc = {
        openapi: "3.1.0",
        info: { title: "formats", version: "1" },
        paths: {
          "/a": {
            get: {
              operationId: "getA",
              parameters: [{ name: "q", in: "query", schema: decimal }],
              responses: { "200": { description: "ok", content: { "application/json": { schema: { type: "object", properties: { a: decimal, b: { type: "string", format: "money" } } } } } } },
            },
          },
        },
      };
      const validators = new SpecValidators(doc, "formats");
      validators.validate("/paths/~1a/get/parameters/0/schema", "1.5");
      validators.validate("/paths/~1a/get/responses/200/content/application~1json/schema", { a: "1.5", b: "x" });
      const lines = warn.mock.calls.map((call) => call.map(String).join(" "));
      expect(lines.filter((line) => line.includes('"decimal"'))).toHaveLength(1);
      expect(lines.filter((line) => line.includes('"money"'))).toHaveLength(1);
      expect(lines[0]).toMatch(/^unknown format "decimal" ignored: values are not checked against it \(first at openapi:formats#\/paths\/~1a\/get\/parameters\/0\/schema; said once per run\)$/);
    } finally {
      warn.mockRestore();
    }
  });
});
