// CHANGELOG.md from a review: the `## Unreleased` section gets one block per changed API,
// between markers, so running the review again replaces the block instead of repeating it.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Change } from "./classify.ts";
import { groupChanges } from "./render.ts";
import type { ApiReview, Review } from "./review.ts";

const BEGIN = "<!-- npm run review: begin -->";
const END = "<!-- npm run review: end -->";
const UNRELEASED = "## Unreleased";
const HEADER = "# Changelog\n\nWhat changed for consumers of each subpath (`clients-contract/<api>`). Entries under\n`## Unreleased` are written by `npm run review -- --changelog`; a release renames that\nheading to the version and date.\n";

function entries(title: string, changes: Change[]): string[] {
  if (changes.length === 0) return [];
  return [`- ${title}:`, ...groupChanges(changes).map((group) => `  - \`${group.kind}\`${group.field ? ` \`${group.field}\`` : ""} in ${group.places.join(", ")}: ${group.description}`)];
}

function apiBlock(api: ApiReview): string[] {
  const { infoBefore, infoAfter } = api.versions;
  const lines = [`### ${api.api} ${infoBefore === infoAfter ? (infoAfter ?? "") : `${infoBefore ?? "new"} → ${infoAfter ?? "removed"}`}`.trimEnd()];
  if (api.status === "added") lines.push("- New API.");
  if (api.status === "removed") lines.push("- **Breaking**: API removed.");
  lines.push(...entries("**Breaking** for clients", api.changes.filter((change) => change.client === "breaking")));
  lines.push(...entries("New demands on servers (conformance suite)", api.changes.filter((change) => change.client !== "breaking" && change.server === "breaking")));
  lines.push(...entries("Changed", api.changes.filter((change) => change.client === "non-breaking" && change.server !== "breaking")));
  const typings = api.typings;
  if (typings?.exportsRemoved.length) lines.push(`- **Breaking** typings: exports removed: ${typings.exportsRemoved.map((name) => `\`${name}\``).join(", ")}`);
  if (typings?.exportsAdded.length) lines.push(`- Typings: exports added: ${typings.exportsAdded.map((name) => `\`${name}\``).join(", ")}`);
  if (typings?.consumerErrors.length) lines.push(`- **Breaking** typings: code compiled against the previous types gets ${typings.consumerErrors.length} type errors.`);
  if (lines.length === 1) lines.push("- Documentation only.");
  return lines;
}

/** The changelog text with the review's block under `## Unreleased` (replacing an earlier one). */
export function updateChangelog(text: string, review: Review): string {
  const changed = review.apis.filter((api) => api.status !== "unchanged");
  const block = [BEGIN, ...changed.flatMap((api) => ["", ...apiBlock(api)]), "", END].join("\n");
  let current = text.trim() === "" ? HEADER : text;
  const begin = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  if (begin !== -1 && end > begin) return `${current.slice(0, begin)}${block}${current.slice(end + END.length)}`;
  const heading = /^## Unreleased[ \t]*$/m;
  if (!heading.test(current)) {
    const firstRelease = current.search(/^## /m);
    current = firstRelease === -1 ? `${current.trimEnd()}\n\n${UNRELEASED}\n` : `${current.slice(0, firstRelease)}${UNRELEASED}\n\n${current.slice(firstRelease)}`;
  }
  const at = (current.match(heading)?.index ?? 0) + UNRELEASED.length;
  const rest = current.slice(at).replace(/^\n+/, "");
  return `${current.slice(0, at)}\n\n${block}\n${rest === "" ? "" : `\n${rest}`}`;
}

export function writeChangelog(file: string, review: Review): void {
  writeFileSync(file, updateChangelog(existsSync(file) ? readFileSync(file, "utf8") : "", review));
}
