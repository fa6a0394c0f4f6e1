// `--dynamic`: data generated from the schemas instead of the vendors' examples. It
// must still satisfy the schemas, and `--seed` must make it the same on every start.
import { beforeAll, describe, expect, it } from "vitest";
import { startMocks } from "../../scripts/mock/mocks.ts";
import { sharedMocks } from "../fixtures/shared.ts";
import { callThroughClient, exampleArgs, loadAll, operationCases, responseProblems, successStatus } from "./helpers.ts";

const apis = loadAll();
const cases = operationCases(apis);
const SEED = 42;

async function answersOf(urls: Record<string, string>) {
  const answers = new Map<string, { status: number; text: string }>();
  for (const c of cases) answers.set(c.name, await callThroughClient(c.loaded, urls[c.loaded.api.name] ?? "", c.op, exampleArgs(c.op)));
  return answers;
}

let first: Map<string, { status: number; text: string }>;
let second: Map<string, { status: number; text: string }>;
let staticAnswers: Map<string, { status: number; text: string }>;

beforeAll(async () => {
  for (const keep of [(answers: typeof first) => (first = answers), (answers: typeof first) => (second = answers)]) {
    const running = await startMocks({ portBase: 0, dynamic: true, seed: SEED });
    try {
      keep(await answersOf(running.urls));
    } finally {
      await running.stop();
    }
  }
  // The examples come from the suite's shared (static) mocks.
  staticAnswers = await answersOf(await sharedMocks());
});


describe.each(cases)("$name with --dynamic --seed", (c) => {
  it("answers its documented success with generated data its schema accepts", () => {
    const answer = first.get(c.name);
    expect(String(answer?.status)).toBe(successStatus(c.op));
    expect(responseProblems(c.loaded, c.op, answer?.status ?? 0, answer?.text ?? "")).toEqual([]);
  });

  it("answers the same data after a restart with the same seed", () => {
    expect(second.get(c.name)?.text).toBe(first.get(c.name)?.text);
  });
});

it("serves data that is not the vendors' examples", () => {
  const differing = cases.filter((c) => first.get(c.name)?.text !== staticAnswers.get(c.name)?.text && first.get(c.name)?.text !== "");
  expect(differing.length).toBeGreaterThan(0);
});
