// One review: both sides generated, every API's changes classified, typings checked, gate applied.
import { existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { Api } from "../lib/apis.ts";
import { type OpenApiDocument, loadBundle } from "../spec/openapi.ts";
import type { Change } from "./classify.ts";
import { type VersionCheck, checkVersions } from "./gate.ts";
import type { TypingsImpact } from "./typings.ts";
import { type Base, type Workspace, generatorChangedSince, prepareWorkspace, resolveBase, unchangedSince } from "./workspace.ts";

export type ApiStatus = "changed" | "unchanged" | "added" | "removed";

export interface ApiReview {
  api: string;
  status: ApiStatus;
  changes: Change[];
  typings?: TypingsImpact;
  versions: VersionCheck;
}

export interface Review {
  formatVersion: 1;
  /** Undefined when there is nothing to compare with (no git, no main). */
  base?: Base;
  /** Why nothing was compared, when nothing was. */
  skipped?: string;
  apis: ApiReview[];
  passed: boolean;
}

export interface ReviewOptions {
  /** The project under review (its working tree and git repository). */
  root: string;
  /** A git ref; default: the merge base of HEAD with main. */
  baseRef?: string;
  /** Only these APIs (names from redocly.yaml). */
  only?: string[];
}

export function changesBreaking(change: Change): boolean {
  return change.client === "breaking";
}

export async function runReview(options: ReviewOptions): Promise<Review> {
  const base = resolveBase(options.root, options.baseRef);
  if (base === undefined) return { formatVersion: 1, skipped: "no base to compare with (no git repository, or no main branch)", apis: [], passed: true };
  if (unchangedSince(options.root, base)) {
    return { formatVersion: 1, base, skipped: `no change to the specs or the generator since ${base.ref} (${base.commit.slice(0, 12)})`, apis: [], passed: true };
  }
  // Loaded only now: TypeScript and the diff library are most of the fast path's cost otherwise.
  const [{ classifyChanges }, { typingsImpact }] = await Promise.all([import("./classify.ts"), import("./typings.ts")]);
  const workspace = await prepareWorkspace(options.root, base);
  try {
    const apis = reviewApis(options, workspace, generatorChangedSince(options.root, base), { classifyChanges, typingsImpact });
    return { formatVersion: 1, base, apis, passed: apis.every((api) => api.versions.passed) };
  } finally {
    workspace.dispose();
  }
}

interface Engines {
  classifyChanges: typeof import("./classify.ts").classifyChanges;
  typingsImpact: typeof import("./typings.ts").typingsImpact;
}

function reviewApis(options: ReviewOptions, workspace: Workspace, generatorChanged: boolean, { classifyChanges, typingsImpact }: Engines): ApiReview[] {
  const names = [...new Set([...workspace.head.apis, ...workspace.base.apis].map((api) => api.name))].filter(
    (name) => options.only === undefined || options.only.includes(name),
  );
  const pairs = names.map((name) => ({
    name,
    before: workspace.base.apis.find((api) => api.name === name),
    after: workspace.head.apis.find((api) => api.name === name),
  }));
  const specs = new Map(pairs.map(({ name, before, after }) => [name, { before: before && loadBundle(before.bundle), after: after && loadBundle(after.bundle) }]));
  const differs = (name: string) => JSON.stringify(specs.get(name)?.before) !== JSON.stringify(specs.get(name)?.after);
  // A generator change alters the typings of unchanged specs too: then every API is checked.
  const typings = typingsImpact(
    pairs.flatMap(({ name, before, after }) =>
      before && after && (generatorChanged || differs(name)) ? [{ api: name, baseSpec: specs.get(name)?.before as OpenApiDocument, baseIndex: shippedIndex(workspace, before), headIndex: index(after) }] : [],
    ),
    workspace.dir,
  );
  return pairs.map(({ name, before, after }) => {
    const spec = specs.get(name);
    const impact = typings.get(name);
    const typingsChanged = impact !== undefined && (impact.breaking || impact.exportsAdded.length > 0);
    const status: ApiStatus = !before ? "added" : !after ? "removed" : differs(name) || typingsChanged ? "changed" : "unchanged";
    const changes = spec?.before && spec.after && differs(name) ? classifyChanges(spec.before, spec.after) : [];
    const breakingKinds = [
      ...changes.filter(changesBreaking).map((change) => change.kind),
      ...(status === "removed" ? ["api-removed"] : []),
      ...(impact?.exportsRemoved.length ? ["typings-export-removed"] : []),
      ...(impact?.consumerErrors.length ? ["typings-consumer-broken"] : []),
    ];
    const side = after ? workspace.head : workspace.base;
    const apiFolder = dirname(join(options.root, relative(side.root, (after ?? (before as Api)).root)));
    const versions = checkVersions({
      projectRoot: options.root,
      apiFolder,
      infoBefore: spec?.before?.info.version,
      infoAfter: spec?.after?.info.version,
      packageBefore: workspace.base.packageVersion,
      packageAfter: workspace.head.packageVersion,
      breakingKinds,
      additiveKinds: [
        ...changes.filter((change) => change.client === "non-breaking").map((change) => change.kind),
        ...(impact?.exportsAdded.length ? ["typings-export-added"] : []),
      ],
    });
    return { api: name, status, changes, ...(impact ? { typings: impact } : {}), versions };
  });
}

const index = (api: Api) => join(api.generatedDir, "index.d.ts");

/** The index.d.ts consumers of the base installed: the base commit's own generated/, else regenerated. */
function shippedIndex(workspace: Workspace, api: Api): string {
  const shipped = join(workspace.shippedGenerated, relative(join(workspace.base.root, "generated"), index(api)));
  return existsSync(shipped) ? shipped : index(api);
}
