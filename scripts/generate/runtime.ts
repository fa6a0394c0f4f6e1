// Ships the shared client runtime: client-runtime.js as written (plain ESM that Node.js
// runs with no build step) and the declarations tsc derives from its JSDoc types.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type * as TypeScript from "typescript";
import { GENERATED_DIR, GenerateError, type Layout, RUNTIME_MODULE, generatedNotice, loadCommonJs, writeOutput } from "./files.ts";

const SOURCE = "scripts/generate/client-runtime.js";
const sourcePath = fileURLToPath(new URL("./client-runtime.js", import.meta.url));

// Required, not imported: see loadCommonJs in files.ts.
const ts = loadCommonJs<typeof TypeScript>("typescript");

const compilerOptions: TypeScript.CompilerOptions = {
  allowJs: true,
  checkJs: true,
  declaration: true,
  emitDeclarationOnly: true,
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  types: [],
  skipLibCheck: true,
  // `npm run typecheck` and the tests check the runtime; here tsc only has to emit, and
  // declarations are emitted from the JSDoc as written, so the standard library's
  // declarations (the bulk of the parse time) are not needed.
  noCheck: true,
  noLib: true,
};

export function writeRuntime(layout: Layout): void {
  const header = `// ${generatedNotice(SOURCE)}\n`;
  const base = join(layout.outRoot, GENERATED_DIR, RUNTIME_MODULE);
  writeOutput(`${base}.js`, header + readFileSync(sourcePath, "utf8"));
  writeOutput(`${base}.d.ts`, header + declarations());
}

function declarations(): string {
  const program = ts.createProgram([sourcePath], compilerOptions);
  const problem = program.getSyntacticDiagnostics()[0];
  if (problem) throw new GenerateError(`${SOURCE}: ${ts.flattenDiagnosticMessageText(problem.messageText, " ")}`);
  let output: string | undefined;
  program.emit(program.getSourceFile(sourcePath), (_, text) => {
    output = text;
  });
  if (output === undefined) throw new GenerateError(`${SOURCE}: tsc emitted no declarations`);
  return output;
}
