// `npm run generate -- --check`: clean on the project as committed, and on a temporary
// copy it names every stale, missing or extra file (untracked ones included), changes
// nothing, and `npm run generate` then makes the copy clean again.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { generateProject } from "../../scripts/generate/index.ts";
import { projectRoot } from "../../scripts/lib/apis.ts";

const generator = join(projectRoot, "scripts", "generate", "index.ts");

/** As `npm run generate` runs it (package.json): one Node.js with tsx's loader, where tsx's own command starts two. */
function generate(root: string, ...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", generator, "--root", root, ...args], { cwd: projectRoot, encoding: "utf8", timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** What generation reads and writes, copied; plus the Redocly plugins redocly.yaml loads. */
function projectCopy(): string {
  const root = mkdtempSync(join(tmpdir(), "freshness-"));
  const config = parse(readFileSync(join(projectRoot, "redocly.yaml"), "utf8")) as { plugins?: string[] };
  for (const entry of ["openapi", "generated", "redocly.yaml", "package.json", ...(config.plugins ?? [])]) {
    cpSync(join(projectRoot, entry), join(root, entry), { recursive: true });
  }
  return root;
}

function edit(file: string, change: (text: string) => string): void {
  const before = readFileSync(file, "utf8");
  const after = change(before);
  expect(after).not.toBe(before);
  writeFileSync(file, after);
}

describe("npm run generate -- --check", () => {
  const copies: string[] = [];
  afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("passes on the project: generated/ is exactly what the specs produce", () => {
    const { status, stdout, stderr } = generate(projectRoot, "--check");
    expect(stderr).toBe("");
    expect(stdout).toMatch(/^generated\/ is up to date \(\d+ files\)\.$/m);
    expect(status).toBe(0);
  });

  it("names each stale, missing and extra file and the command that fixes it, changing nothing", async () => {
    const root = projectCopy();
    copies.push(root);
    edit(join(root, "openapi/gym/components/schemas/Client.yaml"), (text) => text.replace(/\bemail_address\b/g, "email"));
    writeFileSync(join(root, "generated/magloft/notes.txt"), "an untracked file\n");
    rmSync(join(root, "generated/asa/index.d.ts"));
    const schemaBefore = readFileSync(join(root, "generated/gym/schema.d.ts"), "utf8");

    const { status, stderr } = generate(root, "--check");
    expect(status).toBe(1);
    expect(stderr.split("\n").filter(Boolean)).toEqual([
      "stale    generated/gym/openapi.json",
      "stale    generated/gym/schema.d.ts",
      "stale    generated/gym/validators.js",
      "missing  generated/asa/index.d.ts",
      "extra    generated/magloft/notes.txt",
      "generated/ does not match openapi/ and redocly.yaml: run `npm run generate` to fix.",
    ]);
    expect(readFileSync(join(root, "generated/gym/schema.d.ts"), "utf8")).toBe(schemaBefore);
    expect(existsSync(join(root, "generated/asa/index.d.ts"))).toBe(false);

    // The command's own lines are covered above; the fix runs in-process (the same code, no Node.js start).
    const fixed = await generateProject(root);
    expect(fixed.extra).toEqual(["magloft/notes.txt"]);
    expect(readFileSync(join(root, "generated/gym/schema.d.ts"), "utf8")).toMatch(/^\s+email: string;$/m);
    const after = await generateProject(root, { check: true });
    expect([...after.stale, ...after.missing, ...after.extra]).toEqual([]);
  });

  it("stops on a broken spec with one line naming the file, no stack trace", () => {
    const root = projectCopy();
    copies.push(root);
    edit(join(root, "openapi/fullengage/components/schemas/Client.yaml"), (text) => text.replace("$ref: ./ClientStatus.yaml", "$ref: ./Missing.yaml"));
    const { status, stdout, stderr } = generate(root, "--check");
    expect(status).toBe(1);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/^generate: openapi\/fullengage\/components\/schemas\/Client\.yaml:\d+:\d+: Can't resolve \$ref/);
  });

  it("refuses an unknown option with one line", () => {
    const { status, stderr } = generate(projectRoot, "--chek");
    expect(status).toBe(1);
    expect(stderr.trim()).toMatch(/^generate: Unknown option '--chek'/);
  });

  it("keeps every generated file's first lines saying it is generated and by which command", () => {
    const generated = join(projectRoot, "generated");
    const files = readdirSync(generated, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const path = join(file.parentPath, file.name);
      const opening = readFileSync(path, "utf8").split("\n").slice(0, 2).join("\n");
      expect(opening, path).toMatch(/Generated from \S+.* by `npm run generate`\. Do not edit\./);
    }
  });
});
