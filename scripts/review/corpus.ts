// A consumer of one API, written from the BASE spec: it calls every operation through the
// generated client, sending every parameter and every body field, and reads every field
// of every success response into a variable of the type the base spec gave it, guarding
// optional and nullable fields the way a consumer must. Compiled against the new
// generated types, each error is something a consumer compiled against the base would
// now hit (a field that became optional is TS2322/TS18048, a removed path is TS2345).
import { type JsonSchema, type OpenApiDocument, type Operation, deref, isObject, listOperations } from "../spec/openapi.ts";

export interface Corpus {
  source: string;
  /** What each line does, by 1-based line number, for error messages. */
  labels: Map<number, string>;
}

const MAX_DEPTH = 8;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

class Writer {
  readonly lines: string[] = [];
  readonly labels = new Map<number, string>();
  private counter = 0;
  line(indent: number, text: string, label?: string): void {
    this.lines.push(`${"  ".repeat(indent)}${text}`);
    if (label !== undefined) this.labels.set(this.lines.length, label);
  }
  name(prefix: string): string {
    this.counter += 1;
    return `${prefix}${this.counter}`;
  }
}

/** `source` imports `createClient` from `clientModule` (the generated index.js of one side). */
export function consumerCorpus(doc: OpenApiDocument, clientModule: string): Corpus {
  const writer = new Writer();
  writer.line(0, `// Consumer usages generated from the base spec by \`npm run review\`.`);
  writer.line(0, `import { createClient } from ${JSON.stringify(clientModule)};`);
  writer.line(0, "const client = createClient();");
  for (const operation of listOperations(doc)) writeOperation(writer, doc, operation);
  return { source: `${writer.lines.join("\n")}\n`, labels: writer.labels };
}

function writeOperation(writer: Writer, doc: OpenApiDocument, operation: Operation): void {
  const label = operation.operationId;
  writer.line(0, `export async function ${writer.name("use_")}() {`);
  const init = requestInit(doc, operation);
  const call = `client.${operation.method.toUpperCase()}(${JSON.stringify(operation.path)}${init === undefined ? "" : `, ${init}`})`;
  writer.line(1, `const { data } = await ${call};`, `${label}: request`);
  const schema = successSchema(operation);
  if (schema !== undefined) {
    writer.line(1, "if (data !== undefined) {");
    readValue(writer, doc, "data", schema, 2, `${label}: response`, "", 0);
    writer.line(1, "}");
  }
  writer.line(0, "}");
}

/** The JSON schema of the one 2xx response with a JSON body; undefined when there is none or several. */
function successSchema(operation: Operation): JsonSchema | undefined {
  const schemas = Object.entries(operation.responses)
    .filter(([status]) => /^2\d\d$/.test(status))
    .flatMap(([, response]) => Object.entries(response.content ?? {}).filter(([type]) => isJson(type)).map(([, media]) => media.schema));
  return schemas.length === 1 ? schemas[0] : undefined;
}

const isJson = (mediaType: string) => /^application\/(?:[\w.+-]+\+)?json\b/.test(mediaType);

function requestInit(doc: OpenApiDocument, operation: Operation): string | undefined {
  const groups: Record<string, Record<string, unknown>> = {};
  for (const parameter of operation.parameters) {
    if (parameter.in === "cookie") continue;
    const value = parameter.example ?? Object.values(parameter.examples ?? {})[0]?.value ?? sampleValue(doc, parameter.schema, 0);
    (groups[parameter.in] ??= {})[parameter.name] = value;
  }
  const parts: string[] = [];
  if (Object.keys(groups).length > 0) parts.push(`params: ${JSON.stringify(groups)}`);
  const body = Object.entries(operation.requestBody?.content ?? {}).find(([type]) => isJson(type))?.[1];
  if (body !== undefined) parts.push(`body: ${JSON.stringify(sampleValue(doc, body.schema, 0))}`);
  return parts.length === 0 ? undefined : `{ ${parts.join(", ")} }`;
}

function types(schema: JsonSchema): string[] {
  const type = schema.type;
  return Array.isArray(type) ? type.map(String) : typeof type === "string" ? [type] : [];
}

/** Every property of an object, allOf parts merged; undefined when the schema is not a plain object. */
function objectShape(doc: OpenApiDocument, schema: JsonSchema): { properties: Record<string, JsonSchema>; required: Set<string> } | undefined {
  const parts = [schema, ...((schema.allOf as JsonSchema[] | undefined) ?? []).map((part) => deref(doc, part))];
  const properties: Record<string, JsonSchema> = {};
  const required = new Set<string>();
  for (const part of parts) {
    if (!isObject(part)) continue;
    Object.assign(properties, (part.properties as Record<string, JsonSchema> | undefined) ?? {});
    for (const name of (part.required as string[] | undefined) ?? []) required.add(name);
  }
  return Object.keys(properties).length === 0 ? undefined : { properties, required };
}

/** A value valid for `schema`: its example, else one built from its type, every property included. */
function sampleValue(doc: OpenApiDocument, node: JsonSchema | undefined, depth: number): unknown {
  const schema = deref(doc, node ?? {});
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const shape = depth < MAX_DEPTH ? objectShape(doc, schema) : undefined;
  if (shape !== undefined) {
    return Object.fromEntries(
      Object.entries(shape.properties)
        .filter(([, property]) => deref(doc, property).readOnly !== true)
        .map(([name, property]) => [name, sampleValue(doc, property, depth + 1)]),
    );
  }
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  const [type] = types(schema).filter((candidate) => candidate !== "null");
  if (type === "array") return depth < MAX_DEPTH ? [sampleValue(doc, schema.items as JsonSchema | undefined, depth + 1)] : [];
  if (type === "integer" || type === "number") return typeof schema.minimum === "number" ? schema.minimum : 1;
  if (type === "boolean") return true;
  if (type === "string") return "x".repeat(typeof schema.minLength === "number" ? Math.max(1, schema.minLength) : 1);
  if (type === "object") return {};
  const first = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
  if (Array.isArray(first) && first[0] !== undefined) return sampleValue(doc, first[0], depth + 1);
  return null;
}

/** The TypeScript type openapi-typescript gives a scalar schema; undefined when it is not a plain scalar. */
function scalarType(schema: JsonSchema): string | undefined {
  const nullable = types(schema).includes("null");
  const withNull = (type: string) => (nullable ? `${type} | null` : type);
  if (schema.const !== undefined) return withNull(JSON.stringify(schema.const));
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
  const scalar = types(schema).filter((type) => type !== "null");
  if (scalar.length !== 1) return scalar.length === 0 && nullable ? "null" : undefined;
  const [type] = scalar;
  if (type === "string") return withNull("string");
  if (type === "integer" || type === "number") return withNull("number");
  if (type === "boolean") return withNull("boolean");
  return undefined;
}

/**
 * Reads `expression` (of `schema`) the way a consumer does: scalars into typed variables,
 * objects field by field, arrays item by item; `if` guards where the base spec allowed
 * `null` or an absent field.
 */
function readValue(writer: Writer, doc: OpenApiDocument, expression: string, node: JsonSchema, indent: number, label: string, field: string, depth: number): void {
  const schema = deref(doc, node);
  if (depth > MAX_DEPTH || schema.writeOnly === true) return;
  const where = `${label} ${field || "body"}`;
  const scalar = scalarType(schema);
  if (scalar !== undefined) {
    writer.line(indent, `const ${writer.name("v")}: ${scalar} = ${expression};`, where);
    return;
  }
  const nullable = types(schema).includes("null");
  if (nullable) {
    writer.line(indent, `if (${expression} !== null) {`);
    indent += 1;
  }
  const shape = objectShape(doc, schema);
  if (shape !== undefined) {
    for (const [name, property] of Object.entries(shape.properties)) {
      const access = IDENTIFIER.test(name) ? `${expression}.${name}` : `${expression}[${JSON.stringify(name)}]`;
      const child = field === "" ? name : `${field}.${name}`;
      if (shape.required.has(name)) {
        readValue(writer, doc, access, property, indent, label, child, depth + 1);
        continue;
      }
      const local = writer.name("o");
      writer.line(indent, `const ${local} = ${access};`, `${label} ${child}`);
      writer.line(indent, `if (${local} !== undefined) {`);
      readValue(writer, doc, local, property, indent + 1, label, child, depth + 1);
      writer.line(indent, "}");
    }
  } else if (types(schema).includes("array") && schema.items !== undefined) {
    const item = writer.name("item");
    writer.line(indent, `for (const ${item} of ${expression}) {`, `${label} ${field}[]`);
    readValue(writer, doc, item, schema.items as JsonSchema, indent + 1, label, `${field}[]`, depth + 1);
    writer.line(indent, "}");
  }
  if (nullable) writer.line(indent - 1, "}");
}
