// Shared by the generation steps: where outputs go, and the line that opens each of them.
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, relative, sep } from "node:path";

/** Thrown for bad input (a broken spec, a bad config); index.ts prints its message as one line. */
export class GenerateError extends Error {}

export const GENERATED_DIR = "generated";
export const GENERATE_COMMAND = "npm run generate";

/** Basename of the shared client runtime, which each API's index imports. */
export const RUNTIME_MODULE = "client-runtime";

/** Basename of the string formats that each API's precompiled validators import. */
export const VALIDATION_FORMATS_MODULE = "validation-formats";

/** Basename of the response checks, whose types each API's validators.d.ts names. */
export const RESPONSE_VALIDATION_MODULE = "response-validation";

/** Basename of the typed `http` and handler options that each API's msw.d.ts names. */
export const MSW_HTTP_MODULE = "msw-http";

/**
 * What every client shares, by path under scripts/, shipped flat into generated/ as
 * written: JavaScript (typed with JSDoc) gets declarations derived by tsc; `.d.ts` files
 * are copied. The spec's own semantics (response matching, string formats) live in
 * scripts/spec/ with the rest of them and ship from there.
 */
export const SHARED_MODULES = [
  `generate/${RUNTIME_MODULE}.js`,
  `generate/${RESPONSE_VALIDATION_MODULE}.js`,
  `spec/${VALIDATION_FORMATS_MODULE}.js`,
  "spec/response-contract.js",
  "spec/validation-messages.js",
  "generate/client-types.d.ts",
  `generate/${MSW_HTTP_MODULE}.d.ts`,
];

/**
 * Generation writes into `outRoot`, a mirror of the project root: the real project when
 * generating, a temporary directory when checking, so both run exactly the same code.
 */
export interface Layout {
  /** The project: redocly.yaml and openapi/ are read from here. */
  projectRoot: string;
  /** Where generated/ is written. */
  outRoot: string;
  /** A temporary directory for intermediate files, outside `outRoot`. */
  scratchDir: string;
}

/** `file` (absolute, inside the project) as it lands under `outRoot`. */
export function outPath(layout: Layout, file: string): string {
  return join(layout.outRoot, projectRelative(layout, file));
}

/** `file` relative to the project root, with `/` separators, for messages and headers. */
export function projectRelative(layout: Layout, file: string): string {
  const path = relative(layout.projectRoot, file);
  if (path.startsWith("..") || isAbsolute(path)) throw new GenerateError(`${file} is outside the project`);
  return path.split(sep).join("/");
}

/** The first line of every generated text file. */
export function generatedNotice(source: string): string {
  return `Generated from ${source} by \`${GENERATE_COMMAND}\`. Do not edit.`;
}

export function writeOutput(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text.endsWith("\n") ? text : `${text}\n`);
}

/**
 * A package's CommonJS entry, loaded with require. TypeScript is CommonJS; importing it
 * (directly or through openapi-typescript's ESM build) makes Node scan its 9 MB source
 * for named exports, which cost a quarter of `npm run generate` (`npm run bench`, part 2).
 */
export function loadCommonJs<T>(name: string): T {
  return createRequire(import.meta.url)(name) as T;
}
