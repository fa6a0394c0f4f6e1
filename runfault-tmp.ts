import { startReferenceServer } from "./test/fixtures/reference/index.ts";
import { main } from "./scripts/conformance/cli.ts";
const [api, fault, ...rest] = process.argv.slice(2);
const server = await startReferenceServer({ api: api!, faults: fault && fault !== "-" ? [fault] : [] });
const code = await main(["--api", api!, "--base-url", server.url, "--seed", "1", ...rest], { CONFORMANCE_TOKEN: server.token });
console.log("exit", code);
await server.close();
