// clients-contract.config.json: the conformance flags written down once, per-operation
// settings, and `${ENV_VAR}` in any string. Found from the working directory up to the
// repository root (the first folder holding .git), or named with `--config`. The JSON
// Schema shipped in schemas/ is this module's configSchema(), kept equal to the file by a
// test: the flag table (flags.ts) is the one source of both.
//
// `npm run config-schema` writes the shipped schema file.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import type { ErrorObject } from "ajv";
import { isMain, UsageError } from "../lib/cli.ts";
import { packageRoot } from "../lib/package.ts";
import type { CheckName } from "./checks/names.ts";
import { type CliOptions, FLAGS, type Flag, type FlagContext, type JsonSchema } from "./flags.ts";

export const CONFIG_FILE_NAME = "clients-contract.config.json";

/** Where the package ships the schema (package.json "files" lists schemas/). */
export const SCHEMA_FILE = join(packageRoot, "schemas", "clients-contract.config.schema.json");

/** What `operations.<operationId>` may set for one operation. */
export interface OperationSettings {
  /** Random inputs for this operation instead of the run's `maxExamples`. */
  maxExamples?: number;
  /** Leave the operation out of the run (as `--exclude-operations` does). */
  exclude?: boolean;
  /** Only these of the run's checks judge this operation. */
  checks?: CheckName[];
}

export interface LoadedConfig {
  file: string;
  /** Relative paths in the file point here. */
  dir: string;
  /** The file's values by config key, `${ENV_VAR}`s substituted. */
  values: Record<string, unknown>;
  /** Variables the environment does not set, where they stand: an error once that key is used (a flag given on the command line sets it aside). */
  unset: Array<{ pointer: string; name: string }>;
  operations: Record<string, OperationSettings>;
  warnings: string[];
}

const flagSchema = (name: string): JsonSchema => (FLAGS.find((flag) => flag.name === name) as Flag).configSchema;

/** The config file's JSON Schema: a key per flag of the table, `operations` for per-operation settings. */
export function configSchema(flags: readonly Flag[] = FLAGS): JsonSchema {
  const flagKeys = Object.fromEntries(flags.map((flag) => [flag.configKey, { ...flag.configSchema, description: `${flag.help} (--${flag.name})` }]));
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "clients-contract conformance configuration",
    description: `${CONFIG_FILE_NAME}: every flag of \`clients-contract conformance\` (flags on the command line win), per-operation settings, and \${ENV_VAR} in any string value.`,
    type: "object",
    additionalProperties: false,
    properties: {
      $schema: { type: "string", description: "this schema, for editor completion: ./node_modules/clients-contract/schemas/clients-contract.config.schema.json" },
      ...flagKeys,
      operations: {
        description: "settings for single operations, by operationId",
        type: "object",
        additionalProperties: {
          type: "object",
          additionalProperties: false,
          properties: {
            maxExamples: { ...flagSchema("max-examples"), description: "random inputs for this operation instead of maxExamples" },
            exclude: { type: "boolean", description: "leave this operation out of the run (as --exclude-operations does)" },
            checks: { ...flagSchema("checks"), description: "only these of the run's checks judge this operation" },
          },
        },
      },
    },
  };
}

/** The config file that applies in `cwd`: there or in a parent, up to the repository root (a folder with .git) or the filesystem root. */
export function findConfig(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (existsSync(join(dir, ".git")) || parent === dir) return undefined;
    dir = parent;
  }
}

/** `~1`/`~0` escaped, as a JSON pointer segment. */
const pointerSegment = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const HAS_VARIABLE = /\$\{[A-Za-z_][A-Za-z0-9_]*\}/;

/** Every `${NAME}` in every string replaced from `env`; an unset one is left as written and listed in `unset` with where it stands. */
export function substituteEnv(value: unknown, env: NodeJS.ProcessEnv, unset: Array<{ pointer: string; name: string }>, pointer = ""): unknown {
  if (typeof value === "string") {
    return value.replace(VARIABLE, (written, name: string) => {
      const found = env[name];
      if (found === undefined) unset.push({ pointer, name });
      return found ?? written;
    });
  }
  if (Array.isArray(value)) return value.map((item, index) => substituteEnv(item, env, unset, `${pointer}/${index}`));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substituteEnv(item, env, unset, `${pointer}/${pointerSegment(key)}`)]));
  }
  return value;
}

/** Throws for the first variable under `pointer` the environment does not set, naming it and its key. */
function requireSet(config: LoadedConfig, pointer: string): void {
  const missing = config.unset.find((variable) => variable.pointer === pointer || variable.pointer.startsWith(`${pointer}/`));
  if (missing) throw new UsageError(`${config.file}: ${missing.pointer}: \${${missing.name}} is not set in the environment`);
}

type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

// ajv is loaded only when there is a file to check: `--help` and runs without a config stay light.
let validator: Validate | undefined;
function validate(): Validate {
  if (validator) return validator;
  const { Ajv } = createRequire(import.meta.url)("ajv") as typeof import("ajv");
  validator = new Ajv({ allErrors: false, strict: true }).compile(configSchema());
  return validator;
}

/** ajv's first error as `<pointer>: <what is wrong>`, the pointer naming the offending key itself. */
function describeError(error: ErrorObject): string {
  const at = error.instancePath || "";
  if (error.keyword === "additionalProperties") return `${at}/${pointerSegment(String(error.params.additionalProperty))}: unknown key`;
  if (error.keyword === "propertyNames") return `${at}/${pointerSegment(String(error.params.propertyName))}: not a valid name here`;
  if (error.keyword === "enum") return `${at || "/"}: must be one of ${(error.params.allowedValues as unknown[]).join(", ")}`;
  return `${at || "/"}: ${error.message ?? "invalid"}`;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read the config file ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON (${(error as Error).message.split("\n")[0]})`);
  }
}

/** The config file read, its variables substituted and checked against the schema; a bad file is a one-line UsageError. */
export function loadConfig(file: string, env: NodeJS.ProcessEnv): LoadedConfig {
  const raw = readJson(file);
  const warnings: string[] = [];
  const token = (raw as { token?: unknown } | null)?.token;
  if (typeof token === "string" && !HAS_VARIABLE.test(token)) warnings.push(`${file} holds the credential itself (token); write "\${CONFORMANCE_TOKEN}" or use tokenFile, and keep the file out of version control until then`);
  const unset: LoadedConfig["unset"] = [];
  const substituted = substituteEnv(raw, env, unset);
  const check = validate();
  if (!check(substituted)) throw new UsageError(`${file}: ${describeError((check.errors as ErrorObject[])[0] as ErrorObject)}`);
  const { operations = {}, ...values } = substituted as Record<string, unknown> & { operations?: Record<string, OperationSettings> };
  delete values.$schema;
  const config = { file, dir: dirname(file), values, operations, unset, warnings };
  requireSet(config, "/operations");
  return config;
}

/** The file `--config` names (relative to `cwd`), else the one found from `cwd` up; undefined when there is none. */
export function configFor(explicit: string | undefined, cwd: string, env: NodeJS.ProcessEnv): LoadedConfig | undefined {
  const file = explicit !== undefined ? resolve(cwd, explicit) : findConfig(cwd);
  return file === undefined ? undefined : loadConfig(file, env);
}

/** Flags that stand for each other: one given on the command line sets the file's other aside too. */
const ALTERNATIVES = [
  ["api", "spec"],
  ["token", "token-file"],
];

/**
 * Sets `options` from each of `flags`: its command-line value when given (`values`, as
 * parseArgs read them), else the config file's, read by the same row with paths relative
 * to the file. A bad value in the file is a UsageError naming the file and the key.
 */
export function applyFlags(flags: readonly Flag[], options: CliOptions, values: Record<string, unknown>, config: LoadedConfig | undefined, context: FlagContext): void {
  const onCommandLine = (name: string) => values[name] !== undefined;
  const setAside = (flag: Flag) => ALTERNATIVES.some((names) => names.includes(flag.name) && names.some(onCommandLine));
  for (const flag of flags) {
    const inFile = config?.values[flag.configKey];
    if (config === undefined || inFile === undefined || onCommandLine(flag.name) || setAside(flag)) {
      flag.read(options, values[flag.name], context);
      continue;
    }
    requireSet(config, `/${flag.configKey}`);
    try {
      flag.read(options, flag.fromConfig(inFile), { env: context.env, cwd: config.dir, source: config.file });
    } catch (error) {
      if (error instanceof UsageError) throw new UsageError(`${config.file}: /${flag.configKey}: ${error.message}`);
      throw error;
    }
  }
}

/** The file's `operations`: excluded ones join `excludeOperations`, the rest become the run's per-operation settings. */
export function applyOperations(options: CliOptions, config: LoadedConfig): void {
  const entries = Object.entries(config.operations);
  const excluded = entries.filter(([, settings]) => settings.exclude).map(([operationId]) => operationId);
  if (excluded.length) options.excludeOperations = [...new Set([...(options.excludeOperations ?? []), ...excluded])];
  const settings = entries.flatMap(([operationId, { maxExamples, checks }]) =>
    maxExamples === undefined && checks === undefined ? [] : [[operationId, { ...(maxExamples !== undefined ? { maxExamples } : {}), ...(checks ? { checks } : {}) }] as const],
  );
  if (settings.length) options.perOperation = Object.fromEntries(settings);
}

if (isMain(import.meta.url)) {
  writeFileSync(SCHEMA_FILE, `${JSON.stringify(configSchema(), null, 2)}\n`);
  console.log(`wrote ${SCHEMA_FILE}`);
}
