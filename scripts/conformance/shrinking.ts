// Shrinking a failing random input to a smaller one that fails the same way, with
// fast-check's own shrinkers (values shrink toward the schema's minimum, strings get
// shorter, optional parameters and members drop out). Each candidate is a request,
// so shrinking has a budget.
import * as fc from "fast-check";

/**
 * Requests one shrink may send: enough for an integer to bisect its way from 2^53 down to
 * the edge it fails at; a rate-limited server (gym: 100 per 5 minutes) should not pay more.
 */
export const SHRINK_BUDGET = 64;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Whether `candidate` is worth a request: shorter when serialized, or as long with smaller
 * numbers in the same places. fast-check would also try strings of the same length with
 * "simpler" characters; each costs a request and tells a person nothing.
 */
function smaller(candidate: unknown, current: unknown): boolean {
  const a = JSON.stringify(candidate);
  const b = JSON.stringify(current);
  if (a.length !== b.length) return a.length < b.length;
  return a.replace(/\d/g, "0") === b.replace(/\d/g, "0") && a < b;
}

/**
 * The smallest value fast-check's shrinking reaches from `failing` for which `stillFails`
 * holds, or undefined when it finds none smaller (or `arbitrary` cannot shrink the value).
 * An error thrown by `stillFails` (the run's time limit) ends shrinking and is rethrown.
 */
/** The longest one shrink may take, even with time left in the run: a long string has many candidates. */
export const SHRINK_TIME_MS = 10_000;

export async function shrink<T>(
  arbitrary: fc.Arbitrary<T>,
  failing: T,
  stillFails: (candidate: T) => Promise<boolean>,
  seed: number,
  budget = SHRINK_BUDGET,
  deadline = Number.POSITIVE_INFINITY,
): Promise<T | undefined> {
  if (!arbitrary.canShrinkWithoutContext(failing)) return undefined;
  let sent = 0;
  let current: T = failing;
  let stopped: { error: unknown } | undefined;
  // fast-check reaches one value by several paths (a string with any one character dropped): each is sent once.
  const tried = new Map<string, boolean>([[JSON.stringify(failing), true]]);
  const property = fc.asyncProperty(arbitrary, async (candidate) => {
    const key = JSON.stringify(candidate);
    const known = tried.get(key);
    if (known !== undefined) return !known;
    if (!smaller(candidate, current)) return true;
    sent += 1;
    try {
      const fails = await stillFails(candidate);
      tried.set(key, fails);
      if (fails) current = candidate;
      return !fails;
    } catch (error) {
      stopped = { error };
      return true;
    }
  });
  // The run's time limit holds inside fast-check too: it stops offering candidates when time is up.
  const timeLimit = Math.max(0, Math.min(SHRINK_TIME_MS, deadline - Date.now()));
  // Past the budget (or a stop) shrinking is interrupted at once, as the time limit interrupts it: letting
  // each further candidate pass still made fast-check build thousands of them for a long string (~3 s of CPU).
  const atBudget: fc.Plugin<unknown> = () => ({ decorateRun: (run) => (value) => (stopped || sent >= budget ? new fc.PreconditionFailure(true) : run(value)) });
  const result = await fc.check(property, { examples: [[failing]], numRuns: 1, seed, plugins: [fc.interruptAfterTimeLimit(timeLimit), atBudget] });
  if (stopped) throw stopped.error;
  // The plugin's type erases the property's: the counterexample is the [candidate] the property took.
  const smallest = (result.counterexample as [T] | null)?.[0];
  return smallest === undefined || same(smallest, failing) ? undefined : smallest;
}
