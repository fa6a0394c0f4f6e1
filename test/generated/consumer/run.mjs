// A consumer's plain Node.js ESM script: no TypeScript, no build step. For each API named
// on the command line it answers the spec's first GET with that operation's own example
// (and its documented headers' examples) from an in-process node:http server on
// 127.0.0.1:0, calls it through the package's client, and checks the data, the URL and
// the credential header against the spec. Then the same call through the /validate
// subpath: the example passes the precompiled validators, and a body that breaks the
// spec rejects with a ResponseValidationError, which proves the validators and what they
// import load from the installed package.
import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer } from "node:http";

const TOKEN = "consumer-token";

/**
 * @param {any} spec
 * @param {any} node
 * @returns {any}
 */
function deref(spec, node) {
  while (node && typeof node.$ref === "string") {
    node = node.$ref
      .slice(2)
      .split("/")
      .reduce((/** @type {any} */ at, /** @type {string} */ key) => at?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], spec);
  }
  return node;
}

/**
 * The first GET operation, its path parameters (from their examples) and its success example.
 * @param {any} spec
 */
function firstGet(spec) {
  for (const [path, item] of Object.entries(spec.paths)) {
    const operation = deref(spec, item).get;
    if (!operation) continue;
    const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((parameter) => deref(spec, parameter));
    const pathParams = Object.fromEntries(parameters.filter((p) => p.in === "path").map((p) => [p.name, p.example]));
    const response = deref(spec, operation.responses["200"]);
    const media = response.content["application/json"];
    const example = "example" in media ? media.example : deref(spec, Object.values(media.examples)[0]).value;
    const headers = Object.fromEntries(Object.entries(response.headers ?? {}).map(([name, header]) => [name, String(deref(spec, header).example)]));
    return { path, pathParams, example, headers };
  }
  throw new Error("no GET operation");
}

/**
 * @param {any} spec
 * @returns {[string, string]}
 */
function credentialHeader(spec) {
  const scheme = spec.components.securitySchemes[Object.keys(spec.security[0])[0] ?? ""];
  return scheme.type === "apiKey" ? [scheme.name.toLowerCase(), TOKEN] : ["authorization", `Bearer ${TOKEN}`];
}

for (const name of process.argv.slice(2)) {
  const { createClient, defaultBaseUrl } = await import(`clients-contract/${name}`);
  const { createClient: createValidatingClient, ResponseValidationError } = await import(`clients-contract/${name}/validate`);
  const { default: spec } = await import(`clients-contract/${name}/openapi.json`, { with: { type: "json" } });
  const { path, pathParams, example, headers } = firstGet(spec);

  /** @type {import("node:http").IncomingMessage[]} */
  const received = [];
  let answer = example;
  const server = createServer((request, response) => {
    received.push(request);
    response.writeHead(200, { ...headers, "content-type": "application/json" }).end(JSON.stringify(answer));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = /** @type {import("node:net").AddressInfo} */ (server.address());
  try {
    const client = createClient({ baseUrl: `http://127.0.0.1:${address.port}`, token: TOKEN });
    const { data, error, response, status } = await client.GET(path, { params: { path: pathParams } });
    assert.equal(response.status, 200);
    assert.equal(status, 200);
    assert.equal(error, undefined);
    assert.deepEqual(data, example);
    const expectedUrl = path.replace(/\{(\w+)\}/g, (/** @type {string} */ _, /** @type {string} */ key) => encodeURIComponent(String(pathParams[key])));
    assert.equal(received[0]?.url, expectedUrl);
    const [header, value] = credentialHeader(spec);
    assert.equal(received[0]?.headers[header], value);
    assert.equal(typeof defaultBaseUrl, "string");

    const validating = createValidatingClient({ baseUrl: `http://127.0.0.1:${address.port}`, token: TOKEN });
    assert.deepEqual((await validating.GET(path, { params: { path: pathParams } })).data, example);
    answer = [];
    await assert.rejects(validating.GET(path, { params: { path: pathParams } }), (/** @type {any} */ error) => {
      assert.ok(error instanceof ResponseValidationError);
      assert.deepEqual(error.problems[0]?.pointer, "/body");
      return true;
    });
    console.log(`ok ${name}: GET ${expectedUrl} got the documented example back, validated; a broken body was rejected`);
  } finally {
    server.close();
  }
}
