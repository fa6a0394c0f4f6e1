// The list of APIs comes from redocly.yaml, the one config every tool reads:
// adding an API is a folder under openapi/ and one entry there, nothing here.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parse } from "yaml";
import { packageRoot } from "./package.ts";

export const projectRoot = packageRoot;
export const redoclyConfigPath = join(projectRoot, "redocly.yaml");

/** First port of the mocks; each API gets the next one, in redocly.yaml order. */
export const MOCK_PORT_BASE = 4010;

export interface Api {
  /** Folder name under openapi/ and generated/, e.g. `gym`. */
  name: string;
  /** Position in redocly.yaml; fixes the default mock port. */
  index: number;
  /** Absolute path of the split spec's root file. */
  root: string;
  /** Absolute path of the bundled single-file spec. */
  bundle: string;
  /** Absolute path of the generated folder. */
  generatedDir: string;
  /** Absolute path of the openapi-typescript output. */
  types: string;
}

interface RawApiEntry {
  root?: unknown;
  output?: unknown;
  "x-openapi-ts"?: { output?: unknown };
}

export class ConfigError extends Error {}

/** redocly.yaml's `apis`, built into the installed CLI by scripts/build.ts; undefined from the sources. */
declare const __CLIENTS_CONTRACT_APIS__: Record<string, RawApiEntry> | undefined;

function readApiEntries(configPath: string): Record<string, RawApiEntry> {
  if (configPath === redoclyConfigPath && typeof __CLIENTS_CONTRACT_APIS__ !== "undefined") return __CLIENTS_CONTRACT_APIS__;
  const config = parse(readFileSync(configPath, "utf8")) as { apis?: Record<string, RawApiEntry> } | null;
  return config?.apis ?? {};
}

function requireString(value: unknown, what: string): string {
  if (typeof value !== "string" || value === "") throw new ConfigError(`redocly.yaml: ${what} must be a non-empty string`);
  return value;
}

export function loadApis(configPath: string = redoclyConfigPath): Api[] {
  const base = dirname(configPath);
  const entries = Object.entries(readApiEntries(configPath));
  if (entries.length === 0) throw new ConfigError(`${configPath}: no entries under "apis"`);
  return entries.map(([name, entry], index) => {
    const bundle = resolve(base, requireString(entry.output, `apis.${name}.output`));
    return {
      name,
      index,
      root: resolve(base, requireString(entry.root, `apis.${name}.root`)),
      bundle,
      generatedDir: dirname(bundle),
      types: resolve(base, requireString(entry["x-openapi-ts"]?.output, `apis.${name}.x-openapi-ts.output`)),
    };
  });
}

/** The API called `name`, or a ConfigError that lists the known names. */
export function findApi(name: string, apis: Api[] = loadApis()): Api {
  const api = apis.find((candidate) => candidate.name === name);
  if (!api) throw new ConfigError(`unknown API "${name}"; known: ${apis.map((known) => known.name).join(", ")}`);
  return api;
}
