// The HTML report: one self-contained page a person opens after a run. The verdict and
// why the exit code is what it is come first, then what makes a pass worth less than it
// looks, the operations, each violation group (opened on click, no script: <details>),
// advisories and coverage. Nothing on the page loads anything (inline CSS, no script, a
// CSP that forbids every fetch), so it reads the same offline and leaks nothing; every
// piece of server text is escaped, and the CLI's redaction pass runs over the whole page.
import { CHECK_NAMES, type CheckName, isCheckName } from "../checks/names.ts";
import type { CoverageReport, MemberCoverage, OperationCoverage, Ratio } from "../coverage.ts";
import type { RequestRecord } from "../http.ts";
import { type CheckResult, type CheckSummary, type ConformanceReport, casesIn, describeInconclusive, exitCodeOf, groupIdOf, onlyInconclusiveBecause } from "../results.ts";
import { xmlSafe as escape } from "../../lib/safe-text.ts";
import { plural } from "../../lib/words.ts";
import { groupViolations, NOT_KEPT_NOTE, type ViolationGroup } from "./text.ts";

/** How much of a body the page shows. */
export const BODY_PREVIEW_BYTES = 2048;

const REFUSED = new Set([401, 403]);

interface Warning {
  title: string;
  detail: string;
}

/** The suite's checks judge the server; the proxy's own (not in the registry) judge the requests the client sent. */
function whoBroke(violations: readonly CheckResult[]): string {
  const byClient = violations.filter((violation) => !isCheckName(violation.check)).length;
  if (byClient === 0) return "the server broke";
  return byClient === violations.length ? "the client's requests broke" : "the server and the client's requests broke";
}

/** Why the CLI exits as it does, in a sentence a person can act on. */
function verdictOf(report: ConformanceReport): { code: 0 | 1; kind: "pass" | "fail" | "incomplete"; headline: string; why: string } {
  const code = exitCodeOf(report);
  const groups = groupViolations(report.violations).length;
  const failing = report.baseline ? report.baseline.new : casesIn(report.violations);
  const what = report.baseline ? `${plural(failing, "new violation")} (${report.baseline.known} known from the baseline)` : `${plural(failing, "violation")} in ${plural(groups, "group")}`;
  if (failing > 0) return { code, kind: "fail", headline: `Failed: ${what}`, why: `Exit code 1: ${whoBroke(report.violations)} the contract${report.complete ? "" : ", and the run is incomplete"}.` };
  if (!report.complete) return { code, kind: "incomplete", headline: "Incomplete: no violation found, but the run could not judge everything", why: `Exit code 1: ${incompleteReason(report)}.` };
  const advisories = report.advisories.length ? ` ${plural(casesIn(report.advisories), "advisory", "advisories")} (rules of ours, not the vendor's) do not fail the run; --strict would make them violations.` : "";
  return { code, kind: "pass", headline: "Passed: no violation", why: `Exit code 0: every selected check ran to the end and none failed.${advisories}` };
}

function incompleteReason(report: ConformanceReport): string {
  if (report.stopReason) return `the run stopped early (${report.stopReason})${report.notReached?.length ? `; not reached: ${report.notReached.join(", ")}` : ""}`;
  return onlyInconclusiveBecause(report);
}

/** What makes a pass meaningless or weaker than it looks, the worst first. */
export function warningsOf(report: ConformanceReport): Warning[] {
  const warnings: Warning[] = [];
  const operations = Object.entries(report.coverage?.operations ?? {});
  const received = operations.flatMap(([, op]) => op.statuses.received);
  if (received.length > 0 && received.every((status) => REFUSED.has(status))) {
    warnings.push({ title: "Every response was 401 or 403", detail: "The server refused every request, so no check saw it handle an input: a pass here proves nothing. Check the credential and how the spec says to send it." });
  } else {
    const refusedOnly = operations.filter(([, op]) => op.statuses.received.length > 0 && op.statuses.received.every((status) => REFUSED.has(status))).map(([id]) => id);
    if (refusedOnly.length) warnings.push({ title: `${plural(refusedOnly.length, "operation")} answered only 401 or 403`, detail: `Nothing past authentication was tested for: ${refusedOnly.join(", ")}.` });
  }
  if (!report.complete) warnings.push({ title: "The run is incomplete", detail: `${capitalize(incompleteReason(report))}.` });
  const judged = Object.values(report.operations).filter((checks) => Object.values(checks).some((counts) => counts.passed + counts.failed + counts.advisory > 0)).length;
  const total = Math.max(operations.length, Object.keys(report.operations).length);
  if (total > 0 && judged * 2 < total) warnings.push({ title: "Most operations were not judged", detail: `Only ${judged} of ${total} operations got a passed or failed case; the others were n/a or inconclusive.` });
  const inapplicable = Object.keys(report.notApplicable).length;
  if (report.checks.length > 0 && inapplicable * 2 > report.checks.length) warnings.push({ title: "Most checks are n/a", detail: `${inapplicable} of ${report.checks.length} selected checks had nothing to run on (see the checks table for why).` });
  const inconclusive = Object.values(report.summary).reduce((sum, counts) => sum + counts.inconclusive, 0);
  if (inconclusive > 0) warnings.push({ title: `${plural(inconclusive, "inconclusive case")}`, detail: `These cases got no verdict (${describeInconclusive(report)}): they are neither passes nor failures.` });
  const leftOut = Object.entries(report.inputsLeftOut ?? {});
  if (leftOut.length) warnings.push({ title: `${plural(leftOut.length, "operation")} with inputs the suite could not make`, detail: leftOut.map(([id, why]) => `${id}: ${why}`).join("; ") });
  const uncalled = operations.filter(([, op]) => op.requests === 0).map(([id]) => id);
  if (uncalled.length) warnings.push({ title: `${plural(uncalled.length, "operation")} never called`, detail: uncalled.join(", ") });
  return warnings;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

type CheckState = "passed" | "failed" | "advisory" | "inconclusive" | "n/a";

/** Checks of one operation by how they went: failed if any case failed, then advisory, passed, inconclusive; n/a if the check never ran on it. */
function checkTally(report: ConformanceReport, operationId: string): Record<CheckState, CheckName[]> {
  const tally: Record<CheckState, CheckName[]> = { passed: [], failed: [], advisory: [], inconclusive: [], "n/a": [] };
  const cases = report.operations[operationId] ?? {};
  for (const check of report.checks) {
    const counts: CheckSummary | undefined = cases[check];
    const state = !counts ? "n/a" : counts.failed ? "failed" : counts.advisory ? "advisory" : counts.passed ? "passed" : counts.inconclusive ? "inconclusive" : "n/a";
    tally[state].push(check);
  }
  return tally;
}

function cell(names: CheckName[], kind: string): string {
  return `<td class="num ${names.length && kind !== "passed" ? kind : ""}" title="${escape(names.join(", "))}">${names.length}</td>`;
}

function operationsTable(report: ConformanceReport): string {
  const ids = [...new Set([...Object.keys(report.coverage?.operations ?? {}), ...Object.keys(report.operations)])];
  const rows = ids.map((id) => {
    const tally = checkTally(report, id);
    const coverage = report.coverage?.operations[id];
    const where = coverage ? `<span class="muted">${escape(coverage.method)} ${escape(coverage.path)}</span>` : "";
    const failing = tally.failed.length ? `<div class="small fail-text">${tally.failed.map((check) => escape(check)).join(", ")}</div>` : "";
    return `<tr><th scope="row"><code>${escape(id)}</code> ${where}${failing}</th>${cell(tally.passed, "passed")}${cell(tally.failed, "failed")}${cell(tally.advisory, "advisory")}${cell(tally.inconclusive, "inconclusive")}${cell(tally["n/a"], "na")}<td class="num">${coverage?.requests ?? "–"}</td><td class="num">${coverage ? seconds(coverage.timeMs) : "–"}</td></tr>`;
  });
  return `<table><thead><tr><th scope="col">operation</th><th scope="col" class="num">passed</th><th scope="col" class="num">failed</th><th scope="col" class="num">advisory</th><th scope="col" class="num">inconclusive</th><th scope="col" class="num">n/a</th><th scope="col" class="num">requests</th><th scope="col" class="num">time</th></tr></thead><tbody>${rows.join("")}</tbody></table>
<p class="small muted">Counts are checks (hover a number for their names). A check is n/a on an operation it never ran on (a list check on a read, a check left out, or one the spec gives nothing to run on). Time is the time its requests took, waits included.</p>`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

function checksTable(report: ConformanceReport): string {
  const ordered = CHECK_NAMES.filter((check) => report.summary[check]);
  const rows = ordered.map((check) => {
    const counts = report.summary[check] as CheckSummary;
    const reason = report.notApplicable[check];
    if (reason) return `<tr><th scope="row"><code>${escape(check)}</code></th><td class="num na" colspan="4">n/a</td><td>${escape(reason)}</td></tr>`;
    return `<tr><th scope="row"><code>${escape(check)}</code></th><td class="num">${counts.passed}</td><td class="num ${counts.failed ? "failed" : ""}">${counts.failed}</td><td class="num ${counts.advisory ? "advisory" : ""}">${counts.advisory}</td><td class="num ${counts.inconclusive ? "inconclusive" : ""}">${counts.inconclusive}</td><td></td></tr>`;
  });
  return `<table><thead><tr><th scope="col">check</th><th scope="col" class="num">passed</th><th scope="col" class="num">failed</th><th scope="col" class="num">advisory</th><th scope="col" class="num">inconclusive</th><th scope="col">note</th></tr></thead><tbody>${rows.join("")}</tbody></table><p class="small muted">Counts are cases.</p>`;
}

function headersList(headers: Record<string, string>): string {
  const entries = Object.entries(headers);
  if (!entries.length) return "";
  return `<pre class="headers">${entries.map(([name, value]) => `${escape(name)}: ${escape(value)}`).join("\n")}</pre>`;
}

/** The body's first 2 KB; `wholeBytes`: the size of the body as received, when the record holds only its start. */
function bodyPreview(body: string | undefined, wholeBytes?: number): string {
  if (!body) return `<p class="small muted">no body</p>`;
  const bytes = Buffer.from(body, "utf8");
  // Cut on a character boundary: a cut in the middle of one would show a replacement mark.
  const shown = bytes.length <= BODY_PREVIEW_BYTES ? body : new TextDecoder().decode(bytes.subarray(0, BODY_PREVIEW_BYTES)).replace(/\uFFFD$/, "");
  const total = Math.max(bytes.length, wholeBytes ?? 0);
  const cut = total > Buffer.byteLength(shown) ? `<p class="small muted">first ${Buffer.byteLength(shown)} bytes of ${total} shown</p>` : "";
  return `<pre class="body">${escape(shown)}</pre>${cut}`;
}

function requestBlock(request: RequestRecord | undefined): string {
  if (!request) return "";
  const auth = request.auth ? ` <span class="muted">(credentials: ${escape(request.auth)})</span>` : "";
  return `<h4>Request</h4><p><code>${escape(request.method)} ${escape(request.url)}</code>${auth}</p>${headersList(request.headers)}${request.body !== undefined ? bodyPreview(request.body) : ""}`;
}

function responseBlock(response: CheckResult["response"]): string {
  if (!response) return `<h4>Response</h4><p>none: no complete response arrived</p>`;
  return `<h4>Response</h4><p><strong>${response.status}</strong></p>${headersList(response.headers)}${bodyPreview(response.body, response.bodyBytes)}`;
}

function caseBlock(example: CheckResult): string {
  const facts: Array<[string, string | undefined]> = [
    ["case", example.case],
    ["shrunk from", example.shrunkFrom],
    ["expected", example.expected],
    ["actual", example.actual],
    ["rests on", example.decision],
  ];
  return `<dl class="facts">${facts.filter(([, value]) => value !== undefined).map(([name, value]) => `<dt>${name}</dt><dd>${escape(value as string)}</dd>`).join("")}</dl>`;
}

function groupBlock(group: ViolationGroup, kind: "violation" | "advisory"): string {
  const [example] = group.cases as [CheckResult, ...CheckResult[]];
  const id = example.group ?? groupIdOf(example);
  const known = example.known ? ` <span class="tag">known</span>` : "";
  const others = group.cases.slice(1);
  const notKept = group.found - group.cases.length;
  const notKeptItem = notKept ? `<li class="muted">… and ${plural(notKept, "more case")}, ${escape(NOT_KEPT_NOTE)}</li>` : "";
  const more = group.found > 1 ? `<h4>Other cases with the same cause</h4><ul class="small">${others.map((other) => `<li>${escape(other.case)}</li>`).join("")}${notKeptItem}</ul>` : "";
  const replay = kind === "violation" ? `<h4>Replay</h4><pre class="command">clients-contract conformance replay &lt;report.json&gt; --group ${escape(id)}</pre><p class="small muted">&lt;report.json&gt;: this run's JSON report (<code>--report json=&lt;file&gt;</code>).</p>` : "";
  return `<details class="group ${kind}" id="group-${escape(id)}">
<summary><span class="mark">${kind === "violation" ? "✗" : "!"}</span> <code>${escape(group.check)}</code> · <code>${escape(group.operationId)}</code> · ${escape(group.cause)} <span class="muted">(${plural(group.found, "case")}, group ${escape(id)})</span>${known}</summary>
<div class="group-body">${caseBlock(example)}${requestBlock(example.request)}${responseBlock(example.response)}${example.curl ? `<h4>curl</h4><pre class="command">${escape(example.curl)}</pre>` : ""}${replay}${more}</div>
</details>`;
}

const percentBar = (ratio: Ratio) => `<span class="bar" role="img" aria-label="${ratio.percent}%"><span style="width:${ratio.percent}%"></span></span>`;

function coverageTotals(coverage: CoverageReport): string {
  const rows: Array<[string, Ratio]> = [
    ["operations called", coverage.totals.operations],
    ["documented statuses seen", coverage.totals.statuses],
    ["parameters sent with a valid value", coverage.totals.parametersValid],
    ["parameters sent with an invalid value", coverage.totals.parametersInvalid],
    ["body members sent with a valid value", coverage.totals.bodyMembersValid],
    ["body members sent with an invalid value", coverage.totals.bodyMembersInvalid],
    ["enum values sent", coverage.totals.enumValues],
  ];
  return `<table class="totals"><tbody>${rows.map(([name, ratio]) => `<tr><th scope="row">${name}</th><td class="num">${ratio.percent}%</td><td class="num muted">${ratio.covered} / ${ratio.total}</td><td class="barcell">${percentBar(ratio)}</td></tr>`).join("")}</tbody></table>`;
}

const yesNo = (value: boolean) => (value ? `<span class="yes">yes</span>` : `<span class="no">no</span>`);

function membersTable(caption: string, members: Record<string, MemberCoverage>): string {
  const entries = Object.entries(members);
  if (!entries.length) return "";
  const enumCell = (member: MemberCoverage) => (member.enum ? `${member.enum.sent.length} / ${member.enum.sent.length + member.enum.notSent.length}${member.enum.notSent.length ? ` <span class="muted">(not sent: ${escape(member.enum.notSent.map((value) => JSON.stringify(value)).join(", "))})</span>` : ""}` : "");
  return `<table class="small"><caption>${caption}</caption><thead><tr><th scope="col">name</th><th scope="col">valid value</th><th scope="col">invalid value</th><th scope="col">enum values sent</th></tr></thead><tbody>${entries.map(([name, member]) => `<tr><th scope="row"><code>${escape(name)}</code></th><td>${yesNo(member.valid)}</td><td>${yesNo(member.invalid)}</td><td>${enumCell(member)}</td></tr>`).join("")}</tbody></table>`;
}

function operationCoverage(id: string, op: OperationCoverage): string {
  const statuses = [
    ...op.statuses.seen.map((status) => `<span class="status seen" title="seen">${escape(status)}</span>`),
    ...op.statuses.notSeen.map((status) => `<span class="status unseen" title="documented, never seen">${escape(status)}</span>`),
    ...op.statuses.undocumented.map((status) => `<span class="status undocumented" title="received, not documented">${status}</span>`),
  ].join(" ");
  return `<details class="coverage-op"><summary><code>${escape(id)}</code> <span class="muted">${escape(op.method)} ${escape(op.path)} · ${plural(op.requests, "request")} · statuses ${op.statuses.seen.length} / ${op.statuses.seen.length + op.statuses.notSeen.length}</span></summary>
<div class="group-body"><p>Statuses: ${statuses || "none documented"}</p>${membersTable("Parameters", op.parameters)}${membersTable("Body members", op.body)}</div></details>`;
}

function coverageSection(coverage: CoverageReport | undefined): string {
  if (!coverage) return `<section id="coverage"><h2>Coverage</h2><p class="muted">This report carries no coverage (written by an older version).</p></section>`;
  const hints = coverage.hints.length ? `<h3>Hints</h3><ul class="hints">${coverage.hints.map((hint) => `<li>${escape(hint)}</li>`).join("")}</ul>` : "";
  return `<section id="coverage"><h2>Coverage</h2>${coverageTotals(coverage)}
<p class="small"><span class="status seen">seen</span> <span class="status unseen">documented, never seen</span> <span class="status undocumented">received, not documented</span></p>
${Object.entries(coverage.operations).map(([id, op]) => operationCoverage(id, op)).join("\n")}${hints}</section>`;
}

const STYLE = `
:root { --fail: #b3261e; --fail-bg: #fdecea; --pass: #1b6e3a; --pass-bg: #e7f5ec; --warn: #8a5a00; --warn-bg: #fff4d6; --muted: #5f6368; --line: #d9dce1; --code-bg: #f5f6f8; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1f2328; background: #fff; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 32px 64px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; } h2 { font-size: 1.25rem; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; } h3 { font-size: 1.05rem; margin: 20px 0 6px; } h4 { font-size: .9rem; margin: 14px 0 4px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
code, pre { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: var(--code-bg); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; margin: 4px 0; }
.verdict { border-radius: 10px; padding: 18px 22px; margin-bottom: 12px; border: 2px solid; }
.verdict.fail { background: var(--fail-bg); border-color: var(--fail); } .verdict.pass { background: var(--pass-bg); border-color: var(--pass); } .verdict.incomplete { background: var(--warn-bg); border-color: var(--warn); }
.verdict .why { font-size: 1.05rem; margin: 4px 0 0; }
.meta { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 4px 24px; margin: 12px 0 0; font-size: .9rem; }
.meta dt { color: var(--muted); } .meta dd { margin: 0 0 6px; word-break: break-all; }
.warnings { list-style: none; padding: 0; margin: 0; }
.warnings li { background: var(--warn-bg); border-left: 4px solid var(--warn); padding: 8px 12px; margin: 6px 0; border-radius: 4px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
caption { text-align: left; font-weight: 600; padding: 6px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
thead th { background: #eef0f3; font-size: .85rem; position: sticky; top: 0; }
tbody tr:nth-child(even) { background: #fafbfc; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.failed { color: var(--fail); font-weight: 700; } td.advisory, td.inconclusive { color: var(--warn); font-weight: 600; } td.na { color: var(--muted); }
.muted { color: var(--muted); } .small { font-size: .85rem; } .fail-text { color: var(--fail); }
details.group { border: 1px solid var(--line); border-left: 4px solid var(--fail); border-radius: 6px; margin: 8px 0; }
details.group.advisory { border-left-color: var(--warn); }
details > summary { cursor: pointer; padding: 8px 12px; list-style-position: inside; }
details[open] > summary { border-bottom: 1px solid var(--line); background: #fafbfc; }
details.coverage-op { border-bottom: 1px solid var(--line); }
.group-body { padding: 4px 14px 12px; }
.mark { color: var(--fail); font-weight: 700; } details.advisory .mark { color: var(--warn); }
.tag { background: #e8eaed; border-radius: 4px; padding: 0 6px; font-size: .8rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; word-break: break-word; }
.status { display: inline-block; border-radius: 4px; padding: 0 6px; margin: 1px; font: 13px ui-monospace, monospace; }
.status.seen { background: var(--pass-bg); color: var(--pass); } .status.unseen { background: var(--warn-bg); color: var(--warn); } .status.undocumented { background: var(--fail-bg); color: var(--fail); }
.yes { color: var(--pass); } .no { color: var(--muted); }
.bar { display: inline-block; width: 160px; height: 10px; background: #e8eaed; border-radius: 5px; overflow: hidden; vertical-align: middle; }
.bar > span { display: block; height: 100%; background: var(--pass); }
table.totals th { font-weight: 400; } .barcell { width: 180px; }
@media print {
  body { font-size: 11pt; } main { max-width: none; padding: 0; }
  thead th { position: static; }
  details > summary { list-style: none; }
  details::details-content { content-visibility: visible; display: block; }
  details.group, tr { break-inside: avoid; }
  pre { white-space: pre-wrap; border-color: #999; }
  .bar { border: 1px solid #999; }
}`;

export function htmlReport(report: ConformanceReport): string {
  return [...htmlReportPieces(report)].join("");
}

/** htmlReport's page in pieces, a violation group at a time: a run with thousands of groups is written without the whole page in memory. */
export function* htmlReportPieces(report: ConformanceReport): Generator<string> {
  const verdict = verdictOf(report);
  const warnings = warningsOf(report);
  const groups = groupViolations(report.violations);
  const advisories = groupViolations(report.advisories);
  const meta: Array<[string, string]> = [
    ["API", report.api],
    ["base URL", report.baseUrl],
    ["mode", report.mode],
    ["seed", String(report.seed)],
    ["started", report.startedAt],
    ["duration", seconds(report.durationMs)],
    ["requests", String(report.requests)],
    ["strict", report.strict ? "yes" : "no"],
    ...(report.baseline ? ([["baseline", `${report.baseline.file}: ${report.baseline.new} new, ${report.baseline.known} known, ${report.baseline.fixed.length} fixed`]] as Array<[string, string]>) : []),
  ];
  const fixed = report.baseline?.fixed.length ? `<h3>Fixed since the baseline</h3><ul>${report.baseline.fixed.map((finding) => `<li><code>${escape(finding.check)}</code> · <code>${escape(finding.operationId)}</code> · ${escape(finding.cause)}</li>`).join("")}</ul>` : "";
  yield `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(`${verdict.headline} · conformance ${report.api}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header class="verdict ${verdict.kind}" id="verdict">
<h1>${escape(verdict.headline)}</h1>
<p class="why">${escape(verdict.why)}</p>
<dl class="meta">${meta.map(([name, value]) => `<div><dt>${name}</dt><dd>${escape(value)}</dd></div>`).join("")}</dl>
</header>
<section id="warnings"><h2>Before you trust this result</h2>${warnings.length ? `<ul class="warnings">${warnings.map((warning) => `<li><strong>${escape(warning.title)}</strong>: ${escape(warning.detail)}</li>`).join("")}</ul>` : `<p class="muted">Nothing weakens this run: every operation was called and judged, and no case was inconclusive.</p>`}</section>
<section id="violations"><h2>Violations (${plural(casesIn(report.violations), "case")} in ${plural(groups.length, "group")})</h2>${groups.length ? `<p class="small muted">Grouped by check, operation and cause; click a group for the request, the response, a curl line and the replay command.</p>` : `<p>None.</p>`}`;
  for (const [index, group] of groups.entries()) yield `${index ? "\n" : ""}${groupBlock(group, "violation")}`;
  yield `${fixed}</section>
${advisories.length ? `<section id="advisories"><h2>Advisories (${plural(casesIn(report.advisories), "case")})</h2><p class="small muted">Failures that rest only on a decision of the spec (x-decision), not on the vendor: they do not fail the run unless it is --strict.</p>${advisories.map((group) => groupBlock(group, "advisory")).join("\n")}</section>` : ""}
<section id="operations"><h2>Operations</h2>${operationsTable(report)}</section>
<section id="checks"><h2>Checks</h2>${checksTable(report)}</section>
${coverageSection(report.coverage)}
</main>
</body>
</html>
`;
}
