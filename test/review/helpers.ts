// Temporary git repositories holding copies of the real specs, for `npm run review` to compare.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { generateProject } from "../../scripts/generate/index.ts";
import { projectRoot } from "../../scripts/lib/apis.ts";
import { nextMajor } from "../../scripts/review/gate.ts";

/** info.version of a real API's spec, and the next major after it, as the gate counts majors. */
export function versionsOf(api: string): { current: string; major: string } {
  const current = String((parse(readFileSync(join(projectRoot, "openapi", api, "openapi.yaml"), "utf8")) as { info: { version: string } }).info.version);
  return { current, major: nextMajor(current) ?? "" };
}

/** This package's version, and the next major after it, as the gate counts majors (0.x: the minor). */
export function packageVersions(): { current: string; major: string } {
  const current = String((JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { version: string }).version);
  return { current, major: nextMajor(current) ?? "" };
}

export function git(dir: string, ...args: string[]): string {
  return execFileSync("git", ["-C", dir, ...args], { encoding: "utf8" }).trim();
}

/**
 * A repository whose main branch has one API per entry of `copies` (its name → the real
 * API it copies), with generated/ committed as `npm run generate` writes it.
 */
export async function specRepository(copies: Record<string, string>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "review-"));
  const config = parse(readFileSync(join(projectRoot, "redocly.yaml"), "utf8")) as Record<string, unknown>;
  config.apis = Object.fromEntries(
    Object.keys(copies).map((name) => [name, { root: `openapi/${name}/openapi.yaml`, output: `generated/${name}/openapi.json`, "x-openapi-ts": { output: `generated/${name}/schema.d.ts` } }]),
  );
  writeFileSync(join(dir, "redocly.yaml"), stringify(config));
  for (const [name, source] of Object.entries(copies)) cpSync(join(projectRoot, "openapi", source), join(dir, "openapi", name), { recursive: true });
  cpSync(join(projectRoot, "scripts", "lint"), join(dir, "scripts", "lint"), { recursive: true });
  cpSync(join(projectRoot, "package.json"), join(dir, "package.json"));
  await generateProject(dir);
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", "-A");
  git(dir, "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "base");
  return dir;
}

export function removeRepository(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Parses a YAML file of the repository, lets `change` edit it, writes it back. */
export function editYaml(dir: string, file: string, change: (node: Record<string, any>) => void): void {
  const path = join(dir, file);
  const node = parse(readFileSync(path, "utf8")) as Record<string, any>;
  change(node);
  writeFileSync(path, stringify(node));
}

export function writeText(dir: string, file: string, text: string): void {
  writeFileSync(join(dir, file), text);
}

export function renameFile(dir: string, from: string, to: string): void {
  renameSync(join(dir, from), join(dir, to));
}

export function setPackageVersion(dir: string, version: string): void {
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<string, unknown>;
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ ...manifest, version }, null, 2)}\n`);
}
