// ajv validators compiled from a bundled spec: one Ajv instance per document, each
// schema compiled once and cached, formats checked (ajv-formats, full mode).
import { Ajv2020, type ErrorObject, type FormatDefinition, type Options, type ValidateFunction } from "ajv/dist/2020.js";
import { _ } from "ajv/dist/compile/codegen/index.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { canonicalPointer, escapePointerToken, listOperations, type OpenApiDocument } from "./openapi.ts";

/**
 * Date-times as nearly every API writes them: a day that exists in every year
 * (only 29 February is left out), hours 00-23, seconds 00-59, `T` between date
 * and time, a `Z` or valid offset. Every string it matches is also accepted by
 * ajv-formats' full `date-time` check (test/bench/validators.test.ts proves it);
 * a string it does not match still goes to that check, so what is accepted is
 * exactly full mode's. Why: the full check splits the string and runs two
 * capturing regexes, which made validating a list of timestamps slower than
 * JSON.parse of it (`npm run bench`, part 1); one non-capturing test is not.
 */
export const COMMON_DATE_TIME =
  /^\d{4}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)t(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:z|[+-](?:[01]\d|2[0-3])(?::?[0-5]\d)?)$/i;

const fullDateTime = fullFormats["date-time"] as FormatDefinition<string> & { validate: (value: string) => boolean };

/** ajv-formats' full `date-time`, with a fast yes for the common form. */
export const dateTimeFormat: FormatDefinition<string> = {
  type: "string",
  validate: (value) => COMMON_DATE_TIME.test(value) || fullDateTime.validate(value),
  ...(fullDateTime.compare ? { compare: fullDateTime.compare } : {}),
};

export interface ValidationResult {
  valid: boolean;
  /** Readable messages, one per failed rule: `/data/0/id must match format "uuid"`. */
  errors: string[];
}

export function formatErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const where = error.instancePath === "" ? "body" : error.instancePath;
    const extra = error.keyword === "additionalProperties" ? ` (${String(error.params.additionalProperty)})` : "";
    return `${where} ${error.message ?? error.keyword}${extra}`;
  });
}

/** Every format the validators check: ajv-formats' full set, with the fast `date-time`. */
export const FORMATS: Record<string, FormatDefinition<string> | FormatDefinition<number> | RegExp | ((value: string) => boolean)> = {
  ...(fullFormats as Record<string, FormatDefinition<string>>),
  "date-time": dateTimeFormat,
};

/** An Ajv for one document, with the options every validator of the toolkit shares. */
function documentAjv(doc: OpenApiDocument, docId: string, code: Options["code"] = {}): Ajv2020 {
  // strict: false because the document carries OpenAPI keywords (example, x-...) that are not JSON Schema.
  // validateSchema: false because the document is not a JSON Schema: checking it against the
  // 2020-12 meta-schema never reaches components/schemas (not a schema keyword), yet compiling
  // that meta-schema cost 20-40 ms per instance, more than a whole conformance run's checks.
  // The schemas themselves are checked by `npm run lint` (Redocly's recommended-strict).
  // code.optimize: false halves compile time (a conformance run compiles its validators
  // anew each time) and measurably costs nothing when validating (`npm run bench`, part 1).
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true, validateSchema: false, code: { optimize: false, ...code } });
  for (const [name, format] of Object.entries(FORMATS)) ajv.addFormat(name, format as FormatDefinition<string>);
  ajv.addSchema(doc as object, docId);
  return ajv;
}

const docIdOf = (name: string) => `openapi:${encodeURIComponent(name)}`;

/** Canonical pointers of every schema the operations use: parameters, request and response bodies, response headers. */
export function operationSchemaPointers(doc: OpenApiDocument): string[] {
  const pointers = listOperations(doc).flatMap((op) => [
    ...op.parameters.filter((p) => p.schema).map((p) => `${p.pointer}/schema`),
    ...Object.keys(op.requestBody?.content ?? {}).map((media) => `${op.pointer}/requestBody/content/${escapePointerToken(media)}/schema`),
    ...Object.entries(op.responses).flatMap(([status, response]) => [
      ...Object.keys(response.content ?? {}).map((media) => `${op.pointer}/responses/${status}/content/${escapePointerToken(media)}/schema`),
      ...Object.keys(response.headers ?? {}).map((name) => `${op.pointer}/responses/${status}/headers/${escapePointerToken(name)}/schema`),
    ]),
  ]);
  return [...new Set(pointers.map((pointer) => canonicalPointer(doc, pointer)))];
}

/**
 * ES module source of every operation schema's validator, compiled ahead (ajv standalone
 * code): it exports `validators`, by canonical pointer, for `SpecValidators`' `precompiled`.
 * The code reads the formats from an identifier `formats` and requires ajv's runtime
 * helpers; `formatsImport` is the import line that brings `formats` in.
 */
export function precompiledValidatorsSource(doc: OpenApiDocument, formatsImport: string): string {
  const docId = docIdOf("precompiled");
  const ajv = documentAjv(doc, docId, { source: true, esm: true, formats: _`formats` });
  const pointers = operationSchemaPointers(doc);
  pointers.forEach((pointer, index) => ajv.addSchema({ $ref: `${docId}#${pointer}` }, `v${index}`));
  const code = standaloneCode.default(ajv, Object.fromEntries(pointers.map((_pointer, index) => [`v${index}`, `v${index}`])));
  const table = pointers.map((pointer, index) => `  ${JSON.stringify(pointer)}: v${index},`).join("\n");
  return `${formatsImport}\n${code}\nexport const validators = {\n${table}\n};\n`;
}

export class SpecValidators {
  private compiler?: Ajv2020;
  /** By canonical pointer, so a schema reached through different refs is compiled once. */
  private readonly cache = new Map<string, ValidateFunction>();
  /** By the pointer callers pass, so the refs on the way are followed once, not on every call. */
  private readonly byPointer = new Map<string, ValidateFunction>();
  private readonly docId: string;

  /**
   * `precompiled`: validators compiled ahead for this very document, by canonical pointer
   * (the built CLI has them for its APIs); anything else is compiled on first use, and
   * the Ajv instance itself is made only then.
   */
  constructor(
    private readonly doc: OpenApiDocument,
    name = "spec",
    private readonly precompiled: Readonly<Record<string, ValidateFunction>> = {},
  ) {
    this.docId = docIdOf(name);
  }

  private get ajv(): Ajv2020 {
    this.compiler ??= documentAjv(this.doc, this.docId);
    return this.compiler;
  }

  /** The compiled validator of the schema at `pointer` (refs on the way are followed). */
  at(pointer: string): ValidateFunction {
    const known = this.byPointer.get(pointer);
    if (known) return known;
    const canonical = canonicalPointer(this.doc, pointer);
    const validate = this.cache.get(canonical) ?? this.precompiled[canonical] ?? this.ajv.compile({ $ref: `${this.docId}#${canonical}` });
    this.cache.set(canonical, validate);
    this.byPointer.set(pointer, validate);
    return validate;
  }

  /** A standalone schema (e.g. a parameter schema copied out of the document), with refs into the document. */
  compile(schema: object): ValidateFunction {
    return this.ajv.compile(schema);
  }

  validate(pointer: string, value: unknown): ValidationResult {
    const validate = this.at(pointer);
    const valid = validate(value);
    return { valid, errors: valid ? [] : formatErrors(validate.errors) };
  }
}
