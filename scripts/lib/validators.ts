// ajv validators compiled from a bundled spec: one Ajv instance per document, each
// schema compiled once and cached, formats checked (ajv-formats, full mode).
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { formats } from "../generate/validation-formats.js";
import { canonicalPointer, type OpenApiDocument } from "./openapi.ts";

// The formats live beside the clients' precompiled validators, so both check the same.
export { COMMON_DATE_TIME, dateTimeFormat } from "../generate/validation-formats.js";

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

export class SpecValidators {
  private readonly ajv: Ajv2020;
  /** By canonical pointer, so a schema reached through different refs is compiled once. */
  private readonly cache = new Map<string, ValidateFunction>();
  /** By the pointer callers pass, so the refs on the way are followed once, not on every call. */
  private readonly byPointer = new Map<string, ValidateFunction>();
  private readonly docId: string;

  constructor(private readonly doc: OpenApiDocument, name = "spec") {
    // strict: false because the document carries OpenAPI keywords (example, x-...) that are not JSON Schema.
    // validateSchema: false because the document is not a JSON Schema: checking it against the
    // 2020-12 meta-schema never reaches components/schemas (not a schema keyword), yet compiling
    // that meta-schema cost 20-40 ms per instance, more than a whole conformance run's checks.
    // The schemas themselves are checked by `npm run lint` (Redocly's recommended-strict).
    // code.optimize: false halves compile time (a conformance run compiles its validators
    // anew each time) and measurably costs nothing when validating (`npm run bench`, part 1).
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true, validateSchema: false, code: { optimize: false } });
    for (const [name, format] of Object.entries(formats)) this.ajv.addFormat(name, format);
    this.docId = `openapi:${encodeURIComponent(name)}`;
    this.ajv.addSchema(doc as object, this.docId);
  }

  /** The compiled validator of the schema at `pointer` (refs on the way are followed). */
  at(pointer: string): ValidateFunction {
    const known = this.byPointer.get(pointer);
    if (known) return known;
    const canonical = canonicalPointer(this.doc, pointer);
    const validate = this.cache.get(canonical) ?? this.ajv.compile({ $ref: `${this.docId}#${canonical}` });
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
