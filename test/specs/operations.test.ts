import { describe, expect, it } from "vitest";
import { MOCK_PORT_BASE } from "../../scripts/lib/apis.ts";
import { loadAll } from "./helpers.ts";

const apis = loadAll();

describe.each(apis)("$api.name", ({ api, doc, operations }) => {
  it("has operations", () => {
    expect(operations.length).toBeGreaterThan(0);
  });

  it.each(operations.map((op) => [op.operationId, op] as const))("%s has an operationId, a summary and a tag", (_, op) => {
    expect(op.raw.operationId).toMatch(/^(list|get|create|update|delete|revoke|become)[A-Z][A-Za-z]*$/);
    expect(op.summary?.length).toBeGreaterThan(0);
    expect(op.tags.length).toBe(1);
  });

  it.each(operations.map((op) => [op.operationId, op] as const))("%s requires a defined security scheme", (_, op) => {
    expect(op.security.length).toBeGreaterThan(0);
    for (const requirement of op.security) {
      for (const scheme of Object.keys(requirement)) expect(doc.components?.securitySchemes).toHaveProperty(scheme);
    }
  });

  it.each(operations.map((op) => [op.operationId, op] as const))("%s documents a 2xx, a 401 and another 4xx", (_, op) => {
    const statuses = Object.keys(op.responses);
    expect(statuses.some((status) => /^2\d\d$/.test(status))).toBe(true);
    expect(statuses).toContain("401");
    expect(statuses.some((status) => /^4\d\d$/.test(status))).toBe(true);
  });

  it("puts the vendor's production server first and the local mock second", () => {
    expect(doc.servers?.[0]?.url).toMatch(/^https?:\/\/(?!127\.0\.0\.1)/);
    expect(doc.servers?.[1]?.url).toBe(`http://127.0.0.1:${MOCK_PORT_BASE + api.index}`);
  });
});
