// openapi-typescript's options, in plain JavaScript so that the generator (types.ts)
// and the benchmark's floor (scripts/bench/floor-types.mjs, run without a TypeScript
// loader) pass exactly the same ones.

/** @type {import("openapi-typescript").OpenAPITSOptions} */
export const OPENAPI_TS_OPTIONS = {
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
