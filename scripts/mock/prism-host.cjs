// One Node.js process serving the Prism mock of every API of a run, each on its own port.
// Prism's CLI serves one document per process, and loading Prism (~2 s of CPU) is most of
// what a mock costs: five APIs were five loads. This host loads Prism's own packages once
// and makes, per document, the server `prism mock <document>` makes (same operations, same
// request validation and security checks, same json-schema-faker settings), without the
// CLI's file watcher and console logger, which nobody reads here.
//
// argv[2]: the path of @stoplight/prism-cli's package.json (Prism's packages resolve beside it).
// argv[3]: JSON, [{ name, document, dynamic, seed }]; every entry has the same `dynamic`,
//          since json-schema-faker's settings are global to the process.
// To its parent over IPC, per entry: { name, port } once listening on 127.0.0.1, or
// { name, failure } with Prism's reason. It exits with its parent (exit-with-parent.cjs).
"use strict";
const { createRequire } = require("node:module");

/** @typedef {{ name: string, document: string, dynamic: boolean, seed?: number }} Entry */

const [prismPackage, documentsJson] = process.argv.slice(2);
if (prismPackage === undefined || documentsJson === undefined || process.send === undefined) {
  throw new Error("prism-host.cjs is started by scripts/mock/prism.ts, with Prism's package.json, the documents and an IPC channel");
}
const send = process.send.bind(process);
const prismRequire = createRequire(prismPackage);
const { getHttpOperationsFromSpec } = prismRequire("@stoplight/prism-http");
const { createServer } = prismRequire("@stoplight/prism-http-server");
const { createLogger } = prismRequire("@stoplight/prism-core");
const { configureExtensionsUserProvided } = prismRequire("./dist/extensions");

/** @type {Entry[]} */
const documents = JSON.parse(documentsJson);
// The level the CLI's --verboseLevel fatal gives: its per-request lines halve Prism's throughput.
const logger = createLogger("CLI", { level: "fatal" });

/** @param {Entry} entry @returns {Promise<number>} the port it listens on */
async function serve({ document, dynamic, seed }) {
  const operations = await getHttpOperationsFromSpec(document);
  // The CLI's --json-schema-faker-fillProperties=false: generated objects keep to the named properties.
  await configureExtensionsUserProvided(document, { fillProperties: false });
  if (operations.length === 0) throw new Error("No operations found in the current file.");
  const server = createServer(operations, {
    cors: true,
    config: {
      validateRequest: true,
      validateResponse: true,
      checkSecurity: true,
      errors: false,
      upstreamProxy: undefined,
      isProxy: false,
      // The CLI passes --seed as the string it was given; seedrandom seeds a number differently.
      mock: { dynamic, ignoreExamples: false, seed: seed === undefined ? null : String(seed) },
    },
    components: { logger: logger.child({ name: "HTTP SERVER" }) },
  });
  const address = await server.listen(0, "127.0.0.1");
  return Number(new URL(address).port);
}

(async () => {
  // One at a time: each document sets json-schema-faker's (process-wide) options before its server starts.
  for (const entry of documents) {
    try {
      send({ name: entry.name, port: await serve(entry) });
    } catch (error) {
      send({ name: entry.name, failure: error instanceof Error ? error.message : String(error) });
    }
  }
})();
