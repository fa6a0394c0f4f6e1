// Compares freshly generated files with generated/, and makes generated/ equal to them.
// Both walk the file system, so untracked and ignored files count like tracked ones.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";

export interface TreeDiff {
  /** Generated, but different in the tree. */
  stale: string[];
  /** Generated, absent from the tree. */
  missing: string[];
  /** In the tree, but not generated. */
  extra: string[];
  /** Generated and identical. */
  unchanged: string[];
}

/** Paths in the result are relative to the two roots, with `/` separators, sorted. */
export function diffTrees(expectedRoot: string, actualRoot: string): TreeDiff {
  const expected = listFiles(expectedRoot);
  const expectedSet = new Set(expected);
  const actual = listFiles(actualRoot);
  const actualSet = new Set(actual);
  const diff: TreeDiff = { stale: [], missing: [], extra: [], unchanged: [] };
  for (const file of expected) {
    if (!actualSet.has(file)) diff.missing.push(file);
    else if (readFileSync(join(expectedRoot, file)).equals(readFileSync(join(actualRoot, file)))) diff.unchanged.push(file);
    else diff.stale.push(file);
  }
  diff.extra = actual.filter((file) => !expectedSet.has(file));
  return diff;
}

/** Writes stale and missing files, deletes extra ones (unless kept); unchanged files keep their timestamps. */
export function syncTree(expectedRoot: string, actualRoot: string, { keepExtra = false } = {}): TreeDiff {
  const diff = diffTrees(expectedRoot, actualRoot);
  for (const file of [...diff.stale, ...diff.missing]) {
    mkdirSync(dirname(join(actualRoot, file)), { recursive: true });
    copyFileSync(join(expectedRoot, file), join(actualRoot, file));
  }
  if (keepExtra) return { ...diff, extra: [] };
  for (const file of diff.extra) rmSync(join(actualRoot, file));
  removeEmptyDirectories(actualRoot);
  return diff;
}

function listFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .sort();
}

/** Removes the folders under `directory` that deleting extra files left empty. */
function removeEmptyDirectories(directory: string): void {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const child = join(directory, entry.name);
    removeEmptyDirectories(child);
    if (readdirSync(child).length === 0) rmdirSync(child);
  }
}
