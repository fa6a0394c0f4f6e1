// `npm run docs`: one standalone HTML reference per API (Redoc with its script
// inlined) plus a landing page, in docs-html/. No page loads anything from the
// network: Redoc's telemetry is switched off and its attribution logo is inlined.
// Each page is built from the API's bundle with its labels made visible: every
// `x-evidence` and `x-decision` is written into the description beside it.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { type Api, loadApis, projectRoot } from "./lib/apis.ts";
import { fail, isMain } from "./lib/cli.ts";
import { isObject, listOperations, loadBundle, type OpenApiDocument, serverUrl } from "./spec/openapi.ts";

export const docsDir = join(projectRoot, "docs-html");
const execFileAsync = promisify(execFile);
const BUILD_TIMEOUT_MS = 120_000;

const LABELS = [
  ["x-evidence", "Source"],
  ["x-decision", "Decision (ours, not the vendor's)"],
] as const;

/** `x-evidence` / `x-decision` of a node as markdown lines: a sentence, or one line per keyword. */
function labelLines(node: Record<string, unknown>): string[] {
  return LABELS.flatMap(([key, title]) => {
    const label = node[key];
    if (typeof label === "string") return [`**${title}:** ${label}`];
    if (!isObject(label)) return [];
    return Object.entries(label).map(([keyword, text]) => `**${title}** (\`${keyword}\`): ${String(text)}`);
  });
}

function withLines(description: unknown, lines: string[]): string {
  return [typeof description === "string" ? description.trim() : "", ...lines].filter(Boolean).join("\n\n");
}

/**
 * A copy of the document whose descriptions show the labels. A parameter also shows
 * its schema's labels: Redoc prints a parameter's description, not its schema's.
 */
export function showLabels(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(showLabels);
  if (!isObject(node)) return node;
  const copy: Record<string, unknown> = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, showLabels(value)]));
  const isParameter = typeof node.in === "string" && typeof node.name === "string";
  const lines = [...labelLines(node), ...(isParameter && isObject(node.schema) ? labelLines(node.schema) : [])];
  if (lines.length > 0) copy.description = withLines(node.description, lines);
  return copy;
}

async function buildPage(api: Api, outDir: string, workDir: string): Promise<string> {
  const output = join(outDir, `${api.name}.html`);
  const labelled = join(workDir, `${api.name}.json`);
  writeFileSync(labelled, JSON.stringify(showLabels(loadBundle(api.bundle))));
  try {
    await execFileAsync(join(projectRoot, "node_modules", ".bin", "redocly"), ["build-docs", labelled, "--inlineBundle", "--output", output], {
      cwd: projectRoot,
      encoding: "utf8",
      // Without this the page posts usage traces to Redocly's collector when opened.
      env: { ...process.env, REDOCLY_TELEMETRY: "off" },
      timeout: BUILD_TIMEOUT_MS,
    });
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    const reason = `${stderr}\n${stdout}`.split("\n").find((line) => /error|failed|cannot/i.test(line));
    throw new Error(`${api.name}: redocly build-docs failed${reason ? `: ${reason.trim()}` : ""}`);
  }
  writeFileSync(output, inlineAttributionLogo(readFileSync(output, "utf8")));
  return output;
}

// Redoc's "API docs by Redocly" footer loads its logo from Redocly's CDN, with no option
// to turn it off; the same words as an inline SVG keep the attribution and the page offline.
const ATTRIBUTION_LOGO = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="16"><text x="0" y="12" font-family="sans-serif" font-size="12" fill="#5a5a5a">Redocly</text></svg>',
)}`;

export function inlineAttributionLogo(html: string): string {
  return html.replace(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g, ATTRIBUTION_LOGO);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Escaped text with markdown's `code` spans as <code>, for the specs' one-line descriptions. */
function inlineHtml(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");
}

/** How many `x-decision` labels the document holds: the choices that are ours. */
function countDecisions(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((sum: number, item) => sum + countDecisions(item), 0);
  if (!isObject(node)) return 0;
  const own = isObject(node["x-decision"]) ? Object.keys(node["x-decision"]).length : typeof node["x-decision"] === "string" ? 1 : 0;
  return Object.values(node).reduce((sum: number, value) => sum + countDecisions(value), own);
}

export interface ApiSummary {
  name: string;
  title: string;
  summary: string;
  version: string;
  servers: Array<{ url: string; description: string }>;
  operations: number;
  decisions: number;
}

export function summarize(api: Api, doc: OpenApiDocument = loadBundle(api.bundle)): ApiSummary {
  const info = doc.info as OpenApiDocument["info"] & { summary?: string };
  return {
    name: api.name,
    title: info.title,
    summary: info.summary ?? "",
    version: info.version,
    servers: (doc.servers ?? []).map((server) => ({ url: serverUrl(server), description: server.description ?? "" })),
    operations: listOperations(doc).length,
    decisions: countDecisions(doc),
  };
}

const STYLE = `
  :root { color-scheme: light; --ink: #1d2330; --muted: #5b6474; --line: #dde2ea; --accent: #2f5bd3; --card: #fff; --page: #f4f6fa; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--page); }
  header { padding: 48px 24px 24px; max-width: 1080px; margin: 0 auto; }
  header h1 { margin: 0 0 8px; font-size: 2rem; }
  header p { margin: 0; color: var(--muted); max-width: 60ch; }
  main { display: grid; gap: 20px; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); padding: 0 24px 48px; max-width: 1080px; margin: 0 auto; }
  article { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 20px; display: flex; flex-direction: column; gap: 12px; }
  article h2 { margin: 0; font-size: 1.2rem; }
  article h2 a { color: var(--accent); text-decoration: none; }
  article h2 a:hover { text-decoration: underline; }
  .name { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; color: var(--muted); font-size: .85rem; }
  .summary { margin: 0; color: var(--muted); }
  dl { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; font-size: .9rem; }
  dt { color: var(--muted); }
  dd { margin: 0; }
  ul { margin: 0; padding: 0; list-style: none; font-size: .9rem; }
  li + li { margin-top: 4px; }
  code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .85rem; background: #eef1f7; padding: 1px 5px; border-radius: 4px; word-break: break-all; }
  .hint { color: var(--muted); }
  footer { max-width: 1080px; margin: 0 auto; padding: 0 24px 32px; color: var(--muted); font-size: .85rem; }
`;

function apiCard(api: ApiSummary): string {
  const servers = api.servers
    .map((server) => `<li><code>${escapeHtml(server.url)}</code>${server.description ? ` <span class="hint">${inlineHtml(server.description)}</span>` : ""}</li>`)
    .join("\n          ");
  return `    <article>
      <h2><a href="${escapeHtml(api.name)}.html">${escapeHtml(api.title)}</a></h2>
      <div class="name">${escapeHtml(api.name)} · version ${escapeHtml(api.version)}</div>
      <p class="summary">${inlineHtml(api.summary)}</p>
      <dl>
        <dt>Operations</dt><dd>${api.operations}</dd>
        <dt>Decisions</dt><dd>${api.decisions} labelled <code>x-decision</code></dd>
      </dl>
      <div>
        <div class="hint">Base URLs</div>
        <ul>
          ${servers}
        </ul>
      </div>
    </article>`;
}

export function indexPage(apis: ApiSummary[]): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>clients-contract API reference</title>
  <style>${STYLE}</style>
</head>
<body>
  <header>
    <h1>clients-contract API reference</h1>
    <p>The "clients" endpoints of ${apis.length} vendor APIs, as contracts. Each reference says where its facts come from and marks the decisions that are ours, not the vendor's.</p>
  </header>
  <main>
${apis.map(apiCard).join("\n")}
  </main>
  <footer>Built by <code>npm run docs</code> from the specs in <code>openapi/</code>. Every page works offline.</footer>
</body>
</html>
`;
}

/** Every API's page, built side by side (one `redocly build-docs` each), and the landing page. */
export async function buildDocs(apis: Api[] = loadApis(), outDir = docsDir): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const workDir = mkdtempSync(join(tmpdir(), "docs-bundles-"));
  try {
    const pages = await Promise.all(apis.map((api) => buildPage(api, outDir, workDir)));
    writeFileSync(join(outDir, "index.html"), indexPage(apis.map((api) => summarize(api))));
    return pages;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  buildDocs().then(
    (pages) => {
      for (const page of pages) console.log(relative(projectRoot, page));
    },
    (error: unknown) => fail("docs", error),
  );
}
