// unsupported_method: every method a path does not document is refused with 405 (or 404).
import type { HttpMethod, Operation } from "../../spec/openapi.ts";
import { refusesCredentials } from "../../spec/security.ts";
import { apiCredentials, placeCredentials } from "../auth.ts";
import { describeOutcome, type RunContext } from "../context.ts";
import { pathValues } from "../inputs.ts";
import { buildUrl, type RequestInput } from "../requests.ts";
import { pathMatchesTemplate } from "../../spec/path-template.ts";
import { defineCheck } from "./sending-check.ts";

const refusesMethod = (status: number) => status === 405 || status === 404;

const PROBED: HttpMethod[] = ["get", "put", "post", "patch", "delete"];

/**
 * How a probe carries the run's credential: the path's own operation adds it when it is
 * secured; for a path of open operations only, the API's first secured operation says
 * how, since a server that authenticates before it routes (Gym's `PUT /client/login`)
 * refuses an uncredentialed request whatever its method. `missing` says why a probe
 * goes without.
 */
function probeCredentials(ctx: RunContext, template: Operation): { extra: Pick<RequestInput, "headers" | "query">; missing?: string } {
  if (!ctx.settings.token) return { extra: {}, missing: "the run has no credential (pass --token-file)" };
  if (ctx.credentials(template)) return { extra: {} };
  const borrowed = apiCredentials(ctx.model);
  if (!borrowed) return { extra: {}, missing: "no operation of the run is secured, so the spec gives no way to send the credential" };
  return { extra: placeCredentials(borrowed, "valid", ctx.settings.token) };
}

async function unsupportedMethods(ctx: RunContext, operations: readonly Operation[]): Promise<void> {
  const template = operations[0] as Operation;
  // What the spec documents, including operations left out of this run.
  const documented = new Set(ctx.model.allOperations.filter((op) => op.path === template.path).map((op) => op.method));
  const { values: path } = pathValues(ctx, template);
  // `POST /pet/findByStatus` is `POST /pet/{petId}` to a server when the spec has that
  // template too: its answer is that operation's, not a refusal of the method.
  const pathname = new URL(buildUrl("http://probe.invalid", template, path, {})).pathname;
  for (const other of ctx.model.allOperations) if (other.path !== template.path && pathMatchesTemplate(other.path, pathname)) documented.add(other.method);
  const { extra, missing } = probeCredentials(ctx, template);
  for (const method of PROBED.filter((m) => !documented.has(m))) {
    const label = `${method.toUpperCase()} ${template.path}`;
    const call = await ctx.call(template, { path, method, ...extra, ...(method === "get" || method === "delete" ? {} : { body: {} }) }, label, {
      documented: false,
    });
    const status = call.exchange.response?.status;
    // What a request without valid credentials may get back (the rule ignored_auth and status_code_conformance share) tells nothing of the method.
    if (missing !== undefined && refusesCredentials(status)) {
      ctx.recorder.inconclusive("unsupported_method", template.operationId, label, `refused without credentials: ${status} says nothing of the method when a server authenticates before it routes; ${missing}`);
      continue;
    }
    ctx.verdict("unsupported_method", template, label, status !== undefined && refusesMethod(status), call, "405 (or 404)", describeOutcome(call));
  }
}

export default defineCheck({
  name: "unsupported_method",
  scope: "api",
  mode: "stateless",
  description: "a method the path does not document not answered 405 (or 404)",
  run: unsupportedMethods,
  passesWith: refusesMethod,
});
