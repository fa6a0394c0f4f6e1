// `clients-contract/<api>/msw` beside msw 3, as a frontend repo on msw 3 gets it: the
// suite's one pack of the package, installed offline beside msw 3 alone (our alias
// msw3 installed as msw; no openapi-msw: the handlers import only msw) in the shared
// msw 3 consumer project (test/fixtures/shared.ts); there a TypeScript test file per API,
// strictly type-checked and compiled by tsc against msw 3's types, run by Node.js:
// msw/node's setupServer with the package's handlers answers the package's generated
// client, with no server anywhere, at the default base URL and at one of the app's own.
// The same files against msw 2 are compiled and run by consumer.test.ts. This file
// writes only in a folder of its own inside the shared install.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadApis, projectRoot } from "../../scripts/lib/apis.ts";
import { type Run, run } from "../fixtures/packed.ts";
import { PACKED_TIMEOUT_MS, sharedConsumer } from "../fixtures/shared.ts";
import { mswConsumerPassed, mswConsumerTsconfig, writeMswConsumer } from "./consumer/msw-consumer.ts";

const apis = loadApis();

/** msw 3 needs Node.js 22.12 or later: CI's Node.js 24 run runs it. */
const nodeVersion = process.versions.node.split(".").map(Number) as [number, number];
const runsMsw3 = nodeVersion[0] > 22 || (nodeVersion[0] === 22 && nodeVersion[1] >= 12);

describe("the packed package's MSW handlers in a consumer project with msw 3", () => {
  let consumer = "";
  let installDir = "";
  let install: Run = { status: null, stdout: "", output: "" };
  afterAll(() => {
    if (consumer) rmSync(consumer, { recursive: true, force: true });
  });

  beforeAll(async () => {
    const shared = await sharedConsumer("msw3");
    install = shared.install;
    installDir = shared.dir;
    consumer = mkdtempSync(join(shared.dir, "consumer-"));
    writeFileSync(join(consumer, "tsconfig.json"), JSON.stringify(mswConsumerTsconfig(writeMswConsumer(consumer, apis, 3))));
  }, PACKED_TIMEOUT_MS);

  it("installs beside msw 3 alone (no openapi-msw) with no network", () => {
    expect(install.status, install.output).toBe(0);
    const installed = JSON.parse(readFileSync(join(installDir, "node_modules", "msw", "package.json"), "utf8")) as { version: string };
    expect(installed.version.split(".")[0]).toBe("3");
    expect(existsSync(join(installDir, "node_modules", "openapi-msw"))).toBe(false);
  });

  it("type-checks and compiles the consumer's tests against msw 3 (typos in operations, paths and statuses are compile errors)", () => {
    const tsc = run(process.execPath, [join(projectRoot, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], consumer);
    expect(tsc.output).toBe("");
    expect(tsc.status).toBe(0);
  });

  it.skipIf(!runsMsw3)("setupServer with the handlers answers the generated client of every API, no server anywhere (msw 3: on Node.js 22.12+ only)", () => {
    const node = run(process.execPath, [join("out", "msw-all.js")], consumer);
    expect(node.output).not.toMatch(/Error/);
    expect(node.stdout.trim().split("\n")).toEqual(mswConsumerPassed(apis));
    expect(node.status).toBe(0);
  });
});
