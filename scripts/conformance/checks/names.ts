// The names of the checks, in the order a run takes them within each phase and a report
// lists them. A leaf module: the CLI validates `--checks` with it without loading any
// check, and the lower layers (results, context) name checks without importing them.
// index.ts maps each name to its module, and the compiler holds the two together.
export const CHECK_NAMES = [
  "not_a_server_error",
  "status_code_conformance",
  "content_type_conformance",
  "response_headers_conformance",
  "response_schema_conformance",
  "positive_data_acceptance",
  "negative_data_rejection",
  "ignored_auth",
  "unsupported_method",
  "ensure_resource_availability",
  "update_visibility",
  "use_after_free",
  "pagination",
  "sorting",
  "filtering",
] as const;

export type CheckName = (typeof CHECK_NAMES)[number];

export function isCheckName(name: string): name is CheckName {
  return (CHECK_NAMES as readonly string[]).includes(name);
}
