// ajv validators compiled from a bundled spec: one Ajv instance per document, each
// schema compiled once and cached, formats checked (ajv-formats).
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import formatsPlugin from "ajv-formats";
import { canonicalPointer, type OpenApiDocument } from "./openapi.ts";

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
  private readonly cache = new Map<string, ValidateFunction>();
  private readonly docId: string;

  constructor(private readonly doc: OpenApiDocument, name = "spec") {
    // strict: false because the document carries OpenAPI keywords (example, x-...) that are not JSON Schema.
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    // ajv-formats is CommonJS: under NodeNext its callable export is `.default`.
    formatsPlugin.default(this.ajv);
    this.docId = `openapi:${name}`;
    this.ajv.addSchema(doc as object, this.docId);
  }

  /** The compiled validator of the schema at `pointer` (refs on the way are followed). */
  at(pointer: string): ValidateFunction {
    const canonical = canonicalPointer(this.doc, pointer);
    const cached = this.cache.get(canonical);
    if (cached) return cached;
    const validate = this.ajv.compile({ $ref: `${this.docId}#${canonical}` });
    this.cache.set(canonical, validate);
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
