// unsupported_method: every method a path does not document is refused with 405 (or 404).
import type { HttpMethod, Operation } from "../../spec/openapi.ts";
import { describeOutcome, type RunContext } from "../context.ts";
import { pathValues } from "../inputs.ts";
import { buildUrl } from "../requests.ts";
import { pathMatchesTemplate } from "../../spec/path-template.ts";
import { defineCheck } from "./sending-check.ts";

const refusesMethod = (status: number) => status === 405 || status === 404;

const PROBED: HttpMethod[] = ["get", "put", "post", "patch", "delete"];

async function unsupportedMethods(ctx: RunContext, operations: readonly Operation[]): Promise<void> {
  const template = operations[0] as Operation;
  // What the spec documents, including operations left out of this run.
  const documented = new Set(ctx.model.allOperations.filter((op) => op.path === template.path).map((op) => op.method));
  const { values: path } = pathValues(ctx, template);
  // `POST /pet/findByStatus` is `POST /pet/{petId}` to a server when the spec has that
  // template too: its answer is that operation's, not a refusal of the method.
  const pathname = new URL(buildUrl("http://probe.invalid", template, path, {})).pathname;
  for (const other of ctx.model.allOperations) if (other.path !== template.path && pathMatchesTemplate(other.path, pathname)) documented.add(other.method);
  for (const method of PROBED.filter((m) => !documented.has(m))) {
    const label = `${method.toUpperCase()} ${template.path}`;
    const call = await ctx.call(template, { path, method, ...(method === "get" || method === "delete" ? {} : { body: {} }) }, label, {
      documented: false,
    });
    const status = call.exchange.response?.status;
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
