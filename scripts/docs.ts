// `npm run docs`: one standalone HTML reference per API (Redoc with its script
// inlined, so the page opens with no network) plus an index page, in docs-html/.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { type Api, loadApis, projectRoot } from "./lib/apis.ts";
import { fail, isMain } from "./lib/cli.ts";

export const docsDir = join(projectRoot, "docs-html");

function buildPage(api: Api, outDir: string): string {
  const output = join(outDir, `${api.name}.html`);
  const result = spawnSync(
    join(projectRoot, "node_modules", ".bin", "redocly"),
    ["build-docs", api.name, "--inlineBundle", "--output", output],
    { cwd: projectRoot, encoding: "utf8" },
  );
  if (result.status !== 0) {
    const reason = `${result.stderr}\n${result.stdout}`.split("\n").find((line) => /error|failed|cannot/i.test(line));
    throw new Error(`${api.name}: redocly build-docs failed${reason ? `: ${reason.trim()}` : ""}`);
  }
  return output;
}

function indexPage(apis: Api[]): string {
  const items = apis.map((api) => `    <li><a href="${api.name}.html">${api.name}</a></li>`).join("\n");
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>clients-contract API reference</title></head>
<body>
  <h1>clients-contract API reference</h1>
  <ul>
${items}
  </ul>
</body>
</html>
`;
}

export function buildDocs(apis: Api[] = loadApis(), outDir = docsDir): string[] {
  mkdirSync(outDir, { recursive: true });
  const pages = apis.map((api) => buildPage(api, outDir));
  writeFileSync(join(outDir, "index.html"), indexPage(apis));
  return pages;
}

if (isMain(import.meta.url)) {
  try {
    for (const page of buildDocs()) console.log(relative(projectRoot, page));
  } catch (error) {
    fail("docs", error);
  }
}
