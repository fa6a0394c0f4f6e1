// status_code_conformance: the status is one the operation documents (exactly, by range, or
// `default`), or, to a request sent without valid credentials on purpose, a refusal
// (the same rule ignored_auth demands, so no server is asked for both a 401 and its absence).
import { refusesCredentials } from "../../spec/security.ts";
import { defineResponseCheck } from "./check.ts";

export default defineResponseCheck({
  name: "status_code_conformance",
  scope: "response",
  mode: "stateless",
  description: "a status the operation does not document",
  judge: ({ exchange, documented, op, unauthenticated }) => {
    const response = exchange.response;
    if (!response) return [];
    return [documented || (unauthenticated && refusesCredentials(response.status)) ? { passed: true } : { passed: false, expected: `one of ${Object.keys(op.responses).join(", ")}`, actual: `${response.status}` }];
  },
});
