// Ships what every client shares (SHARED_MODULES): each JavaScript module as written
// (plain ESM that Node.js runs with no build step) with the declarations tsc derives
// from its JSDoc types, and each hand-written declaration file as it is.
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import type * as TypeScript from "typescript";
import { GENERATED_DIR, GenerateError, type Layout, SHARED_MODULES, generatedNotice, loadCommonJs, writeOutput } from "./files.ts";

const sourceOf = (module: string) => `scripts/${module}`;
const sourcePath = (module: string) => fileURLToPath(new URL(`../${module}`, import.meta.url));

/**
 * The shared modules sit side by side in generated/: an import of another one from a
 * sibling folder of scripts/ (`../spec/response-contract.js`) becomes `./response-contract.js`.
 */
function flattened(text: string): string {
  const shipped = new Set(SHARED_MODULES.map((module) => basename(module)));
  return text.replace(/(["'])\.\.\/[a-z-]+\/([\w.-]+\.js)\1/g, (whole, quote: string, name: string) => (shipped.has(name) ? `${quote}./${name}${quote}` : whole));
}

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
  // declarations are emitted from the JSDoc as written, so of the standard library's
  // declarations (the bulk of the parse time) only ES5's are read: without them the
  // emitter drops `extends Error` and types an array as `{}`.
  noCheck: true,
  lib: ["lib.es5.d.ts"],
};

export function writeRuntime(layout: Layout): void {
  const scripts = SHARED_MODULES.filter((module) => module.endsWith(".js"));
  const declarations = rememberedDeclarationsOf(scripts);
  for (const module of SHARED_MODULES) {
    const header = `// ${generatedNotice(sourceOf(module))}\n`;
    const target = join(layout.outRoot, GENERATED_DIR, basename(module));
    writeOutput(target, header + flattened(readFileSync(sourcePath(module), "utf8")));
    const declaration = declarations.get(module);
    if (declaration !== undefined) writeOutput(target.replace(/\.js$/, ".d.ts"), header + flattened(declaration));
  }
}

let remembered: { sources: string; declarations: Map<string, string> } | undefined;

/**
 * The declarations depend only on the shared scripts' text, so a process that generates
 * several project copies (`npm run review`: the base and the head) derives them once.
 */
function rememberedDeclarationsOf(modules: string[]): Map<string, string> {
  const sources = modules.map((module) => `${module}\0${readFileSync(sourcePath(module), "utf8")}`).join("\0");
  if (remembered?.sources !== sources) remembered = { sources, declarations: declarationsOf(modules) };
  return remembered.declarations;
}

/** Declarations by module, from one program over all the shared scripts. */
function declarationsOf(modules: string[]): Map<string, string> {
  const program = ts.createProgram(modules.map(sourcePath), compilerOptions);
  const problem = program.getSyntacticDiagnostics()[0];
  if (problem) throw new GenerateError(`${problem.file?.fileName ?? "scripts/generate"}: ${ts.flattenDiagnosticMessageText(problem.messageText, " ")}`);
  const output = new Map<string, string>();
  for (const module of modules) {
    program.emit(program.getSourceFile(sourcePath(module)), (_, text) => {
      output.set(module, text);
    });
    if (!output.has(module)) throw new GenerateError(`${sourceOf(module)}: tsc emitted no declarations`);
  }
  return output;
}
