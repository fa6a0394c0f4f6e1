// Hooks: how a caller changes what the engine does at a named point of its pipeline
// without the engine knowing why (the reference servers' test fixtures turn their
// faults into hooks; a proxy could log or rewrite with them). An engine without hooks
// runs no hook code: each point is undefined unless some hook fills it.
import type { HttpMethod, Operation } from "../spec/openapi.ts";
import type { CredentialJudge } from "./authenticate.ts";
import type { ExtraRoute } from "./route.ts";
import type { WireReply } from "./types.ts";

/** A request's input as sent, before validation: path and query values as strings, the body parsed (undefined when it is not JSON). */
export interface RawInput {
  path: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
}

export interface EngineHook {
  /** Route stage: methods and paths the spec does not document, served by a documented operation. */
  routes?: ReadonlyArray<{ method: HttpMethod; path: string; operationId: string }>;
  /** Authenticate stage: the verdict on one credential, judged again (accept a missing one, or any). */
  judgeCredential?: CredentialJudge;
  /** Validate stage, first: changes the query before it is read and validated. */
  editQuery?(operation: Operation, query: URLSearchParams): void;
  /** Validate stage, on the raw input before validation: a reply returned here is answered instead (no handler runs). */
  intercept?(operation: Operation, raw: RawInput): WireReply | undefined;
  /** Decorate stage, last: changes every reply on its way out (operation undefined for 404, 405 and 429). */
  editReply?(reply: WireReply, operation: Operation | undefined): WireReply;
  /** Respond stage: names the handlers see as on (`input.switchedOn(name)`). */
  switches?: readonly string[];
}

/** The hooks gathered per point; a point no hook fills is undefined. */
export interface HookPoints {
  routes: ExtraRoute[];
  judgeCredential: CredentialJudge[] | undefined;
  editQuery: Array<NonNullable<EngineHook["editQuery"]>> | undefined;
  intercept: Array<NonNullable<EngineHook["intercept"]>> | undefined;
  editReply: Array<NonNullable<EngineHook["editReply"]>> | undefined;
  switches: ReadonlySet<string>;
}

function gathered<T>(hooks: readonly EngineHook[], pick: (hook: EngineHook) => T | undefined): T[] | undefined {
  const found = hooks.flatMap((hook) => {
    const value = pick(hook);
    return value === undefined ? [] : [value];
  });
  return found.length > 0 ? found : undefined;
}

/** The hooks by point; a route naming an operation the spec does not have is an error (`unknown`). */
export function hookPoints(hooks: readonly EngineHook[], operations: readonly Operation[], unknown: (message: string) => Error): HookPoints {
  const routes = hooks.flatMap((hook) =>
    (hook.routes ?? []).map((route) => {
      const operation = operations.find((candidate) => candidate.operationId === route.operationId);
      if (!operation) throw unknown(`a hook routes ${route.method.toUpperCase()} ${route.path} to ${route.operationId}, which the spec does not have`);
      return { method: route.method, path: route.path, operation };
    }),
  );
  return {
    routes,
    // Bound: the hook objects' own methods, called as plain functions by the stages.
    judgeCredential: gathered(hooks, (hook) => hook.judgeCredential?.bind(hook)),
    editQuery: gathered(hooks, (hook) => hook.editQuery?.bind(hook)),
    intercept: gathered(hooks, (hook) => hook.intercept?.bind(hook)),
    editReply: gathered(hooks, (hook) => hook.editReply?.bind(hook)),
    switches: new Set(hooks.flatMap((hook) => hook.switches ?? [])),
  };
}
