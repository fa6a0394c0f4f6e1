// The documentation holds together: every relative Markdown link points at a file that
// exists and, for a `#anchor` into one of our own .md files, at a heading that exists
// (GitHub's slugs); and the README stays an entry point, not a reference page.
// Reads files only: no network, no process.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const README_MAX_LINES = 300;

/** The pages whose links are checked: the README, ARCHITECTURE.md, docs/ and the folder READMEs they send readers to. */
const PAGES = [
  "README.md",
  "ARCHITECTURE.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
  "openapi/README.md",
  "scripts/README.md",
  "scripts/bench/README.md",
];

/** The text outside fenced code blocks, with inline code spans blanked (links there are examples, not links). */
function prose(text: string): string[] {
  let fence: string | undefined;
  return text.split("\n").map((line) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (fence === undefined || marker.startsWith(fence))) {
      fence = fence === undefined ? marker : undefined;
      return "";
    }
    if (fence !== undefined) return "";
    return line.replace(/(`+)[^`]*?\1/g, "");
  });
}

/** GitHub's anchor for a heading: lower case, punctuation removed, each space a hyphen. */
function slug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1") // a link or image: its text
    .replace(/<[^>]+>/g, "") // inline HTML
    .replace(/`/g, "")
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "").replace(/ /g, "-");
}

/** Every anchor a page offers: one per heading (repeats get -1, -2, ... as on GitHub), and explicit `<a id>`/`<a name>`. */
function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fence: string | undefined;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (fence === undefined || marker.startsWith(fence))) {
      fence = fence === undefined ? marker : undefined;
      continue;
    }
    if (fence !== undefined) continue;
    const heading = /^ {0,3}#{1,6}\s+(.+?)\s*#*\s*$/.exec(line)?.[1];
    if (heading !== undefined) {
      const base = slug(heading);
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      anchors.add(count === 0 ? base : `${base}-${count}`);
    }
    for (const match of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(match[1] as string);
  }
  return anchors;
}

interface Link {
  page: string;
  line: number;
  target: string;
}

/** Inline links and images (`[text](target "title")`) and reference definitions (`[label]: target`). */
function linksOf(page: string): Link[] {
  const links: Link[] = [];
  prose(readFileSync(join(ROOT, page), "utf8")).forEach((text, index) => {
    const targets = [
      ...[...text.matchAll(/\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1] as string),
      ...[...text.matchAll(/^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/g)].map((match) => match[1] as string),
    ];
    for (const target of targets) links.push({ page, line: index + 1, target: target.replace(/^<|>$/g, "") });
  });
  return links;
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//");

/** What is wrong with one relative link, or undefined. */
function problemOf(link: Link): string | undefined {
  const [path = "", anchor] = link.target.split("#", 2) as [string, string | undefined];
  const file = path === "" ? join(ROOT, link.page) : resolve(dirname(join(ROOT, link.page)), decodeURIComponent(path));
  const shown = relative(ROOT, file) || ".";
  if (shown.startsWith("..")) return `${link.target} leaves the repository`;
  if (!existsSync(file)) return `${link.target}: ${shown} does not exist`;
  if (anchor === undefined || !file.endsWith(".md")) return undefined;
  const anchors = anchorsOf(file);
  return anchors.has(decodeURIComponent(anchor)) ? undefined : `${link.target}: ${shown} has no heading with the anchor #${anchor}`;
}

describe("documentation links", () => {
  it("reads every page it checks", () => {
    for (const page of PAGES) expect(existsSync(join(ROOT, page)), page).toBe(true);
    expect(PAGES.filter((page) => page.startsWith("docs/")).length).toBeGreaterThan(0);
  });

  it("makes anchors as GitHub does", () => {
    expect(slug("In a backend's CI")).toBe("in-a-backends-ci");
    expect(slug("Node.js versions")).toBe("nodejs-versions");
    expect(slug("MSW handlers (no server at all)")).toBe("msw-handlers-no-server-at-all");
    expect(slug("Part 4, side by side")).toBe("part-4-side-by-side");
    expect(slug("Benchmarks (`npm run bench`)")).toBe("benchmarks-npm-run-bench");
    expect(slug("scripts/")).toBe("scripts");
    expect(slug("x_y and [a link](z.md)")).toBe("x_y-and-a-link");
  });

  it.each(PAGES)("every relative link in %s points at a file and heading that exist", (page) => {
    const links = linksOf(page).filter((link) => !isExternal(link.target));
    const problems = links.flatMap((link) => {
      const problem = problemOf(link);
      return problem === undefined ? [] : [`${link.page}:${link.line}: ${problem}`];
    });
    expect(problems).toEqual([]);
  });

  it("finds the links it should (a broken link and a broken anchor are caught)", () => {
    expect(problemOf({ page: "README.md", line: 1, target: "docs/nowhere.md" })).toMatch(/does not exist/);
    expect(problemOf({ page: "README.md", line: 1, target: "docs/conformance.md#no-such-heading" })).toMatch(/no heading with the anchor/);
    expect(problemOf({ page: "README.md", line: 1, target: "#reliability" })).toBeUndefined();
    expect(problemOf({ page: "docs/mock.md", line: 1, target: "../openapi/README.md#vendor-extensions" })).toBeUndefined();
    expect(linksOf("README.md").some((link) => link.target === "docs/conformance.md")).toBe(true);
  });
});

describe("the README", () => {
  it(`is an entry point: at most ${README_MAX_LINES} lines`, () => {
    const lines = readFileSync(join(ROOT, "README.md"), "utf8").replace(/\n$/, "").split("\n").length;
    expect(lines).toBeLessThanOrEqual(README_MAX_LINES);
  });
});
