// The CLI's contract with its users: bad usage is exit 2 with one readable line.
import { describe, expect, it } from "vitest";
import { runCli, STACK_TRACE } from "./helpers.ts";

describe("conformance CLI usage errors exit 2 with a readable message", () => {
  const cases: Array<[string, string[], RegExp]> = [
    ["no arguments", [], /--api is required/],
    ["unknown flag", ["--api", "gym", "--base-url", "http://127.0.0.1:1", "--bogus"], /Unknown option '--bogus'/],
    ["unknown API", ["--api", "nope", "--base-url", "http://127.0.0.1:1"], /unknown API "nope"; known: biometricscloud, gym/],
    ["missing base URL", ["--api", "gym"], /--base-url is required/],
    ["base URL that is not a URL", ["--api", "gym", "--base-url", "localhost:3000"], /--base-url must be http or https|not a URL/],
    ["unknown check", ["--api", "gym", "--base-url", "http://127.0.0.1:1", "--checks", "response_schema_conformance,made_up"], /unknown check made_up/],
    ["bad timeout", ["--api", "gym", "--base-url", "http://127.0.0.1:1", "--timeout-ms", "soon"], /--timeout-ms must be a positive integer/],
    ["bad report", ["--api", "gym", "--base-url", "http://127.0.0.1:1", "--report", "xml=out.xml"], /--report must be json=<file> or junit=<file>/],
  ];

  it.each(cases)("%s", async (_, args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain("usage: npm run conformance");
    expect(run.stderr).not.toMatch(STACK_TRACE);
  });
});
