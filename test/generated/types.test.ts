// Runs the type tests in types/<api>.ts through tsc (vitest alone does not type-check).
// They import `clients-contract/<api>`, the package's own export, as a consumer would.
// Besides "no errors", each `@ts-expect-error` is proven to hide exactly one error of
// the mistake it names: with the directives turned into plain comments, every marked
// line fails with a message of that kind and no other line fails.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { loadApis, projectRoot } from "../../scripts/lib/apis.ts";
import { type JsonSchema, type OpenApiDocument, deref, listOperations, loadBundle } from "../../scripts/lib/openapi.ts";

const apis = loadApis();
const typeTestFile = (api: string) => join(projectRoot, "test", "generated", "types", `${api}.ts`);
const DIRECTIVE = "// @ts-expect-error ";

interface Mistake {
  label: string;
  message: RegExp;
}

const wrongPath = /^Argument of type '"\/[^']*"' is not assignable to parameter of type/;

/**
 * The seven mistakes every API's client must reject. Where a spec has nothing to get
 * wrong (no query parameters, no request body, no required body field), the nearest
 * mistake stands in; which one is decided from the spec, not chosen per file.
 */
function mistakesFor(spec: OpenApiDocument): Mistake[] {
  const operations = listOperations(spec);
  const hasQuery = operations.some((operation) => operation.parameters.some((parameter) => parameter.in === "query"));
  const hasBody = operations.some((operation) => operation.requestBody);
  const hasRequiredBodyField = operations.some((operation) =>
    Object.values(operation.requestBody?.content ?? {}).some((media) => requiredFields(spec, media.schema).length > 0),
  );
  return [
    { label: "unknown path", message: wrongPath },
    { label: "method the path does not have", message: wrongPath },
    { label: "unknown query parameter", message: /does not exist in type|is not assignable to type 'undefined'/ },
    hasQuery
      ? { label: "query parameter of the wrong type", message: /is not assignable to type/ }
      : { label: "path parameter of the wrong type", message: /is not assignable to type 'number'/ },
    hasBody
      ? { label: "body field of the wrong type", message: /is not assignable to type/ }
      : { label: "a body where the operation takes none", message: /is not assignable to type 'undefined'/ },
    hasRequiredBodyField
      ? { label: "missing required body field", message: /Property '\w+' is missing/ }
      : hasBody
        ? { label: "missing required body", message: /Property 'body' is missing/ }
        : { label: "missing required path parameter", message: /Property '\w+' is missing/ },
    { label: "response field that does not exist", message: /does not exist on type/ },
  ];
}

function requiredFields(spec: OpenApiDocument, schema: JsonSchema | undefined): unknown[] {
  const required = deref(spec, schema)?.required;
  return Array.isArray(required) ? required : [];
}

const compilerOptions = (() => {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(projectRoot, "tsconfig.json"), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
    },
  });
  if (!parsed) throw new Error("tsconfig.json cannot be read");
  return parsed.options;
})();

interface Finding {
  file: string;
  line: number;
  message: string;
}

/** Type-checks `files`, with `rewrite` applied to their text first. */
function typeCheck(files: string[], rewrite: (text: string) => string = (text) => text): Finding[] {
  const host = ts.createCompilerHost(compilerOptions);
  const readSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) =>
    files.includes(fileName)
      ? ts.createSourceFile(fileName, rewrite(readFileSync(fileName, "utf8")), languageVersion, true)
      : readSourceFile(fileName, languageVersion, ...rest);
  const program = ts.createProgram(files, compilerOptions, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => ({
    file: diagnostic.file?.fileName ?? "",
    line: diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1 : 0,
    message: ts.flattenDiagnosticMessageText(diagnostic.messageText, " "),
  }));
}

/** The line of code after each directive, with the mistake the directive names. */
function markedLines(file: string): Array<{ line: number; label: string }> {
  return readFileSync(file, "utf8")
    .split("\n")
    .flatMap((text, index) => {
      const at = text.indexOf(DIRECTIVE);
      return at === -1 ? [] : [{ line: index + 2, label: text.slice(at + DIRECTIVE.length).trim() }];
    });
}

const files = apis.map((api) => typeTestFile(api.name));

describe("type tests of the generated clients", () => {
  it("compile: correct calls have exact types and every @ts-expect-error is used", () => {
    expect(typeCheck(files)).toEqual([]);
  });

  const uncovered = typeCheck(files, (text) => text.replaceAll(DIRECTIVE, "// expected error: "));

  describe.each(apis.map((api) => [api.name, api] as const))("%s", (_, api) => {
    const file = typeTestFile(api.name);
    const marked = markedLines(file);

    it("marks each of the seven mistakes, as the spec allows them", () => {
      const labels = mistakesFor(loadBundle(api.bundle)).map((mistake) => mistake.label);
      expect(marked.map((mark) => mark.label).sort()).toEqual([...labels].sort());
    });

    it("gets exactly one error of the named kind on each marked line and none elsewhere", () => {
      const mistakes = new Map(mistakesFor(loadBundle(api.bundle)).map((mistake) => [mistake.label, mistake.message]));
      const errors = uncovered.filter((finding) => finding.file === file);
      expect(errors.map((error) => error.line)).toEqual(marked.map((mark) => mark.line));
      for (const mark of marked) {
        const error = errors.find((finding) => finding.line === mark.line);
        expect(error?.message, `${api.name}.ts:${mark.line} (${mark.label})`).toMatch(mistakes.get(mark.label) ?? /^$/);
      }
    });
  });

  it("fail when a marked mistake stops being an error", () => {
    // A correct line slipped in under the first directive, as if its mistake were fixed.
    const weakened = typeCheck([files[0] ?? ""], (text) => text.replace(/^\s*\/\/ @ts-expect-error .*$/m, "$&\nconst stillFine = 1;"));
    expect(weakened.map((finding) => finding.message)).toContain("Unused '@ts-expect-error' directive.");
  });
});
