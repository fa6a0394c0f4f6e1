// Every example in every spec validates against its schema with ajv (JSON Schema
// 2020-12, formats checked), and every JSON example in the vendor documents is
// one of the spec's named examples, verbatim.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../scripts/lib/apis.ts";
import { escapePointerToken, type MediaType } from "../../scripts/spec/openapi.ts";
import { loadAll } from "./helpers.ts";

const apis = loadAll();
const seedsDir = join(projectRoot, "..", "shared", "seeds");

interface ExampleCase {
  where: string;
  schemaPointer: string;
  value: unknown;
}

function mediaExamples(base: string, content: Record<string, MediaType> | undefined): ExampleCase[] {
  return Object.entries(content ?? {}).flatMap(([type, media]) =>
    Object.entries(media.examples ?? {}).map(([name, example]) => ({
      where: `${base} ${type} example "${name}"`,
      schemaPointer: `${base}/content/${escapePointerToken(type)}/schema`,
      value: example.value,
    })),
  );
}

/** Outermost `{...}` regions of a text that parse as JSON. */
function jsonObjectsIn(text: string): unknown[] {
  const found: unknown[] = [];
  for (let start = text.indexOf("{"); start !== -1; ) {
    let depth = 0;
    let end = -1;
    for (let i = start; i < text.length; i += 1) {
      if (text[i] === "{") depth += 1;
      else if (text[i] === "}" && (depth -= 1) === 0) {
        end = i;
        break;
      }
    }
    if (end === -1) break;
    try {
      found.push(JSON.parse(text.slice(start, end + 1)));
      start = text.indexOf("{", end + 1);
    } catch {
      start = text.indexOf("{", start + 1);
    }
  }
  return found.filter((value) => typeof value === "object" && value !== null && Object.keys(value).length > 0);
}

/** The seed README's table maps each vendor document to its API folder. */
function seedFileOf(apiName: string): string {
  const readme = readFileSync(join(seedsDir, "README.md"), "utf8");
  const row = readme.split("\n").find((line) => line.includes(`| \`${apiName}\` |`));
  const file = row?.split("|")[1]?.trim();
  if (!file || !readdirSync(seedsDir).includes(file)) throw new Error(`no seed document for ${apiName}`);
  return join(seedsDir, file);
}

describe.each(apis)("$api.name", ({ api, doc, operations, validators }) => {
  const cases: ExampleCase[] = operations.flatMap((op) => [
    ...op.parameters.flatMap((parameter) =>
      parameter.example === undefined
        ? []
        : [{ where: `${op.operationId} parameter ${parameter.name}`, schemaPointer: `${parameter.pointer}/schema`, value: parameter.example }],
    ),
    ...mediaExamples(`${op.pointer}/requestBody`, op.requestBody?.content),
    ...Object.entries(op.responses).flatMap(([status, response]) =>
      mediaExamples(`${op.pointer}/responses/${status}`, response.content),
    ),
  ]);

  it("has examples to check", () => {
    expect(cases.length).toBeGreaterThan(operations.length);
  });

  it.each(cases.map((c) => [c.where, c] as const))("%s validates against its schema", (_, c) => {
    expect(validators.validate(c.schemaPointer, c.value).errors).toEqual([]);
  });

  it("has every parameter's example", () => {
    const missing = operations.flatMap((op) => op.parameters.filter((p) => p.example === undefined).map((p) => `${op.operationId}.${p.name}`));
    expect(missing).toEqual([]);
  });

  it("holds every JSON example of the vendor document verbatim, as a named example or as parameter examples", () => {
    const named = Object.values((doc.components?.examples ?? {}) as Record<string, { value?: unknown }>).map((e) => JSON.stringify(e.value));
    // A document's query-parameter object (e.g. Python's `params={...}`) is kept as the parameters' own examples.
    const isParameterSet = (example: object) =>
      operations.some((op) =>
        Object.entries(example).every(([name, value]) => op.parameters.some((p) => p.name === name && p.example === value)),
      );
    const fromDocument = jsonObjectsIn(readFileSync(seedFileOf(api.name), "utf8"));
    expect(fromDocument.length).toBeGreaterThan(0);
    const absent = fromDocument.filter((example) => !named.includes(JSON.stringify(example)) && !isParameterSet(example as object));
    expect(absent).toEqual([]);
  });
});
