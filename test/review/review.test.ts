// `npm run review` on one kind of change per copy of the Full Engage spec: all copies live
// in one temporary repository, so one review (two generations, one TypeScript program)
// classifies every case, the way it classifies the five real APIs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateChangelog } from "../../scripts/review/changelog.ts";
import type { Level } from "../../scripts/review/classify.ts";
import { nextMinor } from "../../scripts/review/gate.ts";
import { reviewCommand } from "../../scripts/review/index.ts";
import { renderMarkdown } from "../../scripts/review/render.ts";
import type { ApiReview, Review } from "../../scripts/review/review.ts";
import { editYaml, packageVersions, removeRepository, renameFile, setPackageVersion, specRepository, versionsOf, writeText } from "./helpers.ts";

// The spec's own version today, and the major bump a break needs (the expectations follow the spec).
const { current, major } = versionsOf("fullengage");

interface Case {
  /** What the change is, as a reviewer would say it. */
  title: string;
  edit: (dir: string, api: string) => void;
  /** Kinds that must be reported, with their client and server levels. */
  expect: Array<{ kind: string; client: Level; server: Level }>;
  typings: "breaking" | "compatible";
  gate: "passes" | "fails";
}

const file = (api: string, path: string) => `openapi/${api}/${path}`;
const withoutRequired = (name: string) => (schema: Record<string, any>) => {
  schema.required = (schema.required as string[]).filter((field) => field !== name);
};
const makeOptional = (api: string, dir: string) => editYaml(dir, file(api, "components/schemas/Client.yaml"), withoutRequired("updatedAt"));
const listOperation = (api: string) => file(api, "paths/clients.yaml");
const orgParameter = { name: "org", in: "query", description: "Organization.", schema: { type: "string" }, example: "acme" };

const cases: Record<string, Case> = {
  optional: {
    title: "a response field becomes optional",
    edit: (dir, api) => makeOptional(api, dir),
    expect: [{ kind: "response-body-property-became-optional", client: "breaking", server: "non-breaking" }],
    typings: "breaking",
    gate: "fails",
  },
  removed: {
    title: "a response field is removed",
    edit: (dir, api) =>
      editYaml(dir, file(api, "components/schemas/Client.yaml"), (schema) => {
        delete schema.properties.notes;
        withoutRequired("notes")(schema);
      }),
    expect: [{ kind: "response-body-property-removed", client: "breaking", server: "non-breaking" }],
    typings: "breaking",
    gate: "fails",
  },
  nullable: {
    title: "a response field becomes nullable",
    edit: (dir, api) => editYaml(dir, file(api, "components/schemas/Client.yaml"), (schema) => (schema.properties.updatedAt.type = ["string", "null"])),
    expect: [{ kind: "response-body-became-nullable", client: "breaking", server: "non-breaking" }],
    typings: "breaking",
    gate: "fails",
  },
  retyped: {
    title: "a response field changes type (api-smart-diff alone calls this non-breaking)",
    edit: (dir, api) => editYaml(dir, file(api, "components/schemas/Client.yaml"), (schema) => (schema.properties.name = { type: "integer", description: "Number.", example: 1 })),
    expect: [{ kind: "response-body-type-changed", client: "breaking", server: "breaking" }],
    typings: "breaking",
    gate: "fails",
  },
  widerEnum: {
    title: "an enum gains a value (wider in responses, wider in requests)",
    edit: (dir, api) => editYaml(dir, file(api, "components/schemas/ClientStatus.yaml"), (schema) => schema.enum.push("archived")),
    expect: [
      { kind: "response-body-enum-value-added", client: "breaking", server: "non-breaking" },
      { kind: "request-body-enum-value-added", client: "non-breaking", server: "breaking" },
    ],
    typings: "breaking",
    gate: "fails",
  },
  responseField: {
    title: "an optional response field is added",
    edit: (dir, api) => editYaml(dir, file(api, "components/schemas/Client.yaml"), (schema) => (schema.properties.email = { type: "string", description: "Email.", example: "a@b.c" })),
    expect: [{ kind: "response-body-property-added", client: "non-breaking", server: "non-breaking" }],
    typings: "compatible",
    gate: "passes",
  },
  requiredParameter: {
    title: "a required query parameter is added",
    edit: (dir, api) => editYaml(dir, listOperation(api), (item) => item.get.parameters.push({ ...orgParameter, required: true })),
    expect: [{ kind: "request-parameter-added-required", client: "breaking", server: "breaking" }],
    typings: "breaking",
    gate: "fails",
  },
  optionalParameter: {
    title: "an optional query parameter is added",
    edit: (dir, api) => editYaml(dir, listOperation(api), (item) => item.get.parameters.push(orgParameter)),
    expect: [{ kind: "request-parameter-added", client: "non-breaking", server: "breaking" }],
    typings: "compatible",
    gate: "passes",
  },
  parameterRemoved: {
    title: "a query parameter is removed",
    edit: (dir, api) => editYaml(dir, listOperation(api), (item) => (item.get.parameters = item.get.parameters.filter((p: { $ref?: string }) => !p.$ref?.endsWith("Query.yaml")))),
    expect: [{ kind: "request-parameter-removed", client: "breaking", server: "non-breaking" }],
    typings: "breaking",
    gate: "fails",
  },
  parameterRequired: {
    title: "an optional parameter becomes required",
    edit: (dir, api) => editYaml(dir, file(api, "components/parameters/Limit.yaml"), (parameter) => (parameter.required = true)),
    expect: [{ kind: "request-parameter-became-required", client: "breaking", server: "breaking" }],
    typings: "compatible",
    gate: "fails",
  },
  operationRemoved: {
    title: "an operation is removed",
    edit: (dir, api) => editYaml(dir, file(api, "paths/clients_{id}.yaml"), (item) => delete item.delete),
    expect: [{ kind: "operation-removed", client: "breaking", server: "breaking" }],
    typings: "breaking",
    gate: "fails",
  },
  operationAdded: {
    title: "an operation is added",
    edit: (dir, api) => editYaml(dir, file(api, "paths/clients_{id}.yaml"), (item) => (item.put = { ...item.patch, operationId: "replaceClient" })),
    expect: [{ kind: "operation-added", client: "non-breaking", server: "breaking" }],
    typings: "compatible",
    gate: "passes",
  },
  requiredBodyField: {
    title: "a request body field becomes required",
    edit: (dir, api) => editYaml(dir, file(api, "components/schemas/ClientCreate.yaml"), (schema) => schema.required.push("phone")),
    expect: [{ kind: "request-body-property-became-required", client: "breaking", server: "breaking" }],
    // The corpus sends every field, so it still compiles: the spec break is a runtime one.
    typings: "compatible",
    gate: "fails",
  },
  tighterBody: {
    title: "a request body field gets a tighter bound",
    edit: (dir, api) => editYaml(dir, file(api, "components/schemas/ClientCreate.yaml"), (schema) => (schema.properties.name.maxLength = 5)),
    expect: [{ kind: "request-body-constraint-added", client: "breaking", server: "breaking" }],
    typings: "compatible",
    gate: "fails",
  },
  newStatus: {
    title: "a response status is added without a default response",
    edit: (dir, api) => editYaml(dir, listOperation(api), (item) => (item.get.responses["404"] = { $ref: "../components/responses/NotFound.yaml" })),
    expect: [{ kind: "response-status-added", client: "breaking", server: "non-breaking" }],
    typings: "compatible",
    gate: "fails",
  },
  mediaType: {
    title: "a response changes media type",
    edit: (dir, api) =>
      editYaml(dir, listOperation(api), (item) => {
        const content = item.get.responses["200"].content;
        item.get.responses["200"].content = { "application/vnd.fullengage+json": content["application/json"] };
      }),
    expect: [
      { kind: "response-media-type-removed", client: "breaking", server: "breaking" },
      { kind: "response-media-type-added", client: "non-breaking", server: "non-breaking" },
    ],
    // The body is still JSON of the same schema: `data` keeps its type (a vendor JSON type is parsed as JSON).
    typings: "compatible",
    gate: "fails",
  },
  newAuth: {
    title: "every operation now also needs an API key",
    edit: (dir, api) =>
      editYaml(dir, file(api, "openapi.yaml"), (root) => {
        root.components.securitySchemes.ApiKey = { type: "apiKey", in: "header", name: "X-Api-Key", description: "Key." };
        root.security = [{ BearerAuth: [], ApiKey: [] }];
      }),
    expect: [{ kind: "security-requirement-added", client: "breaking", server: "breaking" }],
    typings: "compatible",
    gate: "fails",
  },
  extension: {
    title: "an x- extension states new behaviour",
    edit: (dir, api) => editYaml(dir, file(api, "paths/clients_{id}.yaml"), (item) => (item.delete["x-revoke"] = { field: "status", value: "inactive" })),
    expect: [{ kind: "extension-added", client: "annotation", server: "breaking" }],
    typings: "compatible",
    gate: "passes",
  },
  evidence: {
    title: "a bound gets an x-evidence label (documentation, not a new bound)",
    edit: (dir, api) => editYaml(dir, file(api, "components/schemas/ClientCreate.yaml"), (schema) => (schema.properties.name["x-evidence"] = { minLength: "The vendor rejects an empty name." })),
    expect: [{ kind: "request-body-extension-annotation", client: "annotation", server: "annotation" }],
    typings: "compatible",
    gate: "passes",
  },
  description: {
    title: "only a description changes",
    edit: (dir, api) => editYaml(dir, file(api, "components/schemas/Client.yaml"), (schema) => (schema.description = "A customer.")),
    expect: [{ kind: "response-body-annotation", client: "annotation", server: "annotation" }],
    typings: "compatible",
    gate: "passes",
  },
  schemaRenamed: {
    title: "a schema is renamed: same wire format, one export fewer",
    edit: (dir, api) => {
      renameFile(dir, file(api, "components/schemas/DeleteResult.yaml"), file(api, "components/schemas/RemovalResult.yaml"));
      editYaml(dir, file(api, "paths/clients_{id}.yaml"), (item) => (item.delete.responses["200"].content["application/json"].schema.$ref = "../components/schemas/RemovalResult.yaml"));
    },
    expect: [],
    typings: "breaking",
    gate: "fails",
  },
  acknowledged: {
    title: "a break with a major info.version bump and BREAKING.md",
    edit: (dir, api) => {
      makeOptional(api, dir);
      editYaml(dir, file(api, "openapi.yaml"), (root) => (root.info.version = major));
      writeText(dir, file(api, "BREAKING.md"), `# Breaking changes\n\n## ${major}\n\n- \`response-body-property-became-optional\`, \`typings-consumer-broken\`: \`updatedAt\` may be absent.\n`);
    },
    expect: [{ kind: "response-body-property-became-optional", client: "breaking", server: "non-breaking" }],
    typings: "breaking",
    gate: "passes",
  },
  bumpedOnly: {
    title: "a break with a major info.version bump but no BREAKING.md",
    edit: (dir, api) => {
      makeOptional(api, dir);
      editYaml(dir, file(api, "openapi.yaml"), (root) => (root.info.version = major));
    },
    expect: [{ kind: "response-body-property-became-optional", client: "breaking", server: "non-breaking" }],
    typings: "breaking",
    gate: "fails",
  },
};

let dir: string;
let review: Review;
let exitCode: number;

beforeAll(async () => {
  dir = await specRepository(Object.fromEntries([...Object.keys(cases), "untouched"].map((name) => [name, "fullengage"])));
  for (const [api, testCase] of Object.entries(cases)) testCase.edit(dir, api);
  // One package bump for the repository, so each case's gate turns on its own API's version and acknowledgement.
  setPackageVersion(dir, packageVersions().major);
  ({ review, exitCode } = await reviewCommand({ root: dir, base: "main", format: "markdown", only: undefined, changelog: false }));
});

afterAll(() => removeRepository(dir));

const apiReview = (api: string) => review.apis.find((candidate) => candidate.api === api) as ApiReview;

describe("npm run review classifies each kind of change", () => {
  it.each(Object.entries(cases).map(([api, testCase]) => [testCase.title, api, testCase] as const))("%s", (_, api, testCase) => {
    const result = apiReview(api);
    for (const expected of testCase.expect) {
      expect(result.changes).toContainEqual(expect.objectContaining(expected));
    }
    if (testCase.expect.length === 0) expect(result.changes).toEqual([]);
    expect(result.typings?.corpusProblems).toEqual([]);
    expect(result.typings?.breaking ? "breaking" : "compatible").toBe(testCase.typings);
    expect(result.versions.passed ? "passes" : "fails").toBe(testCase.gate);
  });

  it("leaves an untouched copy alone", () => {
    expect(apiReview("untouched")).toMatchObject({ status: "unchanged", changes: [] });
  });

  it("exits 1 because some breaks are not versioned and acknowledged", () => {
    expect(review.passed).toBe(false);
    expect(exitCode).toBe(1);
  });

  it("names the break a consumer hits, with the TypeScript error", () => {
    expect(apiReview("optional").typings?.consumerErrors).toContainEqual(
      expect.stringMatching(/^getClient: response data\.updatedAt: Type 'string \| undefined' is not assignable to type 'string'\. \(TS2322\)$/),
    );
    expect(apiReview("schemaRenamed").typings).toMatchObject({ exportsRemoved: ["DeleteResult"], exportsAdded: ["RemovalResult"] });
  });

  it("advises a minor release for an addition under the same version", () => {
    expect(apiReview("responseField").versions.notes).toEqual([
      `info.version is still ${current}: additions (\`response-body-property-added\`) call for a minor release (${nextMinor(current)}); not required by the gate`,
    ]);
  });

  it("says what fixes a failed gate", () => {
    expect(apiReview("optional").versions.problems).toEqual([
      `info.version ${current} -> ${current}: a breaking change needs a major bump (${major})`,
      `openapi/optional/BREAKING.md does not acknowledge \`response-body-property-became-optional\`, \`typings-consumer-broken\` under \`## ${current}\``,
    ]);
    expect(apiReview("bumpedOnly").versions.problems).toEqual([
      `openapi/bumpedOnly/BREAKING.md does not acknowledge \`response-body-property-became-optional\`, \`typings-consumer-broken\` under \`## ${major}\``,
    ]);
  });

  it("renders a Markdown summary with a row per API and a section per changed one", () => {
    const markdown = renderMarkdown(review);
    expect(markdown).toContain(`\n| optional | 4 | 0 | 0 | breaks consumers (4 errors) | ${current} | ❌ |\n`);
    expect(markdown).toContain(`\n| responseField | 0 | 0 | 4 | compatible | ${current} | ✅ |\n`);
    expect(markdown).toContain("- `response-body-property-became-optional` `data.updatedAt` in createClient (response 201 application/json), getClient (response 200 application/json), updateClient (response 200 application/json): `updatedAt` is no longer required");
    expect(markdown).not.toContain("### untouched");
  });

  it("writes the classification under Unreleased in CHANGELOG.md, replacing its own block on a rerun", () => {
    const once = updateChangelog("", review);
    expect(once).toMatch(/^# Changelog\n/);
    expect(once).toContain(`## Unreleased\n\n<!-- npm run review: begin -->\n\n### optional ${current}\n- **Breaking** for clients:\n`);
    expect(once).toContain(`### acknowledged ${current} → ${major}\n- **Breaking** for clients:\n`);
    expect(once).toMatch(/<!-- npm run review: end -->\n$/);
    expect(once).toContain(`### operationAdded ${current}\n- New demands on servers (conformance suite):\n  - \`operation-added\` in replaceClient: PUT /clients/{id} added\n`);
    expect(once).toContain(`### description ${current}\n- Documentation only.\n`);
    expect(updateChangelog(once, review)).toBe(once);
  });
});
