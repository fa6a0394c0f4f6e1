// ajv validators compiled from a bundled spec: one Ajv instance per document, each
// schema compiled once and cached, formats checked (ajv-formats, full mode), or
// validators compiled ahead (the built CLI's, see precompiledValidatorsSource).
import { createRequire } from "node:module";
import type { Ajv2020, ErrorObject, Logger, Options, ValidateFunction } from "ajv/dist/2020.js";
import type { RegExpEngine, RegExpLike } from "ajv/dist/types/index.js";
import { formats } from "./validation-formats.js";
import { perObject } from "../lib/memo.ts";
import { canonicalPointer, deref, escapePointerToken, getByPointer, isObject, listOperations, type OpenApiDocument } from "./openapi.ts";

// The formats live beside the clients' precompiled validators, so both check the same.
export { COMMON_DATE_TIME, dateTimeFormat } from "./validation-formats.js";

// ajv is required only when something is compiled: a run of the built CLI with its
// validators precompiled never loads it (~14 ms of a start-up).
const require = createRequire(import.meta.url);

/**
 * ajv's logger with each unknown format said once per document: ajv warns at every schema
 * that uses one, and twice for a schema it compiles twice, so a spec with one vendor
 * format (`decimal`) printed the same line dozens of times.
 */
/** The unknown formats already reported, by the run's warn function. */
const saidBy = new WeakMap<(message: string) => void, Set<string>>();

function onceLogger(warn: (message: string) => void): Logger {
  // Per warn function, not per Ajv: a run's request and response views each have one.
  const said = saidBy.get(warn) ?? new Set<string>();
  saidBy.set(warn, said);
  return {
    log: (...args: unknown[]) => console.log(...args),
    error: (...args: unknown[]) => console.error(...args),
    warn: (...args: unknown[]) => {
      const unknownFormat = /^unknown format "(.*)" ignored in schema at path "(.*)"$/s.exec(args.map(String).join(" "));
      if (!unknownFormat) return warn(args.map(String).join(" "));
      const [, format, path] = unknownFormat;
      if (said.has(format as string)) return;
      said.add(format as string);
      warn(`unknown format "${format}" ignored: values are not checked against it (first at ${path}; said once per run)`);
    },
  };
}

/**
 * A repeated group made only of repeated parts (`(a+)+`, `(\w+\s?)*`, `(x*){2,}`): every
 * way of splitting the string between the parts is tried, exponential time on a string
 * that almost matches. A check for that shape rather than a linear-time engine (RE2 is
 * a native addon): a group with a literal in it (`(?:[a-z]+\.)*`, as in emails) splits
 * one way only and is checked as usual.
 */
const TOKEN = String.raw`(?:\\.|\[(?:[^\]\\]|\\.)*\]|[^()|\\[\]*+?{}])`;
const QUANTIFIER = String.raw`(?:[*+?]|\{\d+(?:,\d*)?\})`;
const NESTED_QUANTIFIER = new RegExp(String.raw`\((?:\?:)?(?:${TOKEN}${QUANTIFIER})+\)(?:[*+]|\{\d+,\d*\})`);

/**
 * ajv's RegExp engine for validation at run time: a pattern with nested quantifiers is
 * not checked (said once as a warning), so a spec's pattern cannot hang the process on a
 * server's string; every other pattern is an ordinary RegExp.
 */
function guardedRegExp(warn: (message: string) => void): RegExpEngine {
  const said = new Set<string>();
  const engine = (pattern: string, flags: string): RegExpLike => {
    if (!NESTED_QUANTIFIER.test(pattern)) return new RegExp(pattern, flags);
    if (!said.has(pattern)) warn(`pattern ${JSON.stringify(pattern)} is not checked: its nested quantifiers can take exponential time on some strings`);
    said.add(pattern);
    return { test: () => true };
  };
  return Object.assign(engine, { code: "new RegExp" });
}

/** An Ajv for one document, with the options every validator of the toolkit shares. */
function documentAjv(doc: OpenApiDocument, docId: string, code: Options["code"] = {}, warn: (message: string) => void = console.warn): Ajv2020 {
  const { Ajv2020: Ajv } = require("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js");
  // strict: false because the document carries OpenAPI keywords (example, x-...) that are not JSON Schema.
  // validateSchema: false because the document is not a JSON Schema: checking it against the
  // 2020-12 meta-schema never reaches components/schemas (not a schema keyword), yet compiling
  // that meta-schema cost 20-40 ms per instance, more than a whole conformance run's checks.
  // The schemas themselves are checked by `npm run lint` (Redocly's recommended-strict).
  // code.optimize: false halves compile time (a conformance run compiles its validators
  // anew each time) and measurably costs nothing when validating (`npm run bench`, part 1).
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true, validateSchema: false, code: { optimize: false, ...code }, logger: onceLogger(warn) });
  for (const [name, format] of Object.entries(formats)) ajv.addFormat(name, format);
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
 * The code imports the formats from `formatsModule` and requires ajv's runtime helpers.
 */
export function precompiledValidatorsSource(doc: OpenApiDocument, formatsModule: string): string {
  const { _ } = require("ajv/dist/compile/codegen/index.js") as typeof import("ajv/dist/compile/codegen/index.js");
  const standalone = require("ajv/dist/standalone/index.js") as typeof import("ajv/dist/standalone/index.js");
  const docId = docIdOf("precompiled");
  const ajv = documentAjv(doc, docId, { source: true, esm: true, formats: _`formats` });
  const pointers = operationSchemaPointers(doc);
  pointers.forEach((pointer, index) => ajv.addSchema({ $ref: `${docId}#${pointer}` }, `v${index}`));
  const code = standalone.default(ajv, Object.fromEntries(pointers.map((_pointer, index) => [`v${index}`, `v${index}`])));
  const table = pointers.map((pointer, index) => `  ${JSON.stringify(pointer)}: v${index},`).join("\n");
  return `import { formats } from ${JSON.stringify(formatsModule)};\n${code}\nexport const validators = {\n${table}\n};\n`;
}

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

/** A pointer to a schema of a response: its body's or one of its headers'. */
const RESPONSE_SCHEMA = /\/responses\/[^/]+\/(?:content|headers)\//;

function isWriteOnly(doc: OpenApiDocument, node: unknown): boolean {
  const schema = deref(doc, node);
  if (!isObject(schema)) return false;
  if (schema.writeOnly === true) return true;
  return Array.isArray(schema.allOf) && schema.allOf.some((member: unknown) => {
    const inner = deref(doc, member);
    return isObject(inner) && inner.writeOnly === true;
  });
}

/** The writeOnly members a schema object requires (none unless it has both `properties` and `required`). */
function requiredWriteOnly(doc: OpenApiDocument, node: Record<string, unknown>): string[] {
  const properties = node.properties;
  if (!isObject(properties) || !Array.isArray(node.required)) return [];
  return node.required.filter((name): name is string => typeof name === "string" && name in properties && isWriteOnly(doc, properties[name]));
}

const VALUE_KEYWORDS = new Set(["example", "examples", "enum", "const", "default"]);

/**
 * Every object of the document (value keywords such as `example` skipped: they are data,
 * not schemas), found once per document: the request and the response views both look
 * through all of them, and a run makes both.
 */
export const schemaObjects: (doc: object) => readonly Record<string, unknown>[] = perObject((doc) => {
  const found: Record<string, unknown>[] = [];
  const pending: unknown[] = [doc];
  while (pending.length > 0) {
    const node = pending.pop();
    if (Array.isArray(node)) {
      for (let index = node.length - 1; index >= 0; index -= 1) pending.push(node[index]);
      continue;
    }
    if (!isObject(node)) continue;
    found.push(node);
    const members = Object.entries(node);
    for (let index = members.length - 1; index >= 0; index -= 1) {
      const [key, value] = members[index] as [string, unknown];
      if (!VALUE_KEYWORDS.has(key)) pending.push(value);
    }
  }
  return found;
});

/** The schemas that require a writeOnly member (usually none: then responses are validated against the document itself). */
function requiringWriteOnly(doc: OpenApiDocument): Set<object> {
  return new Set(schemaObjects(doc).filter((node) => requiredWriteOnly(doc, node).length > 0));
}

/**
 * The document as responses see it: a writeOnly member is not required (OpenAPI: it
 * SHOULD NOT be sent in a response, so a response without it is right) in the schemas
 * of `changed`.
 */
function responseView(doc: OpenApiDocument, changed: Set<object>): OpenApiDocument {
  const copy = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(copy);
    if (!isObject(node)) return node;
    const out = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, VALUE_KEYWORDS.has(key) ? value : copy(value)]));
    if (changed.has(node)) {
      const writeOnly = requiredWriteOnly(doc, node);
      out.required = (node.required as unknown[]).filter((name) => !writeOnly.includes(name as string));
    }
    return out;
  };
  return copy(doc) as OpenApiDocument;
}

/** Whether the schema at `node` (its members and the `$ref`s it follows included) reaches one of `targets`. */
function reaches(doc: OpenApiDocument, node: unknown, targets: Set<object>, seen = new Set<object>()): boolean {
  if (!isObject(node) && !Array.isArray(node)) return false;
  if (seen.has(node)) return false;
  seen.add(node);
  if (targets.has(node)) return true;
  if (isObject(node) && typeof node.$ref === "string" && node.$ref.startsWith("#") && reaches(doc, getByPointer(doc, node.$ref.slice(1)), targets, seen)) return true;
  if (Array.isArray(node)) return node.some((child) => reaches(doc, child, targets, seen));
  for (const key in node) if (!VALUE_KEYWORDS.has(key) && reaches(doc, node[key], targets, seen)) return true;
  return false;
}

/**
 * Generated validator code (characters of ajv's source) one Ajv instance may hold before
 * SpecValidators starts a new one. An Ajv keeps every function it compiled for as long as
 * it lives (its scope names them all), and a compiled validator costs about three times
 * its source in memory: Stripe's spec compiles about 25 MB of source in a run, which
 * held 80 MB of the run's heap to its end. Past this, the next compile starts a new Ajv
 * and the validators of operations already done can be collected; what is still in use
 * is compiled again when asked for.
 */
export const MAX_COMPILED_SOURCE_CHARS = 8_000_000;

/** What SpecValidators knows of the response view (see responseView). */
interface ResponseViews {
  changed: Set<object>;
  /** By canonical pointer: whether the schema reaches one that the view changes. */
  usesView: Map<string, boolean>;
  view?: { doc: OpenApiDocument; ajv?: Ajv2020 };
}

export class SpecValidators {
  private compiler?: Ajv2020;
  /** By canonical pointer, so a schema reached through different refs is compiled once. */
  private readonly cache = new Map<string, ValidateFunction>();
  /** By the pointer callers pass, so the refs on the way are followed once, not on every call. */
  private readonly byPointer = new Map<string, ValidateFunction>();
  private readonly docId: string;
  /**
   * Made on the first response schema: the schemas the response view changes (see
   * responseView), none in the common case; the view itself and its own Ajv only once a
   * response schema reaches one of them.
   */
  private responses?: ResponseViews;
  /** Source characters compiled by the current Ajv instances (see MAX_COMPILED_SOURCE_CHARS). */
  private compiledChars = 0;
  /** The most source one schema has needed compiled at once (its whole graph of refs). */
  private largestCompile = 0;
  /** One for the validators' whole life, so each unchecked pattern is said once, however often the Ajv is renewed. */
  private regExpEngine?: RegExpEngine;

  /**
   * `precompiled`: validators compiled ahead for this very document, by canonical pointer
   * (the built CLI has them for its APIs); anything else is compiled on first use, and
   * the Ajv instance itself is made only then.
   */
  constructor(
    private readonly doc: OpenApiDocument,
    name = "spec",
    private readonly precompiled: Readonly<Record<string, ValidateFunction>> = {},
    /** Where ajv's warnings go (a run's own warning stream, so they are redacted and made terminal-safe like the rest). */
    readonly warn: (message: string) => void = console.warn,
    private readonly maxCompiledChars = MAX_COMPILED_SOURCE_CHARS,
  ) {
    this.docId = docIdOf(name);
  }

  /** An Ajv over `doc` that counts the source it compiles. */
  private newAjv(doc: OpenApiDocument): Ajv2020 {
    this.regExpEngine ??= guardedRegExp(this.warn);
    const process = (source: string) => {
      this.compiledChars += source.length;
      return source;
    };
    return documentAjv(doc, this.docId, { regExp: this.regExpEngine, process }, this.warn);
  }

  private get ajv(): Ajv2020 {
    this.compiler ??= this.newAjv(this.doc);
    return this.compiler;
  }

  /**
   * Past the budget, drops the Ajv instances and every validator cached from them (see
   * MAX_COMPILED_SOURCE_CHARS). The budget holds at least two of the largest schemas
   * compiled so far: with less, a schema whose refs compile to more than the budget
   * would start a new Ajv at every compile and be compiled again each time (Stripe's
   * run with a 4 MB budget, half its largest schema: 122 s instead of 32 s, 680 MB).
   */
  private renewWhenFull(): void {
    if (this.compiledChars <= Math.max(this.maxCompiledChars, 2 * this.largestCompile)) return;
    this.compiledChars = 0;
    this.compiler = undefined;
    if (this.responses?.view) this.responses.view.ajv = undefined;
    this.cache.clear();
    this.byPointer.clear();
  }

  /**
   * Whether the response schema at `canonical` is compiled from the response view: only
   * when it reaches a schema the view changed, so every other schema is compiled once,
   * for requests and responses alike (and a precompiled one is used).
   */
  private usesResponseView(canonical: string): boolean {
    const { changed, usesView } = this.responseViews;
    if (changed.size === 0) return false;
    if (!usesView.has(canonical)) usesView.set(canonical, reaches(this.doc, getByPointer(this.doc, canonical), changed));
    return usesView.get(canonical) === true;
  }

  private get responseViews(): ResponseViews {
    this.responses ??= { changed: requiringWriteOnly(this.doc), usesView: new Map() };
    return this.responses;
  }

  /** The response view's Ajv, the view made on first use and the Ajv again after a renewal. */
  private viewAjv(): Ajv2020 {
    const responses = this.responseViews;
    responses.view ??= { doc: responseView(this.doc, responses.changed) };
    responses.view.ajv ??= this.newAjv(responses.view.doc);
    return responses.view.ajv;
  }

  /** The compiled validator of the schema at `pointer` (refs on the way are followed); a response's without its writeOnly members required. */
  at(pointer: string): ValidateFunction {
    const known = this.byPointer.get(pointer);
    if (known) return known;
    this.renewWhenFull();
    const canonical = canonicalPointer(this.doc, pointer);
    const viewAjv = RESPONSE_SCHEMA.test(pointer) && this.usesResponseView(canonical) ? this.viewAjv() : undefined;
    const key = viewAjv ? `response ${canonical}` : canonical;
    const before = this.compiledChars;
    const validate = this.cache.get(key) ?? (viewAjv ? viewAjv.compile({ $ref: `${this.docId}#${canonical}` }) : (this.precompiled[canonical] ?? this.ajv.compile({ $ref: `${this.docId}#${canonical}` })));
    this.largestCompile = Math.max(this.largestCompile, this.compiledChars - before);
    this.cache.set(key, validate);
    this.byPointer.set(pointer, validate);
    return validate;
  }

  /** A standalone schema (e.g. a parameter schema copied out of the document), with refs into the document. */
  compile(schema: object): ValidateFunction {
    this.renewWhenFull();
    return this.ajv.compile(schema);
  }

  validate(pointer: string, value: unknown): ValidationResult {
    const validate = this.at(pointer);
    const valid = validate(value);
    return { valid, errors: valid ? [] : formatErrors(validate.errors) };
  }
}
