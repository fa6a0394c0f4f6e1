// status_code_conformance: the status is one the operation documents (exactly, by range, or `default`).
import { defineResponseCheck } from "./check.ts";

export default defineResponseCheck({
  name: "status_code_conformance",
  scope: "response",
  mode: "stateless",
  description: "a status the operation does not document",
  judge: ({ exchange, documented, op }) => {
    const response = exchange.response;
    if (!response) return [];
    return [documented ? { passed: true } : { passed: false, expected: `one of ${Object.keys(op.responses).join(", ")}`, actual: `${response.status}` }];
  },
});
