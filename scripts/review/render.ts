// The review as a pull-request comment (Markdown) or as JSON for other tools.
import type { Change } from "./classify.ts";
import { ACKNOWLEDGEMENT_FILE, nextMajor } from "./gate.ts";
import type { ApiReview, Review } from "./review.ts";

export function renderJson(review: Review): string {
  return `${JSON.stringify(review, null, 2)}\n`;
}

/** Changes that differ only by operation, as one line listing the operations. */
export interface ChangeGroup {
  kind: string;
  field?: string;
  description: string;
  places: string[];
}

export function groupChanges(changes: Change[]): ChangeGroup[] {
  const groups = new Map<string, ChangeGroup>();
  for (const change of changes) {
    const key = JSON.stringify([change.kind, change.field, change.description, change.operation === undefined ? change.where : undefined]);
    const place = change.operation === undefined ? (change.where ?? "document") : `${change.operationId ?? change.operation}${change.where ? ` (${change.where})` : ""}`;
    const group = groups.get(key) ?? { kind: change.kind, ...(change.field ? { field: change.field } : {}), description: change.description, places: [] };
    if (!group.places.includes(place)) group.places.push(place);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function groupLine(group: ChangeGroup): string {
  const field = group.field ? ` \`${group.field}\`` : "";
  return `- \`${group.kind}\`${field} in ${group.places.join(", ")}: ${group.description.replaceAll("|", "\\|")}`;
}

function counts(api: ApiReview) {
  return {
    client: api.changes.filter((change) => change.client === "breaking").length,
    server: api.changes.filter((change) => change.server === "breaking").length,
    other: api.changes.filter((change) => change.client !== "breaking" && change.server !== "breaking").length,
  };
}

function typingsSummary(api: ApiReview): string {
  if (api.status === "added") return "new subpath";
  if (api.status === "removed") return "subpath removed";
  const typings = api.typings;
  if (!typings) return "not checked";
  if (typings.corpusProblems.length > 0) return "could not check";
  const parts: string[] = [];
  if (typings.consumerErrors.length > 0) parts.push(`breaks consumers (${typings.consumerErrors.length} errors)`);
  if (typings.exportsRemoved.length > 0) parts.push(`${typings.exportsRemoved.length} exports removed`);
  if (typings.exportsAdded.length > 0) parts.push(`${typings.exportsAdded.length} exports added`);
  return parts.length === 0 ? "compatible" : parts.join(", ");
}

function versionSummary(api: ApiReview): string {
  const { infoBefore, infoAfter } = api.versions;
  return infoBefore === infoAfter ? `${infoAfter ?? "–"}` : `${infoBefore ?? "–"} → ${infoAfter ?? "–"}`;
}

const mark = (passed: boolean) => (passed ? "✅" : "❌");

export function renderMarkdown(review: Review): string {
  const lines: string[] = [];
  const against = review.base ? `${review.base.ref} (\`${review.base.commit.slice(0, 12)}\`)` : "nothing";
  lines.push(`## Spec review against ${against}`, "");
  if (review.skipped) {
    lines.push(`Nothing to review: ${review.skipped}.`);
    return `${lines.join("\n")}\n`;
  }
  lines.push("| API | breaking for clients | breaking for servers | other changes | typings | info.version | gate |");
  lines.push("|---|---:|---:|---:|---|---|---|");
  for (const api of review.apis) {
    const count = counts(api);
    lines.push(`| ${api.api} | ${count.client} | ${count.server} | ${count.other} | ${typingsSummary(api)} | ${versionSummary(api)} | ${mark(api.versions.passed)} |`);
  }
  for (const api of review.apis.filter((candidate) => candidate.status !== "unchanged")) lines.push("", ...apiSection(api));
  lines.push("", review.passed ? "Gate: passed." : "Gate: **failed**: breaking changes above need a major version and an acknowledgement.");
  return `${lines.join("\n")}\n`;
}

function apiSection(api: ApiReview): string[] {
  const lines = [`### ${api.api} ${mark(api.versions.passed)}`];
  if (api.status === "added") lines.push("", "New API (a new subpath; nothing to break).");
  if (api.status === "removed") lines.push("", "API removed: its subpath is gone (`api-removed`).");
  const section = (title: string, changes: Change[], note = "") => {
    if (changes.length > 0) lines.push("", `**${title}**${note}`, ...groupChanges(changes).map(groupLine));
  };
  section("Breaking for clients", api.changes.filter((change) => change.client === "breaking"));
  section("Breaking for servers", api.changes.filter((change) => change.server === "breaking"), " (what the conformance suite now demands)");
  section("Non-breaking", api.changes.filter((change) => change.client === "non-breaking" && change.server !== "breaking"));
  const annotations = api.changes.filter((change) => change.client === "annotation" && change.server === "annotation");
  if (annotations.length > 0) {
    lines.push("", `<details><summary>${annotations.length} documentation changes</summary>`, "", ...groupChanges(annotations).map(groupLine), "", "</details>");
  }
  if (api.typings) lines.push("", ...typingsSection(api));
  lines.push("", `**Version check** ${mark(api.versions.passed)}`);
  const { packageBefore, packageAfter, infoBefore, infoAfter } = api.versions;
  lines.push(`- info.version ${infoBefore ?? "–"} → ${infoAfter ?? "–"}, package ${packageBefore ?? "–"} → ${packageAfter ?? "–"}`);
  lines.push(...api.versions.problems.map((problem) => `- ${problem}`));
  lines.push(...api.versions.notes.map((note) => `- note: ${note}`));
  const unacknowledged = api.versions.breakingKinds.filter((kind) => !api.versions.acknowledgedKinds.includes(kind));
  if (!api.versions.passed && unacknowledged.length > 0) {
    const version = nextMajor(infoBefore) ?? infoAfter ?? "<new version>";
    lines.push("", `To accept these breaks, add to \`${ACKNOWLEDGEMENT_FILE}\` beside the spec:`, "", "```md", `## ${version}`);
    lines.push(...unacknowledged.map((kind) => `- \`${kind}\`: <what changed, and what consumers do about it>`), "```");
  }
  return lines;
}

function typingsSection(api: ApiReview): string[] {
  const typings = api.typings;
  if (!typings) return [];
  const lines = [`**Typings** (\`clients-contract/${api.api}\`): ${typingsSummary(api)}`];
  if (typings.exportsRemoved.length > 0) lines.push(`- exports removed: ${typings.exportsRemoved.map((name) => `\`${name}\``).join(", ")}`);
  if (typings.exportsAdded.length > 0) lines.push(`- exports added: ${typings.exportsAdded.map((name) => `\`${name}\``).join(", ")}`);
  if (typings.consumerErrors.length > 0) {
    lines.push("- a consumer compiled against the base no longer compiles:");
    lines.push(...typings.consumerErrors.slice(0, 20).map((error) => `  - ${error.replaceAll("|", "\\|")}`));
    if (typings.consumerErrors.length > 20) lines.push(`  - ... and ${typings.consumerErrors.length - 20} more`);
  }
  if (typings.corpusProblems.length > 0) {
    lines.push("- the consumer corpus does not compile against the base types (a bug of `npm run review`):");
    lines.push(...typings.corpusProblems.slice(0, 5).map((problem) => `  - ${problem}`));
  }
  return lines;
}
