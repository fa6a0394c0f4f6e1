// A strict server for any small spec of the corpus, written the way a careful third
// party would, with nothing from scripts/ (its own parameter parsing per style and
// explode, its own body parsing for JSON, forms and multipart, ajv for the schemas):
// it answers a request the spec allows with the documented success response and
// example, and anything else with a documented 400. `faults` switch one rule off (or
// on) to make a faulty twin the suite must catch.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Ajv2020 } from "ajv/dist/2020.js";
import { fullFormats } from "ajv-formats/dist/formats.js";

type Json = Record<string, unknown>;
type Schema = Json;

export interface CorpusFaults {
  /** A missing required parameter is not rejected. */
  ignoreMissingRequired?: boolean;
  /** A required readOnly member is required in request bodies too (as some servers wrongly do). */
  requireReadOnly?: boolean;
  /** deepObject query parameters are read as plain form parameters. */
  ignoreDeepObject?: boolean;
  /** A multipart body is refused unless it is JSON. */
  jsonOnly?: boolean;
  /** The success response is sent as application/json whatever the spec documents. */
  alwaysJson?: boolean;
}

export interface CorpusServerOptions {
  /** What a readOnly member in a request body gets: a 400 (the default), or it is ignored (neither read nor validated). */
  readOnly?: "reject" | "ignore";
  faults?: CorpusFaults;
}

export interface CorpusServer {
  url: string;
  /** What the server refused and why, for a failing test's message. */
  refusals: string[];
  close(): Promise<void>;
}

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

class Refused extends Error {
  constructor(message: string, readonly status = 400) {
    super(message);
  }
}

function resolve(doc: Json, node: unknown): Json {
  let current = node;
  for (let hops = 0; isObject(current) && typeof current.$ref === "string" && hops < 20; hops += 1) {
    current = (current.$ref as string)
      .slice(2)
      .split("/")
      .reduce<unknown>((at, key) => (isObject(at) ? at[key.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined), doc);
  }
  return isObject(current) ? current : {};
}

/** The properties a schema declares, allOf members and every oneOf/anyOf branch's included (a form body's parts are read by them). */
function propertiesOf(doc: Json, schemaOrRef: unknown, depth = 0): Record<string, Schema> {
  const schema = resolve(doc, schemaOrRef);
  const own = isObject(schema.properties) ? (schema.properties as Record<string, Schema>) : {};
  const merged: Record<string, Schema> = {};
  if (depth < 10) for (const member of [...((schema.oneOf ?? []) as unknown[]), ...((schema.anyOf ?? []) as unknown[]), ...((schema.allOf ?? []) as unknown[])]) Object.assign(merged, propertiesOf(doc, member, depth + 1));
  return { ...merged, ...own };
}

function typesOf(doc: Json, schemaOrRef: unknown): string[] {
  const schema = resolve(doc, schemaOrRef);
  if (typeof schema.type === "string") return [schema.type];
  if (Array.isArray(schema.type)) return schema.type as string[];
  for (const member of [...((schema.allOf ?? []) as unknown[]), ...((schema.oneOf ?? []) as unknown[]), ...((schema.anyOf ?? []) as unknown[])]) {
    const types = typesOf(doc, member);
    if (types.length) return types;
  }
  if (isObject(schema.properties)) return ["object"];
  return [];
}

/** A wire string as the scalar its schema wants (left a string when it is not one: validation says so). */
function scalar(doc: Json, schema: unknown, wire: string): unknown {
  const types = typesOf(doc, schema);
  if ((types.includes("integer") || types.includes("number")) && /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(wire)) return Number(wire);
  if (types.includes("boolean") && (wire === "true" || wire === "false")) return wire === "true";
  if (types.includes("null") && wire === "null") return null;
  return wire;
}

function pairsToObject(doc: Json, schema: unknown, pairs: string[][]): Json {
  const properties = propertiesOf(doc, schema);
  return Object.fromEntries(pairs.map(([key, value]) => [key, scalar(doc, properties[key as string], value ?? "")]));
}

function alternating(values: string[]): string[][] {
  const pairs: string[][] = [];
  for (let i = 0; i < values.length; i += 2) pairs.push([values[i] as string, values[i + 1] ?? ""]);
  return pairs;
}

/** A simple-style value (path, header): `a,b,c`, `k,v,k,v` or `k=v,k=v`. */
function simpleValue(doc: Json, schema: Schema, explode: boolean, text: string, decode: (s: string) => string): unknown {
  const types = typesOf(doc, schema);
  if (types.includes("array")) return text === "" ? [] : text.split(",").map((item) => scalar(doc, resolve(doc, schema).items, decode(item)));
  if (types.includes("object")) {
    const parts = text.split(",").map(decode);
    return pairsToObject(doc, schema, explode ? text.split(",").map((part) => part.split("=").map(decode)) : alternating(parts));
  }
  return scalar(doc, schema, decode(text));
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  style?: string;
  explode?: boolean;
  schema?: Schema;
  content?: Json;
}

/** The decoded query as name/value pairs, form-decoded (`+` is a space). */
function queryPairs(search: string): string[][] {
  const decode = (text: string) => decodeURIComponent(text.replace(/\+/g, " "));
  return search
    .replace(/^\?/, "")
    .split("&")
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf("=");
      return at < 0 ? [decode(pair), ""] : [decode(pair.slice(0, at)), decode(pair.slice(at + 1))];
    });
}

function queryValue(doc: Json, parameter: Parameter, pairs: string[][], faults: CorpusFaults): unknown {
  const schema = resolve(doc, parameter.schema);
  const types = typesOf(doc, schema);
  const style = parameter.style ?? "form";
  const explode = parameter.explode ?? style === "form";
  const named = pairs.filter(([name]) => name === parameter.name).map(([, value]) => value as string);
  if (style === "deepObject" && !faults.ignoreDeepObject) {
    const prefix = `${parameter.name}[`;
    const members = pairs.filter(([name]) => name?.startsWith(prefix) && name.endsWith("]"));
    if (members.length === 0) return undefined;
    return pairsToObject(doc, schema, members.map(([name, value]) => [(name as string).slice(prefix.length, -1), value as string]));
  }
  if (types.includes("object")) {
    if (style === "form" && explode) {
      const properties = propertiesOf(doc, schema);
      const members = pairs.filter(([name]) => (name as string) in properties);
      return members.length ? pairsToObject(doc, schema, members) : undefined;
    }
    if (named.length === 0) return undefined;
    const separator = style === "spaceDelimited" ? " " : style === "pipeDelimited" ? "|" : ",";
    return pairsToObject(doc, schema, alternating((named[0] as string).split(separator)));
  }
  if (named.length === 0) return undefined;
  if (types.includes("array")) {
    const items = resolve(doc, schema.items);
    const separator = style === "spaceDelimited" ? " " : style === "pipeDelimited" ? "|" : ",";
    const values = explode ? named : (named[0] as string).split(separator);
    return values.map((value) => scalar(doc, items, value));
  }
  return scalar(doc, schema, named[0] as string);
}

/** A path segment per style: simple `x`, label `.x`, matrix `;name=x`. */
function pathValue(doc: Json, parameter: Parameter, segment: string): unknown {
  const schema = resolve(doc, parameter.schema);
  const style = parameter.style ?? "simple";
  const explode = parameter.explode ?? false;
  const types = typesOf(doc, schema);
  if (style === "simple") return simpleValue(doc, schema, explode, segment, decodeURIComponent);
  if (style === "label") {
    if (!segment.startsWith(".")) throw new Refused(`path parameter ${parameter.name}: a label value starts with "."`);
    const rest = segment.slice(1);
    if (types.includes("array")) return rest === "" ? [] : rest.split(explode ? "." : ",").map((item) => scalar(doc, schema.items, decodeURIComponent(item)));
    if (types.includes("object")) {
      return explode
        ? pairsToObject(doc, schema, rest.split(".").map((part) => part.split("=").map(decodeURIComponent)))
        : pairsToObject(doc, schema, alternating(rest.split(",").map(decodeURIComponent)));
    }
    return scalar(doc, schema, decodeURIComponent(rest));
  }
  if (style === "matrix") {
    if (!segment.startsWith(";")) throw new Refused(`path parameter ${parameter.name}: a matrix value starts with ";"`);
    const pieces = segment.slice(1).split(";").map((piece) => {
      const at = piece.indexOf("=");
      return at < 0 ? [decodeURIComponent(piece), ""] : [decodeURIComponent(piece.slice(0, at)), piece.slice(at + 1)];
    });
    if (types.includes("object") && explode) return pairsToObject(doc, schema, pieces.map(([key, value]) => [key as string, decodeURIComponent(value as string)]));
    const own = pieces.filter(([key]) => key === parameter.name).map(([, value]) => value as string);
    if (own.length === 0) throw new Refused(`path parameter ${parameter.name}: no ;${parameter.name}= in ${segment}`);
    if (types.includes("array")) return (explode ? own : (own[0] as string).split(",")).map((item) => scalar(doc, schema.items, decodeURIComponent(item)));
    if (types.includes("object")) return pairsToObject(doc, schema, alternating((own[0] as string).split(",").map(decodeURIComponent)));
    return scalar(doc, schema, decodeURIComponent(own[0] as string));
  }
  throw new Refused(`path parameter ${parameter.name}: style ${style} is not a path style`);
}

function cookies(header: string | undefined): string[][] {
  return (header ?? "")
    .split(";")
    .map((piece) => piece.trim())
    .filter(Boolean)
    .map((piece) => {
      const at = piece.indexOf("=");
      return [piece.slice(0, at), piece.slice(at + 1)];
    });
}

/**
 * The schema as a request sees it: a readOnly member is not required (OpenAPI: it
 * SHOULD NOT be sent), and 3.0's `nullable` as 2020-12 says it, next to any keyword.
 */
function requestView(doc: Json, node: unknown, openapi30: boolean): unknown {
  if (Array.isArray(node)) return node.map((item) => requestView(doc, item, openapi30));
  if (!isObject(node)) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) out[key] = key === "example" || key === "examples" ? value : requestView(doc, value, openapi30);
  if (isObject(node.properties) && Array.isArray(node.required)) {
    const properties = node.properties;
    out.required = (node.required as string[]).filter((name) => resolve(doc, properties[name]).readOnly !== true);
  }
  if (openapi30 && out.nullable === true) {
    delete out.nullable;
    return { anyOf: [out, { type: "null" }] };
  }
  return out;
}

/** readOnly members found in a request body, by path. */
function readOnlyMembers(doc: Json, schema: unknown, value: unknown, at = "body", depth = 0): string[] {
  if (depth > 20) return [];
  if (Array.isArray(value)) return value.flatMap((item, i) => readOnlyMembers(doc, resolve(doc, schema).items, item, `${at}/${i}`, depth + 1));
  if (!isObject(value)) return [];
  const properties = propertiesOf(doc, schema);
  return Object.entries(value).flatMap(([name, member]) =>
    resolve(doc, properties[name]).readOnly === true ? [`${at}/${name}`] : readOnlyMembers(doc, properties[name], member, `${at}/${name}`, depth + 1),
  );
}

function withoutReadOnly(doc: Json, schema: unknown, value: unknown, depth = 0): unknown {
  if (depth > 20 || !isObject(value)) return value;
  const properties = propertiesOf(doc, schema);
  return Object.fromEntries(
    Object.entries(value)
      .filter(([name]) => resolve(doc, properties[name]).readOnly !== true)
      .map(([name, member]) => [name, withoutReadOnly(doc, properties[name], member, depth + 1)]),
  );
}

/** One multipart/form-data body as parts (name, filename, content type, text). */
function multipartParts(body: Buffer, contentType: string): Array<{ name: string; filename?: string; type?: string; text: string }> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) throw new Refused("multipart body without a boundary");
  const delimiter = `--${boundary[1] ?? boundary[2]}`;
  const text = body.toString("latin1");
  if (!text.includes(`${delimiter}--`)) throw new Refused("multipart body without its closing delimiter");
  return text
    .split(delimiter)
    .slice(1, -1)
    .map((chunk) => {
      const [head = "", ...rest] = chunk.replace(/^\r\n/, "").split("\r\n\r\n");
      const content = rest.join("\r\n\r\n").replace(/\r\n$/, "");
      const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(head)?.[1] ?? "";
      const name = /\bname="([^"]*)"/.exec(disposition)?.[1];
      if (name === undefined) throw new Refused("a multipart part without a name");
      const filename = /\bfilename="([^"]*)"/.exec(disposition)?.[1];
      const type = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim();
      return { name, ...(filename !== undefined ? { filename } : {}), ...(type ? { type } : {}), text: Buffer.from(content, "latin1").toString("utf8") };
    });
}

const isBinary = (schema: Json) => schema.format === "binary" || schema.contentMediaType !== undefined || schema.contentEncoding !== undefined;

function formBody(doc: Json, schema: unknown, pairs: Array<{ name: string; text: string; filename?: string; type?: string }>, multipart: boolean): Json {
  const properties = propertiesOf(doc, schema);
  const out: Json = {};
  for (const part of pairs) {
    const property = resolve(doc, properties[part.name]);
    if (multipart && isBinary(property) && part.filename === undefined) throw new Refused(`multipart: ${part.name} is a file, sent without a filename`);
    const types = typesOf(doc, property);
    if (types.includes("array")) {
      out[part.name] = [...((out[part.name] as unknown[]) ?? []), scalar(doc, property.items, part.text)];
    } else if (types.includes("object")) {
      try {
        out[part.name] = JSON.parse(part.text);
      } catch {
        throw new Refused(`${part.name}: not JSON`);
      }
    } else {
      out[part.name] = isBinary(property) ? part.text : scalar(doc, property, part.text);
    }
  }
  return out;
}

const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");

/** The media types the request's Accept allows, matched against those documented. */
function acceptable(accept: string | undefined, documented: string[]): string | undefined {
  const ranges = (accept ?? "*/*").split(",").map((range) => range.split(";")[0]?.trim().toLowerCase() ?? "");
  return documented.find((type) =>
    ranges.some((range) => {
      const [want, wantSub] = range.split("/");
      const [have, haveSub] = type.toLowerCase().split("/");
      return (want === "*" || want === have) && (wantSub === "*" || wantSub === haveSub);
    }),
  );
}

/** A value of the schema, from its examples or built from its shape (for responses). */
function sample(doc: Json, schemaOrRef: unknown, depth = 0): unknown {
  const schema = resolve(doc, schemaOrRef);
  if (schema.example !== undefined) return schema.example;
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (Array.isArray(schema.allOf)) return Object.assign({}, ...(schema.allOf as unknown[]).map((member) => sample(doc, member, depth + 1)));
  const types = typesOf(doc, schema);
  if (types.includes("object") || depth > 6) {
    const properties = propertiesOf(doc, schema);
    const required = (schema.required ?? []) as string[];
    return Object.fromEntries(Object.entries(properties).filter(([name]) => required.includes(name)).map(([name, property]) => [name, sample(doc, property, depth + 1)]));
  }
  if (types.includes("array")) return [];
  if (types.includes("integer") || types.includes("number")) return typeof schema.minimum === "number" ? schema.minimum : 1;
  if (types.includes("boolean")) return true;
  return "x".repeat(typeof schema.minLength === "number" ? schema.minLength : 1);
}

interface Route {
  template: string;
  method: string;
  op: Json;
  parameters: Parameter[];
}

function routes(doc: Json): Route[] {
  const out: Route[] = [];
  for (const [template, item] of Object.entries(doc.paths as Json)) {
    const pathItem = resolve(doc, item);
    const shared = ((pathItem.parameters ?? []) as unknown[]).map((p) => resolve(doc, p) as unknown as Parameter);
    for (const method of ["get", "put", "post", "delete", "patch"]) {
      const op = pathItem[method];
      if (!isObject(op)) continue;
      const own = ((op.parameters ?? []) as unknown[]).map((p) => resolve(doc, p) as unknown as Parameter);
      const parameters = [...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)), ...own];
      out.push({ template, method, op, parameters });
    }
  }
  return out;
}

/** The path's parameter segments when `pathname` fits `template`. */
function matchPath(template: string, pathname: string): Record<string, string> | undefined {
  const want = template.split("/");
  const have = pathname.split("/");
  if (want.length !== have.length) return undefined;
  const values: Record<string, string> = {};
  for (let i = 0; i < want.length; i += 1) {
    const segment = want[i] as string;
    const name = /^\{([^}]+)\}$/.exec(segment)?.[1];
    if (name) {
      if (have[i] === "") return undefined;
      values[name] = have[i] as string;
    } else if (segment !== have[i]) return undefined;
  }
  return values;
}

export async function startCorpusServer(doc: Json, options: CorpusServerOptions = {}): Promise<CorpusServer> {
  const faults = options.faults ?? {};
  const openapi30 = String(doc.openapi).startsWith("3.0");
  const view = requestView(doc, doc, openapi30) as Json;
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateSchema: false });
  for (const [name, format] of Object.entries(fullFormats)) ajv.addFormat(name, format);
  ajv.addFormat("binary", true);
  ajv.addFormat("byte", true);
  ajv.addSchema(view, "doc");
  const validators = new Map<string, ReturnType<typeof ajv.compile>>();
  const validate = (schema: unknown, value: unknown, what: string) => {
    const key = JSON.stringify(requestView(doc, schema, openapi30));
    let check = validators.get(key);
    if (!check) validators.set(key, (check = ajv.compile({ $defs: {}, ...(JSON.parse(key.replace(/"\$ref":"#/g, '"$ref":"doc#')) as Json) })));
    if (!check(value)) throw new Refused(`${what}: ${JSON.stringify(value)} ${check.errors?.map((e) => `${e.instancePath} ${e.message}`).join(", ")}`);
  };
  /** A discriminator picks the schema the body is read as: its value must name one, and the body must fit it. */
  const dispatch = (schemaOrRef: unknown, body: unknown) => {
    const discriminator = resolve(doc, schemaOrRef).discriminator;
    if (!isObject(discriminator) || !isObject(body)) return;
    const value = body[discriminator.propertyName as string];
    const mapping = (discriminator.mapping ?? {}) as Record<string, string>;
    const target = mapping[String(value)];
    if (!target) throw new Refused(`${String(discriminator.propertyName)}: ${JSON.stringify(value)} names no schema (${Object.keys(mapping).join(", ")})`);
    validate({ $ref: target }, body, `body as ${String(value)}`);
  };
  const table = routes(doc);
  const refusals: string[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? "/", "http://server");
    const onPath = table.filter((route) => matchPath(route.template, url.pathname));
    if (onPath.length === 0) return void res.writeHead(404, { "Content-Type": "application/json" }).end('{"error":"no such path"}');
    const route = onPath.find((candidate) => candidate.method === (req.method ?? "").toLowerCase());
    if (!route) return void res.writeHead(405, { "Content-Type": "application/json", Allow: onPath.map((r) => r.method.toUpperCase()).join(", ") }).end('{"error":"method not allowed"}');
    const segments = matchPath(route.template, url.pathname) as Record<string, string>;
    const pairs = queryPairs(url.search);
    const cookieJar = cookies(req.headers.cookie);
    for (const parameter of route.parameters) {
      let value: unknown;
      if (parameter.in === "path") value = pathValue(doc, parameter, segments[parameter.name] ?? "");
      else if (parameter.in === "query") value = queryValue(doc, parameter, pairs, faults);
      else if (parameter.in === "header") {
        const text = req.headers[parameter.name.toLowerCase()];
        value = text === undefined ? undefined : simpleValue(doc, resolve(doc, parameter.schema), parameter.explode ?? false, String(text), (s) => s);
      } else if (parameter.in === "cookie") {
        const named = cookieJar.filter(([name]) => name === parameter.name).map(([, text]) => decodeURIComponent(text as string));
        const schema = resolve(doc, parameter.schema);
        value = named.length === 0 ? undefined : typesOf(doc, schema).includes("array") ? (parameter.explode === false ? (named[0] as string).split(",") : named).map((item) => scalar(doc, schema.items, item)) : scalar(doc, schema, named[0] as string);
      }
      if (value === undefined) {
        if (parameter.required && !faults.ignoreMissingRequired) throw new Refused(`${parameter.in} parameter ${parameter.name} is required`);
        continue;
      }
      validate(parameter.schema ?? {}, value, `${parameter.in} parameter ${parameter.name}`);
    }
    const requestBody = route.op.requestBody ? resolve(doc, route.op.requestBody) : undefined;
    if (requestBody) {
      const content = (requestBody.content ?? {}) as Record<string, Json>;
      if (raw.length === 0) {
        if (requestBody.required) throw new Refused("a body is required");
      } else {
        const contentType = req.headers["content-type"] ?? "";
        const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
        const documented = Object.keys(content).find((type) => type.toLowerCase() === mediaType);
        if (!documented || (faults.jsonOnly && !/json/.test(mediaType))) throw new Refused(`Content-Type ${contentType || "(none)"} is not one of ${Object.keys(content).join(", ")}`);
        const schema = (content[documented] as Json).schema;
        let body: unknown;
        if (/json/.test(mediaType)) {
          try {
            body = JSON.parse(raw.toString("utf8"));
          } catch {
            throw new Refused("the body is not JSON");
          }
        } else if (mediaType === "application/x-www-form-urlencoded") {
          body = formBody(doc, schema, queryPairs(raw.toString("utf8")).map(([name, text]) => ({ name: name as string, text: text as string })), false);
        } else if (mediaType === "multipart/form-data") {
          body = formBody(doc, schema, multipartParts(raw, contentType), true);
        } else {
          throw new Refused(`cannot read ${mediaType}`);
        }
        const sent = readOnlyMembers(doc, schema, body);
        if (faults.requireReadOnly) {
          const required = (resolve(doc, schema).required ?? []) as string[];
          const missing = Object.entries(propertiesOf(doc, schema)).filter(([name, property]) => resolve(doc, property).readOnly === true && required.includes(name) && !(isObject(body) && name in body));
          if (missing.length) throw new Refused(`readOnly member ${missing[0]?.[0]} is required (fault)`);
        } else if (sent.length && (options.readOnly ?? "reject") === "reject") {
          throw new Refused(`readOnly member ${sent[0]} sent in a request`);
        }
        const checked = faults.requireReadOnly ? body : withoutReadOnly(doc, schema, body);
        validate(schema ?? {}, checked, "body");
        dispatch(schema, checked);
      }
    }
    const [status, response] = Object.entries(route.op.responses as Json).find(([code]) => /^2/.test(code)) ?? ["200", {}];
    const content = (resolve(doc, response).content ?? {}) as Record<string, Json>;
    const types = Object.keys(content);
    if (types.length === 0) return void res.writeHead(Number(status)).end();
    const chosen = acceptable(req.headers.accept, types);
    if (!chosen) throw new Refused(`Accept ${req.headers.accept} allows none of ${types.join(", ")}`, 406);
    const media = content[chosen] as Json;
    if (chosen === "image/png") return void res.writeHead(Number(status), { "Content-Type": faults.alwaysJson ? "application/json" : "image/png" }).end(PNG);
    const example = media.example ?? Object.values((media.examples ?? {}) as Record<string, Json>)[0]?.value ?? sample(doc, media.schema);
    res.writeHead(Number(status), { "Content-Type": faults.alwaysJson ? "application/json" : chosen }).end(JSON.stringify(example));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof Refused ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      refusals.push(`${req.method} ${req.url}: ${status} ${message}`);
      if (!res.headersSent) res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify({ error: message }));
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    refusals,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
