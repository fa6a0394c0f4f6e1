// The request half of the proxy: the server engine's own stages (route, authenticate,
// validate) judge each request, so the proxy and every spec-driven server read a request
// the same way. The engine runs with a responder that never answers: a request that gets
// through to it is admitted and forwarded, and one the stages refuse carries the
// engine's verdict (its kind, message and fields), the same the stateful mock answers.
import type { IncomingMessage } from "node:http";
import { specApi } from "../mock/spec-api.ts";
import { createEngine, type Engine, type EngineRequest, Router } from "../server/engine.ts";
import type { FrameworkError, ServedApi } from "../server/types.ts";
import type { ApiModel } from "../spec/model.ts";
import type { Operation } from "../spec/openapi.ts";
import { type BodyTap, tapBody } from "./body.ts";

/** What the engine's stages refused, kept as the engine said it. */
class Refusal {
  constructor(readonly error: FrameworkError) {}
}

export interface RequestVerdict {
  /** The operation the request was routed to; undefined for an undocumented path or method. */
  operation?: Operation;
  /** What the stages refused; undefined when the request fits the contract (or its body was too large to read). */
  refusal?: FrameworkError;
  /** The path parameters as sent, by name (for coverage). */
  pathValues: Record<string, string>;
  /** The body as far as it was read (only a JSON body an operation takes is read, up to the cap). */
  body: BodyTap;
}

/** The engine's view of a request the proxy holds; its body is read through the tap, so the unread rest can still be forwarded. */
class ProxiedRequest implements EngineRequest {
  readonly method: string;
  readonly url: URL;
  readonly client: string;

  constructor(private readonly request: IncomingMessage, readonly body: BodyTap) {
    this.method = request.method ?? "GET";
    this.url = new URL(request.url ?? "/", "http://proxy");
    this.client = request.socket.remoteAddress ?? "unknown";
  }

  header(name: string): string | undefined {
    const value = this.request.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(", ") : value;
  }

  query(name: string): string | undefined {
    return this.url.searchParams.get(name) ?? undefined;
  }

  async text(): Promise<string | undefined> {
    await this.body.read();
    return this.body.complete ? this.body.text() : undefined;
  }
}

export interface RequestStage {
  judge(request: IncomingMessage): Promise<RequestVerdict>;
  /** The vendor's error body for a refusal answered with `status` (the stateful mock's: the documented error example, explained). */
  errorBody(refusal: FrameworkError, status: number): unknown;
}

export function requestStage(model: ApiModel, name: string, maxBodyBytes: number): RequestStage {
  const vendor = specApi(model.doc, name, { model, stateless: true }).api;
  // Never sent: an admitted request is forwarded, and the upstream answers it.
  const admitted = () => ({ status: 0 });
  const api: ServedApi = {
    name,
    defaultToken: "",
    createStore: () => undefined,
    handlers: Object.fromEntries(model.allOperations.map((operation) => [operation.operationId, admitted])),
    errorBody: (error) => new Refusal(error),
  };
  const engine: Engine = createEngine(api, model.doc, { validators: model.validators });
  // The engine keeps the values it routed with to itself; coverage wants them as sent.
  const router = new Router(model.allOperations);
  return {
    async judge(request) {
      const body = tapBody(request, maxBodyBytes);
      const proxied = new ProxiedRequest(request, body);
      const answer = await engine.answer(proxied);
      const refused = answer.reply.body instanceof Refusal ? answer.reply.body.error : undefined;
      // A body past the cap was not read to the end: not judged, rather than refused for its size.
      const refusal = refused && !(refused.kind === "malformed_body" && body.overflowed) ? refused : undefined;
      const match = answer.operation ? router.match(proxied.method, proxied.url.pathname) : undefined;
      const pathValues = match?.kind === "operation" ? match.pathValues : {};
      return { ...(answer.operation ? { operation: answer.operation } : {}), ...(refusal ? { refusal } : {}), pathValues, body };
    },
    errorBody: (refusal, status) => vendor.errorBody({ ...refusal, status }),
  };
}
