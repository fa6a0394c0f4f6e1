// generated/<api>/index.js + index.d.ts from one template: the facts the client needs
// (default server, how to send the credential, how to write array query parameters)
// are read from the spec, so a new API needs no change here. Beside them, the same for
// every API: validate.js (the client with its responses checked, a subpath of its own
// so that the validators stay out of bundles that do not use them) and query.js (the
// TanStack Query hooks of openapi-react-query over the client).
import { dirname, join, relative, sep } from "node:path";
import type { Api } from "../lib/apis.ts";
import { type JsonSchema, type OpenApiDocument, deref, listOperations } from "../spec/openapi.ts";
import type { ApiDescriptor, HeaderAuth } from "./client-runtime.js";
import {
  GENERATED_DIR,
  GenerateError,
  type Layout,
  RESPONSE_VALIDATION_MODULE,
  RUNTIME_MODULE,
  generatedNotice,
  outPath,
  projectRelative,
  writeOutput,
} from "./files.ts";

interface Server {
  url: string;
  description?: string;
}

/** Names index.d.ts declares itself or re-exports besides the schema aliases. */
const CLIENT_EXPORTS = [
  "createClient",
  "defaultBaseUrl",
  "servers",
  "TypedClient",
  "ApiClientOptions",
  "TokenSource",
  "ResponseValidationError",
  "ResponseProblem",
  "ValidateMode",
  "ValidatingClientOptions",
];
const OPENAPI_TYPESCRIPT_EXPORTS = ["paths", "webhooks", "components", "operations", "$defs"];

export function writeClient(layout: Layout, api: Api, spec: OpenApiDocument): void {
  const source = projectRelative(layout, api.root);
  checkSchemaNames(spec, source);
  const servers = resolvedServers(spec, source);
  const descriptor: ApiDescriptor = {
    defaultBaseUrl: servers[0]?.url ?? "",
    auth: credentialPlacement(spec, source),
    ...querySerializerOf(spec, source),
  };
  const index = outPath(layout, `${api.generatedDir}/index.js`);
  const runtime = importPath(dirname(index), outPath(layout, `${layout.projectRoot}/${GENERATED_DIR}/${RUNTIME_MODULE}.js`));
  const schema = importPath(dirname(index), outPath(layout, api.types).replace(/\.d\.ts$/, ".js"));
  const responseValidation = importPath(dirname(index), outPath(layout, `${layout.projectRoot}/${GENERATED_DIR}/${RESPONSE_VALIDATION_MODULE}.js`));
  const notice = `// ${generatedNotice(source)}\n`;
  writeOutput(index, notice + javascriptTemplate(runtime, schema, responseValidation, servers, descriptor));
  writeOutput(index.replace(/\.js$/, ".d.ts"), notice + declarationTemplate({ runtime, schema, responseValidation }, servers, descriptor, spec));
  const subpath = (name: string) => join(dirname(index), name);
  writeOutput(subpath("validate.js"), notice + validateTemplate(responseValidation));
  writeOutput(subpath("validate.d.ts"), notice + validateDeclarationTemplate(responseValidation, spec));
  writeOutput(subpath("query.js"), notice + QUERY_TEMPLATE);
  writeOutput(subpath("query.d.ts"), notice + queryDeclarationTemplate(schema, spec));
}

function javascriptTemplate(runtime: string, schema: string, responseValidation: string, servers: Server[], descriptor: ApiDescriptor): string {
  // JSDoc types, because tsc checks generated/ like every other folder.
  return `import { createApiClient } from ${JSON.stringify(runtime)};

export { ResponseValidationError } from ${JSON.stringify(responseValidation)};

/** The spec's servers, variables replaced by their defaults. */
export const servers = Object.freeze(${json(servers)}.map((server) => Object.freeze(server)));

/** Where requests go unless \`baseUrl\` says otherwise. */
export const defaultBaseUrl = ${JSON.stringify(descriptor.defaultBaseUrl)};

/** @type {import(${JSON.stringify(runtime)}).ApiDescriptor} */
const api = ${json(descriptor)};

/**
 * @param {import(${JSON.stringify(runtime)}).ApiClientOptions} [options]
 * @returns {import(${JSON.stringify(runtime)}).ApiClient<import(${JSON.stringify(schema)}).paths>}
 */
export function createClient(options) {
  return createApiClient(api, options);
}
`;
}

interface ImportPaths {
  runtime: string;
  schema: string;
  responseValidation: string;
}

function declarationTemplate({ runtime, schema, responseValidation }: ImportPaths, servers: Server[], descriptor: ApiDescriptor, spec: OpenApiDocument): string {
  const serverTypes = servers.map(({ url, description }) => {
    const described = description === undefined ? "" : `; readonly description: ${JSON.stringify(description)}`;
    return `{ readonly url: ${JSON.stringify(url)}${described} }`;
  });
  return `import type { ApiClient, ApiClientOptions } from ${JSON.stringify(runtime)};
import type { paths } from ${JSON.stringify(schema)};

export type * from ${JSON.stringify(schema)};
export type { ApiClientOptions, TokenSource } from ${JSON.stringify(runtime)};
export { ResponseValidationError } from ${JSON.stringify(responseValidation)};
export type { ResponseProblem, ValidateMode } from ${JSON.stringify(responseValidation)};

/** The spec's servers, variables replaced by their defaults. */
export declare const servers: readonly [${serverTypes.join(", ")}];

/** Where requests go unless \`baseUrl\` says otherwise. */
export declare const defaultBaseUrl: ${JSON.stringify(descriptor.defaultBaseUrl)};

/** A client of ${spec.info.title}, typed by its spec. */
export type TypedClient = ApiClient<paths>;

/**
 * A typed client of ${spec.info.title}.
 * ${describeCredential(descriptor.auth)}
 * Requests go to \`options.baseUrl\`, by default ${descriptor.defaultBaseUrl}.
 */
export declare function createClient(options?: ApiClientOptions): TypedClient;
`;
}

function validateTemplate(responseValidation: string): string {
  return `import { createValidatingClient } from ${JSON.stringify(responseValidation)};
import { createClient as createPlainClient } from "./index.js";
import { operations } from "./validators.js";

export { ResponseValidationError } from ${JSON.stringify(responseValidation)};
export { defaultBaseUrl, servers } from "./index.js";

/**
 * @param {import(${JSON.stringify(responseValidation)}).ValidatingClientOptions} [options]
 * @returns {ReturnType<typeof createPlainClient>}
 */
export function createClient(options) {
  return createValidatingClient(createPlainClient, operations, options);
}
`;
}

function validateDeclarationTemplate(responseValidation: string, spec: OpenApiDocument): string {
  return `import type { ValidatingClientOptions } from ${JSON.stringify(responseValidation)};
import type { TypedClient } from "./index.js";

export type * from "./index.js";
export { defaultBaseUrl, servers } from "./index.js";
export { ResponseValidationError } from ${JSON.stringify(responseValidation)};
export type { ResponseProblem, ValidateMode, ValidatingClientOptions } from ${JSON.stringify(responseValidation)};

/**
 * A typed client of ${spec.info.title} whose every response is checked against the spec
 * (\`validate\`, default \`true\`: a violating response rejects with a ResponseValidationError;
 * \`"warn"\`: it goes to \`onInvalidResponse\`). Otherwise the same as the main entry's.
 */
export declare function createClient(options?: ValidatingClientOptions): TypedClient;
`;
}

const QUERY_TEMPLATE = `import createOpenapiQueryClient from "openapi-react-query";
import { createClient } from "./index.js";

/**
 * @param {import("./index.js").TypedClient} [client]
 * @returns {import("./query.js").QueryHooks}
 */
export function createQueryHooks(client = createClient()) {
  // openapi-react-query only calls GET, POST, ...; the exact call types are ours.
  return createOpenapiQueryClient(/** @type {import("openapi-fetch").Client<import("./index.js").paths, "application/json">} */ (/** @type {unknown} */ (client)));
}
`;

function queryDeclarationTemplate(schema: string, spec: OpenApiDocument): string {
  return `import type { OpenapiQueryClient } from "openapi-react-query";
import type { TypedClient } from "./index.js";
import type { paths } from ${JSON.stringify(schema)};

/** TanStack Query hooks of ${spec.info.title}: \`useQuery\`, \`useMutation\`, \`queryOptions\`, ..., typed by its spec. */
export type QueryHooks = OpenapiQueryClient<paths, "application/json">;

/**
 * openapi-react-query's hooks over \`client\` (default: \`createClient()\` of the main
 * entry; pass one with your \`baseUrl\` and \`token\`, or a validating one).
 */
export declare function createQueryHooks(client?: TypedClient): QueryHooks;
`;
}

function describeCredential(auth: HeaderAuth | null): string {
  if (!auth) return "The API takes no credential.";
  return `\`options.token\` is sent as \`${auth.name}: ${auth.prefix}<token>\`.`;
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

function importPath(fromDir: string, file: string): string {
  const path = relative(fromDir, file).split(sep).join("/");
  return path.startsWith(".") ? path : `./${path}`;
}

function resolvedServers(spec: OpenApiDocument, source: string): Server[] {
  const servers = (spec.servers ?? []).map((server): Server => {
    const url = server.url.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const variable = server.variables?.[name];
      if (!variable) throw new GenerateError(`${source}: server ${server.url} uses {${name}} but declares no such variable`);
      return String(variable.default);
    });
    return server.description === undefined ? { url } : { url, description: server.description };
  });
  const first = servers[0];
  if (!first) throw new GenerateError(`${source}: no \`servers\`; the client needs the first one as its default base URL`);
  if (!URL.canParse(first.url)) throw new GenerateError(`${source}: the first server ${first.url} is not an absolute URL`);
  return servers;
}

/** From the spec's root `security`: its first requirement is the one the client fulfils. */
function credentialPlacement(spec: OpenApiDocument, source: string): HeaderAuth | null {
  const schemeName = Object.keys(spec.security?.[0] ?? {})[0];
  if (schemeName === undefined) return null;
  const scheme = deref(spec, spec.components?.securitySchemes?.[schemeName]);
  if (scheme?.type === "http" && scheme.scheme?.toLowerCase() === "bearer") {
    return { in: "header", name: "Authorization", prefix: "Bearer " };
  }
  if (scheme?.type === "apiKey" && scheme.in === "header" && scheme.name) return { in: "header", name: scheme.name, prefix: "" };
  throw new GenerateError(
    `${source}: security scheme "${schemeName}" is not one the client can send (HTTP bearer, or an API key in a header)`,
  );
}

/**
 * openapi-fetch takes one array style per client, so every array query parameter of
 * an API must agree (fullengage's `status` is `style: form, explode: false`, a
 * comma-separated list). APIs without array parameters keep openapi-fetch's default.
 */
function querySerializerOf(spec: OpenApiDocument, source: string): Pick<ApiDescriptor, "querySerializer"> {
  const styles = new Map<string, Set<string>>();
  for (const parameter of listOperations(spec).flatMap((operation) => operation.parameters)) {
    if (parameter.in !== "query" || !isArraySchema(deref(spec, parameter.schema))) continue;
    const style = parameter.style ?? "form";
    const key = JSON.stringify({ style, explode: parameter.explode ?? style === "form" });
    styles.set(key, (styles.get(key) ?? new Set()).add(parameter.name));
  }
  if (styles.size === 0) return {};
  if (styles.size > 1) {
    const described = [...styles].map(([style, names]) => `${[...names].join(", ")} ${style}`).join("; ");
    throw new GenerateError(`${source}: array query parameters disagree on style (${described}); openapi-fetch takes one`);
  }
  const [style] = styles.keys();
  const array = JSON.parse(style ?? "{}") as { style: string; explode: boolean };
  if (array.style !== "form" && array.style !== "spaceDelimited" && array.style !== "pipeDelimited") {
    throw new GenerateError(`${source}: query style "${array.style}" is not one openapi-fetch writes`);
  }
  return { querySerializer: { array: { style: array.style, explode: array.explode } } };
}

function isArraySchema(schema: JsonSchema | undefined): boolean {
  const type = schema?.type;
  return type === "array" || (Array.isArray(type) && type.includes("array"));
}

/** Schema names become exported type names; they must be identifiers that clash with nothing. */
function checkSchemaNames(spec: OpenApiDocument, source: string): void {
  for (const name of Object.keys(spec.components?.schemas ?? {})) {
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) {
      throw new GenerateError(`${source}: schema name "${name}" is not a TypeScript identifier; rename it`);
    }
    if ([...CLIENT_EXPORTS, ...OPENAPI_TYPESCRIPT_EXPORTS].includes(name)) {
      throw new GenerateError(`${source}: schema name "${name}" clashes with an export of the generated client; rename it`);
    }
  }
}
