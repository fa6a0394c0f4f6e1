// Parameter styles and request media types, one transform at a time: the OpenAPI
// specification's own style examples (color = "blue", ["blue","black","brown"],
// {R: 100, G: 200, B: 150}) written and read back, bodies as forms and multipart,
// Accept from the success responses.
import { describe, expect, it } from "vitest";
import { acceptFor, encodeBody, knowDocument, readBackBody, requestMediaOf } from "../../scripts/conformance/media.ts";
import { buildRequest } from "../../scripts/conformance/requests.ts";
import fc from "fast-check";
import { cookiePieces, formEncode, headerValue, pathSegment, queryPieces, readBack, type StyledParameter } from "../../scripts/conformance/styles.ts";
import type { OpenApiDocument, Operation } from "../../scripts/spec/openapi.ts";

const doc = { openapi: "3.1.0", info: { title: "styles", version: "1" }, paths: {} } as unknown as OpenApiDocument;
const primitive = "blue";
const array = ["blue", "black", "brown"];
const object = { R: 100, G: 200, B: 150 };
const schemas = {
  primitive: { type: "string" },
  array: { type: "array", items: { type: "string" } },
  object: { type: "object", properties: { R: { type: "integer" }, G: { type: "integer" }, B: { type: "integer" } } },
};

const parameter = (where: StyledParameter["in"], style: string, explode: boolean, kind: keyof typeof schemas): StyledParameter => ({ name: "color", in: where, style, explode, schema: schemas[kind] });

describe("formEncode", () => {
  it("writes any string exactly as URLSearchParams does (application/x-www-form-urlencoded), lone surrogates included", () => {
    const asUrlSearchParams = (raw: string) => new URLSearchParams([["", raw]]).toString().slice(1);
    for (const raw of ["a b", "!'()~*-._", "é€😀", "x\uD800y", "a+b&c=d%", ""]) expect(formEncode(raw)).toBe(asUrlSearchParams(raw));
    fc.assert(fc.property(fc.string({ unit: "binary" }), (raw) => formEncode(raw) === asUrlSearchParams(raw)), { numRuns: 2_000, seed: 1 });
  });
});

describe("the OpenAPI style examples", () => {
  it.each([
    ["simple", false, "blue", "blue,black,brown", "R,100,G,200,B,150"],
    ["simple", true, "blue", "blue,black,brown", "R=100,G=200,B=150"],
    ["label", false, ".blue", ".blue,black,brown", ".R,100,G,200,B,150"],
    ["label", true, ".blue", ".blue.black.brown", ".R=100.G=200.B=150"],
    ["matrix", false, ";color=blue", ";color=blue,black,brown", ";color=R,100,G,200,B,150"],
    ["matrix", true, ";color=blue", ";color=blue;color=black;color=brown", ";R=100;G=200;B=150"],
  ])("path %s, explode %s", (style, explode, one, many, members) => {
    expect(pathSegment(parameter("path", style, explode, "primitive"), primitive)).toBe(one);
    expect(pathSegment(parameter("path", style, explode, "array"), array)).toBe(many);
    expect(pathSegment(parameter("path", style, explode, "object"), object)).toBe(members);
    expect(readBack(doc, parameter("path", style, explode, "array"), array)).toEqual(array);
    expect(readBack(doc, parameter("path", style, explode, "object"), object)).toEqual(object);
  });

  it.each([
    ["form", false, "color=blue,black,brown", "color=R,100,G,200,B,150"],
    ["form", true, "color=blue&color=black&color=brown", "R=100&G=200&B=150"],
    ["spaceDelimited", false, "color=blue%20black%20brown", "color=R%20100%20G%20200%20B%20150"],
    ["pipeDelimited", false, "color=blue|black|brown", "color=R|100|G|200|B|150"],
    ["deepObject", true, "color=blue&color=black&color=brown", "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150"],
  ])("query %s, explode %s", (style, explode, many, members) => {
    expect(queryPieces(parameter("query", style, explode, "primitive"), "color", primitive).join("&")).toBe("color=blue");
    expect(queryPieces(parameter("query", style, explode, "array"), "color", array).join("&")).toBe(many);
    expect(queryPieces(parameter("query", style, explode, "object"), "color", object).join("&")).toBe(members);
    expect(readBack(doc, parameter("query", style, explode, "array"), array)).toEqual(array);
    expect(readBack(doc, parameter("query", style, explode, "object"), object)).toEqual(object);
  });

  it("header (simple) and cookie (form) values", () => {
    expect(headerValue(parameter("header", "simple", false, "array"), array)).toBe("blue,black,brown");
    expect(headerValue(parameter("header", "simple", true, "object"), object)).toBe("R=100,G=200,B=150");
    expect(cookiePieces(parameter("cookie", "form", false, "array"), "color", array)).toEqual(["color=blue,black,brown"]);
    expect(cookiePieces(parameter("cookie", "form", true, "primitive"), "color", "a b;c")).toEqual(["color=a%20b%3Bc"]);
    expect(readBack(doc, parameter("cookie", "form", false, "array"), array)).toEqual(array);
  });

  it("a value the style cannot carry does not read back as itself (the generator leaves it out)", () => {
    expect(readBack(doc, parameter("query", "form", false, "array"), ["a,b"])).toEqual(["a", "b"]);
    expect(readBack(doc, parameter("query", "form", true, "array"), [])).toBeUndefined();
    expect(readBack(doc, parameter("query", "pipeDelimited", false, "array"), [])).toEqual([""]);
  });
});

function operation(content: Record<string, unknown>, responses: Record<string, unknown> = { "200": { description: "ok" } }): Operation {
  return { operationId: "op", method: "post", path: "/things", pointer: "/paths/~1things/post", tags: [], parameters: [], requestBody: { content }, responses, security: [], raw: {} } as unknown as Operation;
}

describe("request media types", () => {
  const upload = operation({
    "application/xml": { schema: { type: "object" } },
    "multipart/form-data": { schema: { type: "object", properties: { file: { type: "string", format: "binary" }, tags: { type: "array", items: { type: "string" } }, meta: { type: "object" } } } },
  });

  it("JSON first, then a form, then multipart; anything else is n/a", () => {
    expect(requestMediaOf(operation({ "application/x-www-form-urlencoded": {}, "application/vnd.api+json": {} })).chosen?.type).toBe("application/vnd.api+json");
    expect(requestMediaOf(upload).chosen?.kind).toBe("multipart");
    expect(requestMediaOf(operation({ "application/xml": {}, "text/plain": {} }))).toEqual({ unsupported: ["application/xml", "text/plain"] });
  });

  it("multipart: a part per member, a file part for a binary member, an object as JSON", () => {
    knowDocument(upload, doc);
    const { contentType, text } = encodeBody(upload, { file: "PNG...", tags: ["a", "b"], meta: { source: "x" } });
    const boundary = /boundary=(.+)$/.exec(contentType)?.[1] as string;
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(text).toContain(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="file.bin"\r\nContent-Type: application/octet-stream\r\n\r\nPNG...\r\n`);
    expect(text.match(/name="tags"/g)).toHaveLength(2);
    expect(text).toContain('name="meta"\r\nContent-Type: application/json\r\n\r\n{"source":"x"}');
    expect(text.endsWith(`--${boundary}--\r\n`)).toBe(true);
    const media = requestMediaOf(upload).chosen!;
    expect(readBackBody(doc, media, { file: "PNG...", tags: ["a", "b"], meta: { source: "x" } })).toEqual({ file: "PNG...", tags: ["a", "b"], meta: { source: "x" } });
  });

  it("a form: members as a query string, typed again when read back", () => {
    const login = operation({ "application/x-www-form-urlencoded": { schema: { type: "object", properties: { remember: { type: "boolean" }, scopes: { type: "array", items: { type: "string" } } } } } });
    knowDocument(login, doc);
    expect(encodeBody(login, { user: "a b", remember: true, scopes: ["read", "write"] })).toEqual({ contentType: "application/x-www-form-urlencoded", text: "user=a+b&remember=true&scopes=read&scopes=write" });
    expect(readBackBody(doc, requestMediaOf(login).chosen!, { remember: true, scopes: ["read"] })).toEqual({ remember: true, scopes: ["read"] });
  });

  it("Accept: a documented JSON type first, else the documented types, never application/json to an image-only operation", () => {
    const image = operation({}, { "200": { description: "png", content: { "image/png": {} } }, "400": { description: "bad", content: { "application/json": {} } } });
    expect(acceptFor(image)).toBe("image/png");
    expect(buildRequest("http://x", image, {}).headers.Accept).toBe("image/png");
    expect(acceptFor(operation({}, { "200": { description: "ok", content: { "text/csv": {}, "application/problem+json": {} } } }))).toBe("application/problem+json");
    expect(acceptFor(operation({}, { "204": { description: "none" } }))).toBe("*/*");
  });

  it("cookie parameters join a credential's cookie", () => {
    const op = { ...operation({}), method: "get", parameters: [{ name: "theme", in: "cookie", schema: { type: "string" }, pointer: "/x" }] } as unknown as Operation;
    expect(buildRequest("http://x", op, { headers: { Cookie: "session=abc" }, cookies: { theme: "dark" } }).headers.Cookie).toBe("session=abc; theme=dark");
  });
});
