// What the reference-server tests share: start a server for one test file, send
// requests to it, and hold every response to the spec with the spec's validators.
import { afterAll, beforeAll, expect } from "vitest";
import { findApi } from "../../scripts/lib/apis.ts";
import { escapePointerToken, listOperations, loadBundle, type Operation } from "../../scripts/spec/openapi.ts";
import { SpecValidators } from "../../scripts/spec/validators.ts";
import { type ReferenceServer, type ReferenceServerOptions, startReferenceServer } from "../fixtures/reference/index.ts";

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body; undefined when there is none. */
  json: unknown;
}

export interface Spec {
  operations: Operation[];
  validators: SpecValidators;
}

const specs = new Map<string, Spec>();

export function specOf(api: string): Spec {
  let spec = specs.get(api);
  if (!spec) {
    const doc = loadBundle(findApi(api).bundle);
    spec = { operations: listOperations(doc), validators: new SpecValidators(doc, api) };
    specs.set(api, spec);
  }
  return spec;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent byte for byte (wins over body). */
  rawBody?: string;
  /** Leave the credentials out. */
  anonymous?: boolean;
}

export type Credentials = (token: string) => Record<string, string>;

export const bearer: Credentials = (token) => ({ Authorization: `Bearer ${token}` });

/** A client bound to one server: `send("GET", "/clients")` with the valid credentials. */
export function clientFor(server: () => ReferenceServer, credentials: Credentials = bearer) {
  return async (method: string, path: string, options: RequestOptions = {}): Promise<Answer> => {
    const headers: Record<string, string> = { Accept: "application/json", ...(options.anonymous ? {} : credentials(server().token)), ...options.headers };
    let body: string | undefined;
    if (options.rawBody !== undefined || options.body !== undefined) {
      headers["Content-Type"] ??= "application/json";
      body = options.rawBody ?? JSON.stringify(options.body);
    }
    const response = await fetch(`${server().url}${path}`, { method, headers, body, signal: AbortSignal.timeout(5_000) });
    const text = await response.text();
    let json: unknown;
    if (text !== "") {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    return { status: response.status, headers: response.headers, text, json };
  };
}

/** Starts a server before the file's tests and stops it after them. */
export function useServer(options: ReferenceServerOptions): () => ReferenceServer {
  let server: ReferenceServer | undefined;
  beforeAll(async () => {
    server = await startReferenceServer(options);
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => {
    if (!server) throw new Error("server not started");
    return server;
  };
}

/** Starts a server for one test and always stops it. */
export async function withServer<T>(options: ReferenceServerOptions, run: (server: ReferenceServer) => Promise<T>): Promise<T> {
  const server = await startReferenceServer(options);
  try {
    return await run(server);
  } finally {
    await server.close();
  }
}

/**
 * Asserts the answer is one the spec documents for `operationId`: a documented
 * status, the documented media type (or no body), valid headers and a valid body.
 */
export function expectDocumented(api: string, operationId: string, answer: Answer): void {
  const { operations, validators } = specOf(api);
  const operation = operations.find((candidate) => candidate.operationId === operationId);
  if (!operation) throw new Error(`${api} has no operation ${operationId}`);
  const key = String(answer.status);
  const response = operation.responses[key];
  expect(response, `${operationId} documents status ${key}`).toBeDefined();
  if (!response) return;
  const mediaTypes = Object.keys(response.content ?? {});
  if (mediaTypes.length === 0) {
    expect(answer.text, `${operationId} ${key} has no body`).toBe("");
  } else {
    expect(answer.headers.get("content-type")?.split(";")[0]).toBe("application/json");
    const pointer = `${operation.pointer}/responses/${key}/content/${escapePointerToken("application/json")}/schema`;
    const result = validators.validate(pointer, answer.json);
    expect(result.errors, `${operationId} ${key} body`).toEqual([]);
  }
  for (const [name, header] of Object.entries(response.headers ?? {})) {
    const value = answer.headers.get(name);
    if (value === null) {
      expect(header.required ?? false, `${operationId} ${key} header ${name} is required`).toBe(false);
      continue;
    }
    const typed = header.schema?.type === "integer" ? Number(value) : value;
    const pointer = `${operation.pointer}/responses/${key}/headers/${escapePointerToken(name)}/schema`;
    expect(validators.validate(pointer, typed).errors, `${operationId} ${key} header ${name}: ${value}`).toEqual([]);
  }
}
