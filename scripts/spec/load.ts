// Any OpenAPI 3.0 or 3.1 document, from a file or an http(s) URL, JSON or YAML, made
// into one document whose `$ref`s are all local, the form the rest of the toolkit
// reads. Redocly's resolver does the `$ref`s across files and URLs (the same one
// `redocly bundle` uses for our own specs), and its `struct` rule checks the result
// is OpenAPI before anything reads it.
//
// A spec is input from anywhere (a URL on a docs site, a file a colleague sent), so its
// cost is bounded before the resolver walks it: its bytes on disk and over the network,
// compressed and inflated, and the nodes YAML aliases add (a "billion laughs" is 81
// aliases that parse in a millisecond into shared nodes, and then cost minutes and
// gigabytes to every walk that follows them).
import { open } from "node:fs/promises";
import type { BaseResolver, Document, NodeType, NormalizedProblem, Source } from "@redocly/openapi-core";
import { getByPointer, isObject, type OpenApiDocument, SpecError } from "./openapi.ts";
import { schemaProblems } from "./schema-problems.ts";

/** Every fetch of a remote spec or of a file it refers to. */
export const SPEC_FETCH_TIMEOUT_MS = 15_000;

export interface SpecLimits {
  /** Per fetch of the spec or a file it refers to: headers and body. */
  timeoutMs: number;
  /**
   * The spec and every file it refers to, together, in bytes as read (decompressed).
   * Stripe's spec3.json, one of the largest public specs, is about 7 MB.
   */
  maxBytes: number;
  /** Nodes YAML aliases may add to a document when expanded (a spec with no alias adds none). */
  maxAliasNodes: number;
}

export const SPEC_LIMITS: Readonly<SpecLimits> = { timeoutMs: SPEC_FETCH_TIMEOUT_MS, maxBytes: 50 * 1024 * 1024, maxAliasNodes: 1_000_000 };

/** `52428800` → `50 MB`; a number of bytes that is no whole MB stays bytes. */
function bytes(count: number): string {
  return count % (1024 * 1024) === 0 ? `${count / (1024 * 1024)} MB` : `${count} bytes`;
}

/** What one load has spent, and the limit it broke (the resolver turns its errors into problems, so it is kept here). */
class LoadBudget {
  bytes = 0;
  broken?: string;

  constructor(readonly root: string, readonly limits: SpecLimits) {}

  /** Throws (and remembers) the limit message. */
  fail(message: string): never {
    this.broken ??= message;
    throw new Error(message);
  }

  /** Counts `count` more bytes of `file`, `inflated` when they came decompressed. */
  spend(file: string, count: number, inflated: boolean): void {
    this.bytes += count;
    if (this.bytes <= this.limits.maxBytes) return;
    const where = file === this.root ? "" : `; reached at ${file}`;
    this.fail(`the spec is larger than ${bytes(this.limits.maxBytes)}${inflated ? " once decompressed" : ""} (cap: ${bytes(this.limits.maxBytes)}${where})`);
  }
}

/**
 * fetch with one timeout over headers and body (the body is read here, inside it), the
 * body counted as it inflates and dropped once past the cap, and failures as plain
 * errors with a readable message: the resolver rewrites the message of what it catches,
 * which an AbortSignal's DOMException does not allow.
 */
function boundedFetch(budget: LoadBudget): typeof fetch {
  const { timeoutMs, maxBytes } = budget.limits;
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    try {
      const response = await fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      const encoding = response.headers.get("content-encoding");
      const inflated = encoding !== null && encoding !== "identity";
      // Content-Length counts the bytes on the wire (compressed ones when encoded): past the cap, nothing is read.
      const declared = Number(response.headers.get("content-length"));
      if (declared > maxBytes - budget.bytes) {
        await response.body?.cancel().catch(() => undefined);
        const where = url === budget.root ? "" : `; reached at ${url}`;
        budget.fail(`the spec is larger than ${bytes(maxBytes)} (cap: ${bytes(maxBytes)}; Content-Length: ${declared} bytes${where})`);
      }
      const chunks: Uint8Array[] = [];
      const reader = response.body?.getReader();
      for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
        try {
          budget.spend(url, chunk.value.byteLength, inflated);
        } catch (error) {
          await reader?.cancel().catch(() => undefined);
          throw error;
        }
        chunks.push(chunk.value);
      }
      const body = Buffer.concat(chunks).toString("utf8");
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    } catch (error) {
      if (budget.broken) throw new Error(budget.broken);
      const failure = error as Error & { cause?: { code?: string } };
      throw new Error(failure.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : (failure.cause?.code ?? failure.message));
    }
  };
}

const CHUNK_BYTES = 1024 * 1024;

/** A local file as text, read no further than the budget allows (a device such as /dev/zero never ends). */
async function readBounded(path: string, budget: LoadBudget): Promise<string> {
  const handle = await open(path, "r");
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new Error(`Expected a file but received a folder at ${path}.`);
    if (stat.isFile() && stat.size > budget.limits.maxBytes - budget.bytes) budget.spend(path, stat.size, false);
    const chunks: Buffer[] = [];
    for (;;) {
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      budget.spend(path, bytesRead, false);
      chunks.push(buffer.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks).toString("utf8");
  } finally {
    await handle.close();
  }
}

/** Containers a walk goes into; anything else (a scalar, a `!!binary` buffer) is one node. */
function isContainer(value: unknown): value is object {
  if (Array.isArray(value)) return true;
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * How many nodes the aliases of a parsed document add when expanded: a YAML parser
 * gives every alias the very node of its anchor, so the document holds each node once,
 * but every walk (the resolver's, the bundler's, the validators') visits it once per
 * path to it. Counted without expanding, each shared node's size once; stops as soon as
 * the count passes `cap`. Infinity when an alias sits inside its own anchor (a cycle).
 */
export function aliasGrowth(root: unknown, cap: number): number {
  if (!isContainer(root)) return 0;
  const sizes = new Map<object, number>();
  const onPath = new Set<object>();
  const stack: Array<{ node: object; children: unknown[]; next: number; size: number }> = [];
  let unique = 0;
  let expanded = 0;
  const enter = (node: object) => {
    unique += 1;
    expanded += 1;
    onPath.add(node);
    stack.push({ node, children: Array.isArray(node) ? node : Object.values(node), next: 0, size: 1 });
  };
  enter(root);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as (typeof stack)[number];
    if (frame.next < frame.children.length) {
      const child = frame.children[frame.next];
      frame.next += 1;
      if (!isContainer(child)) {
        unique += 1;
        expanded += 1;
        frame.size += 1;
        continue;
      }
      const known = sizes.get(child);
      if (known === undefined) {
        if (onPath.has(child)) return Number.POSITIVE_INFINITY;
        enter(child);
        continue;
      }
      // A node seen before: reached again through an alias, it costs its whole size again.
      expanded += known;
      frame.size += known;
      if (expanded - unique > cap) return expanded - unique;
      continue;
    }
    stack.pop();
    onPath.delete(frame.node);
    sizes.set(frame.node, frame.size);
    const parent = stack[stack.length - 1];
    if (parent) parent.size += frame.size;
  }
  return expanded - unique;
}

/** The document when its text is JSON; undefined otherwise (YAML, or JSON with a mistake the YAML parser will name). */
function parseJson(text: string): unknown {
  if (!/^\s*[{[]/.test(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Redocly's resolver, bundler and linter, imported by a spec from outside only (our own
 * APIs are linted when they are built, and `--api` runs never load a spec): its import
 * and the structure check put about 0.5 s before a Stripe run's first request.
 */
type Redocly = typeof import("@redocly/openapi-core");

/** Redocly's resolver with the budget applied to every file it reads and every document it parses. */
function boundedResolver(redocly: Redocly, budget: LoadBudget): BaseResolver {
  class BoundedResolver extends redocly.BaseResolver {
    constructor(private readonly budget: LoadBudget) {
      super({ http: { headers: [], customFetch: boundedFetch(budget) } });
    }

    override async loadExternalRef(absoluteRef: string): Promise<Source> {
      if (/^https?:\/\//i.test(absoluteRef)) return super.loadExternalRef(absoluteRef);
      try {
        const content = await readBounded(absoluteRef, this.budget);
        // As Redocly's own reader: Windows line ends become \n.
        return new redocly.Source(absoluteRef, content.replace(/\r\n/g, "\n"));
      } catch (error) {
        // The same message as Redocly's reader gives (`ENOENT: no such file or directory '/x'`).
        (error as Error).message = (error as Error).message.replace(/, (open|lstat|read)/, "");
        throw error;
      }
    }

    override parseDocument(source: Source, isRoot = false): Document {
      // JSON is read by JSON.parse (Stripe's 6 MB spec: 60 ms, against 770 ms for the YAML parser), and has no aliases to count.
      const json = isRoot || /\.json$/i.test(source.absoluteRef) ? parseJson(source.body) : undefined;
      if (json !== undefined) return { source, parsed: json };
      const document = super.parseDocument(source, isRoot);
      const cap = this.budget.limits.maxAliasNodes;
      const growth = aliasGrowth(document.parsed, cap);
      const where = source.absoluteRef === this.budget.root ? "" : `${source.absoluteRef}: `;
      if (growth === Number.POSITIVE_INFINITY) this.budget.fail(`${where}a YAML alias sits inside its own anchor: the document never ends`);
      if (growth > cap) this.budget.fail(`${where}YAML aliases expand past ${cap.toLocaleString("en-US")} nodes (cap: ${cap.toLocaleString("en-US")} nodes added by aliases): an alias bomb?`);
      return document;
    }
  }
  return new BoundedResolver(budget);
}

function describeProblem(problem: NormalizedProblem): string {
  const where = problem.location[0];
  // Redocly's pointers already start with `#`.
  const pointer = where?.pointer ? `#${where.pointer.replace(/^#/, "")}` : "";
  const at = where ? ` (${where.source.absoluteRef}${pointer})` : "";
  return `${problem.message}${at}`;
}

/**
 * OpenAPI 3.0's schema dialect in 2020-12's words, which the validators speak: exclusive
 * bounds were booleans beside minimum/maximum (JSON Schema draft 4), and `nullable: true`
 * adds null to the type. ajv reads `nullable` only beside a `type`, and throws on one
 * beside `anyOf`/`allOf`/`$ref` (345 of Stripe's schemas): such a node becomes
 * `anyOf: [<the node>, {type: "null"}]` in place, so pointers to it still hold. A node
 * reached twice (a YAML alias) is changed once.
 */
function modernizeSchemas(node: unknown, seen = new WeakSet<object>()): void {
  if (typeof node !== "object" || node === null || seen.has(node)) return;
  seen.add(node);
  if (Array.isArray(node)) {
    for (const item of node) modernizeSchemas(item, seen);
    return;
  }
  if (!isObject(node)) return;
  for (const [flag, bound] of [["exclusiveMinimum", "minimum"], ["exclusiveMaximum", "maximum"]] as const) {
    if (typeof node[flag] !== "boolean") continue;
    if (node[flag] === true && typeof node[bound] === "number") {
      node[flag] = node[bound];
      delete node[bound];
    } else {
      delete node[flag];
    }
  }
  for (const value of Object.values(node)) modernizeSchemas(value, seen);
  if (typeof node.nullable === "boolean") nullableAsType(node);
}

/** `nullable` as 2020-12 says it, in place (children already modernized). */
function nullableAsType(node: Record<string, unknown>): void {
  const nullable = node.nullable === true;
  delete node.nullable;
  if (!nullable) return;
  if (typeof node.type === "string" || Array.isArray(node.type)) {
    const types = Array.isArray(node.type) ? node.type : [node.type];
    if (!types.includes("null")) node.type = [...types, "null"];
    if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum = [...node.enum, null];
    return;
  }
  const inner = { ...node };
  for (const key of Object.keys(node)) delete node[key];
  node.anyOf = [inner, { type: "null" }];
}

/** Every `$ref` of a parsed document (value keywords included: a `$ref` there is read by the bundler too). */
function* refsOf(node: unknown): Generator<unknown> {
  if (Array.isArray(node)) {
    for (const item of node) yield* refsOf(item);
    return;
  }
  if (!isObject(node)) return;
  if ("$ref" in node) yield node.$ref;
  for (const value of Object.values(node)) yield* refsOf(value);
}

/**
 * A spec that is one local JSON file whose `$ref`s all point into itself and all
 * resolve is already what bundling makes: read as it is, it skips the resolver's and the
 * bundler's walks (about 1 s of a Stripe run's start-up). Anything else (YAML, a URL,
 * another file referred to, a `$ref` that does not resolve plainly) returns undefined
 * and goes through the bundler, which says what is wrong as before.
 */
async function selfContainedJson(source: string, limits: SpecLimits): Promise<unknown> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) return undefined;
  let text: string;
  try {
    text = await readBounded(source, new LoadBudget(source, limits));
  } catch {
    return undefined;
  }
  const doc = parseJson(text);
  if (!isObject(doc)) return undefined;
  for (const ref of refsOf(doc)) {
    if (typeof ref !== "string" || !ref.startsWith("#/") || getByPointer(doc, ref.slice(1)) === undefined) return undefined;
  }
  return doc;
}

/** Redocly's bundle of the spec at `source`, within `budget`: one document whose `$ref`s are all local. */
async function bundled(source: string, budget: LoadBudget): Promise<unknown> {
  const redocly = await import("@redocly/openapi-core");
  const config = await redocly.createConfig({});
  const resolver = boundedResolver(redocly, budget);
  let result: Awaited<ReturnType<Redocly["bundle"]>>;
  try {
    result = await redocly.bundle({ ref: source, config, externalRefResolver: resolver, dereference: false });
  } catch (error) {
    if (budget.broken) throw new SpecError(`${source}: ${budget.broken}`);
    const cause = (error as { originalError?: Error }).originalError ?? (error as Error);
    throw new SpecError(`${source}: cannot load the spec (${cause.message.split("\n")[0]})`);
  }
  // A file the spec refers to that broke a limit is a problem to the resolver ("Can't resolve $ref"); the limit is what to say.
  if (budget.broken) throw new SpecError(`${source}: ${budget.broken}`);
  const errors = result.problems.filter((problem) => problem.severity === "error");
  if (errors.length) throw new SpecError(`${source}: ${errors.slice(0, 3).map(describeProblem).join("; ")}`);
  return result.bundle.parsed;
}

/**
 * Loads, resolves and checks the document at `source` (an absolute path or an http(s)
 * URL), within `limits` (SPEC_LIMITS by default; a number is the timeout alone).
 */
export async function loadSpec(source: string, limits: number | Partial<SpecLimits> = {}): Promise<OpenApiDocument> {
  const budget = new LoadBudget(source, { ...SPEC_LIMITS, ...(typeof limits === "number" ? { timeoutMs: limits } : limits) });
  const doc = (await selfContainedJson(source, budget.limits)) ?? (await bundled(source, budget));
  if (!isObject(doc)) throw new SpecError(`${source}: not an OpenAPI document (no top-level object)`);
  if (typeof doc.swagger === "string") throw new SpecError(`${source}: Swagger ${doc.swagger} is not supported; convert it to OpenAPI 3 first`);
  if (typeof doc.openapi !== "string" || !/^3\.[01]\./.test(doc.openapi)) {
    throw new SpecError(`${source}: not an OpenAPI 3.0 or 3.1 document (openapi: ${JSON.stringify(doc.openapi ?? null)})`);
  }
  if (!isObject(doc.paths)) throw new SpecError(`${source}: the document has no paths`);
  const misshapen = await structureProblems(source, doc);
  if (doc.openapi.startsWith("3.0")) modernizeSchemas(doc);
  const invalid = schemaProblems(doc as unknown as OpenApiDocument);
  if (misshapen.length) throw new SpecError(`${source}: the document is not valid OpenAPI ${doc.openapi}:\n${indented([...misshapen, ...invalid])}`);
  if (invalid.length) throw new SpecError(`${source}: ${invalid.length === 1 ? "a schema is not JSON Schema" : `the schemas are not JSON Schema in ${invalid.length} places`}:\n${indented(invalid)}`);
  return doc as unknown as OpenApiDocument;
}

const indented = (lines: readonly string[]) => lines.map((line) => `  ${line}`).join("\n");

/**
 * Where the document breaks OpenAPI's structure (a `requestBody.required` that is not a
 * boolean, a parameter without `in`, a field OpenAPI does not have, a path template
 * variable no parameter declares), one line each, `#/pointer: message`, by Redocly's
 * `struct` and `path-parameters-defined` rules, what `redocly lint` checks.
 */
async function structureProblems(source: string, doc: Record<string, unknown>): Promise<string[]> {
  const redocly = await import("@redocly/openapi-core");
  const config = await redocly.createConfig({ extends: [], rules: { struct: "error", "path-parameters-defined": "error" } });
  const types = schemasUnread(redocly.getTypes(redocly.detectSpec(doc)));
  const problems = await redocly.lintDocument({ document: { source: new redocly.Source(source, ""), parsed: doc }, config, customTypes: types, externalRefResolver: new redocly.BaseResolver() });
  return problems.map((problem) => `#${(problem.location[0]?.pointer ?? "").replace(/^#/, "")}: ${problem.message}`);
}

/**
 * Redocly's types of an OpenAPI version with every place that holds a schema left
 * unchecked (null: "defined, not validated"): schemaProblems checks the schemas against
 * JSON Schema's own meta-schema, which knows 3.1's boolean schemas (Redocly's struct
 * calls `schema: true` an error), and Redocly's walk through Stripe's schemas was about
 * 0.9 s of its 1.4 s.
 */
function schemasUnread(types: Record<string, NodeType>): Record<string, NodeType> {
  type Typed = NodeType["additionalProperties"];
  type Resolved = ReturnType<Extract<Typed, (...args: never[]) => unknown>>;
  const unreadName = (type: Resolved): Resolved => (type === "Schema" ? null : type);
  // A type is a name, or a function of the value that returns one (a map's: `() => "Schema"`).
  const unread = (type: Typed): Typed => (typeof type === "function" ? (value: unknown, key: string) => unreadName(type(value, key)) : unreadName(type));
  return Object.fromEntries(
    Object.entries(types).map(([name, type]) => [
      name,
      {
        ...type,
        properties: Object.fromEntries(Object.entries(type.properties).map(([key, value]) => [key, unread(value)])),
        additionalProperties: unread(type.additionalProperties),
        items: unread(type.items),
      },
    ]),
  );
}
