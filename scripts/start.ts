// `npm start [-- <mock options>]`: the README's one command. Lints the specs, checks
// that generated/ is fresh, builds the docs, then serves every mock until Ctrl-C.
// A failing step prints what it printed and stops with a non-zero exit.
import { spawnSync } from "node:child_process";
import { join, relative } from "node:path";
import { ConfigError, projectRoot } from "./lib/apis.ts";
import { fail, isMain, UsageError } from "./lib/cli.ts";
import { DEFAULT_MOCK_TOKEN, MOCK_HELP, MOCK_USAGE, type MockCliOptions, parseMockArgs, serveMocks } from "./mock/index.ts";
import type { RunningMocks } from "./mock/mocks.ts";

export interface Step {
  title: string;
  npmArgs: string[];
}

const STEPS: Step[] = [
  { title: "lint the specs", npmArgs: ["run", "--silent", "lint"] },
  { title: "check generated/ is fresh", npmArgs: ["run", "--silent", "generate", "--", "--check"] },
  // `npm run docs` lints first (docs are never built from a spec that fails lint); lint already ran here.
  { title: "build the docs", npmArgs: ["exec", "--silent", "--", "tsx", "scripts/docs.ts"] },
];
const STEP_TIMEOUT_MS = 5 * 60_000;
const docsDir = join(projectRoot, "docs-html");

/** Output worth showing: without Redocly's boxed Node 20 deprecation notice. */
export function withoutNoise(output: string): string {
  return output
    .split("\n")
    .filter((line) => !/^\s*[╔║╚]/.test(line))
    .join("\n")
    .trim();
}

export class StepFailed extends Error {
  constructor(
    message: string,
    /** What the step printed, for the user to read. */
    readonly output: string,
  ) {
    super(message);
  }
}

export function runStep(step: Step, log: (text: string) => void = (text) => process.stdout.write(text)): void {
  const started = Date.now();
  log(`${step.title} ... `);
  const result = spawnSync("npm", step.npmArgs, { cwd: projectRoot, encoding: "utf8", timeout: STEP_TIMEOUT_MS });
  if (result.status === 0) {
    log(`ok (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    return;
  }
  log("failed\n");
  const why = result.error ? result.error.message : result.signal ? `killed by ${result.signal}` : `exit code ${result.status}`;
  const command = `npm ${step.npmArgs.filter((arg) => arg !== "--silent").join(" ")}`;
  throw new StepFailed(`\`${command}\` failed (${why})`, withoutNoise(`${result.stdout ?? ""}\n${result.stderr ?? ""}`));
}

export function banner(running: RunningMocks, options: Pick<MockCliOptions, "defaultToken"> = { defaultToken: false }): string {
  const width = Math.max(...running.mocks.map((mock) => mock.api.length));
  const rel = (file: string) => relative(projectRoot, file);
  return [
    "",
    `Docs   ${rel(join(docsDir, "index.html"))}`,
    "Mocks  (Ctrl-C stops them)",
    ...running.mocks.map((mock) => `  ${mock.api.padEnd(width)}  ${mock.url}  docs: ${rel(join(docsDir, `${mock.api}.html`))}`),
    ...(options.defaultToken ? [`Token  ${DEFAULT_MOCK_TOKEN} (the stateful mocks accept only this one; --token sets another)`] : []),
    "",
  ].join("\n");
}

if (isMain(import.meta.url)) {
  let options: MockCliOptions;
  try {
    options = parseMockArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof ConfigError) fail("start", error);
    if (!(error instanceof UsageError)) throw error;
    fail("start", `${error.message} (usage: ${MOCK_USAGE.replace("npm run mock", "npm start")})`, 2);
  }
  if (options.help) {
    process.stdout.write(MOCK_HELP.replaceAll("npm run mock", "npm start"));
    process.exit(0);
  }
  try {
    for (const step of STEPS) runStep(step);
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
    if (error.output) console.error(error.output);
    fail("start", error);
  }
  await serveMocks("start", options, (running) => console.log(banner(running, options)));
}
