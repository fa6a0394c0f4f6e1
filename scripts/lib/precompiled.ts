// Validators compiled ahead, by API name. From the sources this is empty and every run
// compiles what it uses; scripts/build.ts replaces this module in dist/ with one entry
// per API of redocly.yaml, each loading that API's validators only when it is tested.
import type { ValidateFunction } from "ajv/dist/2020.js";

export const precompiledValidators: Readonly<Record<string, () => Promise<{ validators: Record<string, ValidateFunction> }>>> = {};
