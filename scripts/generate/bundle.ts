// Bundles: one `redocly bundle` process for every API, then the generated notice as
// the bundle's first key (a Redocly decorator cannot: the bundler reorders root keys).
import { execFile } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { parse, stringify } from "yaml";
import type { Api } from "../lib/apis.ts";
import { GenerateError, type Layout, generatedNotice, outPath, projectRelative, writeOutput } from "./files.ts";

const BUNDLE_TIMEOUT_MS = 120_000;

/**
 * Starts the `redocly bundle` child at once and resolves when the bundles are written;
 * asynchronous so the caller can load the type tools while the child works.
 */
export function bundleApis(layout: Layout, apis: Api[], configPath: string): Promise<void> {
  const tempConfig = join(layout.scratchDir, "redocly.yaml");
  writeOutput(tempConfig, stringify(configWritingInto(layout, apis, configPath)));
  const args = [redoclyCli(), "bundle", "--config", tempConfig, "--lint-config", "off"];
  return new Promise((resolvePromise, reject) => {
    execFile(process.execPath, args, { cwd: layout.projectRoot, encoding: "utf8", timeout: BUNDLE_TIMEOUT_MS }, (error, _stdout, stderr) => {
      try {
        if (error) throw bundleFailure(layout, error, stderr);
        for (const api of apis) stampBundle(layout, api);
        resolvePromise();
      } catch (failure) {
        reject(failure);
      }
    });
  });
}

function bundleFailure(layout: Layout, error: Error & { code?: unknown; killed?: boolean }, stderr: string): GenerateError {
  if (error.killed) return new GenerateError(`redocly bundle did not finish within ${BUNDLE_TIMEOUT_MS / 1000} s`);
  if (typeof error.code !== "number") return new GenerateError(`redocly bundle could not run: ${error.message}`);
  return new GenerateError(firstBundleError(layout, stderr, error.code));
}

/**
 * The project's redocly.yaml with every API's `output` moved under `outRoot` and every
 * relative path made absolute, so the copy can live outside the project and still
 * load the same plugins and decorators.
 */
function configWritingInto(layout: Layout, apis: Api[], configPath: string): Record<string, unknown> {
  const config = parse(readFileSync(configPath, "utf8")) as Record<string, unknown>;
  const base = dirname(configPath);
  const absolute = (value: unknown) => (typeof value === "string" && looksLikePath(value) ? resolve(base, value) : value);
  const entries = config.apis as Record<string, Record<string, unknown>>;
  const rebasedApis = Object.fromEntries(
    apis.map((api) => [api.name, { ...entries[api.name], root: api.root, output: outPath(layout, api.bundle) }]),
  );
  return {
    ...config,
    apis: rebasedApis,
    ...(Array.isArray(config.plugins) ? { plugins: config.plugins.map(absolute) } : {}),
    ...(Array.isArray(config.extends) ? { extends: config.extends.map(absolute) } : {}),
  };
}

/** `extends` mixes rule-set names (`recommended-strict`) with files; only files get rebased. */
function looksLikePath(value: string): boolean {
  return !isAbsolute(value) && (value.startsWith(".") || value.includes("/") || /\.(ya?ml|js|mjs|cjs)$/.test(value));
}

function redoclyCli(): string {
  const manifest = createRequire(import.meta.url).resolve("@redocly/cli/package.json");
  const { bin } = JSON.parse(readFileSync(manifest, "utf8")) as { bin: Record<string, string> };
  const script = bin.redocly;
  if (!script) throw new GenerateError("@redocly/cli declares no `redocly` binary; reinstall with `npm ci`");
  return join(dirname(manifest), script);
}

/**
 * Redocly reports each problem as `[n] file:line:col`, the message a line or two later,
 * then a code frame; a root file that does not parse gets `Failed to parse API description
 * at <file>:` and `  - <message>`. The first problem, on one line, is what a person needs.
 */
function firstBundleError(layout: Layout, stderr: string, status: number | null): string {
  const lines = stderr.split("\n").map((line) => line.trim()).filter((line) => line !== "" && !/[║╔╚]/.test(line));
  const problems = lines.filter((line) => /^\[\d+\] /.test(line));
  const first = problems[0];
  if (first !== undefined) {
    const location = first.replace(/^\[\d+\] /, "").split(" ")[0];
    const message = lines[lines.indexOf(first) + 1] ?? "";
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : "";
    return `${location}: ${message}${more}`;
  }
  const unparsable = lines.findIndex((line) => line.startsWith("Failed to parse API description at "));
  if (unparsable !== -1) {
    const file = (lines[unparsable] ?? "").replace("Failed to parse API description at ", "").replace(/:$/, "");
    const where = file.startsWith(layout.projectRoot) ? projectRelative(layout, file) : file;
    return `${where}: ${(lines[unparsable + 1] ?? "cannot be parsed").replace(/^- /, "")}`;
  }
  return lines.find((line) => line.includes("❌")) ?? `redocly bundle failed with exit code ${String(status)}`;
}

function stampBundle(layout: Layout, api: Api): void {
  const file = outPath(layout, api.bundle);
  if (!existsSync(file)) throw new GenerateError(`redocly bundle wrote no ${projectRelative(layout, api.bundle)}`);
  const text = readFileSync(file, "utf8");
  const notice = `  "x-generated": ${JSON.stringify(generatedNotice(projectRelative(layout, api.root)))},\n`;
  // Inserted as text, not re-serialised: JSON.parse would move numeric keys like "200" first.
  if (!text.startsWith("{\n")) throw new GenerateError(`${projectRelative(layout, api.bundle)}: unexpected bundle layout`);
  const stamped = `{\n${notice}${text.slice(2)}`;
  JSON.parse(stamped);
  writeFileSync(file, stamped.endsWith("\n") ? stamped : `${stamped}\n`);
}
