// schema.d.ts per API from openapi-typescript's Node API, fed the already-bundled spec:
// its CLI cannot read our split specs (its bundled Redocly core cannot resolve the
// relative $refs inside our examples). The output path is still redocly.yaml's
// `x-openapi-ts.output`, so the one config keeps driving it.
import openapiTS, { astToString, type OpenAPI3, type OpenAPITSOptions } from "openapi-typescript";
import type { Api } from "../lib/apis.ts";
import { type OpenApiDocument, loadBundle } from "../lib/openapi.ts";
import { GenerateError, type Layout, generatedNotice, outPath, projectRelative, writeOutput } from "./files.ts";

const OPTIONS: OpenAPITSOptions = {
  // A property with a `default` stays optional: the default is what the server assumes
  // when a request leaves it out (fullengage ClientCreate.status), not a promise that
  // every response carries it.
  defaultNonNullable: false,
  // `enum` and `const` stay literal union types, not TypeScript enums: a .d.ts enum
  // would promise consumers a runtime object that no .js file provides.
  enum: false,
  // An object schema without properties (biometricscloud's `metrics`) means "members
  // not specified", not "must be empty" (openapi-typescript's Record<string, never>).
  emptyObjectsUnknown: true,
  // `Client`, `ClientList`, `Error`... as named exports, spelled as in components.schemas.
  rootTypes: true,
  rootTypesNoSchemaPrefix: true,
  rootTypesKeepCasing: true,
  silent: true,
};

export async function writeTypes(layout: Layout, api: Api): Promise<void> {
  const bundle = readBundle(layout, api);
  let body: string;
  try {
    body = astToString(await openapiTS(bundle as unknown as OpenAPI3, OPTIONS));
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
