// response_headers_conformance: every required documented header is there, and every
// documented header that is there fits its schema (read from its text as the schema's type).
import { escapePointerToken } from "../../spec/openapi.ts";
import { coerceWire } from "../requests.ts";
import { defineResponseCheck, type Judgement } from "./check.ts";

export default defineResponseCheck({
  name: "response_headers_conformance",
  scope: "response",
  mode: "stateless",
  description: "a required header missing, or any documented header invalid against its schema",
  appliesTo: (op) => Object.values(op.responses).some((response) => Object.keys(response.headers ?? {}).length > 0),
  judge: ({ exchange, documented, model }) => {
    const response = exchange.response;
    if (!response || !documented) return [];
    const judgements: Judgement[] = [];
    for (const [name, header] of Object.entries(documented.response.headers ?? {})) {
      const value = response.headers[name.toLowerCase()];
      if (value === undefined) {
        judgements.push(header.required ? { passed: false, expected: `header ${name}`, actual: "missing" } : { passed: true });
        continue;
      }
      if (!header.schema) continue;
      const result = model.validators.validate(`${documented.pointer}/headers/${escapePointerToken(name)}/schema`, coerceWire(model.doc, header.schema, value));
      judgements.push(result.valid ? { passed: true } : { passed: false, expected: `header ${name} valid against its schema`, actual: `${name}: ${value} (${result.errors.join("; ")})` });
    }
    return judgements;
  },
});
