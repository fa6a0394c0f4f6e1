// The floor of type generation: openapi-typescript's Node API called directly on
// bundles, as plain JavaScript (no TypeScript loader to start), with the options
// scripts/generate/types.ts passes (both import them), so only the tool's own work is timed.
// Usage: node floor-types.mjs <bundle.json> <out.d.ts> [<bundle.json> <out.d.ts> ...]
import { readFileSync, writeFileSync } from "node:fs";
import openapiTS, { astToString } from "openapi-typescript";
import { OPENAPI_TS_OPTIONS } from "../generate/openapi-ts-options.js";

const files = process.argv.slice(2);
for (let index = 0; index + 1 < files.length; index += 2) {
  const [bundle, output] = /** @type {[string, string]} */ (files.slice(index, index + 2));
  writeFileSync(output, astToString(await openapiTS(JSON.parse(readFileSync(bundle, "utf8")), OPENAPI_TS_OPTIONS)));
}
