// The terminal reporter: progress lines while the run goes (stderr, unless quiet), then
// the violations, advisories and summary table (stdout).
import type { RunEvent, RunListener } from "../events.ts";
import { describeChains } from "../links.ts";
import { plural } from "../../lib/words.ts";
import { describeAdvisories, describeAgainstBaseline, summaryTable, violationBlocks } from "./text.ts";

export interface TerminalOptions {
  out: (line: string) => void;
  err: (line: string) => void;
  quiet: boolean;
  /** Every violation, not one example per group. */
  verbose: boolean;
}

function progressLine(event: RunEvent): string | undefined {
  if (event.type === "resource-started") return `resource ${event.tag}: stateful checks`;
  if (event.type === "operation-finished") return `${event.operationId} (${event.method.toUpperCase()} ${event.path}): ${plural(event.violations, "violation")}`;
  if (event.type === "note") return event.message;
  return undefined;
}

export function terminalReporter({ out, err, quiet, verbose }: TerminalOptions): RunListener {
  return (event) => {
    // A warning, not progress: said even with --quiet.
    if (event.type === "run-started" && event.mayRevoke.length) err(`conformance: warning: may revoke the run's credential (leave out with --exclude-operations): ${event.mayRevoke.join(", ")}`);
    if (event.type === "warning") err(`conformance: warning: ${event.message}`);
    if (event.type === "run-started" && event.chains.length && !quiet) err(["  chains (create → read → update → delete):", ...describeChains(event.chains).map((line) => `    ${line}`)].join("\n"));
    const line = quiet ? undefined : progressLine(event);
    if (line !== undefined) err(`  ${line}`);
    if (event.type !== "run-finished") return;
    const { report } = event;
    // A group at a time: the same text as the groups joined by blank lines, never all of it at once.
    const findings = report.baseline ? [describeAgainstBaseline(report, verbose)].filter(Boolean) : violationBlocks(report.violations, verbose);
    for (const block of findings) out(`${block}\n`);
    if (report.advisories.length) out(`${describeAdvisories(report.advisories)}\n`);
    out(summaryTable(report));
  };
}
