// The guard's repairs, one by one; operations.test.ts shows them working in front of Prism.
import { describe, expect, it } from "vitest";
import { pointingHere, rejectSameAsMismatch, repairJsonBody, repairPath } from "../../scripts/mock/guard.ts";
import { sameAsPairs } from "../../scripts/spec/extensions.ts";
import { findApi } from "../../scripts/lib/apis.ts";
import { loadBundle } from "../../scripts/spec/openapi.ts";
import { explainPrismOutput } from "../../scripts/mock/prism.ts";

describe("repairPath", () => {
  it.each([
    ["/clients/%", "/clients/%25"],
    ["/clients/%ff?limit=%", "/clients/%25ff?limit=%"],
    ["/teams/a%E0%A4%A/clients", "/teams/a%25E0%25A4%25A/clients"],
  ])("escapes the stray %% in %s", (url, repaired) => {
    expect(repairPath(url)).toEqual({ url: repaired, malformed: true });
  });

  it.each(["/clients", "/clients/a%20b", "/clients/%C3%A9?q=%", "/"])("leaves %s alone", (url) => {
    expect(repairPath(url)).toEqual({ url, malformed: false });
  });
});

describe("repairJsonBody", () => {
  it("puts null in place of a JSON body that does not parse", () => {
    expect(repairJsonBody("application/json", Buffer.from("{oops")).toString()).toBe("null");
    expect(repairJsonBody("application/merge-patch+json; charset=utf-8", Buffer.from("[")).toString()).toBe("null");
  });

  it.each([
    ["application/json", '{"name":"x"}'],
    ["application/json", ""],
    ["text/plain", "{oops"],
    [undefined, "{oops"],
  ])("leaves a %s body %j alone", (type, body) => {
    expect(repairJsonBody(type, Buffer.from(body)).toString()).toBe(body);
  });
});

describe("x-same-as", () => {
  const pairs = sameAsPairs(loadBundle(findApi("magloft").bundle));

  it("finds MagLoft's password confirmation in the bundle", () => {
    expect(pairs).toContainEqual(["password_confirmation", "password"]);
  });

  it("puts null in place of a body whose confirmation differs", () => {
    const body = Buffer.from(JSON.stringify({ password: "a", password_confirmation: "b" }));
    expect(rejectSameAsMismatch(body, pairs).toString()).toBe("null");
  });

  it.each([{ password: "a", password_confirmation: "a" }, { password: "a" }, { lastname: "Putnam" }])("leaves %j alone", (value) => {
    const body = Buffer.from(JSON.stringify(value));
    expect(rejectSameAsMismatch(body, pairs)).toBe(body);
  });
});

describe("explainPrismOutput", () => {
  it("keeps Prism's fatal line without its colours and prefix", () => {
    const output = '\u001b[90m[6:49:55 PM]\u001b[39m › [CLI] …  awaiting  Starting Prism…\n[6:49:55 PM] › [CLI] \u001b[31m✖  fatal\u001b[39m     at "#/paths/~1a/get/responses/200", token "components" in "#/components/responses/Nope" does not exist\n';
    expect(explainPrismOutput(output)).toBe('at "#/paths/~1a/get/responses/200", token "components" in "#/components/responses/Nope" does not exist');
  });

  it("names a port Prism could not take", () => {
    expect(explainPrismOutput("usage text\n\nlisten EADDRINUSE: address already in use 127.0.0.1:4530\n")).toMatch(/EADDRINUSE/);
  });
});

describe("pointingHere", () => {
  it("moves links under a server of the spec to the mock, and leaves others alone", () => {
    const header = '<https://app.scaleft.com/v1/teams/t/clients?offset=a>; rel="next", <https://elsewhere.example/x>; rel="help"';
    expect(pointingHere(header, ["https://app.scaleft.com/v1"], "127.0.0.1:4013")).toBe('<http://127.0.0.1:4013/teams/t/clients?offset=a>; rel="next", <https://elsewhere.example/x>; rel="help"');
    expect(pointingHere(header, ["https://app.scaleft.com/v1"], undefined)).toBe(header);
  });
});
