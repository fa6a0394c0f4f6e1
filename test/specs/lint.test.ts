// `npm run lint` is clean, and each house rule makes it fail, naming file and line.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { projectRoot } from "../../scripts/lib/apis.ts";

function editFile(target: string, edit: (text: string) => string): void {
  const before = readFileSync(target, "utf8");
  const after = edit(before);
  expect(after).not.toBe(before);
  writeFileSync(target, after);
}

function lint(cwd: string) {
  const result = spawnSync(join(projectRoot, "node_modules", ".bin", "redocly"), ["lint"], { cwd, encoding: "utf8" });
  // Drop Redocly's boxed Node 20 deprecation banner: it is not about our specs.
  const output = `${result.stdout}${result.stderr}`.split("\n").filter((line) => !/[║╔╚]/.test(line)).join("\n");
  return { status: result.status, output };
}

describe("redocly lint", () => {
  it("passes on every spec with no errors and no warnings", () => {
    const { status, output } = lint(projectRoot);
    expect(status).toBe(0);
    expect(output).toContain("Your API descriptions are valid");
    expect(output).not.toMatch(/\b(warning|error)s?\b/i);
  });
});

describe("a broken spec fails lint with the file and line", () => {
  const copies: string[] = [];
  afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  /** A throwaway copy of everything lint reads, with one file edited. */
  function brokenCopy(file: string, edit: (text: string) => string): string {
    const dir = mkdtempSync(join(tmpdir(), "lint-"));
    copies.push(dir);
    for (const entry of ["openapi", "redocly.yaml", ".redocly.lint-ignore.yaml", "scripts/lint"]) {
      cpSync(join(projectRoot, entry), join(dir, entry), { recursive: true });
    }
    symlinkSync(join(projectRoot, "node_modules"), join(dir, "node_modules"));
    editFile(join(dir, file), edit);
    return dir;
  }

  const cases: Array<[string, string, (text: string) => string, RegExp]> = [
    ["operationId grammar", "openapi/gym/paths/clients.yaml", (t) => t.replace("operationId: listClients", "operationId: fetch_all_clients"), /operation-id-grammar/],
    ["401 on every operation", "openapi/asa/paths/teams_{team_name}_clients.yaml", (t) => t.replace(/    '401':\n.*\n/, ""), /operation-answers-401/],
    ["404 on operations with an id", "openapi/magloft/paths/clients_{id}_become.yaml", (t) => t.replace(/    '404':\n.*\n/, ""), /id-operations-answer-404/],
    ["examples on parameters", "openapi/fullengage/components/parameters/Limit.yaml", (t) => t.replace(/^example: .*\n/m, ""), /parameter-has-example/],
    ["a root file of refs only", "openapi/biometricscloud/openapi.yaml", (t) => t.replace("    $ref: paths/clients.yaml", "    get: {operationId: listClients, summary: List, description: List., tags: [Clients], responses: {'200': {description: ok}, '401': {description: no}}}"), /root-holds-only-refs/],
    ["invalid YAML", "openapi/gym/components/schemas/Client.yaml", (t) => t.replace("required:", "required: : ["), /Client\.yaml/],
    ["a request constraint with no source", "openapi/asa/components/parameters/TeamName.yaml", (t) => t.replace("  type: string\n", "  type: string\n  pattern: ^[a-z-]+$\n"), /request-constraints-sourced/],
    ["a body member's constraint with its label removed", "openapi/magloft/components/schemas/ClientCreate.yaml", (t) => t.replace(/    x-decision:\n      minLength: The older copy[^\n]*firstname[^\n]*\n/, ""), /request-constraints-sourced/],
    ["a label for a constraint the schema does not have", "openapi/fullengage/components/parameters/Limit.yaml", (t) => t.replace("  maximum: 100\n", ""), /request-constraints-sourced/],
    ["a label on a response schema for a keyword it lacks", "openapi/biometricscloud/components/schemas/Client.yaml", (t) => t.replace("x-decision:\n  required:", "x-decision:\n  minItems:"), /request-constraints-sourced/],
    ["an operation's label for an extension it lacks", "openapi/asa/paths/teams_{team_name}_clients.yaml", (t) => t.replace("  x-sort:\n    descending: descending\n", ""), /x-decision` explains `x-sort`, which is not here/],
    ["a house-rule 404 the vendor never mentions, unlabelled", "openapi/magloft/components/responses/NotFound.yaml", (t) => t.replace(/^x-decision: .*\n/m, ""), /id-operations-answer-404/],
    ["an example that breaks its schema", "openapi/fullengage/components/examples/CreatedClient.yaml", (t) => t.replace("status: active", "status: archived"), /no-invalid-media-type-examples/],
  ];

  // house/extensions-name-real-things: a rename that leaves an x- extension naming the old thing.
  const extensionCases: typeof cases = [
    ["x-sort after its parameter is renamed", "openapi/fullengage/components/parameters/SortBy.yaml", (t) => t.replace("name: sortBy", "name: orderBy"), /x-sort\.field names parameter "sortBy"/],
    ["x-sort's descending flag after its parameter is renamed", "openapi/asa/components/parameters/Descending.yaml", (t) => t.replace("name: descending", "name: reverse"), /x-sort\.descending names parameter "descending"/],
    ["x-pagination's backward flag after its parameter is renamed", "openapi/asa/components/parameters/Prev.yaml", (t) => t.replace("name: prev", "name: previous"), /x-pagination\.backward names parameter "prev"/],
    ["x-pagination pointer the body lacks", "openapi/fullengage/paths/clients.yaml", (t) => t.replace("total: /total", "total: /count"), /x-pagination\.total points at \/count/],
    ["x-items pointer the body lacks", "openapi/magloft/paths/clients.yaml", (t) => t.replace("x-items: /records", "x-items: /items"), /x-items points at \/items/],
    ["x-filter field the items lack", "openapi/magloft/components/parameters/PublicationId.yaml", (t) => t.replace("field: roles/publication_id", "field: roles/publication"), /x-filter of parameter "publication_id" names field "roles\/publication"/],
    ["x-same-as naming no sibling", "openapi/magloft/components/schemas/ClientUpdate.yaml", (t) => t.replace("x-same-as: password", "x-same-as: passwd"), /x-same-as names "passwd"/],
    ["x-revoke field the item lacks", "openapi/asa/paths/teams_{team_name}_clients_{id}.yaml", (t) => t.replace("    field: state", "    field: status"), /x-revoke\.field names "status"/],
  ];

  it("npm run docs builds no page from a spec that fails lint", () => {
    const dir = brokenCopy("openapi/gym/paths/clients.yaml", (t) => t.replace("operationId: listClients", "operationId: fetch_all_clients"));
    for (const entry of ["package.json", "scripts"]) cpSync(join(projectRoot, entry), join(dir, entry), { recursive: true });
    const result = spawnSync("npm", ["run", "--silent", "docs"], { cwd: dir, encoding: "utf8" });
    expect(result.status).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toMatch(/operation-id-grammar/);
    expect(existsSync(join(dir, "docs-html"))).toBe(false);
  });

  // One `redocly lint` over every case (each a copy of the one API it edits, under
  // case-N/, as an API of its own in one config) instead of a run per case: a run
  // costs about a second of CPU, mostly start-up.
  const problemsByCase = new Map<string, string>();
  let combinedStatus: number | null = null;
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), "lint-cases-"));
    copies.push(dir);
    cpSync(join(projectRoot, "scripts/lint"), join(dir, "scripts/lint"), { recursive: true });
    symlinkSync(join(projectRoot, "node_modules"), join(dir, "node_modules"));
    const config = parse(readFileSync(join(projectRoot, "redocly.yaml"), "utf8")) as { apis: Record<string, { root: string }> };
    const ignored = parse(readFileSync(join(projectRoot, ".redocly.lint-ignore.yaml"), "utf8")) as Record<string, unknown>;
    const apis: Record<string, unknown> = {};
    const ignore: Record<string, unknown> = {};
    [...cases, ...extensionCases].forEach(([, file, edit], index) => {
      const api = file.split("/")[1] as string;
      const prefix = `case-${index}`;
      cpSync(join(projectRoot, "openapi", api), join(dir, prefix, "openapi", api), { recursive: true });
      editFile(join(dir, prefix, file), edit);
      apis[prefix] = { ...config.apis[api], root: `${prefix}/${config.apis[api]?.root}` };
      for (const [path, rules] of Object.entries(ignored)) if (path.startsWith(`openapi/${api}/`)) ignore[`${prefix}/${path}`] = rules;
    });
    writeFileSync(join(dir, "redocly.yaml"), stringify({ ...config, apis }));
    writeFileSync(join(dir, ".redocly.lint-ignore.yaml"), stringify(ignore));
    const { status, output } = lint(dir);
    combinedStatus = status;
    // Each problem is a block that starts `[n] <file>:<line>:<col>`; the file's folder names the case.
    for (const block of output.split(/^(?=\[\d+\] )/m)) {
      const name = /^\[\d+\] (case-\d+)\//.exec(block)?.[1];
      if (name) problemsByCase.set(name, `${problemsByCase.get(name) ?? ""}${block}`);
    }
  });

  it.each([...cases, ...extensionCases].map((entry, index) => [...entry, index] as const))("%s", (_, _file, _edit, rule, index) => {
    expect(combinedStatus).not.toBe(0);
    const problems = problemsByCase.get(`case-${index}`) ?? "";
    expect(problems).toMatch(/^Error was generated by/m);
    expect(problems).toMatch(rule);
    expect(problems).toMatch(/openapi\/[\w{}./_-]+\.yaml:\d+:\d+/);
  });
});
