// --spec: any OpenAPI 3.0/3.1 document from a file or a URL, $refs across files
// resolved, credentials the way its security schemes say, and a readable error for
// anything that is not a usable spec.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentialsFor } from "../../scripts/conformance/auth.ts";
import { buildModel } from "../../scripts/spec/model.ts";
import { findApi, projectRoot } from "../../scripts/lib/apis.ts";
import { loadBundle, SpecError } from "../../scripts/spec/openapi.ts";
import { loadSpec } from "../../scripts/spec/load.ts";
import { runCli, STACK_TRACE } from "./helpers.ts";

const petstore = join(projectRoot, "test", "fixtures", "petstore");

function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

describe("loading any spec", () => {
  const dir = mkdtempSync(join(tmpdir(), "specs-"));
  let files: { server: Server; url: string };
  beforeAll(async () => {
    // Serves the petstore's two files, as a spec published on a docs site would be.
    files = await listen((req, res) => {
      const name = (req.url ?? "").slice(1);
      if (name === "hang.yaml") return; // never answers
      let text: Buffer;
      try {
        text = readFileSync(join(petstore, name));
      } catch {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "Content-Type": "application/yaml" }).end(text);
    });
  });
  afterAll(() => {
    files.server.closeAllConnections();
    files.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("resolves $refs into another file, and 3.0's boolean exclusive bounds become 2020-12 ones", async () => {
    writeFileSync(join(dir, "bounds.yaml"), "openapi: 3.0.3\ninfo: {title: b, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Age: {type: integer, minimum: 0, exclusiveMinimum: true, maximum: 9, exclusiveMaximum: false}\n");
    const bounds = await loadSpec(join(dir, "bounds.yaml"));
    expect(bounds.components?.schemas?.Age).toEqual({ type: "integer", exclusiveMinimum: 0, maximum: 9 });

    const doc = await loadSpec(join(petstore, "openapi.yaml"));
    expect(JSON.stringify(doc)).not.toMatch(/"\$ref":"\.\//);
    const model = buildModel(doc, "Petstore");
    expect(model.operations.map((op) => op.operationId)).toEqual(["listPets", "createPet", "showPetById", "deletePet"]);
    // The list is a bare array (no x-items) and the item path's {petId} names the item's id.
    expect(model.resources).toMatchObject([{ tag: "pets", idProperty: "id", lists: [{ operationId: "listPets" }] }]);
    // 3.0's nullable is understood by the validators.
    const pet = model.validators.validate(`${model.operations[2]?.pointer}/responses/200/content/application~1json/schema`, { id: 1, name: "Tom", tag: null });
    expect(pet).toEqual({ valid: true, errors: [] });
  });

  it("loads from an http URL, the second file included, and JSON as well as YAML", async () => {
    const doc = await loadSpec(`${files.url}/openapi.yaml`);
    expect(Object.keys(doc.paths)).toEqual(["/pets", "/pets/{petId}"]);
    const json = await loadSpec(findApi("gym").bundle);
    expect(json).toEqual(loadBundle(findApi("gym").bundle));
  });

  const broken: Array<[string, () => string, RegExp]> = [
    ["a missing file", () => join(dir, "missing.yaml"), /missing\.yaml: cannot load the spec \(ENOENT/],
    ["a file that is not YAML", () => join(projectRoot, "README.md"), /README\.md: cannot load the spec/],
    ["Swagger 2.0", () => (writeFileSync(join(dir, "swagger.yaml"), "swagger: '2.0'\ninfo: {title: s, version: '1'}\npaths: {}\n"), join(dir, "swagger.yaml")), /Swagger 2\.0 is not supported/],
    ["a $ref to nothing", () => (writeFileSync(join(dir, "dangling.yaml"), "openapi: 3.1.0\ninfo: {title: d, version: '1'}\npaths:\n  /a:\n    $ref: ./nowhere.yaml\n"), join(dir, "dangling.yaml")), /dangling\.yaml: Can't resolve \$ref/],
    ["a URL that answers 404", () => `${files.url}/nothing.yaml`, /nothing\.yaml: cannot load the spec \(Failed to load .*404/],
  ];
  it.each(broken)("%s is a SpecError with a readable message", async (_, source, message) => {
    const error = await loadSpec(source()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecError);
    expect((error as Error).message).toMatch(message);
  });

  it("a URL that never answers times out", async () => {
    const error = await loadSpec(`${files.url}/hang.yaml`, 300).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecError);
    expect((error as Error).message).toMatch(/hang\.yaml: cannot load the spec \(no answer within 300 ms\)$/);
  });

  /** One operation, `POST /visits`, whose request body is the Gym server's served one: `required` a list, as a schema's would be. */
  const visitSpec = (required: unknown) =>
    JSON.stringify({
      openapi: "3.1.0",
      info: { title: "visits", version: "1" },
      paths: {
        "/visits": {
          post: {
            operationId: "addVisit",
            requestBody: { required, content: { "application/json": { schema: { type: "object", required: ["gym_id"], properties: { gym_id: { type: "integer" } } } } } },
            responses: { "201": { description: "ok", content: { "application/json": { schema: true } } } },
          },
        },
      },
    });

  it("an invalid structure outside the schemas exits 2 with one line per problem naming its JSON pointer", async () => {
    const file = join(dir, "visits.json");
    writeFileSync(file, visitSpec(["gym_id"]));
    const run = await runCli(["--spec", file, "--base-url", "http://127.0.0.1:1"], {}, dir);
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n")).toEqual([`conformance: ${file}: the document is not valid OpenAPI 3.1.0:`, "  #/paths/~1visits/post/requestBody/required: Expected type `boolean` but got `array`."]);
    expect(run.stderr).not.toMatch(STACK_TRACE);
  });

  it("a path template variable no parameter declares is a problem of the document, not an empty path segment to send", async () => {
    const file = join(dir, "visits-undeclared.json");
    writeFileSync(file, visitSpec(true).replace('"/visits"', '"/visits/{client_id}"'));
    const error = await loadSpec(file).catch((e: unknown) => e as Error);
    expect((error as Error).message.split("\n").slice(1)).toEqual([
      "  #/paths/~1visits~1{client_id}/post/parameters: The operation does not define the path parameter `{client_id}` expected by path `/visits/{client_id}`.",
    ]);
  });

  it("the structure problems come with the schema problems, and a 3.1 boolean schema is none", async () => {
    const file = join(dir, "visits-both.json");
    writeFileSync(file, visitSpec("yes").replace('"required":["gym_id"]', '"required":true'));
    const error = await loadSpec(file).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(SpecError);
    expect((error as Error).message.split("\n").slice(1)).toEqual([
      "  #/paths/~1visits/post/requestBody/required: Expected type `boolean` but got `string`.",
      "  #/paths/~1visits/post/requestBody/content/application~1json/schema/required: must be array (found true)",
    ]);
    writeFileSync(file, visitSpec(true));
    expect(Object.keys((await loadSpec(file)).paths)).toEqual(["/visits"]);
  });

  it("the CLI says which spec is broken in one line and exits 2", async () => {
    const run = await runCli(["--spec", "nope.yaml", "--base-url", "http://127.0.0.1:1"], {}, dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`conformance: ${join(dir, "nope.yaml")}: cannot load the spec (ENOENT: no such file or directory '${join(dir, "nope.yaml")}')`);
    expect(run.stderr).not.toMatch(STACK_TRACE);
  });
});

describe("credentials from the spec's security schemes", () => {
  const withScheme = (scheme: Record<string, unknown>) => {
    const doc = { openapi: "3.1.0", info: { title: "t", version: "1" }, paths: { "/a": { get: { operationId: "getA", responses: { "200": { description: "ok" } } } } }, security: [{ key: [] }], components: { securitySchemes: { key: scheme } } };
    const model = buildModel(doc as never, "t");
    return credentialsFor(model, model.operations[0] as never);
  };

  it.each([
    ["bearer", { type: "http", scheme: "bearer" }, { headers: { Authorization: "Bearer tk" }, query: {} }],
    ["basic (user:password)", { type: "http", scheme: "basic" }, { headers: { Authorization: `Basic ${Buffer.from("u:p").toString("base64")}` }, query: {} }],
    ["API key in a header", { type: "apiKey", in: "header", name: "X-Key" }, { headers: { "X-Key": "tk" }, query: {} }],
    ["API key in the query", { type: "apiKey", in: "query", name: "key" }, { headers: {}, query: { key: "tk" } }],
    ["API key in a cookie", { type: "apiKey", in: "cookie", name: "session" }, { headers: { Cookie: "session=tk" }, query: {} }],
    ["OAuth 2 (the access token as a bearer token)", { type: "oauth2", flows: {} }, { headers: { Authorization: "Bearer tk" }, query: {} }],
  ])("%s", (name, scheme, expected) => {
    const credentials = withScheme(scheme);
    const token = name.startsWith("basic") ? "u:p" : "tk";
    expect({ headers: credentials?.headers(token), query: credentials?.query(token) }).toEqual(expected);
  });

  it("a scheme the suite cannot speak is a ConfigError that points to --header", () => {
    expect(() => withScheme({ type: "http", scheme: "digest" })).toThrow(/security scheme key \(http digest\) is not supported; send the credential with --header/);
  });
});

describe("--header", () => {
  it("is sent on every request and its value is redacted from reports", async () => {
    const seen: unknown[] = [];
    const { server, url } = await listen((req, res) => {
      seen.push(req.headers["x-tenant"]);
      res.writeHead(500, { "Content-Type": "application/json" }).end("{}");
    });
    try {
      const spec = join(petstore, "openapi.yaml");
      const run = await runCli(["--spec", spec, "--base-url", url, "--header", "X-Tenant: acme-secret-tenant", "--operations", "listPets", "--stateless", "--quiet", "--max-examples", "0"], { CONFORMANCE_TOKEN: "u:p" });
      expect(run.code).toBe(1);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((value) => value === "acme-secret-tenant")).toBe(true);
      expect(run.stdout).not.toContain("acme-secret-tenant");
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
