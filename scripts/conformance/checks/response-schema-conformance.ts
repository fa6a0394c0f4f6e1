// response_schema_conformance: a body documented as JSON is JSON and fits the schema.
import { escapePointerToken } from "../../spec/openapi.ts";
import { isJsonMediaType } from "../../spec/response-contract.js";
import { defineResponseCheck } from "./check.ts";

/** The response's documented JSON media type, when it has one. */
const jsonTypeOf = (content: Record<string, unknown> | undefined) => Object.keys(content ?? {}).find(isJsonMediaType);

export default defineResponseCheck({
  name: "response_schema_conformance",
  scope: "response",
  mode: "stateless",
  description: "a body that is not JSON, or not valid against the response schema (ajv, formats checked)",
  appliesTo: (op) => Object.values(op.responses).some((response) => jsonTypeOf(response.content) !== undefined),
  judge: ({ exchange, documented, model, json }) => {
    const response = exchange.response;
    const jsonType = documented && jsonTypeOf(documented.response.content);
    if (!response || !documented || !jsonType) return [];
    const parsed = json();
    if (!parsed.ok) return [{ passed: false, expected: "a JSON body", actual: response.text.length === 0 ? "an empty body" : "a body that is not JSON" }];
    const result = model.validators.validate(`${documented.pointer}/content/${escapePointerToken(jsonType)}/schema`, parsed.value);
    return [result.valid ? { passed: true } : { passed: false, expected: "a body valid against the response schema", actual: result.errors.slice(0, 5).join("; ") }];
  },
});
