// The two sides of a review, each a project copy generated as `npm run generate -- --root`
// does it (the same bundler and generator as everywhere else, run in-process): the base,
// from `git archive` of the base commit, and the head, copied from the working tree (never
// written to). The base's committed generated/ is kept too: it is what consumers of the
// base actually installed.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { dirname, isAbsolute, join, relative, sep } from "node:path";
import { parse } from "yaml";
import { generateProject } from "../generate/index.ts";
import { type Api, loadApis, projectRoot } from "../lib/apis.ts";

export class ReviewError extends Error {}

const GIT_TIMEOUT_MS = 30_000;

export interface Base {
  /** What the user named (`main`, a tag, a commit). */
  ref: string;
  commit: string;
}

function git(root: string, args: string[]): string {
  return execFileSync("git", ["-C", root, ...args], { encoding: "utf8", timeout: GIT_TIMEOUT_MS, stdio: ["ignore", "pipe", "pipe"] }).trim();
}

function tryGit(root: string, args: string[]): string | undefined {
  try {
    return git(root, args);
  } catch {
    return undefined;
  }
}

/**
 * The commit to compare with: `ref` when given (a bad ref is the user's error), else the
 * merge base of HEAD with main (or origin/main); undefined when there is none, as in a
 * clone that is not a git repository or has no main.
 */
export function resolveBase(root: string, ref: string | undefined): Base | undefined {
  if (tryGit(root, ["rev-parse", "--git-dir"]) === undefined) {
    if (ref !== undefined) throw new ReviewError(`${root} is not a git repository, so --base ${ref} cannot be read`);
    return undefined;
  }
  if (ref !== undefined) {
    const commit = tryGit(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
    if (commit === undefined || commit === "") throw new ReviewError(`--base ${ref} is not a commit in ${root}`);
    return { ref, commit };
  }
  for (const candidate of ["main", "origin/main"]) {
    const commit = tryGit(root, ["merge-base", "HEAD", candidate]);
    if (commit) return { ref: `merge base with ${candidate}`, commit };
  }
  return undefined;
}

/** The files a spec is made of (redocly.yaml, its plugins, every API's folder), relative to the root. */
export function specInputs(root: string, configText: string): string[] {
  const config = (parse(configText) ?? {}) as { apis?: Record<string, { root?: unknown }>; plugins?: unknown };
  const folders = Object.values(config.apis ?? {}).flatMap((api) => (typeof api.root === "string" ? [dirname(api.root)] : []));
  const plugins = Array.isArray(config.plugins) ? config.plugins.filter((plugin): plugin is string => typeof plugin === "string") : [];
  const inside = (path: string) => !isAbsolute(path) && !relative(root, join(root, path)).startsWith("..");
  return [...new Set(["redocly.yaml", "package.json", ...folders, ...plugins])].filter(inside).map((path) => path.split(sep).join("/"));
}

/** The toolkit code that turns a spec into typings: a change there can alter the typings of an unchanged spec. */
const GENERATOR = "scripts/generate";

function changedSince(root: string, base: Base, paths: string[]): boolean {
  const tracked = tryGit(root, ["diff", "--quiet", base.commit, "--", ...paths]) === undefined;
  return tracked || tryGit(root, ["ls-files", "--others", "--exclude-standard", "--", ...paths]) !== "";
}

/** True when nothing a review reads differs between the base commit and the working tree. */
export function unchangedSince(root: string, base: Base): boolean {
  const specs = specInputs(root, readFileSync(join(root, "redocly.yaml"), "utf8")).filter((path) => path !== "package.json");
  return !changedSince(root, base, [...specs, GENERATOR]);
}

export function generatorChangedSince(root: string, base: Base): boolean {
  return changedSince(root, base, [GENERATOR]);
}

export interface Side {
  /** The project copy, with generated/ written by the current generator (the base: or its own committed one, when that is the same). */
  root: string;
  apis: Api[];
  packageVersion: string | undefined;
}

export interface Workspace {
  dir: string;
  base: Side;
  head: Side;
  /** The base commit's own generated/ (what consumers of the base installed), if it had one. */
  shippedGenerated: string;
  dispose(): void;
}

function extract(root: string, commit: string, paths: string[], into: string): void {
  const present = paths.filter((path) => tryGit(root, ["cat-file", "-e", `${commit}:${path}`]) !== undefined);
  mkdirSync(into, { recursive: true });
  if (present.length === 0) return;
  // git archive | tar -x: the base's files without touching the index or the work tree.
  execFileSync("sh", ["-c", 'root="$1" commit="$2"; shift 2; git -C "$root" archive --format=tar "$commit" -- "$@" | tar -x -C "$TARGET"', "sh", root, commit, ...present], {
    env: { ...process.env, TARGET: into },
    timeout: GIT_TIMEOUT_MS,
    stdio: ["ignore", "ignore", "pipe"],
  });
}

function copyWorkingTree(root: string, into: string): void {
  const paths = specInputs(root, readFileSync(join(root, "redocly.yaml"), "utf8"));
  for (const path of paths) {
    if (existsSync(join(root, path))) cpSync(join(root, path), join(into, path), { recursive: true });
  }
}

/** In-process: two generations per review, each a Node.js start and ~1 s of imports saved. */
async function generateInto(root: string): Promise<void> {
  try {
    await generateProject(root);
  } catch (error) {
    throw new ReviewError(`generate: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  }
}

function readSide(root: string): Side {
  const apis = existsSync(join(root, "redocly.yaml")) ? loadApis(join(root, "redocly.yaml")) : [];
  const packageFile = join(root, "package.json");
  const packageVersion = existsSync(packageFile) ? (JSON.parse(readFileSync(packageFile, "utf8")) as { version?: string }).version : undefined;
  return { root, apis, packageVersion };
}

/**
 * What makes generated/ from the specs besides the specs: the generator and the tools'
 * versions. While none of them changed since the base, the base's committed generated/
 * is what generating the base gives (CI's `npm run generate -- --check` holds every
 * commit of main to it), so the review reads it instead of generating the base again.
 */
const GENERATOR_INPUTS = [GENERATOR, "package-lock.json"];

/** Extracts both sides and generates them (the base only when its committed generated/ cannot stand in); the caller must call dispose(). */
export async function prepareWorkspace(root: string, base: Base): Promise<Workspace> {
  // Inside the toolkit's folder, so the generated types resolve openapi-fetch from its node_modules.
  const dir = mkdtempSync(join(projectRoot, ".tmp-review-"));
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  try {
    const baseRoot = join(dir, "base");
    const headRoot = join(dir, "head");
    const shipped = join(dir, "shipped");
    const baseConfig = tryGit(root, ["show", `${base.commit}:redocly.yaml`]);
    if (baseConfig !== undefined) extract(root, base.commit, specInputs(root, baseConfig), baseRoot);
    else mkdirSync(baseRoot, { recursive: true });
    extract(root, base.commit, ["generated"], shipped);
    copyWorkingTree(root, headRoot);
    const shippedIsFresh = baseConfig !== undefined && existsSync(join(shipped, "generated")) && !changedSince(root, base, GENERATOR_INPUTS);
    if (shippedIsFresh) cpSync(join(shipped, "generated"), join(baseRoot, "generated"), { recursive: true });
    await Promise.all([
      baseConfig === undefined || shippedIsFresh
        ? Promise.resolve()
        : generateInto(baseRoot).catch((error: Error) => Promise.reject(new ReviewError(`the base (${base.ref}) does not generate: ${error.message}`))),
      generateInto(headRoot).catch((error: Error) => Promise.reject(new ReviewError(`the working tree does not generate: ${error.message}`))),
    ]);
    return { dir, base: readSide(baseRoot), head: readSide(headRoot), shippedGenerated: join(shipped, "generated"), dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}
