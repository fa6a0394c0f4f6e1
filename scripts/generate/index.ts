// `npm run generate`: everything in generated/ from openapi/ and redocly.yaml.
//   --check        change nothing; exit 1 listing every stale, missing or extra file
//   --only bundle  only the bundles (`npm run bundle`)
//   --root <dir>   another project copy (tests use it on a temporary copy)
// Generation always writes to a temporary directory first; the default mode then
// makes generated/ equal to it, --check compares, so both share every step.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type Api, ConfigError, loadApis, projectRoot } from "../lib/apis.ts";
import { isMain } from "../lib/cli.ts";
import { SpecError } from "../spec/openapi.ts";
import { bundleApis } from "./bundle.ts";
import { type TreeDiff, diffTrees, syncTree } from "./check.ts";
import { writeClient } from "./client.ts";
import { writeMswTypes } from "./msw.ts";
import { GENERATED_DIR, GENERATE_COMMAND, GenerateError, type Layout, projectRelative } from "./files.ts";
import { writeReadme } from "./readme.ts";
import { writeValidators } from "./validators.ts";

const STEPS = ["bundle"] as const;
type Step = (typeof STEPS)[number];

interface Command {
  check: boolean;
  only: Step | undefined;
  root: string;
}

function parseCommand(argv: string[]): Command {
  const { values } = parseArgs({
    args: argv,
    options: { check: { type: "boolean", default: false }, only: { type: "string" }, root: { type: "string" } },
    strict: true,
    allowPositionals: false,
  });
  const only = values.only;
  if (only !== undefined && !STEPS.includes(only as Step)) throw new GenerateError(`--only takes one of: ${STEPS.join(", ")}`);
  if (only !== undefined && values.check) throw new GenerateError("--check always checks everything; drop --only");
  return { check: values.check, only: only as Step | undefined, root: resolve(values.root ?? projectRoot) };
}

async function generate(layout: Layout, apis: Api[], only: Step | undefined): Promise<void> {
  const bundling = bundleApis(layout, apis, join(layout.projectRoot, "redocly.yaml"));
  if (only === "bundle") return bundling;
  // Loading TypeScript (for openapi-typescript and the runtime's declarations) overlaps
  // the bundle child on a machine with two cores.
  const [{ writeRuntime }, { readBundle, writeTypes }] = await Promise.all([import("./runtime.ts"), import("./types.ts"), bundling]);
  writeRuntime(layout);
  for (const api of apis) {
    const bundle = readBundle(layout, api);
    await writeTypes(layout, api, bundle);
    writeClient(layout, api, bundle);
    writeMswTypes(layout, api);
    writeValidators(layout, api, bundle);
  }
  writeReadme(layout, apis);
}

/** The client's import paths and the package's `exports` patterns assume generated/<api>/. */
function checkLayout(layout: Layout, apis: Api[]): void {
  for (const api of apis) {
    for (const file of [api.bundle, api.types]) {
      const path = projectRelative(layout, file);
      if (!path.startsWith(`${GENERATED_DIR}/${api.name}/`)) {
        throw new GenerateError(`redocly.yaml: apis.${api.name} writes ${path}; its outputs belong in ${GENERATED_DIR}/${api.name}/`);
      }
    }
  }
}

const CHANGE_KINDS = ["stale", "missing", "extra"] as const;
const CHECK_LABELS = { stale: "stale", missing: "missing", extra: "extra" };
const WRITE_LABELS = { stale: "updated", missing: "created", extra: "removed" };

function changeLines(diff: TreeDiff, labels: Record<(typeof CHANGE_KINDS)[number], string>): string[] {
  return CHANGE_KINDS.flatMap((kind) => diff[kind].map((file) => `${labels[kind].padEnd(8)} ${GENERATED_DIR}/${file}`));
}

function report(diff: TreeDiff, check: boolean): number {
  const changes = changeLines(diff, check ? CHECK_LABELS : WRITE_LABELS);
  if (!check) {
    console.log([...changes, `${GENERATED_DIR}/: ${changes.length} changed, ${diff.unchanged.length} unchanged.`].join("\n"));
    return 0;
  }
  if (changes.length === 0) {
    console.log(`${GENERATED_DIR}/ is up to date (${diff.unchanged.length} files).`);
    return 0;
  }
  console.error([...changes, `${GENERATED_DIR}/ does not match openapi/ and redocly.yaml: run \`${GENERATE_COMMAND}\` to fix.`].join("\n"));
  return 1;
}

function readApis(root: string): Api[] {
  try {
    return loadApis(join(root, "redocly.yaml"));
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new GenerateError(`${join(root, "redocly.yaml")}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  }
}

/**
 * Generates `root`'s generated/ from its openapi/ and redocly.yaml: with `check`, only
 * compares; else makes generated/ equal to what the specs produce. In-process for
 * callers that generate many copies (`npm run review`), saving a Node.js start each.
 */
export async function generateProject(root: string, { check = false, only }: { check?: boolean; only?: Step } = {}): Promise<TreeDiff> {
  const apis = readApis(root);
  const scratchDir = mkdtempSync(join(tmpdir(), "generate-"));
  const layout: Layout = { projectRoot: root, outRoot: join(scratchDir, "out"), scratchDir };
  try {
    checkLayout(layout, apis);
    await generate(layout, apis, only);
    const fresh = join(layout.outRoot, GENERATED_DIR);
    const current = join(root, GENERATED_DIR);
    return check ? diffTrees(fresh, current) : syncTree(fresh, current, { keepExtra: only !== undefined });
  } finally {
    rmSync(scratchDir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const command = parseCommand(process.argv.slice(2));
  return report(await generateProject(command.root, { check: command.check, only: command.only }), command.check);
}

if (isMain(import.meta.url)) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // Bad input gets one line; anything else is a bug, but still no stack trace.
      const known =
        error instanceof GenerateError ||
        error instanceof ConfigError ||
        error instanceof SpecError ||
        (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
      const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
      console.error(`generate: ${known ? "" : "unexpected error: "}${message}`);
      process.exitCode = known ? 1 : 2;
    },
  );
}
