// content_type_conformance: the body's media type is one the response documents, and
// a response documented without a body has none.
import { mediaTypeMatches } from "../../spec/response-contract.js";
import { defineResponseCheck } from "./check.ts";

export default defineResponseCheck({
  name: "content_type_conformance",
  scope: "response",
  mode: "stateless",
  description: "a Content-Type the response does not document; a body on a response documented without one",
  judge: ({ exchange, documented, mediaType }) => {
    const response = exchange.response;
    if (!response || !documented) return [];
    const documentedTypes = Object.keys(documented.response.content ?? {});
    if (documentedTypes.length === 0) {
      return [response.bodyBytes > 0 ? { passed: false, expected: "no body", actual: `${response.bodyBytes} bytes (${mediaType || "no content type"})` } : { passed: true }];
    }
    if (documentedTypes.some((type) => mediaTypeMatches(type, mediaType))) return [{ passed: true }];
    return [{ passed: false, expected: documentedTypes.join(" or "), actual: mediaType || "no Content-Type header" }];
  },
});
