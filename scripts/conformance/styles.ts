// Parameter serialization per OpenAPI `style` and `explode`, both ways: a typed value
// to what goes on the wire (query `form`, `spaceDelimited`, `pipeDelimited`,
// `deepObject`; path `simple`, `label`, `matrix`; header `simple`; cookie `form`),
// and the wire read back as a server reads it, typed by the schema. A value whose
// read-back differs from it (an array item holding the delimiter, an empty array that
// would vanish, or read as one empty item) cannot be sent as itself: the generator
// leaves it out. Where the wire is ambiguous, the reading here is the conservative one.
import { isObject, type JsonSchema, type OpenApiDocument } from "../spec/openapi.ts";
import { resolved, typesOf } from "./schemas.ts";

/** What serialization needs of a parameter (a form body's member is one too). */
export interface StyledParameter {
  name: string;
  in: "query" | "path" | "header" | "cookie";
  style?: string;
  explode?: boolean;
  schema?: JsonSchema;
}

export const styleOf = (parameter: Pick<StyledParameter, "in" | "style">) => parameter.style ?? (parameter.in === "query" || parameter.in === "cookie" ? "form" : "simple");
export const explodeOf = (parameter: Pick<StyledParameter, "in" | "style" | "explode">) => parameter.explode ?? styleOf(parameter) === "form";

type Shape = { kind: "primitive"; text: string } | { kind: "array"; items: string[] } | { kind: "object"; entries: Array<[string, string]> };

/** A member or item as text: nested structures as JSON (OpenAPI leaves them undefined), null as `null`. */
const text = (value: unknown) => (value === undefined ? "" : typeof value === "object" && value !== null ? JSON.stringify(value) : String(value));

function shapeOf(value: unknown): Shape {
  if (Array.isArray(value)) return { kind: "array", items: value.map(text) };
  if (isObject(value)) return { kind: "object", entries: Object.entries(value).filter(([, member]) => member !== undefined).map(([key, member]) => [key, text(member)]) };
  return { kind: "primitive", text: text(value) };
}

/** What encodeURIComponent leaves as is and application/x-www-form-urlencoded does not. */
const FORM_RESERVED = /[!'()~]/g;
const percentOf = (character: string) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`;

/**
 * application/x-www-form-urlencoded, as URLSearchParams writes it (a space is `+`).
 * encodeURIComponent and five more escapes: a URLSearchParams per value cost about 2% of
 * the CPU of a vendor run's requests on Node 20 (magloft, asa). A lone surrogate, which
 * encodeURIComponent refuses, goes the URLSearchParams way (written as U+FFFD).
 */
export function formEncode(raw: string): string {
  try {
    return encodeURIComponent(raw).replace(FORM_RESERVED, percentOf).replace(/%20/g, "+");
  } catch {
    return new URLSearchParams([["", raw]]).toString().slice(1);
  }
}
export const formDecode = (encoded: string) => {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, " "));
  } catch {
    return encoded;
  }
};
const uriDecode = (encoded: string) => {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
};

const DELIMITERS: Record<string, string> = { form: ",", spaceDelimited: "%20", pipeDelimited: "|" };

/** `deepObject`: `name[key]=value`, nested objects as `name[key][inner]`, array members repeated. */
function deepObjectPieces(prefix: string, value: unknown): string[] {
  if (isObject(value)) return Object.entries(value).flatMap(([key, member]) => (member === undefined ? [] : deepObjectPieces(`${prefix}[${key}]`, member)));
  if (Array.isArray(value)) return value.map((item) => `${formEncode(prefix)}=${formEncode(text(item))}`);
  return [`${formEncode(prefix)}=${formEncode(text(value))}`];
}

/** The query pieces (`name=value`, percent-encoded) of one parameter; a parameter the spec does not define goes as `form`. */
export function queryPieces(parameter: StyledParameter | undefined, name: string, value: unknown): string[] {
  const style = parameter ? styleOf(parameter) : "form";
  const explode = parameter ? explodeOf(parameter) : true;
  const key = formEncode(name);
  if (style === "deepObject" && isObject(value)) return deepObjectPieces(name, value);
  const shape = shapeOf(value);
  const delimiter = DELIMITERS[style] ?? ",";
  if (shape.kind === "primitive") return [`${key}=${formEncode(shape.text)}`];
  if (shape.kind === "array") {
    if (explode && (style === "form" || style === "deepObject")) return shape.items.map((item) => `${key}=${formEncode(item)}`);
    return [`${key}=${shape.items.map(formEncode).join(delimiter)}`];
  }
  if (explode && style === "form") return shape.entries.map(([member, memberText]) => `${formEncode(member)}=${formEncode(memberText)}`);
  return [`${key}=${shape.entries.flat().map(formEncode).join(delimiter)}`];
}

/** One path segment's value per style: `simple` (`5`, `3,4`), `label` (`.5`), `matrix` (`;id=5`). */
export function pathSegment(parameter: StyledParameter | undefined, value: unknown): string {
  const style = parameter ? styleOf(parameter) : "simple";
  const explode = parameter?.explode ?? false;
  const name = parameter?.name ?? "";
  const enc = encodeURIComponent;
  const shape = shapeOf(value);
  if (style === "label") {
    if (shape.kind === "primitive") return `.${enc(shape.text)}`;
    if (shape.kind === "array") return `.${shape.items.map(enc).join(explode ? "." : ",")}`;
    return `.${explode ? shape.entries.map(([k, v]) => `${enc(k)}=${enc(v)}`).join(".") : shape.entries.flat().map(enc).join(",")}`;
  }
  if (style === "matrix") {
    const named = (raw: string) => (raw === "" ? `;${enc(name)}` : `;${enc(name)}=${raw}`);
    if (shape.kind === "primitive") return named(enc(shape.text));
    if (shape.kind === "array") return explode ? shape.items.map((item) => named(enc(item))).join("") : named(shape.items.map(enc).join(","));
    return explode ? shape.entries.map(([k, v]) => `;${enc(k)}=${enc(v)}`).join("") : named(shape.entries.flat().map(enc).join(","));
  }
  if (shape.kind === "primitive") return enc(shape.text);
  if (shape.kind === "array") return shape.items.map(enc).join(",");
  return explode ? shape.entries.map(([k, v]) => `${enc(k)}=${enc(v)}`).join(",") : shape.entries.flat().map(enc).join(",");
}

/** A header value (`simple`): `a,b`, `k,v,k,v` or `k=v,k=v`; not percent-encoded. */
export function headerValue(parameter: StyledParameter | undefined, value: unknown): string {
  const shape = shapeOf(value);
  if (shape.kind === "primitive") return shape.text;
  if (shape.kind === "array") return shape.items.join(",");
  return parameter?.explode ? shape.entries.map(([k, v]) => `${k}=${v}`).join(",") : shape.entries.flat().join(",");
}

/** The `name=value` pairs of one cookie parameter (`form`), values percent-encoded. */
export function cookiePieces(parameter: StyledParameter | undefined, name: string, value: unknown): string[] {
  const explode = parameter ? explodeOf(parameter) : true;
  const enc = encodeURIComponent;
  const shape = shapeOf(value);
  if (shape.kind === "primitive") return [`${name}=${enc(shape.text)}`];
  if (shape.kind === "array") return explode ? shape.items.map((item) => `${name}=${enc(item)}`) : [`${name}=${shape.items.map(enc).join(",")}`];
  return explode ? shape.entries.map(([k, v]) => `${k}=${enc(v)}`) : [`${name}=${shape.entries.flat().map(enc).join(",")}`];
}

/** A wire string read back as the scalar its schema wants; left a string when it is not one. */
function scalar(doc: OpenApiDocument, schema: unknown, wire: string): unknown {
  const types = typesOf(resolved(doc, schema ?? {}));
  if ((types.includes("integer") || types.includes("number")) && /^-?\d+(\.\d+)?$/.test(wire)) return Number(wire);
  if (types.includes("boolean") && (wire === "true" || wire === "false")) return wire === "true";
  return wire;
}

const kindOf = (doc: OpenApiDocument, schema: unknown): "array" | "object" | "primitive" => {
  const types = typesOf(resolved(doc, schema ?? {}));
  return types.includes("array") ? "array" : types.includes("object") ? "object" : "primitive";
};

function typedObject(doc: OpenApiDocument, schema: unknown, pairs: Array<[string, string]>): Record<string, unknown> {
  const properties = (resolved(doc, schema ?? {}).properties ?? {}) as Record<string, JsonSchema>;
  return Object.fromEntries(pairs.map(([key, value]) => [key, scalar(doc, properties[key], value)]));
}

const alternating = (values: string[]): Array<[string, string]> => {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < values.length; i += 2) pairs.push([values[i] as string, values[i + 1] ?? ""]);
  return pairs;
};

const items = (doc: OpenApiDocument, schema: unknown) => resolved(doc, schema ?? {}).items;

/** A simple-style text (path, header) read back: a scalar, `a,b` as an array, `k,v` or `k=v` as an object. */
function readSimple(doc: OpenApiDocument, schema: unknown, explode: boolean, wire: string, decode: (s: string) => string): unknown {
  const kind = kindOf(doc, schema);
  if (kind === "array") return wire.split(",").map((item) => scalar(doc, items(doc, schema), decode(item)));
  if (kind === "object") {
    const pairs = explode ? wire.split(",").map((part) => part.split("=").map(decode) as [string, string]) : alternating(wire.split(",").map(decode));
    return typedObject(doc, schema, pairs);
  }
  return scalar(doc, schema, decode(wire));
}

/** A query parameter read back from the decoded pairs of a query string; undefined when absent. */
export function readQuery(doc: OpenApiDocument, parameter: StyledParameter, pairs: Array<[string, string]>): unknown {
  const style = styleOf(parameter);
  const explode = explodeOf(parameter);
  const schema = parameter.schema;
  const kind = kindOf(doc, schema);
  const named = pairs.filter(([name]) => name === parameter.name).map(([, value]) => value);
  if (style === "deepObject" && kind === "object") {
    const prefix = `${parameter.name}[`;
    const members = pairs.filter(([name]) => name.startsWith(prefix) && name.endsWith("]") && !name.slice(prefix.length, -1).includes("["));
    return members.length ? typedObject(doc, schema, members.map(([name, value]) => [name.slice(prefix.length, -1), value])) : undefined;
  }
  const delimiter = style === "spaceDelimited" ? " " : style === "pipeDelimited" ? "|" : ",";
  if (kind === "object") {
    if (explode && style === "form") {
      const properties = (resolved(doc, schema ?? {}).properties ?? {}) as Record<string, JsonSchema>;
      const members = pairs.filter(([name]) => Object.hasOwn(properties, name));
      return members.length ? typedObject(doc, schema, members) : undefined;
    }
    if (named.length === 0) return undefined;
    return typedObject(doc, schema, alternating((named[0] as string).split(delimiter)));
  }
  if (named.length === 0) return undefined;
  if (kind === "array") {
    const values = explode && (style === "form" || style === "deepObject") ? named : (named[0] as string).split(delimiter);
    return values.map((value) => scalar(doc, items(doc, schema), value));
  }
  return scalar(doc, schema, named[0] as string);
}

/** A path segment read back per style; undefined when it does not have the style's shape. */
export function readPath(doc: OpenApiDocument, parameter: StyledParameter, segment: string): unknown {
  const style = styleOf(parameter);
  const explode = parameter.explode ?? false;
  const schema = parameter.schema;
  const kind = kindOf(doc, schema);
  if (style === "label") {
    if (!segment.startsWith(".")) return undefined;
    const rest = segment.slice(1);
    if (kind === "array") return rest.split(explode ? "." : ",").map((item) => scalar(doc, items(doc, schema), uriDecode(item)));
    if (kind === "object") {
      return typedObject(doc, schema, explode ? rest.split(".").map((part) => part.split("=").map(uriDecode) as [string, string]) : alternating(rest.split(",").map(uriDecode)));
    }
    return scalar(doc, schema, uriDecode(rest));
  }
  if (style === "matrix") {
    if (!segment.startsWith(";")) return undefined;
    const pieces = segment
      .slice(1)
      .split(";")
      .map((piece): [string, string] => {
        const at = piece.indexOf("=");
        return at < 0 ? [uriDecode(piece), ""] : [uriDecode(piece.slice(0, at)), piece.slice(at + 1)];
      });
    if (kind === "object" && explode) return typedObject(doc, schema, pieces.map(([key, value]) => [key, uriDecode(value)]));
    const own = pieces.filter(([key]) => key === parameter.name).map(([, value]) => value);
    if (own.length === 0) return undefined;
    if (kind === "array") return (explode ? own : (own[0] as string).split(",")).map((item) => scalar(doc, items(doc, schema), uriDecode(item)));
    if (kind === "object") return typedObject(doc, schema, alternating((own[0] as string).split(",").map(uriDecode)));
    return scalar(doc, schema, uriDecode(own[0] as string));
  }
  return readSimple(doc, schema, explode, segment, uriDecode);
}

/** A header value read back (`simple`); undefined when absent. */
export function readHeader(doc: OpenApiDocument, parameter: StyledParameter, value: string | undefined): unknown {
  return value === undefined ? undefined : readSimple(doc, parameter.schema, parameter.explode ?? false, value, (s) => s);
}

/** A cookie parameter read back from the `name=value` pairs of a Cookie header (values still encoded). */
export function readCookie(doc: OpenApiDocument, parameter: StyledParameter, pairs: Array<[string, string]>): unknown {
  const schema = parameter.schema;
  const kind = kindOf(doc, schema);
  const explode = explodeOf(parameter);
  if (kind === "object" && explode) {
    const properties = (resolved(doc, schema ?? {}).properties ?? {}) as Record<string, JsonSchema>;
    const members = pairs.filter(([name]) => Object.hasOwn(properties, name));
    return members.length ? typedObject(doc, schema, members.map(([key, value]) => [key, uriDecode(value)])) : undefined;
  }
  const named = pairs.filter(([name]) => name === parameter.name).map(([, value]) => value);
  if (named.length === 0) return undefined;
  if (kind === "array") return (explode ? named : (named[0] as string).split(",")).map((item) => scalar(doc, items(doc, schema), uriDecode(item)));
  if (kind === "object") return typedObject(doc, schema, alternating((named[0] as string).split(",").map(uriDecode)));
  return scalar(doc, schema, uriDecode(named[0] as string));
}

/** `a=1&b=2` (already split or not) as decoded name/value pairs. */
export function decodeQuery(pieces: string[]): Array<[string, string]> {
  return pieces
    .flatMap((piece) => piece.split("&"))
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf("=");
      return at < 0 ? [formDecode(pair), ""] : [formDecode(pair.slice(0, at)), formDecode(pair.slice(at + 1))];
    });
}

const cookiePairs = (pieces: string[]): Array<[string, string]> =>
  pieces.map((piece) => {
    const at = piece.indexOf("=");
    return [piece.slice(0, at), piece.slice(at + 1)];
  });

/** What a server reads when `value` is sent for the parameter: undefined when it reads the parameter as absent. */
export function readBack(doc: OpenApiDocument, parameter: StyledParameter, value: unknown): unknown {
  switch (parameter.in) {
    case "query":
      return readQuery(doc, parameter, decodeQuery(queryPieces(parameter, parameter.name, value)));
    case "path":
      return readPath(doc, parameter, pathSegment(parameter, value));
    case "header":
      return readHeader(doc, parameter, headerValue(parameter, value));
    case "cookie":
      return readCookie(doc, parameter, cookiePairs(cookiePieces(parameter, parameter.name, value)));
  }
}

/** The text a parameter's value takes on the wire (for the checks on it: empty, a `/` in a path, a header's characters). */
export function wireText(parameter: StyledParameter, value: unknown): string {
  switch (parameter.in) {
    case "query":
      return queryPieces(parameter, parameter.name, value).join("&");
    case "path":
      return pathSegment(parameter, value);
    case "header":
      return headerValue(parameter, value);
    case "cookie":
      return cookiePieces(parameter, parameter.name, value).join("; ");
  }
}
