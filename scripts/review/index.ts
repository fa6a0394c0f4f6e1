// `npm run review`: what the working tree changes for clients, servers and TypeScript
// consumers of each API, compared with a base commit, and a gate on breaking changes.
//   --base <ref>        compare with this commit, branch or tag (default: merge base with main)
//   --format <f>        markdown (default, fit for a pull-request comment) or json
//   --api <name>        only this API (repeatable)
//   --changelog         also write the changes under `## Unreleased` in CHANGELOG.md
//   --root <dir>        review another checkout (tests use temporary repositories)
// Exit codes: 0 passed (or nothing to compare), 1 a breaking change is not versioned and
// acknowledged, 2 bad usage, a bad ref, or a side that does not generate.
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, findApi, loadApis, projectRoot } from "../lib/apis.ts";
import { SpecError } from "../spec/openapi.ts";
import { UsageError, fail, isMain } from "../lib/cli.ts";
import { writeChangelog } from "./changelog.ts";
import { renderJson, renderMarkdown } from "./render.ts";
import { type Review, runReview } from "./review.ts";
import { ReviewError } from "./workspace.ts";

export const USAGE = "npm run review -- [--base <git ref>] [--format markdown|json] [--api <name>]... [--changelog] [--root <dir>]";

export interface ReviewCommand {
  root: string;
  base: string | undefined;
  format: "markdown" | "json";
  only: string[] | undefined;
  changelog: boolean;
}

export function parseReviewArgs(argv: string[]): ReviewCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        base: { type: "string" },
        format: { type: "string", default: "markdown" },
        api: { type: "string", multiple: true },
        changelog: { type: "boolean", default: false },
        root: { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  if (values.format !== "markdown" && values.format !== "json") throw new UsageError(`--format must be markdown or json, not "${values.format}"`);
  if (values.base === "") throw new UsageError("--base needs a git ref");
  const root = resolve(values.root ?? projectRoot);
  if (values.api) {
    const apis = loadApis(join(root, "redocly.yaml"));
    for (const name of values.api) findApi(name, apis);
  }
  return { root, base: values.base, format: values.format, only: values.api, changelog: values.changelog };
}

/** The review and its exit code; the CLI and the tests share it. */
export async function reviewCommand(command: ReviewCommand): Promise<{ review: Review; output: string; exitCode: number }> {
  const review = await runReview({ root: command.root, baseRef: command.base, only: command.only });
  if (command.changelog && !review.skipped) writeChangelog(join(command.root, "CHANGELOG.md"), review);
  const output = command.format === "json" ? renderJson(review) : renderMarkdown(review);
  return { review, output, exitCode: review.passed ? 0 : 1 };
}

async function main(): Promise<void> {
  let command: ReviewCommand;
  try {
    command = parseReviewArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) fail("review", `${error.message}\nusage: ${USAGE}`, 2);
    throw error;
  }
  const { output, exitCode } = await reviewCommand(command);
  process.stdout.write(output);
  process.exitCode = exitCode;
}

if (isMain(import.meta.url)) {
  main().catch((error: unknown) => {
    const known = error instanceof ReviewError || error instanceof ConfigError || error instanceof SpecError || error instanceof UsageError;
    fail("review", known ? error : `unexpected error: ${error instanceof Error ? error.message : String(error)}`, 2);
  });
}
