// The mock's floor: a bare node:http server that answers every request with the same
// status, headers and body bytes, in its own process like each Prism.
// Usage: node plain-server.mjs (with an IPC channel); the parent sends
// {status, headers, bodyBase64}; the child answers {port} once it listens, and exits
// when the parent goes away.
import { createServer } from "node:http";

process.once("message", ({ status, headers, bodyBase64 }) => {
  const body = Buffer.from(bodyBase64, "base64");
  const server = createServer((request, response) => {
    request.resume();
    response.writeHead(status, { ...headers, "content-length": body.byteLength });
    response.end(body);
  });
  server.listen(0, "127.0.0.1", () => {
    const address = /** @type {import("node:net").AddressInfo} */ (server.address());
    process.send?.({ port: address.port });
  });
});
process.once("disconnect", () => process.exit(0));
