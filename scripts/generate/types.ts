// schema.d.ts per API from openapi-typescript's Node API, fed the already-bundled spec:
// its CLI cannot read our split specs (its bundled Redocly core cannot resolve the
// relative $refs inside our examples). The output path is still redocly.yaml's
// `x-openapi-ts.output`, so the one config keeps driving it.
import type * as OpenApiTypescript from "openapi-typescript";
import type { OpenAPI3 } from "openapi-typescript";
import type { Api } from "../lib/apis.ts";
import { type OpenApiDocument, loadBundle } from "../spec/openapi.ts";
import { OPENAPI_TS_OPTIONS } from "./openapi-ts-options.js";
import { GenerateError, type Layout, generatedNotice, loadCommonJs, outPath, projectRelative, writeOutput } from "./files.ts";

// Its CommonJS build, required: see loadCommonJs in files.ts.
const { default: openapiTS, astToString } = loadCommonJs<typeof OpenApiTypescript>("openapi-typescript");

export async function writeTypes(layout: Layout, api: Api, bundle: OpenApiDocument): Promise<void> {
  let body: string;
  try {
    body = astToString(await openapiTS(bundle as unknown as OpenAPI3, OPENAPI_TS_OPTIONS));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new GenerateError(`${projectRelative(layout, api.root)}: openapi-typescript cannot type it: ${reason}`);
  }
  writeOutput(outPath(layout, api.types), `// ${generatedNotice(projectRelative(layout, api.root))}\n\n${body}`);
}

/** The staged bundle, which bundle.ts has already written and checked is JSON. */
export function readBundle(layout: Layout, api: Api): OpenApiDocument {
  return loadBundle(outPath(layout, api.bundle));
}
