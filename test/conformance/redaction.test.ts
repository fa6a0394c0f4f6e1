// Secrets stay secret whatever a server does with them: a server that echoes every
// request back (URL, headers, body, in its body and its headers) must not get a secret,
// in any encoding, into the terminal, the JSON report, the JUnit report or a curl line;
// and text a server sends cannot drive the terminal or break the JUnit XML.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { curlCommand } from "../../scripts/conformance/http.ts";
import { Redactor, REDACTED } from "../../scripts/lib/redact.ts";
import { terminalSafe, xmlSafe } from "../../scripts/lib/safe-text.ts";
import { runCli } from "./helpers.ts";

const petstore = join(import.meta.dirname, "../fixtures/petstore/openapi.yaml");

/** A one-operation spec whose API key travels in the query, where it is percent-encoded. */
function queryKeySpec(): string {
  const file = join(mkdtempSync(join(tmpdir(), "redaction-")), "openapi.yaml");
  writeFileSync(
    file,
    [
      "openapi: 3.0.3",
      "info: { title: Echo, version: 1.0.0 }",
      "servers: [{ url: 'https://example.com/v1' }]",
      "components:",
      "  securitySchemes:",
      "    key: { type: apiKey, in: query, name: api_key }",
      "security: [{ key: [] }]",
      "paths:",
      "  /items:",
      "    get:",
      "      operationId: listItems",
      "      responses:",
      "        '200': { description: the items, content: { application/json: { schema: { type: object } } } }",
      "        '401': { description: no valid key }",
    ].join("\n"),
  );
  return file;
}

/** Answers 500 (a violation, so the echo is printed and reported) with everything it received, in its body and its headers. */
function echo(req: IncomingMessage, received: string): { headers: Record<string, string>; body: string } {
  const auth = req.headers.authorization ?? "";
  const basic = /^Basic (.+)$/.exec(auth)?.[1];
  const extra = String(req.headers["x-extra"] ?? "");
  const headers = {
    "Content-Type": "application/json",
    "X-Echo-Url": req.url ?? "",
    "X-Echo-Authorization": auth,
    "X-Echo-Extra": encodeURIComponent(extra),
    ...(basic ? { "X-Echo-Basic-Decoded": encodeURIComponent(Buffer.from(basic, "base64").toString("utf8")) } : {}),
  };
  const url = new URL(req.url ?? "/", "http://echo");
  const body = JSON.stringify({ url: req.url, query: Object.fromEntries(url.searchParams), headers: req.headers, body: received, extraBase64: Buffer.from(extra).toString("base64"), note: "see https://example.com" });
  return { headers, body };
}

/** Every encoding of `secret` a server might echo it in. */
function encodings(secret: string): string[] {
  const percent = encodeURIComponent(secret);
  return [
    secret,
    percent,
    percent.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
    new URLSearchParams({ v: secret }).toString().slice(2),
    percent.replace(/%2B/g, "+"),
    JSON.stringify(secret).slice(1, -1),
    xmlSafe(secret),
    Buffer.from(secret).toString("base64"),
    Buffer.from(secret).toString("base64url"),
  ];
}

describe("redaction against a server that echoes everything", () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function echoServer(): Promise<string> {
    server = createServer((req, res) => {
      let received = "";
      req.on("data", (chunk: Buffer) => (received += chunk.toString()));
      req.on("end", () => {
        const { headers, body } = echo(req, received);
        res.writeHead(500, headers).end(body);
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** stdout, stderr, the JSON and the JUnit report of one run, as one text. */
  async function everything(spec: string, operation: string, token: string, extra: string[]): Promise<string> {
    const baseUrl = await echoServer();
    const dir = mkdtempSync(join(tmpdir(), "redaction-"));
    const run = await runCli(
      ["--spec", spec, "--base-url", baseUrl, "--operations", operation, "--stateless", "--quiet", "--verbose", "--max-examples", "1", "--seed", "1", ...extra, "--report", `json=${dir}/r.json`, "--report", `junit=${dir}/r.xml`],
      { CONFORMANCE_TOKEN: token },
    );
    expect(run.code).toBe(1);
    return [run.stdout, run.stderr, readFileSync(`${dir}/r.json`, "utf8"), readFileSync(`${dir}/r.xml`, "utf8")].join("\n");
  }

  it("an API key in the query and a --header value: in no form, in no output", async () => {
    const token = "q+SECRET/Q2==&more";
    const extra = 'extra "header" secret/+value';
    const text = await everything(queryKeySpec(), "listItems", token, ["--header", `X-Extra: ${extra}`]);
    expect(text).toContain(REDACTED);
    for (const secret of [token, extra]) {
      for (const form of encodings(secret)) expect(text, `${secret} as ${form}`).not.toContain(form);
    }
    // The curl line still reproduces the request: the key left to the shell, encoded by curl.
    expect(text).toContain(`--url-query 'api_key='"$CONFORMANCE_TOKEN"`);
  });

  it("basic credentials: not as user:password, the password alone, or their Basic base64", async () => {
    const token = "alice:pa ss+word/long";
    const text = await everything(petstore, "listPets", token, []);
    expect(text).toContain(REDACTED);
    for (const secret of [token, "pa ss+word/long"]) {
      for (const form of encodings(secret)) expect(text, `${secret} as ${form}`).not.toContain(form);
    }
  });

  it("a one-character token is redacted where it is a whole value, never inside other text", async () => {
    const text = await everything(queryKeySpec(), "listItems", "x", ["--header", "X-Extra: y"]);
    expect(text).toContain("https://example.com");
    expect(text).not.toMatch(/e\[REDACTED\]ample/);
    expect(text).toMatch(/api_key=\[REDACTED\]/);
    expect(text).not.toMatch(/api_key=x\b/);
    expect(text).not.toMatch(/"x-extra": "y"/);
  });
});

describe("Redactor", () => {
  it("finds a long secret in a mix of encodings, and leaves unrelated text alone", () => {
    const redactor = new Redactor(["a+b/c d=long-secret"]);
    expect(redactor.text("k=a%2Bb%2fc+d%3Dlong-secret&z=1")).toBe(`k=${REDACTED}&z=1`);
    expect(redactor.text('{"v":"a+b\\/c d=long-secret"}')).toBe(`{"v":"${REDACTED}"}`);
    expect(redactor.text("nothing here")).toBe("nothing here");
  });

  it("finds every form of each character, in any mix, wherever the secret stands in the text", () => {
    const secret = "pa ss+w%rd&é😀<42>";
    const redactor = new Redactor([secret]);
    const writings = [
      secret,
      encodeURIComponent(secret),
      encodeURIComponent(secret).toLowerCase(),
      new URLSearchParams({ v: secret }).toString().slice(2),
      JSON.stringify(secret).slice(1, -1),
      secret.split("").map((unit) => `\\u${unit.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`).join(""),
      xmlSafe(secret),
      Buffer.from(secret).toString("base64"),
      Buffer.from(secret).toString("base64url"),
      // one character per form, in turn
      "pa+ss%2Bw%25rd&amp;%C3%A9\\ud83d\\ude00&lt;42>",
    ];
    for (const writing of writings) {
      expect(redactor.text(writing), writing).toBe(REDACTED);
      expect(redactor.text(`x${writing}${writing}y ${writing}`), writing).toBe(`x${REDACTED}${REDACTED}y ${REDACTED}`);
    }
    expect(redactor.text(secret.slice(0, -1))).toBe(secret.slice(0, -1));
    expect(redactor.text(`${encodeURIComponent(secret).slice(0, -3)}%3F`)).toBe(`${encodeURIComponent(secret).slice(0, -3)}%3F`);
  });

  it("a character whose forms begin alike (a literal % and %25) is tried each way; of two secrets the longer one goes first", () => {
    expect(new Redactor(["50%25off-code"]).text("a 50%2525off-code b 50%25off-code")).toBe(`a ${REDACTED} b ${REDACTED}`);
    expect(new Redactor(["token-12345", "token-12345-and-more"]).text("token-12345-and-more, token-12345")).toBe(`${REDACTED}, ${REDACTED}`);
  });

  it("short secrets: header values, query values and JSON strings only", () => {
    const redactor = new Redactor(["ab"], ["x-key"]);
    expect(redactor.text("tab absent")).toBe("tab absent");
    expect(redactor.url("http://h/tab?q=ab&r=abc")).toBe(`http://h/tab?q=${REDACTED}&r=abc`);
    expect(redactor.headers({ "X-Key": "anything", "X-Echo": "ab", Authorization: "Bearer zz" })).toEqual({ "X-Key": REDACTED, "X-Echo": REDACTED, Authorization: `Bearer ${REDACTED}` });
    expect(redactor.body('{"k":"ab","t":"tab"}')).toBe(`{"k":"${REDACTED}","t":"tab"}`);
  });

  it("a secret cut by the preview limit is taken out before the cut", () => {
    const secret = "0123456789abcdef";
    expect(new Redactor([secret]).bodyPreview(`${"x".repeat(10)}${secret}`, 14)).toBe(`${"x".repeat(10)}[RED`);
  });

  it("curl: a short token stays in its place as $CONFORMANCE_TOKEN, nothing else changes", () => {
    expect(curlCommand({ method: "GET", url: "https://example.com/x?api_key=x", headers: { Authorization: "Bearer x" } }, ["x"])).toBe(
      `curl 'https://example.com/x?api_key='"$CONFORMANCE_TOKEN" -H 'Authorization: Bearer '"$CONFORMANCE_TOKEN"`,
    );
  });
});

describe("server text cannot drive the terminal or break the XML", () => {
  const hostile = "clear\u001b[2J title\u001b]0;pwned\u0007 link\u001b]8;;https://evil.example\u0007here\u001b]8;;\u0007 csi\u009b1m nul\u0000 bell\u0007";

  it("terminalSafe writes every control as \\xNN but tab and newline", () => {
    const safe = terminalSafe(`${hostile}\tok\nnext`);
    expect(safe).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(safe).toContain("\\x1b[2J");
    expect(safe).toContain("\\x9b1m");
    expect(safe).toContain("\tok\nnext");
  });

  it("xmlSafe leaves nothing XML 1.0 forbids", () => {
    expect(xmlSafe(`${hostile} <&> \ud800 lone`)).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f<>]|&(?!amp;|lt;|gt;|quot;|apos;)|[\ud800-\udfff]/);
  });

  it("a server sending escape sequences: the CLI prints them escaped; the JUnit stays well-formed; the JSON keeps them", async () => {
    const server = createServer((_req, res) => res.writeHead(500, { "Content-Type": "application/json" }).end(JSON.stringify({ error: hostile }).replace(/\\u001b/g, "\u001b")));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const dir = mkdtempSync(join(tmpdir(), "escapes-"));
      const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const run = await runCli(["--spec", petstore, "--base-url", baseUrl, "--operations", "listPets", "--stateless", "--max-examples", "0", "--report", `json=${dir}/r.json`, "--report", `junit=${dir}/r.xml`], { CONFORMANCE_TOKEN: "u:p" });
      expect(run.code).toBe(1);
      expect(`${run.stdout}${run.stderr}`).toContain("\\x1b[2J");
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/[\u001b\u0007\u009b]/);
      const junit = readFileSync(`${dir}/r.xml`, "utf8");
      expect(junit).toContain("\\x1b]8;;https://evil.example");
      expect(junit).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
      const report = JSON.parse(readFileSync(`${dir}/r.json`, "utf8")) as { violations: Array<{ response?: { body: string } }> };
      expect(report.violations.some((violation) => violation.response?.body.includes("\u001b[2J"))).toBe(true);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe("warnings go through the run's own output", () => {
  it("an unknown format in a --spec is said on the run's stderr (redacted, terminal-safe), not straight to the console", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "formats-")), "openapi.json");
    const decimal = { type: "string", format: "decimal" };
    writeFileSync(
      file,
      JSON.stringify({
        openapi: "3.1.0",
        info: { title: "formats", version: "1" },
        paths: { "/a": { get: { operationId: "getA", parameters: [{ name: "q", in: "query", schema: decimal, example: "1.5" }], responses: { "200": { description: "ok" } } } } },
      }),
    );
    const server = createServer((_req, res) => res.writeHead(200).end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const run = await runCli(["--spec", file, "--base-url", `http://127.0.0.1:${(server.address() as AddressInfo).port}`, "--stateless", "--quiet", "--max-examples", "0"]);
      expect(run.stderr).toMatch(/^conformance: warning: unknown format "decimal" ignored: values are not checked against it/m);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it("an unknown format is said once even when requests and responses are checked against views of their own (a required readOnly member)", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "formats-")), "openapi.json");
    const item = { type: "object", required: ["id", "price"], properties: { id: { type: "string", readOnly: true }, price: { type: "string", format: "decimal" } } };
    const json = (schema: unknown) => ({ "application/json": { schema } });
    writeFileSync(
      file,
      JSON.stringify({
        openapi: "3.1.0",
        info: { title: "formats", version: "1" },
        paths: { "/items": { post: { operationId: "addItem", requestBody: { required: true, content: json(item) }, responses: { "201": { description: "ok", content: json(item) } } } } },
      }),
    );
    const server = createServer((_req, res) => res.writeHead(201, { "Content-Type": "application/json" }).end('{"id":"1","price":"1.5"}'));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const run = await runCli(["--spec", file, "--base-url", `http://127.0.0.1:${(server.address() as AddressInfo).port}`, "--stateless", "--quiet", "--max-examples", "1"]);
      expect(run.stderr.split("\n").filter((line) => line.includes('unknown format "decimal"'))).toHaveLength(1);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
