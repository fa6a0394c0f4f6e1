// A split OpenAPI 3.1 spec with N copies of a clients-like resource, laid out like the
// hand-written ones (root of refs, a file per path item and per component) and
// following the same house rules, for measuring how the toolkit's cost grows with N.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { stringify } from "yaml";

/** Bijective base-26 letters (1 → A, 26 → Z, 27 → Aa): operationIds may not contain digits. */
export function resourceLetters(index: number): string {
  if (!Number.isInteger(index) || index < 1) throw new RangeError(`resource index must be a positive integer, got ${index}`);
  let letters = "";
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(97 + ((n - 1) % 26)) + letters;
  return letters.charAt(0).toUpperCase() + letters.slice(1);
}

export interface ScaleResource {
  /** PascalCase, e.g. `ResourceAb`: the tag and the schema prefix. */
  name: string;
  /** URL segment, e.g. `resource-ab`. */
  segment: string;
}

export function scaleResources(count: number): ScaleResource[] {
  return Array.from({ length: count }, (_, i) => {
    const letters = resourceLetters(i + 1);
    return { name: `Resource${letters}`, segment: `resource-${letters.toLowerCase()}` };
  });
}

const ref = (path: string) => ({ $ref: path });

// The scale spec is its own source: every request constraint and the 404 are this
// benchmark's decisions, labelled as the house rules require of every spec.
const DECIDED = "The scale benchmark's own contract.";
const decided = (...keywords: string[]) => ({ "x-decision": Object.fromEntries(keywords.map((keyword) => [keyword, DECIDED])) });

const errorResponse = (description: string, message: string) => ({
  description,
  content: { "application/json": { schema: ref("../schemas/Error.yaml"), example: { message } } },
});

/** Files shared by every resource, relative to the spec root. */
function sharedFiles(): Record<string, unknown> {
  return {
    "components/schemas/Error.yaml": {
      type: "object",
      description: "An error.",
      required: ["message"],
      properties: { message: { type: "string", minLength: 1, description: "What went wrong.", example: "not found" } },
    },
    "components/responses/BadRequest.yaml": errorResponse("A parameter or the body is invalid.", "limit must be <= 100"),
    "components/responses/Unauthorized.yaml": errorResponse("The bearer token is missing or unknown.", "unauthorized"),
    "components/responses/NotFound.yaml": { ...errorResponse("No item with this id.", "not found"), "x-decision": DECIDED },
    "components/parameters/Limit.yaml": {
      name: "limit",
      in: "query",
      description: "Items per page, 1 to 100.",
      schema: { type: "integer", minimum: 1, maximum: 100, default: 20, ...decided("minimum", "maximum") },
      example: 10,
    },
    "components/parameters/Offset.yaml": {
      name: "offset",
      in: "query",
      description: "Items to skip.",
      schema: { type: "integer", minimum: 0, default: 0, ...decided("minimum") },
      example: 0,
    },
    "components/parameters/Id.yaml": {
      name: "id",
      in: "path",
      required: true,
      description: "The item's id.",
      schema: { type: "integer", minimum: 1, ...decided("minimum") },
      example: 1,
    },
    "components/securitySchemes/BearerAuth.yaml": { type: "http", scheme: "bearer", description: "Any token the server was started with." },
  };
}

function resourceFiles({ name, segment }: ScaleResource): Record<string, unknown> {
  const item = { id: 1, name: "Ada Lovelace", email: "ada@example.com" };
  const input = { name: item.name, email: item.email };
  const schemas = `../components/schemas`;
  const common = { "401": ref("../components/responses/Unauthorized.yaml") };
  const withId = { ...common, "404": ref("../components/responses/NotFound.yaml") };
  const invalid = { "400": ref("../components/responses/BadRequest.yaml") };
  const json = (schema: string, example: unknown) => ({ "application/json": { schema: ref(`${schemas}/${schema}.yaml`), example } });
  return {
    [`components/schemas/${name}.yaml`]: {
      type: "object",
      description: `One ${name}.`,
      required: ["id", "name", "email"],
      additionalProperties: false,
      properties: {
        id: { type: "integer", minimum: 1, description: "Server-assigned id.", example: 1 },
        name: { type: "string", minLength: 1, maxLength: 80, description: "Full name.", example: item.name },
        email: { type: "string", format: "email", description: "Email address.", example: item.email },
      },
    },
    [`components/schemas/${name}Input.yaml`]: {
      type: "object",
      description: `What a client sends to create or replace a ${name}.`,
      required: ["name", "email"],
      additionalProperties: false,
      properties: {
        name: { type: "string", minLength: 1, maxLength: 80, description: "Full name.", example: item.name, ...decided("minLength", "maxLength") },
        email: { type: "string", format: "email", description: "Email address.", example: item.email },
      },
    },
    [`components/schemas/${name}List.yaml`]: {
      type: "object",
      description: `A page of ${name} items.`,
      required: ["data", "total"],
      properties: {
        data: { type: "array", description: "The page.", items: ref(`./${name}.yaml`) },
        total: { type: "integer", minimum: 0, description: "Items in all pages.", example: 1 },
      },
    },
    [`paths/${segment}.yaml`]: {
      get: {
        operationId: `list${name}`,
        "x-items": "/data",
        "x-pagination": { style: "offset", limit: "limit", offset: "offset", total: "/total" },
        summary: `List ${name} items`,
        description: "One page, oldest first.",
        tags: [name],
        parameters: [ref("../components/parameters/Limit.yaml"), ref("../components/parameters/Offset.yaml")],
        responses: { "200": { description: "A page.", content: json(`${name}List`, { data: [item], total: 1 }) }, ...invalid, ...common },
      },
      post: {
        operationId: `create${name}`,
        summary: `Create a ${name}`,
        description: "Stores a new item and returns it with its id.",
        tags: [name],
        requestBody: { required: true, content: json(`${name}Input`, input) },
        responses: { "201": { description: "Created.", content: json(name, item) }, ...invalid, ...common },
      },
    },
    [`paths/${segment}_{id}.yaml`]: {
      parameters: [ref("../components/parameters/Id.yaml")],
      get: {
        operationId: `get${name}`,
        summary: `Get a ${name}`,
        description: "One item by id.",
        tags: [name],
        responses: { "200": { description: "The item.", content: json(name, item) }, ...invalid, ...withId },
      },
      put: {
        operationId: `update${name}`,
        summary: `Replace a ${name}`,
        description: "Replaces every field but the id.",
        tags: [name],
        requestBody: { required: true, content: json(`${name}Input`, input) },
        responses: { "200": { description: "The item as stored.", content: json(name, item) }, ...invalid, ...withId },
      },
      delete: {
        operationId: `delete${name}`,
        summary: `Delete a ${name}`,
        description: "Deletes the item for good.",
        tags: [name],
        responses: { "204": { description: "Deleted." }, ...invalid, ...withId },
      },
    },
  };
}

function rootFile(resources: ScaleResource[]): unknown {
  return {
    openapi: "3.1.0",
    info: {
      title: `Scale test API (${resources.length} resources)`,
      version: "1.0.0",
      description: "Generated by `npm run bench` (scripts/bench/scale-spec.ts) to measure cost against spec size.",
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [{ url: "http://127.0.0.1:4999", description: "The benchmark's in-memory server." }],
    security: [{ BearerAuth: [] }],
    tags: resources.map(({ name }) => ({ name, description: `${name} items.` })),
    paths: Object.fromEntries(
      resources.flatMap(({ segment }) => [
        [`/${segment}`, ref(`paths/${segment}.yaml`)],
        [`/${segment}/{id}`, ref(`paths/${segment}_{id}.yaml`)],
      ]),
    ),
    components: { securitySchemes: { BearerAuth: ref("components/securitySchemes/BearerAuth.yaml") } },
  };
}

/** Writes the spec under `dir`; returns the root file's path. */
export function writeScaleSpec(dir: string, resourceCount: number): string {
  const resources = scaleResources(resourceCount);
  const files: Record<string, unknown> = { "openapi.yaml": rootFile(resources), ...sharedFiles() };
  for (const resource of resources) Object.assign(files, resourceFiles(resource));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), stringify(content));
  }
  return join(dir, "openapi.yaml");
}

/** Operations per resource: list, create, read, update, delete. */
export const OPERATIONS_PER_RESOURCE = 5;
