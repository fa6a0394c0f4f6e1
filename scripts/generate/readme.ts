// generated/README.md, written by the generator so that it lists every API in
// redocly.yaml and never counts as an extra file in `--check`.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Api } from "../lib/apis.ts";
import { GENERATED_DIR, type Layout, RUNTIME_MODULE, generatedNotice, writeOutput } from "./files.ts";

export function writeReadme(layout: Layout, apis: Api[]): void {
  const { name: packageName } = JSON.parse(readFileSync(join(layout.projectRoot, "package.json"), "utf8")) as { name: string };
  const rows = apis.map((api) => `| \`${api.name}/\` | \`${packageName}/${api.name}\` | \`${packageName}/${api.name}/openapi.json\` |`);
  const text = `<!-- ${generatedNotice("redocly.yaml and openapi/")} -->
# ${GENERATED_DIR}/

Everything in this folder is derived from \`openapi/\` and \`redocly.yaml\` by
\`npm run generate\`; never edit it by hand. \`npm run generate -- --check\` fails on
any difference, new files included, and names the command that fixes it.

Per API, in \`<api>/\`:

- \`openapi.json\`: the bundled spec (\`redocly bundle\`).
- \`schema.d.ts\`: its types (openapi-typescript): \`paths\`, \`components\`, \`operations\` and one alias per schema.
- \`index.js\`, \`index.d.ts\`: \`createClient(options)\`, an openapi-fetch client for that API.
- \`validate.js\`, \`validate.d.ts\`: the same client with every response checked by \`validators.js\` (precompiled); the \`/validate\` subpath.
- \`query.js\`, \`query.d.ts\`: \`createQueryHooks(client)\`, openapi-react-query's TanStack Query hooks over the client; the \`/query\` subpath.

\`${RUNTIME_MODULE}.js\` and \`${RUNTIME_MODULE}.d.ts\` are the runtime all clients share, from
\`scripts/generate/${RUNTIME_MODULE}.js\`.

| folder | import | bundle |
|---|---|---|
${rows.join("\n")}
`;
  writeOutput(join(layout.outRoot, GENERATED_DIR, "README.md"), text);
}
