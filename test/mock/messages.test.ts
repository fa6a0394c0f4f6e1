// Errors that teach, the same from every place that validates: an enum error lists the
// allowed values, a missing member names the near-miss member sent instead. One rule
// (scripts/spec/validation-messages.js) speaks for the stateful mock server, the MSW
// handlers and the client's ResponseValidationError; each is asked here in its own way.
import { getResponse } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findApi } from "../../scripts/lib/apis.ts";
import { loadBundle } from "../../scripts/spec/openapi.ts";
import { createMockHandlers } from "../../scripts/mock/msw.ts";
import { type StatefulMock, startStatefulMocks } from "../../scripts/mock/stateful.ts";
import { ruleMessage } from "../../scripts/spec/validation-messages.js";
import { createClient } from "../../generated/fullengage/validate.js";

const api = findApi("fullengage");
const doc = loadBundle(api.bundle);
const BASE = "https://mock.example/api";
const TYPO = "name is required; did you mean `nmae` → `name`?";
const ENUM = 'status must be one of "active", "inactive"';

describe("ruleMessage", () => {
  const required = { instancePath: "", keyword: "required", params: { missingProperty: "name" } };

  it("names the member that looks like a typo of the missing one (a swap, a case, an extra letter)", () => {
    expect(ruleMessage(required, { nmae: "X" })).toBe("is required; did you mean `nmae` → `name`?");
    expect(ruleMessage(required, { Name: "X" })).toBe("is required; did you mean `Name` → `name`?");
    expect(ruleMessage({ ...required, instancePath: "/client" }, { client: { namee: "X" } })).toBe("is required; did you mean `namee` → `name`?");
  });

  it("names nothing when no member is close", () => {
    expect(ruleMessage(required, { phone: "1", title: "X" })).toBe("is required");
    expect(ruleMessage(required, [])).toBe("is required");
  });

  it("lists the allowed values of an enum", () => {
    expect(ruleMessage({ instancePath: "/status", keyword: "enum", params: { allowedValues: ["active", 2, null] }, message: "must be equal to one of the allowed values" }, {})).toBe('must be one of "active", 2, null');
  });
});

/** The error text the API's error body carries (Full Engage: `{ error }`). */
async function errorText(response: Response): Promise<string> {
  const body = (await response.json()) as { error?: string };
  return body.error ?? JSON.stringify(body);
}

const badCreate = { method: "POST", headers: { Authorization: "Bearer t", "Content-Type": "application/json" }, body: JSON.stringify({ nmae: "X", status: "gone" }) };

describe("the stateful mock server", () => {
  let mock: StatefulMock;
  beforeAll(async () => {
    [mock] = (await startStatefulMocks({ apis: [api], host: "127.0.0.1", portOf: () => 0 })) as [StatefulMock];
  });
  afterAll(() => mock?.close());

  it("answers a typo'd member and a wrong enum value in the vendor's error shape, saying what to send", async () => {
    const response = await fetch(`${mock.url}/clients`, { ...badCreate, signal: AbortSignal.timeout(5_000) });
    expect(response.status).toBe(400);
    const text = await errorText(response);
    expect(text).toContain(TYPO);
    expect(text).toContain(ENUM);
  });
});

describe("the MSW handlers", () => {
  it("say the same", async () => {
    const { handlers } = createMockHandlers(doc, api.name, BASE, { stateful: true });
    const response = await getResponse(handlers, new Request(`${BASE}/clients`, badCreate));
    expect(response?.status).toBe(400);
    const text = await errorText(response as Response);
    expect(text).toContain(TYPO);
    expect(text).toContain(ENUM);
  });
});

describe("the client's ResponseValidationError", () => {
  it("says the same of a response that breaks the spec", async () => {
    const answer = { id: "5b0f7c1e-8d2a-4c3b-9e61-2f4a7d9c0b13", nmae: "X", phone: null, status: "gone", notes: null, createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-01T00:00:00Z" };
    const fetch = async () => new Response(JSON.stringify({ data: answer }), { status: 200, headers: { "content-type": "application/json" } });
    const client = createClient({ baseUrl: BASE, token: "t", fetch });
    const failure = await client.GET("/clients/{id}", { params: { path: { id: answer.id } } }).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure?.name).toBe("ResponseValidationError");
    expect(failure?.message).toContain("/body/data/name is required; did you mean `nmae` → `name`?");
    expect(failure?.message).toContain('/body/data/status must be one of "active", "inactive"');
  });
});
