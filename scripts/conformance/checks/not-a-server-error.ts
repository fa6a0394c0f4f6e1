// not_a_server_error: every request gets a complete answer, and not a 5xx.
import { defineResponseCheck } from "./check.ts";

export default defineResponseCheck({
  name: "not_a_server_error",
  scope: "response",
  mode: "stateless",
  description: "a 5xx, or no complete response (refused, reset, timeout, body too large)",
  judge: ({ exchange }) => {
    const response = exchange.response;
    if (!response) return [{ passed: false, expected: "a complete HTTP response", actual: exchange.transportError ?? "no response" }];
    return [response.status >= 500 ? { passed: false, expected: "a status below 500", actual: `${response.status}` } : { passed: true }];
  },
});
