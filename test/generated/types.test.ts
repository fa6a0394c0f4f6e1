// Runs the type tests in types/<api>.ts, and one per API written here from its spec
// that tries a typo in every place of every operation, through tsc (vitest alone does
// not type-check). They import `clients-contract/<api>`, the package's own export, as a
// consumer would. Besides "no errors", each `@ts-expect-error` is proven to hide exactly
// one error of the mistake it names: with the directives turned into plain comments,
// every marked line fails with a message of that kind and no other line fails. And the
// typos beside valid keys are proven to need the exact call types: with openapi-fetch's
// own types in their place, those directives go unused, so the type tests fail.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { type Api, loadApis, projectRoot } from "../../scripts/lib/apis.ts";
import { type JsonSchema, type OpenApiDocument, type Operation, deref, isObject, listOperations, loadBundle } from "../../scripts/spec/openapi.ts";

const apis = loadApis();
const typeTestFile = (api: string) => join(projectRoot, "test", "generated", "types", `${api}.ts`);
const DIRECTIVE = "// @ts-expect-error ";

interface Mistake {
  label: string;
  message: RegExp;
  /** A compile error only because the client's calls are exact (client-types.d.ts); openapi-fetch alone accepts it. */
  exactness?: true;
}

const wrongPath = /^Argument of type '"\/[^']*"' is not assignable to parameter of type/;
const misspelled = /Object literal may only specify known properties, but '\w+' does not exist in type .* Did you mean to write '\w+'\?/;
const unknownKey = /Object literal may only specify known properties, and '"?[\w-]+"?' does not exist in type/;
const notTaken = /is not assignable to type 'undefined'/;

/**
 * The mistakes every API's client must reject. Where a spec has nothing to get wrong
 * (no query parameters, no request body, no required body field), the nearest mistake
 * stands in or the case is left out; which is decided from the spec, not chosen per file.
 * The typos sit beside valid keys, where openapi-fetch alone lets them through.
 */
function mistakesFor(spec: OpenApiDocument): Mistake[] {
  const operations = listOperations(spec);
  const takes = (place: string) => operations.some((operation) => operation.parameters.some((parameter) => parameter.in === place));
  const hasQuery = takes("query");
  const hasBody = operations.some((operation) => operation.requestBody);
  const hasRequiredBodyField = operations.some((operation) =>
    Object.values(operation.requestBody?.content ?? {}).some((media) => requiredFields(spec, media.schema).length > 0),
  );
  const typos: Mistake[] = [
    ...(hasQuery
      ? [
          { label: "misspelled query parameter beside a valid one", message: misspelled, exactness: true as const },
          { label: "unknown query parameter beside a valid one", message: unknownKey, exactness: true as const },
        ]
      : []),
    { label: "unknown path parameter beside a valid one", message: unknownKey, exactness: true },
    takes("header")
      ? { label: "unknown header parameter beside a valid one", message: unknownKey, exactness: true }
      : { label: "header parameter the operation does not take, beside valid parameters", message: notTaken },
    ...(hasBody
      ? [
          { label: "misspelled body field beside valid ones", message: misspelled, exactness: true as const },
          { label: "unknown body field beside valid ones", message: unknownKey, exactness: true as const },
        ]
      : []),
    { label: "unknown option beside valid ones", message: unknownKey, exactness: true },
  ];
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
    ...typos,
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

/**
 * Type-checks the `sources` (file name to text, on disk or not), with `overrides`
 * replacing the text of other files the program reads (e.g. the generated declarations).
 */
/** Files no check rewrites (the libraries, the generated types), parsed once for all the checks. */
const parsed = new Map<string, ts.SourceFile | undefined>();

function typeCheck(sources: Map<string, string>, overrides = new Map<string, (text: string) => string>()): Finding[] {
  const host = ts.createCompilerHost(compilerOptions);
  const readSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const text = sources.get(fileName);
    if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
    const override = overrides.get(fileName);
    if (override) return ts.createSourceFile(fileName, override(readFileSync(fileName, "utf8")), languageVersion, true);
    if (!parsed.has(fileName)) parsed.set(fileName, readSourceFile(fileName, languageVersion, ...rest));
    return parsed.get(fileName);
  };
  const program = ts.createProgram([...sources.keys()], compilerOptions, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => ({
    file: diagnostic.file?.fileName ?? "",
    line: diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1 : 0,
    message: ts.flattenDiagnosticMessageText(diagnostic.messageText, " "),
  }));
}

/** The line of code after each directive, with the mistake the directive names. */
function markedLines(text: string): Array<{ line: number; label: string }> {
  return text.split("\n").flatMap((line, index) => {
    const at = line.indexOf(DIRECTIVE);
    return at === -1 ? [] : [{ line: index + 2, label: line.slice(at + DIRECTIVE.length).trim() }];
  });
}

/**
 * A type test of every operation of an API, written from its spec: a valid call (path
 * parameters and one query parameter from their examples, the body from its example),
 * then the same call with one unknown key added in each place: query, path and header
 * parameters, body, options. Where the operation takes something, the typo sits beside
 * valid keys and only exactness rejects it; where it takes nothing, any key is an error.
 */
/** The call's text with `init`, and the valid options of the operation (its examples). */
function callOf(spec: OpenApiDocument, operation: Operation) {
  const call = (init: Record<string, unknown>) => `client.${operation.method.toUpperCase()}(${JSON.stringify(operation.path)}, ${JSON.stringify(init)})`;
  const params: Record<string, Record<string, unknown>> = Object.fromEntries(
    (["path", "query", "header"] as const).flatMap((place) => {
      const taken = operation.parameters.filter((parameter) => parameter.in === place);
      const used = place === "path" ? taken : taken.slice(0, 1);
      return used.length === 0 ? [] : [[place, Object.fromEntries(used.map((parameter) => [parameter.name, parameter.example]))]];
    }),
  );
  const body = requestBodyExample(spec, operation);
  const valid = { ...(Object.keys(params).length > 0 ? { params } : {}), ...(body === undefined ? {} : { body }) };
  return { call, params, body, valid };
}

function everyOperationSource(api: Api, spec: OpenApiDocument): string {
  const calls = listOperations(spec).flatMap((operation) => {
    const { call: callText, params, body, valid } = callOf(spec, operation);
    const call = (init: Record<string, unknown>) => `  await ${callText(init)};`;
    const typo = { zzz_not_in_spec: 1 };
    const lines = [call(valid)];
    for (const place of ["query", "path", "header"] as const) {
      const beside = params[place];
      const label = beside
        ? `unknown ${place} parameter beside a valid one`
        : place === "header"
          ? "header parameter the operation does not take, beside valid parameters"
          : `${place} parameter the operation does not take`;
      lines.push(`  ${DIRECTIVE}${label}`, call({ ...valid, params: { ...params, [place]: { ...beside, ...typo } } }));
    }
    if (isObject(body)) lines.push(`  ${DIRECTIVE}unknown body field beside valid ones`, call({ ...valid, body: { ...body, ...typo } }));
    else if (body === undefined) lines.push(`  ${DIRECTIVE}a body where the operation takes none`, call({ ...valid, body: typo }));
    lines.push(`  ${DIRECTIVE}unknown option beside valid ones`, call({ ...valid, timeout: 5_000 }));
    return lines;
  });
  return `import { createClient } from "clients-contract/${api.name}";

const client = createClient();

export async function everyOperation(): Promise<void> {
${calls.join("\n")}
}
`;
}

const NARROWED = "// narrowed by status";

/**
 * One status each key of a response map stands for: the key itself, or for `4XX` and
 * `default` the first status no other key names.
 */
function representativeStatus(keys: string[], key: string): number {
  const named = new Set(keys.filter((candidate) => /^\d{3}$/.test(candidate)).map(Number));
  const inRanges = (status: number) => keys.includes(`${Math.floor(status / 100)}XX`);
  if (/^\d{3}$/.test(key)) return Number(key);
  const first = key === "default" ? 100 : Number(key[0]) * 100;
  const last = key === "default" ? 599 : first + 99;
  for (let status = first; status <= last; status += 1) if (!named.has(status) && (key !== "default" || !inRanges(status))) return status;
  throw new Error(`no status left for ${key}`);
}

/**
 * A type test of every documented status of every operation, written from the spec:
 * `status` is the union of the documented ones, and checking it narrows `data` (2xx)
 * or `error` (the rest) to exactly that response's body and the other to `undefined`,
 * on the result and on its destructured fields. A line that only holds thanks to the
 * narrowing (the other field's statuses exist, or carry a body) ends with NARROWED.
 */
function everyStatusSource(api: Api, spec: OpenApiDocument): string {
  const blocks = listOperations(spec).map((operation) => {
    const { call, valid } = callOf(spec, operation);
    const keys = Object.keys(operation.responses);
    const isSuccess = (key: string) => {
      const status = representativeStatus(keys, key);
      return status >= 200 && status < 300;
    };
    const hasBody = (key: string) => operation.responses[key]?.content?.["application/json"] !== undefined;
    const lines = [`  {`, `    const result = await ${call(valid)};`, `    const { status, data, error } = result;`];
    if (keys.every((key) => /^\d{3}$/.test(key))) lines.push(`    expectTypeOf(result.status).toEqualTypeOf<${keys.join(" | ")}>(); ${NARROWED}`);
    for (const key of keys) {
      const others = keys.filter((other) => isSuccess(other) !== isSuccess(key));
      const alike = keys.filter((other) => other !== key && isSuccess(other) === isSuccess(key));
      // Unnarrowed, a field is the union over all statuses: a check differs from it only
      // where another status puts something else in that field.
      const holdsNarrowed = hasBody(key) ? others.length > 0 : alike.some(hasBody);
      const indexed = /^\d{3}$/.test(key) ? key : JSON.stringify(key);
      const body = hasBody(key) ? `operations[${JSON.stringify(operation.operationId)}]["responses"][${indexed}]["content"]["application/json"]` : "undefined";
      const [holds, empty] = isSuccess(key) ? ["data", "error"] : ["error", "data"];
      const check = (field: string, type: string, informative: boolean) => `      expectTypeOf(${field}).toEqualTypeOf<${type}>();${informative ? ` ${NARROWED}` : ""}`;
      const status = representativeStatus(keys, key);
      for (const [test, prefix] of [[`result.status === ${status}`, "result."], [`status === ${status}`, ""]] as const) {
        lines.push(
          `    if (${test}) {`,
          check(`${prefix}${holds}`, body, holdsNarrowed),
          check(`${prefix}${empty}`, "undefined", others.some(hasBody)),
          `    }`,
        );
      }
    }
    return [...lines, `  }`].join("\n");
  });
  return `import { expectTypeOf } from "vitest";
import { createClient, type operations } from "clients-contract/${api.name}";

const client = createClient();

export async function everyStatus(): Promise<void> {
${blocks.join("\n")}
}
`;
}

function requestBodyExample(spec: OpenApiDocument, operation: Operation): unknown {
  const media = operation.requestBody?.content?.["application/json"];
  if (!media) return undefined;
  if (media.example !== undefined) return media.example;
  const named = Object.values(media.examples ?? {})[0];
  if (named) return deref(spec, named).value;
  throw new Error(`${operation.operationId}: the request body has no example to build a valid call from`);
}

/** What each label of the generated every-operation files expects. */
const everyOperationMistakes: Mistake[] = [
  ...["query", "path", "header"].map((place) => ({ label: `unknown ${place} parameter beside a valid one`, message: unknownKey, exactness: true as const })),
  { label: "query parameter the operation does not take", message: notTaken },
  { label: "path parameter the operation does not take", message: notTaken },
  { label: "header parameter the operation does not take, beside valid parameters", message: notTaken },
  { label: "unknown body field beside valid ones", message: unknownKey, exactness: true },
  { label: "a body where the operation takes none", message: notTaken },
  { label: "unknown option beside valid ones", message: unknownKey, exactness: true },
];

const suites = apis.flatMap((api) => {
  const spec = loadBundle(api.bundle);
  const handWritten = typeTestFile(api.name);
  return [
    { name: `${api.name}.ts`, file: handWritten, text: readFileSync(handWritten, "utf8"), mistakes: mistakesFor(spec), handWritten: true },
    // Not on disk: written from the spec for this run, so a new operation is covered with no edit.
    { name: `${api.name}, every operation`, file: typeTestFile(`${api.name}.every-operation`), text: everyOperationSource(api, spec), mistakes: everyOperationMistakes, handWritten: false },
  ];
});
const sources = new Map(suites.map((suite) => [suite.file, suite.text]));
// Not on disk either: the status narrowing of every operation, type-checked with the rest.
const statusSuites = apis.map((api) => ({ name: api.name, file: typeTestFile(`${api.name}.every-status`), text: everyStatusSource(api, loadBundle(api.bundle)) }));
for (const suite of statusSuites) sources.set(suite.file, suite.text);

/** openapi-fetch's own call types in place of the exact ones, as if client-types.d.ts were never applied. */
const runtimeDeclarations = join(projectRoot, "generated", "client-runtime.d.ts");
function withoutExactness(text: string): string {
  const exact = 'import("./client-types.js").ExactClient<Paths>';
  if (!text.includes(exact)) throw new Error(`${runtimeDeclarations} no longer types ApiClient as ${exact}; update this test`);
  return text.replaceAll(exact, 'import("openapi-fetch").Client<Paths, "application/json">');
}

const UNUSED = "Unused '@ts-expect-error' directive.";

/** Results whose `status` is a plain number, as if it told nothing about the body. */
const callTypes = join(projectRoot, "generated", "client-types.d.ts");
function withoutNarrowing(text: string): string {
  const discriminants = ["status: Extract<Status, Success>", "status: Exclude<Status, Success>"];
  if (!discriminants.every((discriminant) => text.includes(discriminant))) throw new Error(`${callTypes} no longer types status as ${discriminants.join(" and ")}; update this test`);
  return discriminants.reduce((changed, discriminant) => changed.replace(discriminant, "status: number"), text);
}

/** The lines of `text` that end with `marker`, 1-based. */
const linesWith = (text: string, marker: string) => text.split("\n").flatMap((line, index) => (line.endsWith(marker) ? [index + 1] : []));

/** A variant of a type test, checked beside it in the same program under this name. */
const variantFile = (file: string, variant: "uncovered" | "weakened") => file.replace(/\.ts$/, `.${variant}.ts`);

const [firstSuite] = suites;
if (!firstSuite) throw new Error("no API");

/**
 * One program checks the type tests as written, each with its directives turned into
 * plain comments ("uncovered"), and the first with a correct line slipped in under its
 * first directive, as if its mistake were fixed ("weakened"): each variant is a module of
 * its own, so they cannot see one another, and the generated declarations they all
 * import are parsed and checked once instead of once per variant.
 */
const variants = new Map<string, string>([
  ...suites.map((suite) => [variantFile(suite.file, "uncovered"), suite.text.replaceAll(DIRECTIVE, "// expected error: ")] as const),
  [variantFile(firstSuite.file, "weakened"), firstSuite.text.replace(/^\s*\/\/ @ts-expect-error .*$/m, "$&\nconst stillFine = 1;")],
]);
const checked = typeCheck(new Map([...sources, ...variants]));
const findingsIn = (file: string) => checked.filter((finding) => finding.file === file);

describe("type tests of the generated clients", () => {
  it("compile: correct calls have exact types and every @ts-expect-error is used", () => {
    expect(checked.filter((finding) => !variants.has(finding.file))).toEqual([]);
  });

  // The declarations are rewritten for these two, so each is a program of its own.
  const inexact = typeCheck(new Map(suites.map((suite) => [suite.file, suite.text])), new Map([[runtimeDeclarations, withoutExactness]]));
  const unnarrowed = typeCheck(new Map(statusSuites.map((suite) => [suite.file, suite.text])), new Map([[callTypes, withoutNarrowing]]));

  describe.each(suites.map((suite) => [suite.name, suite] as const))("%s", (_, suite) => {
    const marked = markedLines(suite.text);
    const mistakes = new Map(suite.mistakes.map((mistake) => [mistake.label, mistake]));

    if (suite.handWritten) {
      it("marks each mistake, as the spec allows them", () => {
        expect(marked.map((mark) => mark.label).sort()).toEqual(suite.mistakes.map((mistake) => mistake.label).sort());
      });
    }

    it("gets exactly one error of the named kind on each marked line and none elsewhere", () => {
      const errors = findingsIn(variantFile(suite.file, "uncovered"));
      expect(errors.map((error) => error.line)).toEqual(marked.map((mark) => mark.line));
      for (const mark of marked) {
        const error = errors.find((finding) => finding.line === mark.line);
        expect(error?.message, `${suite.name}:${mark.line} (${mark.label})`).toMatch(mistakes.get(mark.label)?.message ?? /^$/);
      }
    });

    it("fail without exact calls: with openapi-fetch's own types the typos beside valid keys compile", () => {
      // openapi-fetch infers the options from the argument, so a typo beside a valid key
      // passes unless a string-literal union value in the same call makes TypeScript
      // check the literal against the declared type after all (asa's PUT with `state`).
      // So every line that passes must be an exactness case, and in the hand-written
      // files, whose parameter typos sit in calls without such values, all of those pass.
      const exactness = marked.filter((mark) => mistakes.get(mark.label)?.exactness);
      const findings = inexact.filter((finding) => finding.file === suite.file);
      const passed = findings.filter((finding) => finding.message === UNUSED).map((finding) => finding.line + 1);
      expect(passed.length).toBeGreaterThan(0);
      expect(passed.filter((line) => !exactness.some((mark) => mark.line === line))).toEqual([]);
      const parameterTypos = exactness.filter((mark) => suite.handWritten && /^(misspelled|unknown) (query|path) parameter/.test(mark.label));
      expect(parameterTypos.map((mark) => mark.line).filter((line) => !passed.includes(line))).toEqual([]);
      expect(findings.filter((finding) => finding.message !== UNUSED && !exactness.some((mark) => mark.line === finding.line))).toEqual([]);
    });
  });

  describe.each(statusSuites.map((suite) => [suite.name, suite] as const))("%s, every documented status", (_, suite) => {
    it("checks a narrowing of every documented status of every operation (compiled with the rest above)", () => {
      const operations = listOperations(loadBundle(apis.find((api) => api.name === suite.name)?.bundle ?? ""));
      const statuses = operations.reduce((count, operation) => count + Object.keys(operation.responses).length, 0);
      expect(linesWith(suite.text, NARROWED).length).toBeGreaterThanOrEqual(statuses);
    });

    it("fail when status does not discriminate: every narrowing line is an error", () => {
      const findings = unnarrowed.filter((finding) => finding.file === suite.file);
      expect([...new Set(findings.map((finding) => finding.line))]).toEqual(linesWith(suite.text, NARROWED));
    });
  });

  it("fail when a marked mistake stops being an error", () => {
    expect(findingsIn(variantFile(firstSuite.file, "weakened")).map((finding) => finding.message)).toContain(UNUSED);
  });
});
