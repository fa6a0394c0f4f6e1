// The check registry: every check the suite has, under its name. A new check is one
// module (check.ts or sending-check.ts says what it exports), its name in names.ts (the
// order), one line here, and a reference fault that breaks it (test/fixtures/reference).
// The compiler holds names.ts and this map together: a name without its check, or a
// check under another name, does not build.
import type { ApiModel } from "../../spec/model.ts";
import type { ResponseCheck } from "./check.ts";
import ensureResourceAvailability from "./ensure-resource-availability.ts";
import filtering from "./filtering.ts";
import ignoredAuth from "./ignored-auth.ts";
import { CHECK_NAMES, type CheckName } from "./names.ts";
import negativeDataRejection from "./negative-data-rejection.ts";
import pagination from "./pagination.ts";
import positiveDataAcceptance from "./positive-data-acceptance.ts";
import { RESPONSE_CHECK_DEFINITIONS } from "./response.ts";
import type { Check, SendingCheck } from "./sending-check.ts";
import sorting from "./sorting.ts";
import unsupportedMethod from "./unsupported-method.ts";
import updateVisibility from "./update-visibility.ts";
import useAfterFree from "./use-after-free.ts";

export { CHECK_NAMES, type CheckName, isCheckName } from "./names.ts";

const responseCheck = <N extends CheckName>(name: N) => RESPONSE_CHECK_DEFINITIONS.find((check): check is ResponseCheck<N> => check.name === name) as ResponseCheck<N>;

const REGISTRY: { [N in CheckName]: Check<N> } = {
  not_a_server_error: responseCheck("not_a_server_error"),
  status_code_conformance: responseCheck("status_code_conformance"),
  content_type_conformance: responseCheck("content_type_conformance"),
  response_headers_conformance: responseCheck("response_headers_conformance"),
  response_schema_conformance: responseCheck("response_schema_conformance"),
  positive_data_acceptance: positiveDataAcceptance,
  negative_data_rejection: negativeDataRejection,
  ignored_auth: ignoredAuth,
  unsupported_method: unsupportedMethod,
  ensure_resource_availability: ensureResourceAvailability,
  update_visibility: updateVisibility,
  use_after_free: useAfterFree,
  pagination,
  sorting,
  filtering,
};

/** Every check, in names.ts order. */
export const CHECKS: readonly Check[] = CHECK_NAMES.map((name) => REGISTRY[name]);

const namesWhere = (keep: (check: Check) => boolean): CheckName[] => CHECKS.filter(keep).map((check) => check.name);

export const STATELESS_CHECKS = namesWhere((check) => check.mode === "stateless");
export const STATEFUL_CHECKS = namesWhere((check) => check.mode === "stateful");
export const RESPONSE_CHECKS = namesWhere((check) => check.scope === "response");

/** The checks that send requests on one kind of target, in registry order. */
export function checksOfScope<S extends SendingCheck["scope"]>(scope: S): Array<Extract<SendingCheck, { scope: S }>> {
  return CHECKS.filter((check): check is Extract<SendingCheck, { scope: S }> => check.scope === scope);
}

/** Checks the spec gives nothing to run on, each with the reason. */
export function notApplicable(model: ApiModel): Partial<Record<CheckName, string>> {
  const reasons: Partial<Record<CheckName, string>> = {};
  for (const check of CHECKS) {
    const reason = check.whyNotApplicable?.(model);
    if (reason) reasons[check.name] = reason;
  }
  return reasons;
}
