// Media types of a request: which documented request media type a body is sent as
// (JSON and `+json` as JSON, `application/x-www-form-urlencoded` as a form,
// `multipart/form-data` as parts with a file part for binary members), how it is
// encoded and what a server reads back from it, and the `Accept` an operation's
// success responses call for.
import { escapePointerToken, isObject, type JsonSchema, type MediaType, type OpenApiDocument, type Operation } from "../spec/openapi.ts";
import { isJsonMediaType } from "../spec/response-contract.js";
import { perObject } from "../lib/memo.ts";
import { flatten, resolved, typesOf } from "./schemas.ts";
import { decodeQuery, queryPieces, readQuery, type StyledParameter } from "./styles.ts";

export type BodyKind = "json" | "form" | "multipart";

export interface RequestMedia {
  /** The media type as the spec writes it (the Content-Type sent, with a boundary for multipart). */
  type: string;
  kind: BodyKind;
  media: MediaType;
  /** JSON pointer of the schema, for the validator (undefined when the media type has none). */
  pointer?: string;
}

const FORM = "application/x-www-form-urlencoded";
const MULTIPART = "multipart/form-data";
const JSON_MEDIA = "application/json";

const bare = (type: string) => type.split(";")[0]?.trim().toLowerCase() ?? "";

function kindOf(type: string): BodyKind | undefined {
  const media = bare(type);
  if (media === "*/*" || media === "application/*" || isJsonMediaType(media)) return "json";
  if (media === FORM) return "form";
  if (media === MULTIPART) return "multipart";
  return undefined;
}

/**
 * The request media type the suite sends the body as: application/json when documented,
 * else another JSON one, else a form, else multipart; `unsupported` lists the documented
 * ones when none of them can be written.
 */
export function requestMediaOf(op: Operation): { chosen?: RequestMedia; unsupported: string[] } {
  let known = requestMedia.get(op);
  if (!known) requestMedia.set(op, (known = chooseRequestMedia(op)));
  return known;
}

const requestMedia = new WeakMap<Operation, { chosen?: RequestMedia; unsupported: string[] }>();

function chooseRequestMedia(op: Operation): { chosen?: RequestMedia; unsupported: string[] } {
  const content = op.requestBody?.content ?? {};
  const types = Object.keys(content);
  const rank = (type: string) => (bare(type) === JSON_MEDIA ? 0 : ({ json: 1, form: 2, multipart: 3 } as const)[kindOf(type) as BodyKind] ?? 9);
  const type = [...types].filter((candidate) => kindOf(candidate) !== undefined).sort((a, b) => rank(a) - rank(b))[0];
  if (type === undefined) return { unsupported: types };
  const media = content[type] as MediaType;
  const kind = kindOf(type) as BodyKind;
  return {
    chosen: {
      // A range (`*/*`) is no Content-Type: JSON is what a range that takes anything takes.
      type: type.includes("*") ? JSON_MEDIA : type,
      kind,
      media,
      ...(media.schema ? { pointer: `${op.pointer}/requestBody/content/${escapePointerToken(type)}/schema` } : {}),
    },
    unsupported: [],
  };
}

/**
 * `Accept` for an operation (found once per operation; every request asks): a JSON type
 * its success responses document (application/json first), else every media type they
 * document, else application/json when its other responses document JSON, else anything.
 */
export const acceptFor: (op: Operation) => string = perObject((op) => {
  const success = Object.entries(op.responses).filter(([status]) => /^2/.test(status));
  const types = [...new Set(success.flatMap(([, response]) => Object.keys(response.content ?? {})))];
  const json = types.filter(isJsonMediaType);
  if (json.length) return json.includes(JSON_MEDIA) ? JSON_MEDIA : (json[0] as string);
  if (types.length) return types.join(", ");
  const others = Object.values(op.responses).flatMap((response) => Object.keys(response.content ?? {}));
  return others.some(isJsonMediaType) ? JSON_MEDIA : "*/*";
});

/** The operation's JSON request media type (for a malformed-JSON body), application/json when it has none. */
export function jsonRequestType(op: Operation): string {
  const chosen = requestMediaOf(op).chosen;
  return chosen?.kind === "json" ? chosen.type : JSON_MEDIA;
}

/** Where an operation's document is known (inputs.ts tells), so a body can be encoded by its schema. */
const documents = new WeakMap<Operation, OpenApiDocument>();
export function knowDocument(op: Operation, doc: OpenApiDocument): void {
  documents.set(op, doc);
}

interface Encoding {
  contentType?: string;
  style?: string;
  explode?: boolean;
}

const encodingOf = (media: MediaType, name: string): Encoding => {
  const encoding = (media as MediaType & { encoding?: Record<string, Encoding> }).encoding;
  return isObject(encoding) && isObject(encoding[name]) ? (encoding[name] as Encoding) : {};
};

/**
 * The members a form or multipart body may have: its own, and those of every oneOf/anyOf
 * branch (Redocly's starter: a discriminated `oneOf` of `allOf`s), so a part is read back
 * by its member's schema whichever branch the body takes.
 */
function propertiesOf(doc: OpenApiDocument | undefined, schema: JsonSchema | undefined): Record<string, JsonSchema> {
  if (!schema) return {};
  if (!doc) return (schema.properties ?? {}) as Record<string, JsonSchema>;
  const flat = flatten(doc, schema);
  const branches = [flat.schema, ...flat.choices.flat().map((choice) => resolved(doc, choice))];
  return Object.assign({}, ...branches.reverse().map((branch) => (branch.properties ?? {}) as Record<string, JsonSchema>));
}

/** A member sent as a file: binary content (`format: binary`, 3.1's contentMediaType), or an encoding that says so. */
function isFile(doc: OpenApiDocument | undefined, property: JsonSchema | undefined, encoding: Encoding): boolean {
  const schema = property ? (doc ? resolved(doc, property) : property) : {};
  const itemSchema = isObject(schema.items) ? (doc ? resolved(doc, schema.items) : (schema.items as JsonSchema)) : undefined;
  const binary = (s: JsonSchema | undefined) => s !== undefined && (s.format === "binary" || s.contentMediaType !== undefined || s.contentEncoding !== undefined);
  const type = encoding.contentType?.split(",")[0]?.trim();
  return binary(schema) || binary(itemSchema) || (type !== undefined && !/^text\/|json/.test(type));
}

function formParameter(name: string, property: JsonSchema | undefined, encoding: Encoding): StyledParameter {
  return { name, in: "query", ...(encoding.style ? { style: encoding.style } : {}), ...(encoding.explode !== undefined ? { explode: encoding.explode } : {}), ...(property ? { schema: property } : {}) };
}

interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  text: string;
}

function multipartParts(doc: OpenApiDocument | undefined, media: MediaType, body: Record<string, unknown>): Part[] {
  const properties = propertiesOf(doc, media.schema);
  return Object.entries(body).flatMap(([name, value]): Part[] => {
    if (value === undefined) return [];
    const encoding = encodingOf(media, name);
    const file = isFile(doc, properties[name], encoding);
    const one = (item: unknown, index: number): Part => {
      if (file) return { name, filename: `${name}${index > 0 ? `-${index + 1}` : ""}.bin`, contentType: encoding.contentType?.split(",")[0]?.trim() ?? "application/octet-stream", text: typeof item === "string" ? item : JSON.stringify(item) };
      if (typeof item === "object" && item !== null) return { name, contentType: encoding.contentType ?? JSON_MEDIA, text: JSON.stringify(item) };
      return { name, text: String(item) };
    };
    return Array.isArray(value) ? value.map(one) : [one(value, 0)];
  });
}

/** A boundary found in no part. */
function boundaryFor(parts: Part[]): string {
  const all = parts.map((part) => `${part.name}${part.text}`).join("\n");
  let boundary = "conformance-boundary-7MA4YWxkTrZu0gW";
  for (let i = 0; all.includes(boundary); i += 1) boundary = `conformance-boundary-${i}-${Math.random().toString(36).slice(2)}`;
  return boundary;
}

const quoted = (text: string) => text.replace(/["\r\n]/g, (c) => encodeURIComponent(c));

/**
 * The body as its media type is written, with the Content-Type to send; a body a form
 * cannot carry (not an object) goes as its JSON text, which a server refuses as it should.
 */
export function encodeBody(op: Operation, body: unknown, mediaType?: string): { contentType: string; text: string } {
  const found = requestMediaOf(op).chosen;
  const chosen = mediaType !== undefined && found?.type !== mediaType ? { type: mediaType, kind: kindOf(mediaType) ?? "json", media: op.requestBody?.content?.[mediaType] ?? {} } : found;
  if (!chosen || chosen.kind === "json" || !isObject(body)) return { contentType: chosen?.kind === "json" ? chosen.type : JSON_MEDIA, text: JSON.stringify(body) };
  const doc = documents.get(op);
  if (chosen.kind === "form") return { contentType: chosen.type, text: formPieces(doc, chosen.media, body).join("&") };
  const parts = multipartParts(doc, chosen.media, body);
  const boundary = boundaryFor(parts);
  const text = parts
    .map((part) => {
      const disposition = `Content-Disposition: form-data; name="${quoted(part.name)}"${part.filename !== undefined ? `; filename="${quoted(part.filename)}"` : ""}`;
      return `--${boundary}\r\n${disposition}\r\n${part.contentType ? `Content-Type: ${part.contentType}\r\n` : ""}\r\n${part.text}\r\n`;
    })
    .join("");
  return { contentType: `${chosen.type}; boundary=${boundary}`, text: `${text}--${boundary}--\r\n` };
}

function scalar(doc: OpenApiDocument, schema: JsonSchema | undefined, wire: string): unknown {
  const types = typesOf(schema ? resolved(doc, schema) : {});
  if ((types.includes("integer") || types.includes("number")) && /^-?\d+(\.\d+)?$/.test(wire)) return Number(wire);
  if (types.includes("boolean") && (wire === "true" || wire === "false")) return wire === "true";
  return wire;
}

/**
 * What a server reads from `body` sent as `media`: JSON as it is; a form's or a
 * multipart's members as text typed by their schemas (numbers, booleans, arrays of
 * them, objects from their JSON); undefined when the media type cannot carry it.
 */
export function readBackBody(doc: OpenApiDocument, media: RequestMedia, body: unknown): unknown {
  if (media.kind === "json") return body;
  if (!isObject(body)) return undefined;
  const properties = propertiesOf(doc, media.media.schema);
  if (media.kind === "form") {
    const pairs = decodeQuery(formPieces(doc, media.media, body));
    const out: Record<string, unknown> = {};
    for (const [name, property] of Object.entries(properties)) {
      const encoding = encodingOf(media.media, name);
      const value = isObject(body[name]) && /json/.test(encoding.contentType ?? "") ? parseJson(pairs.find(([key]) => key === name)?.[1]) : readQuery(doc, formParameter(name, property, encoding), pairs);
      if (value !== undefined) out[name] = value;
    }
    for (const [name, value] of pairs) if (!Object.hasOwn(properties, name) && !name.includes("[") && !(name in out)) out[name] = value;
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const part of multipartParts(doc, media.media, body)) {
    const property = properties[part.name] ? resolved(doc, properties[part.name]) : undefined;
    const isArray = property !== undefined && typesOf(property).includes("array");
    const itemSchema = isArray && isObject(property.items) ? (property.items as JsonSchema) : property;
    // A member is read as its schema says (a string member's part is its text, whatever the part's type).
    const structured = itemSchema ? typesOf(resolved(doc, itemSchema)).some((type) => type === "object" || type === "array") : Boolean(part.contentType && /json/.test(part.contentType));
    const value = part.filename !== undefined ? part.text : structured ? parseJson(part.text) : scalar(doc, itemSchema, part.text);
    out[part.name] = isArray ? [...((out[part.name] as unknown[] | undefined) ?? []), value] : value;
  }
  return out;
}

/** A form body's `name=value` pieces, each member per its encoding (form, exploded, by default). */
function formPieces(doc: OpenApiDocument | undefined, media: MediaType, body: Record<string, unknown>): string[] {
  const properties = propertiesOf(doc, media.schema);
  return Object.entries(body).flatMap(([name, value]) => {
    if (value === undefined) return [];
    const encoding = encodingOf(media, name);
    if (isObject(value) && /json/.test(encoding.contentType ?? "")) return queryPieces(undefined, name, JSON.stringify(value));
    return queryPieces(formParameter(name, properties[name], encoding), name, value);
  });
}

function parseJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? "");
  } catch {
    return text;
  }
}
