// What is decided is labelled, and every label is listed: each `x-decision` of a spec
// names something (a parameter, a member, a schema) that its info.description lists
// under **Decisions**, and each spec says where its facts come from under **Sources**.
import { describe, expect, it } from "vitest";
import { isObject } from "../../scripts/spec/openapi.ts";
import { loadAll } from "./helpers.ts";

/** The name a reader knows each x-decision by: the operation, the parameter, the member or the schema it sits on. */
function decidedNames(node: unknown, path: string[] = []): string[] {
  if (Array.isArray(node)) return node.flatMap((item, index) => decidedNames(item, [...path, String(index)]));
  if (!isObject(node)) return [];
  const here: string[] = [];
  if (node["x-decision"] !== undefined && path.at(-2) !== "responses") {
    // An operation's decision (on how it reads an x- extension) is known by its operationId.
    const ownName = typeof node.operationId === "string" ? node.operationId : typeof node.name === "string" ? node.name : undefined;
    here.push(ownName ?? (path.at(-1) === "schema" ? String(path.at(-2)) : String(path.at(-1))));
  }
  return [...here, ...Object.entries(node).flatMap(([key, value]) => decidedNames(value, [...path, key]))];
}

describe.each(loadAll().map((loaded) => [loaded.api.name, loaded] as const))("%s", (_, { doc }) => {
  const description = String((doc.info as { description?: string }).description ?? "");
  const decisions = description.split("**Decisions**")[1]?.split(/\n\n(?=\S)/).slice(0, 2).join("\n") ?? "";

  it("says where its facts come from, in words (not a file of this repository)", () => {
    expect(description).toContain("**Sources.**");
    expect(description).not.toMatch(/seeds\/|README\.md|\.yaml\b/);
  });

  it("lists every decision its schemas and parameters are labelled with", () => {
    const names = [...new Set(decidedNames({ paths: doc.paths, components: doc.components }))];
    const resolvedNames = names.map((name) => {
      // A parameter's schema sits under components/parameters/<Component>: use the parameter's own name.
      const parameter = (doc.components?.parameters as Record<string, { name?: string }> | undefined)?.[name];
      return parameter?.name ?? name;
    });
    expect(decisions === "" ? [] : resolvedNames.filter((name) => !decisions.toLowerCase().includes(name.toLowerCase()))).toEqual([]);
    if (resolvedNames.length > 0) expect(decisions).not.toBe("");
  });
});
