// A consumer's test setup as frontend projects write it: the clients are created at
// module load, and msw/node's server starts listening afterwards (as a test file's
// beforeAll would). Each API's client, at its default base URL, must be answered by
// msw: the client looks up fetch when it sends, not when it was created. Any request
// msw does not handle is an error, so a request that bypassed msw fails the script.
import assert from "node:assert/strict";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";

const names = process.argv.slice(2);
const clients = await Promise.all(
  names.map(async (name) => {
    const { createClient, defaultBaseUrl } = await import(`clients-contract/${name}`);
    return { name, defaultBaseUrl, client: createClient({ token: "consumer-token" }) };
  }),
);

const escaped = (/** @type {string} */ text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const server = setupServer(
  ...clients.map(({ name, defaultBaseUrl }) => http.all(new RegExp(`^${escaped(defaultBaseUrl)}/`), () => HttpResponse.json({ answeredBy: `msw for ${name}` }))),
);
server.listen({ onUnhandledRequest: "error" });
try {
  for (const { name, client } of clients) {
    // Any path will do: the handler answers everything under the API's base URL.
    const { response, data } = await client.request("get", "/intercepted-by-msw");
    assert.equal(response.status, 200);
    assert.deepEqual(data, { answeredBy: `msw for ${name}` });
    console.log(`ok ${name}: a client created before server.listen() was answered by msw`);
  }
} finally {
  server.close();
}
