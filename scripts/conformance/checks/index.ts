// The check registry: every check the suite has, in the order a run takes them. A new
// check is one module (see check.ts) and one line here, plus a reference fault that
// breaks it (test/fixtures/reference). CHECK_NAMES, the modes, the n/a reasons, the
// CLI's list and the docs' check table are all read from this list.
import type { ApiModel } from "../model.ts";
import contentTypeConformance from "./content-type-conformance.ts";
import ensureResourceAvailability from "./ensure-resource-availability.ts";
import filtering from "./filtering.ts";
import ignoredAuth from "./ignored-auth.ts";
import negativeDataRejection from "./negative-data-rejection.ts";
import notAServerError from "./not-a-server-error.ts";
import pagination from "./pagination.ts";
import positiveDataAcceptance from "./positive-data-acceptance.ts";
import responseHeadersConformance from "./response-headers-conformance.ts";
import responseSchemaConformance from "./response-schema-conformance.ts";
import sorting from "./sorting.ts";
import statusCodeConformance from "./status-code-conformance.ts";
import unsupportedMethod from "./unsupported-method.ts";
import updateVisibility from "./update-visibility.ts";
import useAfterFree from "./use-after-free.ts";
import type { Check, ResponseCheck } from "./check.ts";

export const CHECKS = [
  notAServerError,
  statusCodeConformance,
  contentTypeConformance,
  responseHeadersConformance,
  responseSchemaConformance,
  positiveDataAcceptance,
  negativeDataRejection,
  ignoredAuth,
  unsupportedMethod,
  ensureResourceAvailability,
  updateVisibility,
  useAfterFree,
  pagination,
  sorting,
  filtering,
] as const;

export type CheckName = (typeof CHECKS)[number]["name"];

export const CHECK_NAMES: readonly CheckName[] = CHECKS.map((check) => check.name);

export function isCheckName(name: string): name is CheckName {
  return (CHECK_NAMES as readonly string[]).includes(name);
}

const namesWhere = (keep: (check: Check) => boolean): CheckName[] => CHECKS.filter(keep).map((check) => check.name);

export const STATELESS_CHECKS = namesWhere((check) => check.mode === "stateless");
export const STATEFUL_CHECKS = namesWhere((check) => check.mode === "stateful");
/** The checks every response gets, in the order they judge it. */
export const RESPONSE_CHECK_DEFINITIONS = CHECKS.filter((check): check is Extract<(typeof CHECKS)[number], ResponseCheck> => check.scope === "response");
export const RESPONSE_CHECKS = RESPONSE_CHECK_DEFINITIONS.map((check) => check.name);

/** The checks of one scope, in registry order. */
export function checksOfScope<S extends Check["scope"]>(scope: S): Array<Extract<(typeof CHECKS)[number], { scope: S }>> {
  return CHECKS.filter((check): check is Extract<(typeof CHECKS)[number], { scope: S }> => check.scope === scope);
}

/** Checks the spec gives nothing to run on, each with the reason. */
export function notApplicable(model: ApiModel): Partial<Record<CheckName, string>> {
  const reasons: Partial<Record<CheckName, string>> = {};
  for (const check of CHECKS) {
    const reason = "whyNotApplicable" in check ? check.whyNotApplicable?.(model) : undefined;
    if (reason) reasons[check.name] = reason;
  }
  return reasons;
}
