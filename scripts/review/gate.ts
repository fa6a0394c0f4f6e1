// The gate: a change that breaks clients or the typings passes only with a major bump of
// the API's info.version AND of the package version, and with every kind of break named
// in the API's BREAKING.md under the new version. For 0.x versions the minor is the
// major (0.1.0 -> 0.2.0), as in npm's caret ranges: `^0.1.0` never installs 0.2.0.
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

export const ACKNOWLEDGEMENT_FILE = "BREAKING.md";

interface SemVer {
  major: number;
  minor: number;
  patch: number;
}

export function parseSemVer(version: string | undefined): SemVer | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.exec(version ?? "");
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

/** The smallest version after `version` that a consumer's caret range will not install. */
export function nextMajor(version: string | undefined): string | undefined {
  const parsed = parseSemVer(version);
  if (!parsed) return undefined;
  return parsed.major === 0 ? `0.${parsed.minor + 1}.0` : `${parsed.major + 1}.0.0`;
}

export function isMajorBump(before: string | undefined, after: string | undefined): boolean {
  const from = parseSemVer(before);
  const to = parseSemVer(after);
  if (!from || !to) return false;
  if (from.major === 0) return to.major > 0 || to.minor > from.minor;
  return to.major > from.major;
}

export interface VersionCheck {
  infoBefore?: string;
  infoAfter?: string;
  packageBefore?: string;
  packageAfter?: string;
  /** Kinds of breaking change the API has (client side and typings). */
  breakingKinds: string[];
  /** Kinds BREAKING.md names under the new version. */
  acknowledgedKinds: string[];
  passed: boolean;
  /** Why it failed, one sentence each, saying what fixes it. */
  problems: string[];
  /** Advice that does not fail the gate: additions with an unchanged version. */
  notes: string[];
}

/** The kinds named in backticks in the `## <version>` section of BREAKING.md. */
export function acknowledgedKinds(file: string, version: string | undefined): string[] | undefined {
  if (version === undefined || !existsSync(file)) return undefined;
  const lines = readFileSync(file, "utf8").split("\n");
  const start = lines.findIndex((line) => new RegExp(`^##\\s+v?${version.replace(/[.+]/g, "\\$&")}(?:\\s|$)`).test(line));
  if (start === -1) return undefined;
  const end = lines.findIndex((line, index) => index > start && /^##\s/.test(line));
  const section = lines.slice(start + 1, end === -1 ? undefined : end).join("\n");
  // Kinds are hyphenated (`operation-removed`); other code spans (`notes`) are prose.
  return [...new Set([...section.matchAll(/`([a-z][a-z0-9]*(?:-[a-z0-9]+)+)`/g)].map((match) => match[1] as string))];
}

export interface GateInput {
  projectRoot: string;
  /** The API's folder in the working tree (where BREAKING.md lives). */
  apiFolder: string;
  infoBefore?: string;
  infoAfter?: string;
  packageBefore?: string;
  packageAfter?: string;
  breakingKinds: string[];
  /** Kinds of change that add something a client can use (a minor release). */
  additiveKinds?: string[];
}

/** The next minor version: what additions call for. */
export function nextMinor(version: string | undefined): string | undefined {
  const parsed = parseSemVer(version);
  return parsed && `${parsed.major}.${parsed.minor + 1}.0`;
}

export function checkVersions(input: GateInput): VersionCheck {
  const breakingKinds = [...new Set(input.breakingKinds)].sort();
  const file = join(input.apiFolder, ACKNOWLEDGEMENT_FILE);
  const acknowledged = acknowledgedKinds(file, input.infoAfter) ?? [];
  const problems: string[] = [];
  if (breakingKinds.length > 0) {
    if (!isMajorBump(input.infoBefore, input.infoAfter)) {
      problems.push(`info.version ${input.infoBefore ?? "?"} -> ${input.infoAfter ?? "?"}: a breaking change needs a major bump (${nextMajor(input.infoBefore) ?? "a semver version"})`);
    }
    if (!isMajorBump(input.packageBefore, input.packageAfter)) {
      problems.push(`package.json version ${input.packageBefore ?? "?"} -> ${input.packageAfter ?? "?"}: a breaking change needs ${nextMajor(input.packageBefore) ?? "a semver version"}`);
    }
    const missing = breakingKinds.filter((kind) => !acknowledged.includes(kind));
    if (missing.length > 0) {
      const where = relative(input.projectRoot, file).split("\\").join("/");
      problems.push(`${where} does not acknowledge ${missing.map((kind) => `\`${kind}\``).join(", ")} under \`## ${input.infoAfter ?? "<new version>"}\``);
    }
  }
  const additive = [...new Set(input.additiveKinds ?? [])].sort();
  const notes =
    breakingKinds.length === 0 && additive.length > 0 && input.infoBefore === input.infoAfter
      ? [`info.version is still ${input.infoAfter ?? "?"}: additions (${additive.map((kind) => `\`${kind}\``).join(", ")}) call for a minor release (${nextMinor(input.infoBefore) ?? "?"}); not required by the gate`]
      : [];
  return {
    infoBefore: input.infoBefore,
    infoAfter: input.infoAfter,
    packageBefore: input.packageBefore,
    packageAfter: input.packageAfter,
    breakingKinds,
    acknowledgedKinds: acknowledged,
    passed: problems.length === 0,
    problems,
    notes,
  };
}
