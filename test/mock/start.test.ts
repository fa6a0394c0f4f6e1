// `npm start`'s own parts: steps that stop on failure, the banner, its usage errors.
// The whole command (lint, generate --check, docs, mocks) is what a developer runs
// first; its mock part is tested in cli.test.ts.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { loadApis, projectRoot } from "../../scripts/lib/apis.ts";
import type { RunningMocks } from "../../scripts/mock/mocks.ts";
import { banner, runStep, StepFailed, withoutNoise } from "../../scripts/start.ts";
import { MOCK_USAGE, parseMockArgs } from "../../scripts/mock/index.ts";

describe("runStep", () => {
  it("reports a failing step with its command and its output", () => {
    const logged: string[] = [];
    let failure: unknown;
    try {
      const failingScript = "console.log('checked 3 files'); console.error('lint: 2 problems'); process.exit(3)";
      runStep({ title: "lint", npmArgs: ["exec", "--silent", "--", "node", "-e", failingScript] }, (text) => logged.push(text));
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(StepFailed);
    expect((failure as StepFailed).message).toMatch(/^`npm exec -- node -e .*` failed \(exit code 3\)$/);
    expect((failure as StepFailed).output).toBe("checked 3 files\n\nlint: 2 problems");
    expect(logged.join("")).toBe("lint ... failed\n");
  });

  it("passes a step that succeeds and says how long it took", () => {
    const logged: string[] = [];
    runStep({ title: "ask npm its version", npmArgs: ["--version"] }, (text) => logged.push(text));
    expect(logged.join("")).toMatch(/^ask npm its version \.\.\. ok \(\d+\.\d s\)\n$/);
  });
});

it("withoutNoise drops Redocly's boxed deprecation notice and keeps the rest", () => {
  const output = "\n    ╔════╗\n    ║  Deprecation warning: Node.js 20  ║\n    ╚════╝\nopenapi/gym/openapi.yaml: validated in 40ms\n";
  expect(withoutNoise(output)).toBe("openapi/gym/openapi.yaml: validated in 40ms");
});

it("the banner says where the docs and every mock are", () => {
  const mocks = loadApis().map((api, index) => ({ api: api.name, url: `http://127.0.0.1:${4010 + index}`, port: 4010 + index, pid: 1 }));
  const running: RunningMocks = { mocks, urls: {}, unexpectedExit: new Promise(() => {}), stop: async () => {} };
  const text = banner(running);
  expect(text).toContain("docs-html/index.html");
  for (const mock of mocks) expect(text).toMatch(new RegExp(`^  ${mock.api} +${mock.url}  docs: docs-html/${mock.api}\\.html$`, "m"));
});

it("the banner of the stateful mocks names the token they accept, unless the user chose it", () => {
  const running: RunningMocks = { mocks: [], urls: {}, unexpectedExit: new Promise(() => {}), stop: async () => {} };
  expect(banner(running, parseMockArgs(["--stateful"]))).toMatch(/^Token  mock-token \(the stateful mocks accept only this one/m);
  expect(banner(running, parseMockArgs(["--stateful", "--token", "secret-of-mine"]))).not.toMatch(/Token|secret-of-mine/);
  expect(banner(running, parseMockArgs([]))).not.toMatch(/Token/);
});

it("npm start with a bad option says so in one line and exits 2 before running any step", () => {
  const result = spawnSync("npm", ["start", "--silent", "--", "--bogus"], { cwd: projectRoot, encoding: "utf8", timeout: 60_000 });
  expect(result.status).toBe(2);
  expect(result.stdout).toBe("");
  const ours = result.stderr.split("\n").filter((line) => line !== "" && !line.startsWith("npm "));
  expect(ours).toEqual([`start: Unknown option '--bogus' (usage: ${MOCK_USAGE.replace("npm run mock", "npm start")})`]);
});
