// generated/<api>/validators.js: every documented response of the API (body per media
// type, documented headers) as ajv standalone code, precompiled here so that a client
// with `validate: true` compiles nothing at run time, plus the table that finds the
// validators of a response by method, path template and status
// (scripts/generate/response-validation.js reads it).
import { Ajv2020 } from "ajv/dist/2020.js";
import { _ } from "ajv/dist/compile/codegen/index.js";
import standalone from "ajv/dist/standalone/index.js";
import type { Api } from "../lib/apis.ts";
import { type JsonSchema, type OpenApiDocument, type Operation, canonicalPointer, deref, escapePointerToken, getByPointer, listOperations } from "../spec/openapi.ts";
import {
  GenerateError,
  type Layout,
  RESPONSE_VALIDATION_MODULE,
  VALIDATION_FORMATS_MODULE,
  generatedNotice,
  outPath,
  projectRelative,
  writeOutput,
} from "./files.ts";
import { formats } from "../spec/validation-formats.js";

const DOCUMENT_ID = "openapi";

/** Collects the validators one API needs, each schema once, named in the order first met. */
class ValidatorSet {
  readonly ajv = new Ajv2020({
    // The same choices as scripts/lib/validators.ts (see there why), plus code generation:
    // ES modules, and formats read from the shipped formats module.
    strict: false,
    allErrors: true,
    validateFormats: true,
    validateSchema: false,
    code: { source: true, esm: true, optimize: false, formats: _`formats` },
  });
  readonly names = new Map<string, string>();

  constructor(spec: OpenApiDocument) {
    for (const [name, format] of Object.entries(formats)) this.ajv.addFormat(name, format);
    this.ajv.addSchema(spec as object, DOCUMENT_ID);
  }

  /** The export name of the validator of `schema`, registered under `key` if new. */
  name(key: string, schema: () => JsonSchema): string {
    const known = this.names.get(key);
    if (known) return known;
    const name = `contract${this.names.size}`;
    this.ajv.addSchema(schema(), name);
    this.names.set(key, name);
    return name;
  }

  code(): string {
    // ajv is CommonJS: under NodeNext its callable export is `.default`.
    return standalone.default(this.ajv, Object.fromEntries([...this.names.values()].map((name) => [name, name])));
  }
}

export function writeValidators(layout: Layout, api: Api, spec: OpenApiDocument): void {
  const source = projectRelative(layout, api.root);
  const validators = new ValidatorSet(spec);
  const table = listOperations(spec).map((operation) => `  ${JSON.stringify(contractKey(operation))}: ${operationEntry(spec, validators, operation)},`);
  const { code, imports } = asEsModule(validators.code(), source);
  const notice = `// ${generatedNotice(source)}\n`;
  const file = outPath(layout, `${api.generatedDir}/validators.js`);
  writeOutput(
    file,
    `${notice}// @ts-nocheck: ajv's standalone output is not written for tsc; validators.d.ts declares this module.
import { formats } from "../${VALIDATION_FORMATS_MODULE}.js";
${imports.join("\n")}
${code}

/** Response validators by \`METHOD /path\`, then status (or \`4XX\`, \`default\`). */
export const operations = {
${table.join("\n")}
};
`,
  );
  writeOutput(
    file.replace(/\.js$/, ".d.ts"),
    `${notice}/** Response validators by \`METHOD /path\`, then status (or \`4XX\`, \`default\`). */
export declare const operations: import("../${RESPONSE_VALIDATION_MODULE}.js").ResponseContracts;
`,
  );
}

/** How the runtime finds an operation: the request's method and openapi-fetch's `schemaPath`. */
function contractKey(operation: Operation): string {
  return `${operation.method.toUpperCase()} ${operation.path}`;
}

function operationEntry(spec: OpenApiDocument, validators: ValidatorSet, operation: Operation): string {
  const responses = Object.keys(operation.responses).map((status) => {
    const pointer = canonicalPointer(spec, `${operation.pointer}/responses/${escapePointerToken(status)}`);
    return `${JSON.stringify(status)}: ${responseEntry(spec, validators, pointer)}`;
  });
  return `{ operationId: ${JSON.stringify(operation.operationId)}, responses: { ${responses.join(", ")} } }`;
}

interface ResponseObject {
  content?: Record<string, { schema?: JsonSchema }>;
  headers?: Record<string, { required?: boolean; schema?: JsonSchema }>;
}

/** One response: a validator per media type with a schema, and one for its headers. */
function responseEntry(spec: OpenApiDocument, validators: ValidatorSet, pointer: string): string {
  const response = deref(spec, getByPointer(spec, pointer)) as ResponseObject;
  const content = Object.entries(response.content ?? {}).map(([mediaType, media]) => {
    if (!media.schema) return `${JSON.stringify(mediaType)}: undefined`;
    const schemaPointer = canonicalPointer(spec, `${pointer}/content/${escapePointerToken(mediaType)}/schema`);
    return `${JSON.stringify(mediaType)}: ${validators.name(schemaPointer, () => ({ $ref: `${DOCUMENT_ID}#${schemaPointer}` }))}`;
  });
  const parts = [`content: { ${content.join(", ")} }`];
  const headers = Object.entries(response.headers ?? {}).map(([name, header]) => ({ name, header: deref(spec, header) }));
  if (headers.length > 0) {
    const headersSchema = (): JsonSchema => ({
      type: "object",
      properties: Object.fromEntries(
        headers.map(({ name }) => [name.toLowerCase(), { $ref: `${DOCUMENT_ID}#${canonicalPointer(spec, `${pointer}/headers/${escapePointerToken(name)}/schema`)}` }]),
      ),
      required: headers.filter(({ header }) => header.required).map(({ name }) => name.toLowerCase()),
    });
    parts.push(`headers: ${validators.name(`${pointer}/headers`, headersSchema)}`);
    const typed = headers.flatMap(({ name, header }) => {
      const type = textType(deref(spec, header.schema));
      return type ? [[name.toLowerCase(), type]] : [];
    });
    if (typed.length > 0) parts.push(`headerTypes: ${JSON.stringify(Object.fromEntries(typed))}`);
  }
  return `{ ${parts.join(", ")} }`;
}

/** What a header's text must be read as before its schema can check it. */
function textType(schema: JsonSchema | undefined): "number" | "boolean" | undefined {
  const types = [schema?.type].flat();
  if (types.includes("integer") || types.includes("number")) return "number";
  if (types.includes("boolean")) return "boolean";
  return undefined;
}

/**
 * ajv's standalone code loads its runtime helpers with `require("…").default` even
 * when it writes ES modules; each becomes an import of the same file (ajv is a
 * dependency of the package for this). A CommonJS module's default import is its
 * `exports` object in Node.js but its `default` export in bundlers (and vitest), so the
 * helper is taken from whichever the importer gave. Anything else the code might
 * require is a generation error, not a surprise at a consumer's run time.
 */
function asEsModule(code: string, source: string): { code: string; imports: string[] } {
  const imports = new Map<string, string>();
  const rewritten = code
    .replace(/^"use strict";/, "")
    .replace(/require\("(ajv\/dist\/runtime\/[a-z0-9_]+)"\)\.default/g, (_match, module: string) => {
      const name = imports.get(module) ?? `runtime${imports.size}`;
      imports.set(module, name);
      return name;
    });
  const leftover = /require\("([^"]+)"\)/.exec(rewritten);
  if (leftover) throw new GenerateError(`${source}: ajv's standalone code needs ${leftover[1]}, which generated/ cannot import`);
  return {
    code: rewritten,
    imports: [...imports].flatMap(([module, name]) => [
      `import ${name}Module from "${module}.js";`,
      `const ${name} = ${name}Module.default ?? ${name}Module;`,
    ]),
  };
}
