// What the guard needs to know about its spec to explain Prism's answers: the
// operation a request is for, its error examples (./explain.ts turns Prism's
// `sl-violations` into the vendor's error shape) and the responses a `Prefer` header
// may ask for. Built lazily: the guard's hot path (a valid request) never needs it.
import { listOperations, type OpenApiDocument, type Operation } from "../spec/openapi.ts";
import { SpecValidators } from "../spec/validators.ts";
import { Router } from "../server/engine.ts";
import type { FieldError } from "../server/types.ts";
import { explainedBody } from "./explain.ts";

interface PrismViolation {
  location?: string[];
  message?: string;
}

const LOCATIONS = new Set<FieldError["in"]>(["path", "query", "body"]);

/** Prism's violations as fields: `["request","query","limit"]` + "Request query parameter limit must be >= 1" → limit, "must be >= 1". */
export function violationFields(header: string): FieldError[] {
  let violations: PrismViolation[];
  try {
    violations = JSON.parse(header) as PrismViolation[];
  } catch {
    return [];
  }
  return violations.flatMap((violation) => {
    const [, where, ...rest] = violation.location ?? [];
    const message = violation.message ?? "is invalid";
    if (!LOCATIONS.has(where as FieldError["in"])) return [];
    const name = rest.length > 0 ? rest.join(".") : "body";
    const problem = message.replace(/^Request (?:body property|body|(?:path|query|header) parameter)\s+/, "").replace(new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s+`), "");
    return [{ name, in: where as FieldError["in"], value: undefined, problem }];
  });
}

export interface PrismSpec {
  /** The error body for Prism's 4xx answer, rewritten to say what was wrong; undefined to keep Prism's. */
  explain(method: string, path: string, status: number, fields: FieldError[], message?: string): unknown;
  /** Why Prism cannot honour this `Prefer` header (an undocumented code or example), or undefined. */
  preferProblem(method: string, path: string, prefer: string): string | undefined;
}

export function prismSpec(doc: OpenApiDocument, name: string): PrismSpec {
  let router: Router | undefined;
  let validators: SpecValidators | undefined;
  const operationAt = (method: string, path: string): Operation | undefined => {
    router ??= new Router(listOperations(doc));
    const match = router.match(method, path.split("?")[0] ?? "/");
    return match.kind === "operation" ? match.operation : undefined;
  };
  return {
    explain(method, path, status, fields, message) {
      const operation = operationAt(method, path);
      if (!operation || (fields.length === 0 && message === undefined)) return undefined;
      validators ??= new SpecValidators(doc, name);
      const text = message ?? fields.map((field) => `${field.name} ${field.problem}`).join("; ");
      return explainedBody(validators, operation, status, { message: text, fields });
    },
    preferProblem(method, path, prefer) {
      const operation = operationAt(method, path);
      if (!operation) return undefined;
      const code = /\bcode=([^,\s]*)/.exec(prefer)?.[1];
      const documented = Object.keys(operation.responses);
      if (code !== undefined && !documented.includes(code)) {
        return `Prefer: code=${code} is not a response ${operation.operationId} documents; documented: ${documented.join(", ")}`;
      }
      const example = /\bexample=([^,\s]*)/.exec(prefer)?.[1];
      const status = code ?? documented.find((candidate) => /^2\d\d$/.test(candidate)) ?? "";
      const named = Object.keys(operation.responses[status]?.content?.["application/json"]?.examples ?? {});
      if (example !== undefined && !named.includes(example)) {
        return `Prefer: example=${example} is not an example of ${operation.operationId}'s ${status} response; its examples: ${named.join(", ") || "none (it has one unnamed example)"}`;
      }
      return undefined;
    },
  };
}
