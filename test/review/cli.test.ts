// `npm run review` as CI and a developer run it: exit codes, Markdown and JSON on stdout,
// one-line errors, CHANGELOG.md, and the fast path when there is nothing to compare.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, projectRoot } from "../../scripts/lib/apis.ts";
import { parseReviewArgs, reviewCommand } from "../../scripts/review/index.ts";
import { prepareWorkspace } from "../../scripts/review/workspace.ts";
import { editYaml, git, packageVersions, removeRepository, setPackageVersion, specRepository, versionsOf } from "./helpers.ts";

const { current, major } = versionsOf("fullengage");
const packageVersion = packageVersions();

function review(root: string, ...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", join(projectRoot, "scripts", "review", "index.ts"), "--root", root, ...args], {
    cwd: projectRoot,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let dir: string;
beforeAll(async () => {
  dir = await specRepository({ fullengage: "fullengage" });
});
afterAll(() => removeRepository(dir));

// First, on the repository as specRepository made it, which it leaves as it found it.
describe("the review's base side", () => {
  it("is the base commit's own generated/ while the generator and the tools' versions are unchanged, and generated again once they change", async () => {
    const bundle = "generated/fullengage/openapi.json";
    const start = git(dir, "rev-parse", "HEAD");
    // A mark no generation writes, committed: it shows which of the two the review read.
    writeFileSync(join(dir, bundle), JSON.stringify({ ...JSON.parse(readFileSync(join(dir, bundle), "utf8")), "x-mark": "committed" }));
    git(dir, "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-qam", "marked");
    const base = { ref: "HEAD", commit: git(dir, "rev-parse", "HEAD") };
    const baseBundle = async () => {
      const workspace = await prepareWorkspace(dir, base);
      try {
        return JSON.parse(readFileSync(join(workspace.base.root, bundle), "utf8")) as Record<string, unknown>;
      } finally {
        workspace.dispose();
      }
    };
    try {
      expect((await baseBundle())["x-mark"]).toBe("committed");
      writeFileSync(join(dir, "package-lock.json"), "{}\n");
      expect((await baseBundle())["x-mark"]).toBeUndefined();
    } finally {
      rmSync(join(dir, "package-lock.json"), { force: true });
      git(dir, "reset", "-q", "--hard", start);
    }
  });
});

describe("npm run review", () => {
  it("exits 0 at once when the working tree is the base", () => {
    const started = Date.now();
    const { status, stdout } = review(dir);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^## Spec review against merge base with main \(`[0-9a-f]{12}`\)\n\nNothing to review: no change to the specs or the generator since/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  // In-process: the CLI passes reviewCommand's output and exit code on, as the run above shows.
  it("exits 0 with nothing to compare outside a git repository", async () => {
    const plain = mkdtempSync(join(tmpdir(), "review-plain-"));
    try {
      writeFileSync(join(plain, "redocly.yaml"), readFileSync(join(dir, "redocly.yaml")));
      const { exitCode, output } = await reviewCommand(parseReviewArgs(["--root", plain]));
      expect(exitCode).toBe(0);
      expect(output).toContain("Nothing to review: no base to compare with");
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });

  it("exits 2 with one line for a bad flag and a bad ref", () => {
    for (const [args, message] of [
      [["--format", "xml"], /^review: --format must be markdown or json, not "xml"\nusage: npm run review/],
      [["--base", "no-such-ref"], /^review: --base no-such-ref is not a commit in /],
    ] as const) {
      const { status, stdout, stderr } = review(dir, ...args);
      expect(status).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });

  // A ConfigError takes the bad ref's way out above (one line, exit 2); here only its reason, without a process.
  it("refuses an unknown API in one line", () => {
    expect(() => parseReviewArgs(["--root", dir, "--api", "nope"])).toThrow(ConfigError);
    expect(() => parseReviewArgs(["--root", dir, "--api", "nope"])).toThrow(/^unknown API "nope"; known: fullengage$/);
  });

  it("exits 1 on an unversioned break (JSON output)", async () => {
    editYaml(dir, "openapi/fullengage/components/schemas/Client.yaml", (schema) => {
      schema.required = (schema.required as string[]).filter((field) => field !== "updatedAt");
    });
    // In-process: a full review in its own Node.js costs ~5 s of CPU more, and the CLI
    // only passes this exit code on (its process-level exits are covered above).
    const json = await reviewCommand(parseReviewArgs(["--root", dir, "--format", "json", "--base", "main"]));
    expect(json.exitCode).toBe(1);
    const parsed = JSON.parse(json.output) as { passed: boolean; base: { ref: string }; apis: Array<{ api: string; versions: { breakingKinds: string[]; problems: string[] } }> };
    expect(parsed).toMatchObject({ passed: false, base: { ref: "main" } });
    expect(parsed.apis[0]?.versions.breakingKinds).toEqual(["response-body-property-became-optional", "typings-consumer-broken"]);
    expect(parsed.apis[0]?.versions.problems).toContain(`package.json version ${packageVersion.current} -> ${packageVersion.current}: a breaking change needs ${packageVersion.major}`);
  });

  it("exits 0 once the break is versioned and acknowledged (Markdown output), and writes CHANGELOG.md", async () => {
    editYaml(dir, "openapi/fullengage/openapi.yaml", (root) => (root.info.version = major));
    setPackageVersion(dir, packageVersion.major);
    writeFileSync(join(dir, "openapi/fullengage/BREAKING.md"), `## ${major}\n\n- \`response-body-property-became-optional\` and \`typings-consumer-broken\`: \`updatedAt\` may be absent.\n`);
    const { exitCode: status, output: stdout } = await reviewCommand(parseReviewArgs(["--root", dir, "--changelog"]));
    expect(status).toBe(0);
    expect(stdout).toContain(`| fullengage | 4 | 0 | 0 | breaks consumers (4 errors) | ${current} → ${major} | ✅ |`);
    expect(readFileSync(join(dir, "CHANGELOG.md"), "utf8")).toContain(`### fullengage ${current} → ${major}\n- **Breaking** for clients:`);
    expect(git(dir, "status", "--porcelain", "--", "generated")).toBe("");
  });
});
