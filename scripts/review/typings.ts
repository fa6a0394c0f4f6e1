// What a change does to a TypeScript consumer of `clients-contract/<api>`: the names the
// subpath exports (schema aliases included) before and after, and whether a consumer
// written against the base still compiles. One in-process TypeScript program checks every
// API's corpus against the new types and, when that fails, against the base types too: an
// error against the base is a bug of the corpus generator, reported as such, never as a break.
import { writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type * as TypeScript from "typescript";
import { loadCommonJs } from "../generate/files.ts";
import type { OpenApiDocument } from "../spec/openapi.ts";
import { consumerCorpus } from "./corpus.ts";

// Required, not imported: see loadCommonJs (Node's ESM scan of typescript.js costs ~0.3 s).
const ts = loadCommonJs<typeof TypeScript>("typescript");

export interface TypingsImpact {
  exportsAdded: string[];
  exportsRemoved: string[];
  /** Errors of the base consumer against the new types: `getClient: response data.updatedAt: Type ...`. */
  consumerErrors: string[];
  /** Errors of the corpus against the base types itself (should be none). */
  corpusProblems: string[];
  breaking: boolean;
}

export interface TypingsInput {
  api: string;
  /** The base spec the consumer is written from. */
  baseSpec: OpenApiDocument;
  /** generated/<api>/index.d.ts of the base and of the working tree. */
  baseIndex: string;
  headIndex: string;
}

/** The top of TypeScript's message chain: the elaborations below it repeat the same types. */
function firstMessage(message: string | TypeScript.DiagnosticMessageChain): string {
  const text = typeof message === "string" ? message : message.messageText;
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

const COMPILER_OPTIONS: TypeScript.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  types: [],
};

/** Library and generated files parsed once per process (tests review many copies). */
const parsedFiles = new Map<string, TypeScript.SourceFile>();

function compilerHost(): TypeScript.CompilerHost {
  const host = ts.createCompilerHost(COMPILER_OPTIONS);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    if (!fileName.includes(`${sep}node_modules${sep}`)) return read(fileName, languageVersion, ...rest);
    const known = parsedFiles.get(fileName);
    if (known) return known;
    const file = read(fileName, languageVersion, ...rest);
    if (file) parsedFiles.set(fileName, file);
    return file;
  };
  return host;
}

function importPath(fromDir: string, file: string): string {
  const path = relative(fromDir, file).split(sep).join("/").replace(/\.d\.ts$/, ".js");
  return path.startsWith(".") ? path : `./${path}`;
}

/** Writes the corpora into `workDir` and checks them all in one program. */
export function typingsImpact(inputs: TypingsInput[], workDir: string): Map<string, TypingsImpact> {
  const corpora = inputs.flatMap((input) =>
    (["base", "head"] as const).map((side) => {
      const file = join(workDir, `consumer-${input.api}-${side}.ts`);
      const corpus = consumerCorpus(input.baseSpec, importPath(workDir, side === "base" ? input.baseIndex : input.headIndex));
      writeFileSync(file, corpus.source);
      return { api: input.api, side, file, labels: corpus.labels };
    }),
  );
  const program = ts.createProgram(
    [...corpora.map((corpus) => corpus.file), ...inputs.flatMap((input) => [input.baseIndex, input.headIndex])],
    COMPILER_OPTIONS,
    compilerHost(),
  );
  const checker = program.getTypeChecker();
  const results = new Map<string, TypingsImpact>();
  for (const input of inputs) {
    const errorsOf = (side: "base" | "head") => {
      const corpus = corpora.find((candidate) => candidate.api === input.api && candidate.side === side);
      const source = corpus && program.getSourceFile(corpus.file);
      if (!corpus || !source) return [`${input.api}: the consumer corpus was not compiled`];
      return ts.getPreEmitDiagnostics(program, source).map((diagnostic) => {
        const line = diagnostic.start === undefined ? 0 : source.getLineAndCharacterOfPosition(diagnostic.start).line + 1;
        const label = corpus.labels.get(line) ?? `line ${line}`;
        return `${label}: ${firstMessage(diagnostic.messageText)} (TS${diagnostic.code})`;
      });
    };
    const exportsOf = (file: string) => {
      const source = program.getSourceFile(file);
      const symbol = source && checker.getSymbolAtLocation(source);
      return new Set(symbol ? checker.getExportsOfModule(symbol).map((exported) => exported.name) : []);
    };
    const before = exportsOf(input.baseIndex);
    const after = exportsOf(input.headIndex);
    const exportsRemoved = [...before].filter((name) => !after.has(name)).sort();
    const exportsAdded = [...after].filter((name) => !before.has(name)).sort();
    // TypeScript checks a file only when asked: the base side is checked only when the
    // head side has errors, to tell a real break from a bug of the corpus (half the time).
    const headErrors = errorsOf("head");
    const corpusProblems = headErrors.length === 0 ? [] : errorsOf("base");
    const consumerErrors = corpusProblems.length === 0 ? headErrors : [];
    results.set(input.api, {
      exportsAdded,
      exportsRemoved,
      consumerErrors,
      corpusProblems,
      breaking: exportsRemoved.length > 0 || consumerErrors.length > 0,
    });
  }
  return results;
}
