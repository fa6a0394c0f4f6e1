// The floor of type generation: openapi-typescript's Node API called directly on
// bundles, as plain JavaScript (no TypeScript loader to start), with the options
// scripts/generate/types.ts passes, so only the tool's own work is timed.
// Usage: node floor-types.mjs <bundle.json> <out.d.ts> [<bundle.json> <out.d.ts> ...]
import { readFileSync, writeFileSync } from "node:fs";
import openapiTS, { astToString } from "openapi-typescript";

const OPTIONS = {
  defaultNonNullable: false,
  enum: false,
  emptyObjectsUnknown: true,
  rootTypes: true,
  rootTypesNoSchemaPrefix: true,
  rootTypesKeepCasing: true,
  silent: true,
};

const pairs = process.argv.slice(2);
for (let index = 0; index + 1 < pairs.length; index += 2) {
  const bundle = JSON.parse(readFileSync(pairs[index], "utf8"));
  writeFileSync(pairs[index + 1], astToString(await openapiTS(bundle, OPTIONS)));
}
