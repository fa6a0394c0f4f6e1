// What the spec tests share: every API's bundle, parsed once per test file.
import { type Api, loadApis } from "../../scripts/lib/apis.ts";
import { listOperations, loadBundle, type OpenApiDocument, type Operation } from "../../scripts/spec/openapi.ts";
import { SpecValidators } from "../../scripts/spec/validators.ts";

export interface LoadedApi {
  api: Api;
  doc: OpenApiDocument;
  operations: Operation[];
  validators: SpecValidators;
}

export function loadAll(): LoadedApi[] {
  return loadApis().map((api) => {
    const doc = loadBundle(api.bundle);
    return { api, doc, operations: listOperations(doc), validators: new SpecValidators(doc, api.name) };
  });
}
